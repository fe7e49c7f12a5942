/**
 * Lays a handout out as a tagged PDF (PDF/UA): a leaflet with the practice at the top, a
 * "Your visit" panel, one section per treatment, boxed callouts, and on every page a footer
 * with the patient's name, date of birth, MRN and "Page N of M".
 *
 * Lines are broken here rather than by pdfkit, because one line can need several fonts and
 * right-to-left runs (see textRuns.ts) and because knowing every block's height before
 * drawing it lets a block move whole to the next page: a heading keeps with the first part
 * of what follows it that cannot split (a callout, a list item, two lines of a paragraph),
 * and paragraphs split only with two lines or more on each side. pdfkit therefore never
 * adds a page by itself, so every marked-content sequence stays on one page as the
 * structure tree requires.
 */
import { format, parseISO } from 'date-fns';
import type PDFDocument from 'pdfkit';
import { fontName, loadFont, pdfFont, shareWordLayouts, widthOf, type Script, type Weight } from './fonts';
import type { Block, HandoutDocument, RenderOptions } from './model';
import { showRun, type EmbeddedFont } from './pdfRuns';
import { analyse, breaksAnywhere, visualRuns, type Analysed, type Run } from './textRuns';

/** Dates as patients read them, "6 May 2018": never the ambiguous 06/05. */
const longDate = (iso: string): string => format(parseISO(iso), 'd MMMM yyyy');
/** The follow-up in the visit panel: its date, or when it has passed unbooked, that it is overdue and what to do. */
export const followUpWords = (iso: string, passed: boolean): string => (passed ? `Was due on ${longDate(iso)}. Call us to book it.` : longDate(iso));

type Pdf = InstanceType<typeof PDFDocument>;
type Struct = ReturnType<Pdf['struct']>;

interface Sizes {
  body: number;
  h1: number;
  h2: number;
  h3: number;
  small: number;
}

const normalSizes: Sizes = { body: 11, h1: 22, h2: 15.5, h3: 12.5, small: 8.5 };
const largeSizes: Sizes = { body: 16, h1: 28, h2: 22, h3: 18.5, small: 12 };

const colors = { text: '#1d2329', muted: '#56606b', accent: '#1f6f78', panel: '#f1f5f6', callout: '#fdf5e6', calloutRule: '#c77d0a', rule: '#c9d3d8' };

const margin = 54;

const lineGap = 1.3;

/** One line: `[start, end)` of an analysed text, trailing spaces left out. */
interface Line {
  a: Analysed;
  start: number;
  end: number;
  /** Its runs in display order, found when it is first drawn. */
  runs?: Run[];
}

/** A place a line may break after: `[start, end)` with its trailing spaces up to `next`. */
interface Token {
  start: number;
  end: number;
  next: number;
  /** A "·" between parts of a header line: dropped where the line breaks. */
  separator: boolean;
}

/** Spaces a line may break at; a no-break space (U+00A0, U+2007, U+202F) holds its neighbours together. */
const hardBreak = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/;
const wordPattern = /(?:[^\s]|[\u00a0\u2007\u202f])+[^\S\u00a0\u2007\u202f]*|[^\S\u00a0\u2007\u202f]+/gu;
/** A date as a handout writes it ("18 November 2020"), which is read whole: never split over two lines. */
const writtenDate = /\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/gu;
/** The text to break, with the spaces inside each date made no-break: one UTF-16 unit each, so every index still points at the drawn character. */
const holdingDates = (text: string): string => text.replace(writtenDate, (date) => date.replaceAll(' ', '\u00a0'));
const hyphens = new Set(['-', '\u2010']);
const letter = /\p{L}/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Break opportunities: after spaces, around each CJK character, and after a hyphen between
 * letters (so a long double-barrelled name wraps at its hyphens), except inside a word held
 * together by a no-break space such as "MRN\u00a0MN-0001".
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(wordPattern)) {
    const start = m.index;
    const next = start + m[0].length;
    const end = start + m[0].trimEnd().length;
    const keep = /[\u00a0\u2007\u202f]/u.test(m[0]);
    const cuts = [start];
    for (let i = start; i < end; i++) {
      const char = text[i]!;
      if (breaksAnywhere(char)) cuts.push(i, i + 1);
      else if (!keep && hyphens.has(char) && letter.test(text[i - 1] ?? '') && letter.test(text[i + 1] ?? '')) cuts.push(i + 1);
    }
    const bounds = [...new Set(cuts)].filter((c) => c < end).sort((a, b) => a - b);
    bounds.forEach((from, k) => {
      const to = bounds[k + 1] ?? end;
      tokens.push({ start: from, end: to, next: k + 1 < bounds.length ? to : next, separator: text.slice(from, to) === '·' });
    });
  }
  return tokens;
}

/**
 * Lines by style, width and text, kept for the process: handouts repeat the same sentences,
 * and a line never changes once broken (its runs in display order are kept on it too).
 */
const brokenLines = new Map<string, Line[]>();

/** Parts of a header or footer line, the empty ones left out so no "·" stands alone. */
export const joinParts = (parts: readonly string[]): string => parts.filter((p) => p.trim()).join('  ·  ');

interface Style {
  weight: Weight;
  size: number;
  color?: string;
}

/** One handout being laid out: the document, the cursor, and the sizes in force. */
class Layout {
  y = 0;
  readonly sizes: Sizes;
  readonly left: number;
  readonly width: number;
  readonly top: number;
  readonly bottom: number;
  /** The running header (from the second page) and the footer, wrapped to the page. */
  readonly header: Line[];
  readonly footer: Line[];
  /** Where the footer's first line is drawn. */
  readonly footerTop: number;

  constructor(
    readonly pdf: Pdf,
    options: RenderOptions,
    doc: HandoutDocument,
  ) {
    this.sizes = options.largePrint ? largeSizes : normalSizes;
    this.left = margin;
    this.width = pdf.page.width - 2 * margin;
    const small = this.sizes.small;
    const slh = small * lineGap;
    this.header = this.lines(joinParts([doc.practice.name, doc.title]), { weight: 'regular', size: small }, this.width);
    // The patient's name, date of birth and MRN beside "Page N of M", wrapping upwards when long.
    const pageRoom = this.measure('latin', { weight: 'regular', size: small }, 'Page 88 of 88') + small * 2;
    const footer = joinParts([doc.patient.name, `Date of birth ${longDate(doc.patient.dateOfBirth)}`, `MRN\u00a0${doc.patient.mrn}`]);
    this.footer = this.lines(footer, { weight: 'bold', size: small }, this.width - pageRoom);
    this.footerTop = pdf.page.height - margin - small * 0.5 - (this.footer.length - 1) * slh;
    // Room at the top of later pages for the running header, at the bottom for the footer.
    this.top = margin + (this.header.length - 1) * slh + small * 3;
    this.bottom = this.footerTop - small * 1.5;
  }

  lineHeight = (size: number): number => size * lineGap;

  /** Width of `[from, to)` of an analysed text, each font's run measured on its own. */
  span(a: Analysed, from: number, to: number, style: Style): number {
    let width = 0;
    for (let i = from; i < to;) {
      let j = i + 1;
      while (j < to && a.scripts[j] === a.scripts[i]) j++;
      width += widthOf(a.scripts[i]!, style.weight, style.size, a.text.slice(i, j));
      i = j;
    }
    return width;
  }

  /**
   * Breaks text into lines no wider than `width` (see {@link tokenize}); a token wider than
   * the line on its own (a 100-character name) is cut between characters.
   */
  lines(text: string, style: Style, width: number): Line[] {
    // A line break typed into the record (an address, a note) starts a new line: no font has a glyph for it.
    if (hardBreak.test(text)) return text.split(hardBreak).flatMap((part) => this.lines(part, style, width));
    const key = `${style.weight}|${style.size}|${width}|${text}`;
    const cached = brokenLines.get(key);
    if (cached) return cached;
    const a = analyse(text);
    const lines: Line[] = [];
    let line: Token[] = [];
    let lineWidth = 0;
    const flush = () => {
      while (line.at(-1)?.separator) line.pop();
      if (line.length > 0) lines.push({ a, start: line[0]!.start, end: line.at(-1)!.end });
      line = [];
      lineWidth = 0;
    };
    for (const token of tokenize(holdingDates(a.text))) {
      const visible = this.span(a, token.start, token.end, style);
      if (line.length > 0 && lineWidth + visible > width) flush();
      if (token.separator && line.length === 0) continue;
      if (line.length === 0 && visible > width) {
        // Cut between characters (whole graphemes), each full piece a line of its own.
        let from = token.start;
        let pieceWidth = 0;
        for (const g of graphemes.segment(a.text.slice(token.start, token.end))) {
          const at = token.start + g.index;
          const w = this.span(a, at, at + g.segment.length, style);
          if (pieceWidth + w > width && at > from) {
            lines.push({ a, start: from, end: at });
            from = at;
            pieceWidth = 0;
          }
          pieceWidth += w;
        }
        line = [{ ...token, start: from }];
        lineWidth = pieceWidth + this.span(a, token.end, token.next, style);
        continue;
      }
      line.push(token);
      lineWidth += visible + this.span(a, token.end, token.next, style);
    }
    flush();
    if (brokenLines.size > 20_000) brokenLines.clear();
    brokenLines.set(key, lines);
    return lines;
  }

  measure(script: Script, style: Style, text: string): number {
    return widthOf(script, style.weight, style.size, text);
  }

  /**
   * Draws a line's runs left to right in display order (right-to-left runs reordered), all
   * on Noto Sans's baseline: each font's own ascender would set Arabic or CJK lower or higher.
   */
  drawLine(line: Line, x: number, y: number, style: Style): void {
    this.pdf.fillColor(style.color ?? colors.text);
    const latin = loadFont('latin', style.weight);
    const baseline = -(latin.ascent / latin.unitsPerEm) * style.size;
    for (const run of (line.runs ??= visualRuns(line.a, line.start, line.end))) {
      const textWidth = widthOf(run.script, style.weight, style.size, run.text);
      const font = embeddedFont(this.pdf, run.script, style.weight);
      showRun(this.pdf, font, fontName(run.script, style.weight), style.size, run.text, x, y, baseline);
      x += textWidth;
    }
  }

  /** The width of a line as drawn. */
  lineWidth(line: Line, style: Style): number {
    return this.span(line.a, line.start, line.end, style);
  }

  /** Starts a new page when `height` does not fit below the cursor. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.pdf.addPage();
    this.y = this.top;
  }

  /** Lines as one structure element, split over pages only with two lines or more each side. */
  textBlock(parent: Struct, type: string, text: string, style: Style, opts: { x?: number; width?: number; after?: number } = {}): void {
    const x = opts.x ?? this.left;
    const lines = this.lines(text, style, opts.width ?? this.width);
    const lh = this.lineHeight(style.size);
    const element = this.pdf.struct(type);
    parent.add(element);
    let i = 0;
    while (i < lines.length) {
      const room = Math.floor((this.bottom - this.y + 0.01) / lh);
      const left = lines.length - i;
      let fit = 0;
      if (room >= left) fit = left;
      else if (room >= 2 && left - room >= 2) fit = room;
      else if (room >= 2 && left >= 4) fit = left - 2;
      if (fit === 0) {
        this.newPage();
        continue;
      }
      const chunk = lines.slice(i, i + fit);
      element.add(() => {
        for (const line of chunk) {
          this.drawLine(line, x, this.y, style);
          this.y += lh;
        }
      });
      i += chunk.length;
      if (i < lines.length) this.newPage();
    }
    element.end();
    this.y += opts.after ?? 0;
  }

  /** A filled rectangle, marked as an artifact: decoration, not content. */
  box(x: number, y: number, w: number, h: number, fill: string, rule?: string): void {
    this.pdf.markContent('Artifact', { type: 'Layout' });
    this.pdf.rect(x, y, w, h).fill(fill);
    if (rule) this.pdf.rect(x, y, 4, h).fill(rule);
    this.pdf.endMarkedContent();
  }

  heightOf(text: string, style: Style, width = this.width): number {
    return this.lines(text, style, width).length * this.lineHeight(style.size);
  }
}

const body = (l: Layout): Style => ({ weight: 'regular', size: l.sizes.body });
const bold = (l: Layout, size = l.sizes.body, color?: string): Style => ({ weight: 'bold', size, ...(color ? { color } : {}) });

function practiceHeader(l: Layout, root: Struct, doc: HandoutDocument): void {
  l.y = margin;
  const { practice } = doc;
  l.textBlock(root, 'P', practice.name, bold(l, l.sizes.h3 + 2, colors.accent));
  const muted: Style = { weight: 'regular', size: l.sizes.small + 1, color: colors.muted };
  // The numbers to call are on page 1, under the practice's name, and in every box that says
  // to call (the composer puts them there): no closing box repeats them.
  const phones = joinParts([practice.phone ? `Phone ${practice.phone}` : '', practice.afterHoursPhone ? `After hours ${practice.afterHoursPhone}` : '']);
  if (phones) l.textBlock(root, 'P', phones, { ...muted, weight: 'bold', color: colors.text });
  if (practice.address.trim()) l.textBlock(root, 'P', practice.address, muted);
  l.y += 4;
  l.pdf.markContent('Artifact', { type: 'Layout' });
  l.pdf.rect(l.left, l.y, l.width, 1.5).fill(colors.accent);
  l.pdf.endMarkedContent();
  l.y += l.sizes.body * 0.7;
  l.textBlock(root, 'H1', doc.title, bold(l, l.sizes.h1), { after: l.sizes.body * 0.4 });
}

/** "Your visit": a shaded panel laid out as a two-column table (label, value). */
function visitPanel(l: Layout, root: Struct, doc: HandoutDocument): void {
  const rows: Array<[string, string[]]> = [
    ['Patient', [doc.patient.name]],
    ['Visit date', [longDate(doc.visit.date)]],
    ['Clinician', [doc.visit.clinician]],
    ['Treated', doc.visit.treated.map((t) => t.label)],
  ];
  if (doc.visit.followUpDate) rows.push(['Follow-up', [followUpWords(doc.visit.followUpDate, doc.visit.followUpPassed)]]);
  const pad = l.sizes.body * 0.6;
  const labelWidth = l.sizes.body * 8;
  const valueWidth = l.width - labelWidth - 2 * pad;
  const lh = l.lineHeight(l.sizes.body);
  const rowHeights = rows.map(([, values]) => values.reduce((h, v) => h + l.heightOf(v, body(l), valueWidth), 0) || lh);
  const headingHeight = l.lineHeight(l.sizes.h2);
  const height = headingHeight + rowHeights.reduce((a, b) => a + b, 0) + 2 * pad + 2;
  l.ensure(height);
  l.box(l.left, l.y, l.width, height, colors.panel);
  const top = l.y;
  l.y += pad;
  const heading = l.pdf.struct('H2');
  root.add(heading);
  const headingY = l.y;
  heading.add(() =>
    l.drawLine(l.lines('Your visit', bold(l, l.sizes.h2, colors.accent), l.width)[0]!, l.left + pad, headingY, bold(l, l.sizes.h2, colors.accent)),
  );
  heading.end();
  l.y += headingHeight + 2;
  const table = l.pdf.struct('Table');
  root.add(table);
  rows.forEach(([label, values], index) => {
    const tr = l.pdf.struct('TR');
    table.add(tr);
    const rowY = l.y;
    const th = l.pdf.struct('TH', { scope: 'Row' } as never);
    tr.add(th);
    th.add(() => l.drawLine(l.lines(label, bold(l), labelWidth)[0]!, l.left + pad, rowY, bold(l, l.sizes.body, colors.muted)));
    th.end();
    const td = l.pdf.struct('TD');
    tr.add(td);
    td.add(() => {
      let y = rowY;
      for (const value of values) {
        for (const line of l.lines(value, body(l), valueWidth)) {
          l.drawLine(line, l.left + pad + labelWidth, y, body(l));
          y += lh;
        }
      }
    });
    td.end();
    tr.end();
    l.y = rowY + rowHeights[index]!;
  });
  table.end();
  l.y = top + height + l.sizes.body * 0.6;
}

/** The space between two items of a list. */
const itemGap = (l: Layout): number => l.sizes.body * 0.15;

/** A list: each item a `LI` with its label (bullet or "Day 1-2") and its body. */
function list(l: Layout, parent: Struct, items: Array<{ label: string; text: string }>, labelWidth: number, x = l.left, width = l.width): void {
  const L = l.pdf.struct('L');
  parent.add(L);
  const lh = l.lineHeight(l.sizes.body);
  for (const item of items) {
    const lines = l.lines(item.text, body(l), width - labelWidth);
    const labelLines = l.lines(item.label, bold(l), labelWidth - 6);
    l.ensure(Math.max(lines.length, labelLines.length) * lh);
    const li = l.pdf.struct('LI');
    L.add(li);
    const y = l.y;
    const lbl = l.pdf.struct('Lbl');
    li.add(lbl);
    lbl.add(() => labelLines.forEach((line, i) => l.drawLine(line, x, y + i * lh, bold(l, l.sizes.body, colors.accent))));
    lbl.end();
    const lbody = l.pdf.struct('LBody');
    li.add(lbody);
    lbody.add(() => lines.forEach((line, i) => l.drawLine(line, x + labelWidth, y + i * lh, body(l))));
    lbody.end();
    li.end();
    l.y = y + Math.max(lines.length, labelLines.length) * lh + itemGap(l);
  }
  L.end();
}

/**
 * A timeline's column of times: 7 ems, as every timeline of a sheet lines up on, or wider
 * when one of its times needs it ("Weeks 8 to 12" broke after "to"), up to a third of the line.
 */
function whenWidth(l: Layout, items: ReadonlyArray<{ when: string }>): number {
  const widest = Math.max(0, ...items.flatMap((i) => l.lines(i.when, bold(l), Infinity).map((line) => l.lineWidth(line, bold(l)))));
  // The list keeps 6 points between a label and its text.
  return Math.min(Math.max(l.sizes.body * 7, widest + 6 + l.sizes.body * 0.5), l.width / 3);
}

const calloutPad = (l: Layout): number => l.sizes.body * 0.65;
const calloutInner = (l: Layout): number => l.width - 2 * calloutPad(l) - 4;

type Callout = Extract<Block, { kind: 'callout' }>;

/** A callout's height: it never splits over two pages. */
function calloutHeight(l: Layout, { title, items, after }: Callout): number {
  const inner = calloutInner(l);
  const bullet = l.sizes.body * 1.2;
  return (
    2 * calloutPad(l) +
    l.heightOf(title, bold(l), inner) +
    items.reduce((h, t) => h + l.heightOf(t, body(l), inner - bullet) + itemGap(l), 0) +
    after.reduce((h, t) => h + l.heightOf(t, bold(l), inner) + itemGap(l), 0) +
    l.lineHeight(l.sizes.body) * 0.15
  );
}

/** A list item's height, its label and body side by side. */
function itemHeight(l: Layout, label: string, text: string, labelWidth: number, width = l.width): number {
  const lines = Math.max(l.lines(text, body(l), width - labelWidth).length, l.lines(label, bold(l), labelWidth - 6).length);
  return lines * l.lineHeight(l.sizes.body);
}

function callout(l: Layout, parent: Struct, box: Callout): void {
  const { title, items, after } = box;
  const pad = calloutPad(l);
  const inner = calloutInner(l);
  const bullet = l.sizes.body * 1.2;
  const lh = l.lineHeight(l.sizes.body);
  const height = calloutHeight(l, box);
  l.ensure(height);
  const top = l.y;
  l.box(l.left, top, l.width, height, colors.callout, colors.calloutRule);
  l.y += pad;
  const div = l.pdf.struct('Div');
  parent.add(div);
  l.textBlock(div, 'P', title, bold(l), { x: l.left + pad + 4, width: inner, after: lh * 0.15 });
  list(
    l,
    div,
    items.map((text) => ({ label: '•', text })),
    bullet,
    l.left + pad + 4,
    inner,
  );
  // The numbers to call, under the signs to call about: the list's close, not one of them.
  for (const text of after) l.textBlock(div, 'P', text, bold(l), { x: l.left + pad + 4, width: inner, after: itemGap(l) });
  div.end();
  l.y = top + height + blockGap(l);
}

/** The space after a paragraph, a list or a callout. */
const blockGap = (l: Layout): number => l.sizes.body * 0.5;

function block(l: Layout, parent: Struct, b: Block): void {
  const gap = blockGap(l);
  switch (b.kind) {
    case 'paragraph':
      l.textBlock(parent, 'P', b.text, body(l), { after: gap });
      return;
    case 'bullets':
      list(
        l,
        parent,
        b.items.map((text) => ({ label: '•', text })),
        l.sizes.body * 1.2,
      );
      l.y += gap;
      return;
    case 'timeline':
      list(
        l,
        parent,
        b.items.map((i) => ({ label: i.when, text: i.text })),
        whenWidth(l, b.items),
      );
      l.y += gap;
      return;
    case 'callout':
      callout(l, parent, b);
  }
}

/** The height of the first part of a block that cannot split over two pages. */
function firstUnsplittable(l: Layout, b: Block): number {
  const lh = l.lineHeight(l.sizes.body);
  switch (b.kind) {
    case 'paragraph': {
      // textBlock leaves two lines or more on each side, so up to three lines never split.
      const n = l.lines(b.text, body(l), l.width).length;
      return (n <= 3 ? n : 2) * lh;
    }
    case 'bullets':
      return itemHeight(l, '•', b.items[0]!, l.sizes.body * 1.2);
    case 'timeline':
      return itemHeight(l, b.items[0]!.when, b.items[0]!.text, whenWidth(l, b.items));
    case 'callout':
      return calloutHeight(l, b);
  }
}

const headingStyle = (l: Layout, type: 'H2' | 'H3'): Style => (type === 'H2' ? bold(l, l.sizes.h2, colors.accent) : bold(l, l.sizes.h3, colors.text));
const headingSize = (l: Layout, type: 'H2' | 'H3'): number => (type === 'H2' ? l.sizes.h2 : l.sizes.h3);

/** A heading's own height, the space after it included. */
const headingHeight = (l: Layout, type: 'H2' | 'H3', text: string): number => l.heightOf(text, headingStyle(l, type)) + headingSize(l, type) * 0.2;

/** A sub-heading with the first unsplittable part of its first block: what must share a page. */
function subsectionKeep(l: Layout, sub: { heading: string; blocks: Block[] }): number {
  const first = sub.blocks[0];
  return headingHeight(l, 'H3', sub.heading) + (first ? firstUnsplittable(l, first) : 0);
}

/**
 * Draws a heading, on a new page when it and `following` (the height that must stay with
 * it) do not fit below the cursor: a heading never ends a page.
 */
function heading(l: Layout, parent: Struct, type: 'H2' | 'H3', text: string, following: number): void {
  const size = headingSize(l, type);
  const before = type === 'H2' ? size * 0.6 : size * 0.25;
  if (l.y > l.top && l.y + before + headingHeight(l, type, text) + following > l.bottom) l.newPage();
  else if (l.y > l.top) l.y += before;
  l.textBlock(parent, type, text, headingStyle(l, type), { after: size * 0.2 });
}

function layoutHandout(l: Layout, root: Struct, doc: HandoutDocument): void {
  practiceHeader(l, root, doc);
  visitPanel(l, root, doc);
  for (const section of doc.sections) {
    const sect = l.pdf.struct('Sect');
    root.add(sect);
    const firstSub = section.subsections[0];
    heading(l, sect, 'H2', section.heading, firstSub ? l.sizes.h3 * 0.25 + subsectionKeep(l, firstSub) : 0);
    for (const sub of section.subsections) {
      const first = sub.blocks[0];
      heading(l, sect, 'H3', sub.heading, first ? firstUnsplittable(l, first) : 0);
      for (const b of sub.blocks) block(l, sect, b);
    }
    sect.end();
  }
}

/** Header (from the second page) and footer of each page, as pagination artifacts. */
function runningText(pdf: Pdf, l: Layout, first: number, count: number): void {
  const small = l.sizes.small;
  const slh = small * lineGap;
  const muted = (weight: Weight): Style => ({ weight, size: small, color: colors.muted });
  for (let i = 0; i < count; i++) {
    pdf.switchToPage(first + i);
    pdf.markContent('Artifact', { type: 'Pagination' });
    pdf.rect(l.left, l.footerTop - small * 0.6, l.width, 0.75).fill(colors.rule);
    l.footer.forEach((line, n) => l.drawLine(line, l.left, l.footerTop + n * slh, muted('bold')));
    const page = l.lines(`Page ${i + 1} of ${count}`, muted('regular'), l.width)[0]!;
    l.drawLine(page, l.left + l.width - l.lineWidth(page, muted('regular')), l.footerTop, muted('regular'));
    if (i > 0) l.header.forEach((line, n) => l.drawLine(line, l.left, margin + n * slh, muted('regular')));
    pdf.endMarkedContent();
  }
}

// Required on the first handout: a process that prints none (the browser mode's server) never evaluates pdfkit.
let pdfkit: typeof PDFDocument | undefined;

function newPdf(title: string, docs: readonly HandoutDocument[], options: RenderOptions): Pdf {
  const first = docs[0]!;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use (newPdf is synchronous)
  pdfkit ??= require('pdfkit') as typeof PDFDocument;
  const pdf = new pdfkit({
    size: options.paperSize === 'A4' ? 'A4' : 'LETTER',
    margin,
    // No default font: pdfkit would parse Helvetica's metrics for every document, and a
    // handout never uses it (it covers Latin-1 only).
    font: null as never,
    autoFirstPage: false,
    bufferPages: true,
    tagged: true,
    pdfVersion: '1.7',
    // pdfkit 0.20 knows PDF/UA (its typings list only PDF/A): the identification in the XMP.
    subset: 'PDF/UA' as never,
    lang: first.language,
    displayTitle: true,
    info: {
      Title: title,
      Author: first.practice.name || 'Milia Notes',
      Subject: docs.length === 1 ? `Aftercare after the visit of ${first.visit.date}` : `Aftercare handouts for ${docs.length} visits`,
      Creator: 'Milia Notes',
    },
  });
  return pdf;
}

const registered = new WeakMap<Pdf, Map<string, EmbeddedFont>>();

/**
 * This document's embedded font, registered and selected on first use: a CJK file is read
 * only when a character needs it, and pdfkit embeds only the fonts that were selected.
 */
function embeddedFont(pdf: Pdf, script: Script, weight: Weight): EmbeddedFont {
  const name = fontName(script, weight);
  let fonts = registered.get(pdf);
  if (!fonts) registered.set(pdf, (fonts = new Map()));
  let font = fonts.get(name);
  if (!font) {
    // pdfkit takes a parsed fontkit font as well as a file; its typings only know files.
    pdf.registerFont(name, pdfFont(script, weight) as unknown as Buffer);
    pdf.font(name);
    font = (pdf as unknown as { _font: EmbeddedFont })._font;
    shareWordLayouts(font, script, weight);
    fonts.set(name, font);
  }
  return font;
}

function finish(pdf: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}

/** Several handouts in one PDF, each from a new page and numbered on its own. */
export function renderHandouts(docs: readonly HandoutDocument[], options: RenderOptions): Promise<Buffer> {
  if (docs.length === 0) return Promise.reject(new Error('There are no handouts to print.'));
  const title = docs.length === 1 ? docs[0]!.title : `Aftercare handouts (${docs.length})`;
  const pdf = newPdf(title, docs, options);
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const ranges: Array<{ first: number; count: number; layout: Layout }> = [];
  for (const doc of docs) {
    pdf.addPage();
    const layout = new Layout(pdf, options, doc);
    const first = pdf.bufferedPageRange().start + pdf.bufferedPageRange().count - 1;
    const art = docs.length === 1 ? root : pdf.struct('Art');
    if (art !== root) root.add(art);
    layoutHandout(layout, art, doc);
    if (art !== root) art.end();
    ranges.push({ first, count: pdf.bufferedPageRange().count - first, layout });
  }
  root.end();
  for (const r of ranges) runningText(pdf, r.layout, r.first, r.count);
  return finish(pdf);
}

export function renderHandout(doc: HandoutDocument, options: RenderOptions): Promise<Buffer> {
  return renderHandouts([doc], options);
}

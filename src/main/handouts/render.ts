/**
 * Lays a handout out as a tagged PDF (PDF/UA): a leaflet with the practice at the top, a
 * "Your visit" panel, one section per treatment, boxed callouts, and on every page a footer
 * with the patient's name, date of birth, MRN and "Page N of M".
 *
 * Lines are broken here rather than by pdfkit, because one line can need several fonts
 * (see textRuns.ts) and because knowing every block's height before drawing it lets a
 * block move whole to the next page (a heading never ends a page; paragraphs split only
 * with two lines or more on each side). pdfkit therefore never adds a page by itself, so
 * every marked-content sequence stays on one page as the structure tree requires.
 */
import { format, parseISO } from 'date-fns';
import PDFDocument from 'pdfkit';
import { fontName, pdfFont, type Script, type Weight } from './fonts';
import type { Block, HandoutDocument, RenderOptions } from './model';
import { breaksAnywhere, splitRuns } from './textRuns';

/** Dates as patients read them, "6 May 2018": never the ambiguous 06/05. */
const longDate = (iso: string): string => format(parseISO(iso), 'd MMMM yyyy');

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

const lineGap = 1.35;

interface Segment {
  script: Script;
  text: string;
  width: number;
}
type Line = Segment[];

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

  constructor(
    readonly pdf: Pdf,
    options: RenderOptions,
  ) {
    this.sizes = options.largePrint ? largeSizes : normalSizes;
    this.left = margin;
    this.width = pdf.page.width - 2 * margin;
    // Room at the top of later pages for the running header, at the bottom for the footer.
    this.top = margin + this.sizes.small * 3;
    this.bottom = pdf.page.height - margin - this.sizes.small * 2;
  }

  lineHeight = (size: number): number => size * lineGap;

  /** Breaks text into lines no wider than `width`, at spaces or between CJK characters. */
  lines(text: string, style: Style, width: number): Line[] {
    const tokens: Segment[] = [];
    for (const run of splitRuns(text)) {
      let word = '';
      const flush = () => {
        if (word) tokens.push({ script: run.script, text: word, width: this.measure(run.script, style, word) });
        word = '';
      };
      for (const char of run.text) {
        if (breaksAnywhere(char)) {
          flush();
          word = char;
          flush();
        } else {
          word += char;
          if (/\s/u.test(char)) flush();
        }
      }
      flush();
    }
    const lines: Line[] = [];
    let line: Line = [];
    let lineWidth = 0;
    for (const token of tokens) {
      const visible = token.text.trimEnd() === token.text ? token.width : this.measure(token.script, style, token.text.trimEnd());
      if (line.length > 0 && lineWidth + visible > width) {
        lines.push(line);
        line = [];
        lineWidth = 0;
      }
      const last = line.at(-1);
      if (last && last.script === token.script) {
        last.text += token.text;
        last.width += token.width;
      } else line.push({ ...token });
      lineWidth += token.width;
    }
    if (line.length > 0) lines.push(line);
    return lines;
  }

  measure(script: Script, style: Style, text: string): number {
    return useFont(this.pdf, script, style.weight, style.size).widthOfString(text);
  }

  drawLine(line: Line, x: number, y: number, style: Style): void {
    this.pdf.fillColor(style.color ?? colors.text);
    for (const seg of line) {
      useFont(this.pdf, seg.script, style.weight, style.size).text(seg.text, x, y, { lineBreak: false });
      x += seg.width;
    }
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
  const contact = [practice.address, practice.phone ? `Phone ${practice.phone}` : ''].filter(Boolean).join('  ·  ');
  if (contact) l.textBlock(root, 'P', contact, { weight: 'regular', size: l.sizes.small + 1, color: colors.muted });
  l.y += 6;
  l.pdf.markContent('Artifact', { type: 'Layout' });
  l.pdf.rect(l.left, l.y, l.width, 1.5).fill(colors.accent);
  l.pdf.endMarkedContent();
  l.y += l.sizes.body;
  l.textBlock(root, 'H1', doc.title, bold(l, l.sizes.h1), { after: l.sizes.body * 0.6 });
}

/** "Your visit": a shaded panel laid out as a two-column table (label, value). */
function visitPanel(l: Layout, root: Struct, doc: HandoutDocument): void {
  const rows: Array<[string, string[]]> = [
    ['Patient', [doc.patient.name]],
    ['Visit date', [longDate(doc.visit.date)]],
    ['Clinician', [doc.visit.clinician]],
    ['Treated', doc.visit.treated.map((t) => t.label)],
  ];
  if (doc.visit.followUpDate) rows.push(['Follow-up', [longDate(doc.visit.followUpDate)]]);
  const pad = l.sizes.body * 0.8;
  const labelWidth = l.sizes.body * 8;
  const valueWidth = l.width - labelWidth - 2 * pad;
  const lh = l.lineHeight(l.sizes.body);
  const rowHeights = rows.map(([, values]) => values.reduce((h, v) => h + l.heightOf(v, body(l), valueWidth), 0) || lh);
  const headingHeight = l.lineHeight(l.sizes.h2);
  const height = headingHeight + rowHeights.reduce((a, b) => a + b, 0) + 2 * pad + 4;
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
  l.y += headingHeight + 4;
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
  l.y = top + height + l.sizes.body;
}

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
    l.y = y + Math.max(lines.length, labelLines.length) * lh + l.sizes.body * 0.25;
  }
  L.end();
}

function callout(l: Layout, parent: Struct, title: string, items: string[]): void {
  const pad = l.sizes.body * 0.9;
  const inner = l.width - 2 * pad - 4;
  const bullet = l.sizes.body * 1.2;
  const lh = l.lineHeight(l.sizes.body);
  const height =
    2 * pad + l.heightOf(title, bold(l), inner) + items.reduce((h, t) => h + l.heightOf(t, body(l), inner - bullet) + l.sizes.body * 0.25, 0) + lh * 0.2;
  l.ensure(height);
  const top = l.y;
  l.box(l.left, top, l.width, height, colors.callout, colors.calloutRule);
  l.y += pad;
  const div = l.pdf.struct('Div');
  parent.add(div);
  l.textBlock(div, 'P', title, bold(l), { x: l.left + pad + 4, width: inner, after: lh * 0.2 });
  list(
    l,
    div,
    items.map((text) => ({ label: '•', text })),
    bullet,
    l.left + pad + 4,
    inner,
  );
  div.end();
  l.y = top + height + l.sizes.body;
}

function block(l: Layout, parent: Struct, b: Block): void {
  const gap = l.sizes.body * 0.6;
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
        l.sizes.body * 7,
      );
      l.y += gap;
      return;
    case 'callout':
      callout(l, parent, b.title, b.items);
  }
}

/** The height a heading needs below it so that it never ends a page: two lines of text. */
const keepWith = (l: Layout): number => 2 * l.lineHeight(l.sizes.body);

function heading(l: Layout, parent: Struct, type: 'H2' | 'H3', text: string, following: number): void {
  const size = type === 'H2' ? l.sizes.h2 : l.sizes.h3;
  const style = bold(l, size, type === 'H2' ? colors.accent : colors.text);
  const before = type === 'H2' ? size * 0.8 : size * 0.4;
  const height = l.heightOf(text, style);
  if (l.y + before + height + following > l.bottom) l.newPage();
  else l.y += before;
  l.textBlock(parent, type, text, style, { after: size * 0.3 });
}

const contactHeading = /when to call/i;

function contact(l: Layout, parent: Struct, doc: HandoutDocument): void {
  const { practice } = doc;
  const mentioned = doc.sections.some(
    (s) =>
      contactHeading.test(s.heading) ||
      s.subsections.some((ss) => contactHeading.test(ss.heading) || ss.blocks.some((b) => b.kind === 'callout' && contactHeading.test(b.title))),
  );
  const items = [
    practice.phone ? `${practice.name || 'The practice'}: ${practice.phone}` : '',
    practice.afterHoursPhone ? `After hours: ${practice.afterHoursPhone}` : '',
    'In an emergency, call your local emergency number.',
  ].filter(Boolean);
  const sect = l.pdf.struct('Sect');
  parent.add(sect);
  heading(l, sect, 'H2', mentioned ? 'How to reach us' : 'When to call us', l.heightOf(items[0]!, body(l)) * 3);
  callout(
    l,
    sect,
    mentioned ? 'Phone numbers' : 'Call us if you have increasing pain, swelling, redness, pus or fever, or any change to your eyesight.',
    items,
  );
  sect.end();
}

function layoutHandout(l: Layout, root: Struct, doc: HandoutDocument): void {
  practiceHeader(l, root, doc);
  visitPanel(l, root, doc);
  for (const section of doc.sections) {
    const sect = l.pdf.struct('Sect');
    root.add(sect);
    const firstSub = section.subsections[0];
    heading(l, sect, 'H2', section.heading, firstSub ? l.lineHeight(l.sizes.h3) * 1.5 + keepWith(l) : keepWith(l));
    for (const sub of section.subsections) {
      heading(l, sect, 'H3', sub.heading, keepWith(l));
      for (const b of sub.blocks) block(l, sect, b);
    }
    sect.end();
  }
  contact(l, root, doc);
}

/** Header (from the second page) and footer of each page, as pagination artifacts. */
function runningText(pdf: Pdf, l: Layout, doc: HandoutDocument, first: number, count: number): void {
  const small = l.sizes.small;
  const footer = `${doc.patient.name}  ·  Date of birth ${longDate(doc.patient.dateOfBirth)}  ·  MRN ${doc.patient.mrn}`;
  for (let i = 0; i < count; i++) {
    pdf.switchToPage(first + i);
    pdf.markContent('Artifact', { type: 'Pagination' });
    const footY = pdf.page.height - margin - small * 0.5;
    pdf.rect(l.left, footY - small * 0.6, l.width, 0.75).fill(colors.rule);
    const pageText = `Page ${i + 1} of ${count}`;
    const pageWidth = l.measure('latin', { weight: 'regular', size: small }, pageText);
    const footLines = l.lines(footer, { weight: 'bold', size: small }, l.width - pageWidth - small * 2);
    footLines.forEach((line, n) => l.drawLine(line, l.left, footY + n * small * lineGap, { weight: 'bold', size: small, color: colors.muted }));
    l.drawLine([{ script: 'latin', text: pageText, width: pageWidth }], l.left + l.width - pageWidth, footY, {
      weight: 'regular',
      size: small,
      color: colors.muted,
    });
    if (i > 0) {
      const header = `${doc.practice.name}  ·  ${doc.title}`;
      const line = l.lines(header, { weight: 'regular', size: small }, l.width)[0];
      if (line) l.drawLine(line, l.left, margin, { weight: 'regular', size: small, color: colors.muted });
    }
    pdf.endMarkedContent();
  }
}

function newPdf(title: string, docs: readonly HandoutDocument[], options: RenderOptions): Pdf {
  const first = docs[0]!;
  const pdf = new PDFDocument({
    size: options.paperSize === 'A4' ? 'A4' : 'LETTER',
    margin,
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

const registered = new WeakMap<Pdf, Set<string>>();

/**
 * Selects a font, registering it with this document on first use: a CJK file is read
 * only when a character needs it, and pdfkit embeds only the fonts that were selected.
 */
function useFont(pdf: Pdf, script: Script, weight: Weight, size: number): Pdf {
  const name = fontName(script, weight);
  let names = registered.get(pdf);
  if (!names) registered.set(pdf, (names = new Set()));
  if (!names.has(name)) {
    // pdfkit takes a parsed fontkit font as well as a file; its typings only know files.
    pdf.registerFont(name, pdfFont(script, weight) as unknown as Buffer);
    names.add(name);
  }
  return pdf.font(name).fontSize(size);
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
  const ranges: Array<{ doc: HandoutDocument; first: number; count: number; layout: Layout }> = [];
  for (const doc of docs) {
    pdf.addPage();
    const layout = new Layout(pdf, options);
    const first = pdf.bufferedPageRange().start + pdf.bufferedPageRange().count - 1;
    const art = docs.length === 1 ? root : pdf.struct('Art');
    if (art !== root) root.add(art);
    layoutHandout(layout, art, doc);
    if (art !== root) art.end();
    ranges.push({ doc, first, count: pdf.bufferedPageRange().count - first, layout });
  }
  root.end();
  for (const r of ranges) runningText(pdf, r.layout, r.doc, r.first, r.count);
  return finish(pdf);
}

export function renderHandout(doc: HandoutDocument, options: RenderOptions): Promise<Buffer> {
  return renderHandouts([doc], options);
}

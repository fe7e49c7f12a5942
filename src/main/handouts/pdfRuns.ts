/**
 * Shows a run of text in one font on one line, writing exactly the operators pdfkit's
 * `text(run, x, y, { lineBreak: false, baseline })` writes, but from glyph layouts kept for the
 * process: `text()` lays every word out again for each document and measures the run twice
 * more, which made it a third of a handout's cost. A run with a line break in it (never in
 * the handouts' own text) is left to pdfkit, which draws its parts side by side.
 */
import type PDFDocument from 'pdfkit';

type Pdf = InstanceType<typeof PDFDocument>;

interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** The parsed font's character map, as much of it as the text layer needs. */
interface CharacterMap {
  /** fontkit's reverse lookup: the strings that map to a glyph, read from the map without making glyph objects. */
  stringsForGlyph(id: number): string[];
}

/** The parts of pdfkit's per-document embedded font that showing a run needs. */
export interface EmbeddedFont {
  id: string;
  font: CharacterMap;
  scale: number;
  subset: { includeGlyph(id: number): number };
  widths: Array<number | undefined>;
  unicode: Array<number[] | undefined>;
  ref(): unknown;
  /** pdfkit's layout, word by word (from the word layouts shared in fonts.ts), in its 1000-unit scale. */
  layout(text: string): { glyphs: Glyph[]; positions: Position[] };
}

/** pdfkit's own rounding of numbers in content streams. */
const number = (n: number): number => Math.round(n * 1e6) / 1e6;

/**
 * A run as pdfkit lays it out, the same for every document: its glyphs, their positions,
 * and when no glyph sits off its advance (all but runs with combining marks), the pieces of
 * its TJ array: `[from, to)` of the glyphs and the kerning adjustment after them.
 */
interface LaidOut {
  glyphs: Glyph[];
  positions: Position[];
  pieces: Array<[number, number, string]> | null;
}

const runs = new Map<string, LaidOut>();

function layoutOf(font: EmbeddedFont, key: string, text: string): LaidOut {
  const cacheKey = `${key}|${text}`;
  let run = runs.get(cacheKey);
  if (!run) {
    const { glyphs, positions } = font.layout(text);
    let pieces: LaidOut['pieces'] = [];
    let last = 0;
    positions.forEach((p, i) => {
      if (p.xOffset || p.yOffset) pieces = null;
      else if (pieces && p.xAdvance - p.advanceWidth !== 0) {
        pieces.push([last, i + 1, String(number(-(p.xAdvance - p.advanceWidth)))]);
        last = i + 1;
      }
    });
    if (pieces && last < positions.length) {
      const p = positions.at(-1)!;
      pieces.push([last, positions.length, String(number(-(p.xAdvance - p.advanceWidth)))]);
    }
    run = { glyphs, positions, pieces };
    if (runs.size > 50_000) runs.clear();
    runs.set(cacheKey, run);
  }
  return run;
}

/** Each glyph's number in this document's subset, in hex, once included. */
const hexes = new WeakMap<EmbeddedFont, Map<number, string>>();

/**
 * The characters a glyph stands for in the text layer (copied, searched, read aloud). fontkit
 * keeps one object per glyph for the process, with the characters it was first met with: a
 * glyph first met as a part of another when a subset was written (the period inside the
 * middle dot "·") has none, and its text would read as its number in the subset ("123/"
 * for "123."). Such a glyph takes its characters from the font's map: the one in this run
 * where the map gives several (a Latin "A" and a Greek "Α" may share one glyph), and a
 * contextual form (Arabic's medial "ﺴ", mapped from its presentation form) the letter it is a
 * form of ("س").
 */
function charactersOf(font: EmbeddedFont, glyph: Glyph, text: string): number[] {
  if (glyph.codePoints.length > 0) return glyph.codePoints;
  const mapped = font.font.stringsForGlyph(glyph.id);
  const letters = mapped.map((m) => m.normalize('NFKC'));
  const chosen = mapped.find((m) => text.includes(m)) ?? letters.find((m) => text.includes(m)) ?? letters[0];
  return chosen === undefined ? [] : Array.from(chosen, (c) => c.codePointAt(0)!);
}

/** The glyphs as this document's subset numbers them, each added to the subset on first use. */
function encode(font: EmbeddedFont, glyphs: Glyph[], text: string): string[] {
  let hex = hexes.get(font);
  if (!hex) hexes.set(font, (hex = new Map()));
  return glyphs.map((glyph) => {
    let h = hex.get(glyph.id);
    if (h === undefined) {
      const gid = font.subset.includeGlyph(glyph.id);
      h = `0000${gid.toString(16)}`.slice(-4);
      font.widths[gid] ??= glyph.advanceWidth * font.scale;
      font.unicode[gid] ??= charactersOf(font, glyph, text);
      hex.set(glyph.id, h);
    }
    return h;
  });
}

/**
 * Draws `text` with its top-left corner `baseline` above the baseline at (x, y) in pdfkit's
 * top-down coordinates. `key` names the font (script and weight) across documents.
 */
export function showRun(pdf: Pdf, font: EmbeddedFont, key: string, size: number, text: string, x: number, y: number, baseline: number): void {
  const { glyphs, positions, pieces } = layoutOf(font, key, text);
  const page = pdf.page as unknown as { height: number; fonts: Record<string, unknown> };
  const top = page.height - y + baseline;
  page.fonts[font.id] ??= font.ref();
  // One write for the run (pdfkit makes a buffer of each operator): saved and restored
  // graphics state around a flipped text space, as text() draws it.
  const ops = ['q', `1 0 0 -1 0 ${number(page.height)} cm`, 'BT', `1 0 0 1 ${number(x)} ${number(top)} Tm`, `/${font.id} ${number(size)} Tf`];
  const encoded = encode(font, glyphs, text);
  if (pieces) {
    if (pieces.length > 0) ops.push(`[${pieces.map(([from, to, kern]) => `<${encoded.slice(from, to).join('')}> ${kern}`).join(' ')}] TJ`);
  } else withMarks(ops, encoded, positions, size, x, top);
  ops.push('ET', 'Q');
  pdf.addContent(ops.join('\n'));
}

/**
 * As pdfkit: glyphs in hex strings, a kerning adjustment closing a segment, and a glyph
 * placed off its advance (a mark) set with its own text matrix.
 */
function withMarks(ops: string[], encoded: string[], positions: Position[], size: number, x: number, top: number): void {
  const scale = size / 1000;
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  const addSegment = (cur: number) => {
    if (last < cur) {
      const p = positions[cur - 1]!;
      commands.push(`<${encoded.slice(last, cur).join('')}> ${number(-(p.xAdvance - p.advanceWidth))}`);
    }
    last = cur;
  };
  const flush = (i: number) => {
    addSegment(i);
    if (commands.length > 0) {
      ops.push(`[${commands.join(' ')}] TJ`);
      commands.length = 0;
    }
  };
  let i = 0;
  let at = x;
  for (; i < positions.length; i++) {
    const pos = positions[i]!;
    if (pos.xOffset || pos.yOffset) {
      flush(i);
      ops.push(`1 0 0 1 ${number(at + pos.xOffset * scale)} ${number(top + pos.yOffset * scale)} Tm`);
      flush(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        ops.push(`1 0 0 1 ${number(at)} ${number(top)} Tm`);
        hadOffset = false;
      }
      if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
    }
    at += pos.xAdvance * scale;
  }
  flush(i);
}

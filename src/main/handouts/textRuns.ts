/**
 * pdfkit has no font fallback, no bidirectional ordering and no line breaking we can use
 * across fonts. So text is analysed here: each character gets the first font that has it,
 * right-to-left runs (Arabic, Hebrew) get their display order from the Unicode bidi
 * algorithm (bidi-js), and render.ts breaks lines in logical order and draws each line's
 * runs in visual order.
 */
import bidiFactory, { type EmbeddingLevels } from 'bidi-js';
import { loadFont, type Script } from './fonts';

export interface Run {
  script: Script;
  text: string;
}

const kana = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u;
/** Spaces and combining marks stay in the run of the character before them, when its font has them. */
const joiner = /^(?:[\s\p{M}\ufe00-\ufe0f]|\u200d)$/u;

/**
 * What prints for a character no font has: U+FFFD from Noto Sans (a visible "?" in a
 * diamond) rather than the font's empty .notdef box, so a reader sees that a character of
 * the name could not be printed, and the rest of the name still prints. The text layer
 * then reads U+FFFD too: pdfkit maps one glyph to one text for the whole document, so the
 * original character cannot be kept behind the replacement. (An ActualText span would keep
 * it, but poppler places such a span's text at the wrong point of the page and reverses its
 * right-to-left words, so pdftotext would read the line worse.)
 */
export const replacement = '\ufffd';

const has = (script: Script, codePoint: number): boolean => loadFont(script, 'regular').hasGlyphForCodePoint(codePoint);

/**
 * Han characters are shared by Chinese and Japanese but drawn differently; a text with
 * kana in it is Japanese, so its Han characters come from Noto Sans JP, any other from
 * Noto Sans SC (which also has the simplified forms JP lacks, such as 张). The small
 * Arabic and Hebrew fonts are tried before the large CJK ones, which are read only when needed.
 */
function scriptFor(codePoint: number, japanese: boolean): Script | null {
  const order: Script[] = ['latin', 'arabic', 'hebrew', ...(japanese ? (['jp', 'sc'] as const) : (['sc', 'jp'] as const))];
  return order.find((s) => has(s, codePoint)) ?? null;
}

/**
 * The text as runs of one font each. A character no font has becomes {@link replacement};
 * an invisible format character (a direction mark, a joiner) no font has is left out.
 */
export function splitRuns(text: string): Run[] {
  const japanese = kana.test(text);
  const runs: Run[] = [];
  for (let char of text) {
    const codePoint = char.codePointAt(0)!;
    const last = runs.at(-1);
    let script = last && joiner.test(char) && has(last.script, codePoint) ? last.script : scriptFor(codePoint, japanese);
    if (!script) {
      if (/\p{Cf}/u.test(char)) continue;
      [script, char] = ['latin', replacement];
    }
    if (last && last.script === script) last.text += char;
    else runs.push({ script, text: char });
  }
  return runs;
}

/** The characters of `text` that no handout font has: they print as {@link replacement}. */
export function unmappedCharacters(text: string): string[] {
  return [...text].filter((char) => !/\p{Cf}/u.test(char) && scriptFor(char.codePointAt(0)!, false) === null);
}

/** Characters between which a line may break without a space: CJK ideographs and kana. */
export const breaksAnywhere = (char: string): boolean => /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/u.test(char);

/** A text ready for layout: the characters to print, the font of each, the bidi levels. */
export interface Analysed {
  /** The printed text (after replacements), in logical order. */
  text: string;
  /** The font of each UTF-16 unit of `text`. */
  scripts: Script[];
  /** Bidi levels, or null when the text has no right-to-left character (most text). */
  bidi: EmbeddingLevels | null;
}

const bidi = bidiFactory();
const rtl = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\u200f\u202b\u202e\u2067]/u;
const analysed = new Map<string, Analysed>();

/** Analyses a text once per process: handouts repeat the same sentences and names. */
export function analyse(source: string): Analysed {
  let a = analysed.get(source);
  if (!a) {
    const runs = splitRuns(source);
    const text = runs.map((r) => r.text).join('');
    const scripts = runs.flatMap((r) => Array<Script>(r.text.length).fill(r.script));
    // The handouts are English, so every paragraph is left-to-right with right-to-left runs inside.
    a = { text, scripts, bidi: rtl.test(text) ? bidi.getEmbeddingLevels(text, 'ltr') : null };
    if (analysed.size > 20_000) analysed.clear();
    analysed.set(source, a);
  }
  return a;
}

/**
 * The runs of one line, `[start, end)` of the analysed text, in the order they are drawn
 * left to right. A right-to-left run keeps its characters in logical order: fontkit shapes
 * it (Arabic joining forms) and reverses its glyphs itself, and pdfkit's text layer then
 * holds the characters of each glyph. A right-to-left run is one word: pdfkit lays a text
 * out word by word and puts the words side by side in logical order, which would swap the
 * words of "محمد العلي"; here the bidi order places them.
 */
export function visualRuns(a: Analysed, start: number, end: number): Run[] {
  if (end <= start) return [];
  const order = Array.from({ length: end - start }, (_, i) => start + i);
  if (a.bidi) {
    for (const [from, to] of bidi.getReorderSegments(a.text, a.bidi, start, end - 1) as Array<[number, number]>) {
      order.splice(from - start, to - from + 1, ...order.slice(from - start, to - start + 1).reverse());
    }
  }
  const runs: Array<{ script: Script; rtl: boolean; from: number; to: number }> = [];
  const space = (i: number) => /\s/u.test(a.text[i]!);
  for (const i of order) {
    const isRtl = a.bidi ? a.bidi.levels[i]! % 2 === 1 : false;
    const last = runs.at(-1);
    const sameWord = !isRtl || (!space(i) && last !== undefined && !space(last.from));
    if (last && sameWord && last.script === a.scripts[i] && last.rtl === isRtl && (isRtl ? i === last.from - 1 : i === last.to + 1)) {
      if (isRtl) last.from = i;
      else last.to = i;
    } else runs.push({ script: a.scripts[i]!, rtl: isRtl, from: i, to: i });
  }
  return runs.map((r) => ({ script: r.script, text: a.text.slice(r.from, r.to + 1) }));
}

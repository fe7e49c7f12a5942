/**
 * pdfkit has no font fallback: a character the current font lacks prints as an empty box.
 * So text is split into runs, each set in the first font that has all its characters.
 */
import { loadFont, type Script } from './fonts';

export interface Run {
  script: Script;
  text: string;
}

const kana = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u;
/** Spaces and combining marks stay in the run of the character before them. */
const joiner = /^(?:[\s\p{M}\ufe00-\ufe0f]|\u200d)$/u;

/**
 * Han characters are shared by Chinese and Japanese but drawn differently; a text with
 * kana in it is Japanese, so its Han characters come from Noto Sans JP, any other from
 * Noto Sans SC (which also has the simplified forms JP lacks, such as 张).
 */
function scriptFor(codePoint: number, japanese: boolean): Script {
  if (loadFont('latin', 'regular').hasGlyphForCodePoint(codePoint)) return 'latin';
  const order: Script[] = japanese ? ['jp', 'sc'] : ['sc', 'jp'];
  return order.find((s) => loadFont(s, 'regular').hasGlyphForCodePoint(codePoint)) ?? 'latin';
}

export function splitRuns(text: string): Run[] {
  const japanese = kana.test(text);
  const runs: Run[] = [];
  for (const char of text) {
    const last = runs.at(-1);
    const script = last && joiner.test(char) ? last.script : scriptFor(char.codePointAt(0)!, japanese);
    if (last && last.script === script) last.text += char;
    else runs.push({ script, text: char });
  }
  return runs;
}

/** Characters between which a line may break without a space: CJK ideographs and kana. */
export const breaksAnywhere = (char: string): boolean => /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/u.test(char);

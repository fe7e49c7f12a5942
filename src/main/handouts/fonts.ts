/**
 * The fonts a handout is set in: Noto Sans (Latin with Vietnamese, Greek, Cyrillic), Noto
 * Sans Arabic and Noto Sans Hebrew, and for CJK Noto Sans JP and Noto Sans SC, all TTFs
 * shipped by npm packages so every
 * workstation prints the same glyphs and every font is embedded (as a subset). Never a
 * system font, never pdfkit's built-in Helvetica: those cover Latin-1 only.
 *
 * Parsing is done once per process and kept: a CJK font is 5-10 MB, and re-reading it for
 * each handout would cost more than laying the handout out. A font is read the first time a
 * character needs it, so a Latin-only practice never loads the CJK files.
 */
import { readFileSync } from 'node:fs';
import type * as Fontkit from 'fontkit';

export type Script = 'latin' | 'arabic' | 'hebrew' | 'jp' | 'sc';
export type Weight = 'regular' | 'bold';

const files: Record<Script, { pkg: string; family: string }> = {
  latin: { pkg: '@expo-google-fonts/noto-sans', family: 'NotoSans' },
  arabic: { pkg: '@expo-google-fonts/noto-sans-arabic', family: 'NotoSansArabic' },
  hebrew: { pkg: '@expo-google-fonts/noto-sans-hebrew', family: 'NotoSansHebrew' },
  jp: { pkg: '@expo-google-fonts/noto-sans-jp', family: 'NotoSansJP' },
  sc: { pkg: '@expo-google-fonts/noto-sans-sc', family: 'NotoSansSC' },
};

const weightDir: Record<Weight, string> = { regular: '400Regular', bold: '700Bold' };

/** The file inside its package, found through Node's resolution so a packaged app finds it too. */
export function fontPath(script: Script, weight: Weight): string {
  const { pkg, family } = files[script];
  const dir = weightDir[weight];
  return require.resolve(`${pkg}/${dir}/${family}_${dir}.ttf`);
}

// Required on the first font: a process that prints no handout (the browser mode's server) never evaluates fontkit.
let fontkit: typeof Fontkit | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use (loadFont is synchronous)
const fontkitModule = (): typeof Fontkit => (fontkit ??= require('fontkit') as typeof Fontkit);

const cache = new Map<string, Fontkit.Font>();

/** The parsed font, read on first use and kept for the life of the process. */
export function loadFont(script: Script, weight: Weight): Fontkit.Font {
  const key = `${script}-${weight}`;
  let font = cache.get(key);
  if (!font) {
    const parsed = fontkitModule().create(readFileSync(fontPath(script, weight)));
    if (!('hasGlyphForCodePoint' in parsed)) throw new Error(`${key} is a font collection, not a font`);
    font = parsed;
    cache.set(key, font);
  }
  return font;
}

type Run = Pick<Fontkit.GlyphRun, 'glyphs' | 'positions'>;

/** What pdfkit keeps per document and font: its own word layouts, scaled to 1000 units. */
interface EmbeddedFont {
  layoutCache?: Record<string, unknown>;
}

interface PdfEntry {
  font: Fontkit.Font;
  words: Record<string, unknown>;
  shares: number;
}

const pdfFonts = new Map<string, PdfEntry>();

/** Encoded subsets by their glyph list: handouts of one practice use much the same glyphs in the same order. */
const subsets = new Map<string, Buffer>();

/**
 * The font as pdfkit is given it: the parsed font with a layout that shapes each word once
 * per process (pdfkit's own cache lasts one document, and shaping is most of a handout's
 * cost), and for Latin without glyph composition (ccmp): Noto Sans composes "ị" from "i"
 * and a combining dot, and pdfkit then maps the plain "i" glyph to "ị" in the text layer,
 * so copied, searched or spoken text would read names wrongly. The precomposed glyphs look
 * the same. Other scripts keep every default feature: Arabic needs them to join its letters
 * (fontkit finds the script and its direction from the text and returns the glyphs in
 * display order). pdfkit scales the positions it gets in place, so each call gets fresh copies.
 * A subset with the same glyphs in the same order as an earlier one is the same file, so
 * its encoding (a third of a short handout's cost) is kept too.
 */
export function pdfFont(script: Script, weight: Weight): Fontkit.Font {
  return pdfEntry(script, weight).font;
}

function pdfEntry(script: Script, weight: Weight): PdfEntry {
  const key = `${script}-${weight}`;
  let entry = pdfFonts.get(key);
  if (!entry) {
    const font = loadFont(script, weight);
    const shaped = new Map<string, Run>();
    const defaults = script === 'latin' ? { ccmp: false } : undefined;
    const layout = (text: string, features?: string[] | Record<string, boolean>): unknown => {
      let run = features ? undefined : shaped.get(text);
      if (!run) {
        run = font.layout(text, features ?? defaults);
        if (!features) {
          if (shaped.size > 50_000) shaped.clear();
          shaped.set(text, run);
        }
      }
      const positions = run.positions.map((p) => ({ ...p }));
      return {
        glyphs: run.glyphs,
        positions,
        get advanceWidth() {
          return positions.reduce((w, p) => w + p.xAdvance, 0);
        },
      };
    };
    const createSubset = (): Fontkit.Subset => {
      const subset = font.createSubset() as Fontkit.Subset & { glyphs: number[] };
      const encode = subset.encode.bind(subset);
      subset.encode = () => {
        const glyphs = `${key}|${subset.glyphs.join(',')}`;
        let bytes = subsets.get(glyphs);
        if (!bytes) {
          bytes = Buffer.from(encode());
          if (subsets.size > 200) subsets.clear();
          subsets.set(glyphs, bytes);
        }
        return bytes;
      };
      return subset;
    };
    const wrapped = Object.create(font, { layout: { value: layout }, createSubset: { value: createSubset } }) as Fontkit.Font;
    entry = { font: wrapped, words: Object.create(null) as Record<string, unknown>, shares: 0 };
    pdfFonts.set(key, entry);
  }
  return entry;
}

/**
 * Shares pdfkit's word layouts of this font between documents: pdfkit lays each word out
 * again in every document (and scales a copy), though the result never changes.
 */
export function shareWordLayouts(embedded: unknown, script: Script, weight: Weight): void {
  const entry = pdfEntry(script, weight);
  // Names add words without end: counted now and then, and dropped when there are too many.
  if (++entry.shares % 256 === 0 && Object.keys(entry.words).length > 50_000) entry.words = Object.create(null) as Record<string, unknown>;
  (embedded as EmbeddedFont).layoutCache = entry.words;
}

/** The width of `text` in points, set in this font at `size`: no pdfkit document needed. */
export function widthOf(script: Script, weight: Weight, size: number, text: string): number {
  const key = `${script}-${weight}|${text}`;
  let units = widths.get(key);
  if (units === undefined) {
    const font = loadFont(script, weight);
    units = font.layout(text, script === 'latin' ? { ccmp: false } : undefined).advanceWidth / font.unitsPerEm;
    if (widths.size > 100_000) widths.clear();
    widths.set(key, units);
  }
  return units * size;
}
const widths = new Map<string, number>();

/** The name a font is registered under in a pdfkit document. */
export const fontName = (script: Script, weight: Weight): string => `${script}-${weight}`;

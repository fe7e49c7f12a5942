/**
 * The renderer shows its runs of text with the operators pdfkit's `text()` writes (see
 * src/main/handouts/pdfRuns.ts): the same runs drawn both ways give the same PDF, byte for
 * byte, for every script, kerned pairs, combining marks placed off their advance, and a
 * right-to-left run.
 */
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { fontName, pdfFont, type Script, type Weight } from '../../src/main/handouts/fonts';
import { showRun, type EmbeddedFont } from '../../src/main/handouts/pdfRuns';

type Pdf = InstanceType<typeof PDFDocument>;

const runs: Array<[Script, Weight, string]> = [
  ['latin', 'regular', 'Wash gently with lukewarm water, then pat dry. AVATAR Ty Yo'],
  ['latin', 'bold', 'Nguyễn Thị Ánh · Date of birth 9 March 1984 · MRN\u00a0MN-0001'],
  ['latin', 'regular', 'x\u0301 q\u0323 Zoë O’Brien-Smythe'],
  ['arabic', 'regular', 'محمد العلي'],
  ['hebrew', 'bold', 'דוד כהן'],
  ['jp', 'regular', '山田太郎 さくら'],
  ['sc', 'bold', '张伟'],
];

/** Draws every run at its own place on one page, either way, and returns the PDF. */
function draw(way: 'text' | 'showRun'): Promise<Buffer> {
  const pdf: Pdf = new PDFDocument({ size: 'A4', compress: false, font: null as never, info: { CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
  runs.forEach(([script, weight, text], i) => {
    const name = fontName(script, weight);
    pdf.registerFont(name, pdfFont(script, weight) as unknown as Buffer);
    const size = 9 + i * 1.5;
    const [x, y, baseline] = [54 + i * 3.25, 80 + i * 40.125, -size * 1.069];
    pdf.font(name).fontSize(size);
    if (way === 'text') pdf.text(text, x, y, { lineBreak: false, baseline } as never);
    else showRun(pdf, (pdf as unknown as { _font: EmbeddedFont })._font, name, size, text, x, y, baseline);
  });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.end();
  });
}

describe('runs shown without pdfkit text()', () => {
  it('write the same PDF as text(), byte for byte', async () => {
    const [byText, shown] = [await draw('text'), await draw('showRun')];
    expect(shown.toString('latin1')).toContain('] TJ');
    expect(shown.equals(byText)).toBe(true);
  });

  it('write the same PDF again from the layouts kept for the process', async () => {
    expect((await draw('showRun')).equals(await draw('text'))).toBe(true);
  });
});

/**
 * Handout cases: one handout rendered (beside a one-page minimal pdfkit document with the
 * same embedded font, and beside warm Chromium printing the same handout as HTML, in the
 * same run) and a batch of 100.
 */
import PDFDocument from 'pdfkit';
import { loadFont } from '../src/main/handouts/fonts';
import type { HandoutDocument } from '../src/main/handouts/model';
import { renderHandout, renderHandouts } from '../src/main/handouts/render';
import { benchChromiumPeer } from './chromiumPeer';
import { measureAsync as time, type Case } from './measure';

/** The least a PDF with an embedded font costs: one page, one line. */
function minimalPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.registerFont('body', loadFont('latin', 'regular') as unknown as Buffer);
    pdf.font('body').fontSize(11).text('Aftercare after your treatment');
    pdf.end();
  });
}

export async function benchHandouts(docs: HandoutDocument[], samples: number) {
  const options = { paperSize: 'A4', largePrint: false } as const;
  const cases: Record<string, Case> = {
    handout_render: await time((i) => renderHandout(docs[i % docs.length]!, options), samples),
    handout_minimal_pdfkit: await time(() => minimalPdf(), samples),
    handout_batch_100: await time(
      () =>
        renderHandouts(
          Array.from({ length: 100 }, (_, i) => docs[i % docs.length]!),
          options,
        ),
      3,
    ),
  };
  const ratio = (name: string, baseline: string) => ({
    case: name,
    baseline,
    value: Number((cases[name]!.median_ms / cases[baseline]!.median_ms).toFixed(2)),
  });
  const ratios = { handout_render: ratio('handout_render', 'handout_minimal_pdfkit') };
  const peer = await benchChromiumPeer(docs, samples);
  if (!peer) return { cases, ratios };
  cases.handout_chromium_peer = peer;
  // At most 0.33: a handout at least three times faster than the browser printing it.
  return { cases, ratios: { ...ratios, handout_render_chromium: ratio('handout_render', 'handout_chromium_peer') } };
}

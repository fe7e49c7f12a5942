/**
 * The handout renderer on documents built by hand: real PDFs read back with pdfjs and with
 * poppler (pdftotext, pdffonts, pdfinfo), never inspected as drawing calls.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderHandout, renderHandouts } from '../../src/main/handouts/render';
import { sampleHandout } from '../support/handoutFixture';
import { pdfFile, pdfjsPages, poppler, squash } from '../support/pdfText';

const normal = { paperSize: 'A4', largePrint: false } as const;

const names = ['Nguyễn Thị Ánh', 'Trần Đức', 'Παπαδόπουλος', 'Дмитрий Иванов', '王小明', '张伟', '山田太郎', 'さくら'];

describe('handout PDF', () => {
  it.each(names)('reads back the name %s exactly', async (name) => {
    const bytes = await renderHandout(sampleHandout(name), normal);
    const pages = await pdfjsPages(bytes);
    expect(pages[0]!.text).toContain(name);
    // pdftotext may space CJK differently; for the other scripts it must agree too.
    const text = squash(poppler('pdftotext', '-f', '1', '-l', '1', pdfFile(bytes), '-'));
    if (!/\p{Script=Han}|\p{Script=Hiragana}/u.test(name)) expect(text).toContain(name);
    else expect(text.replace(/\s/gu, '')).toContain(name);
  });

  it('puts the name, date of birth, MRN and "Page N of M" on every page of a long handout', async () => {
    const doc = sampleHandout('Дмитрий Иванов', 6);
    const file = pdfFile(await renderHandout(doc, normal));
    const count = Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', file))![1]);
    expect(count).toBeGreaterThanOrEqual(3);
    for (let n = 1; n <= count; n++) {
      const page = squash(poppler('pdftotext', '-f', String(n), '-l', String(n), file, '-'));
      expect(page).toContain('Дмитрий Иванов');
      expect(page).toContain('Date of birth 9 March 1984');
      expect(page).toContain('MRN-004211');
      expect(page).toContain(`Page ${n} of ${count}`);
    }
  });

  it('is a tagged PDF with a structure tree, a language and embedded fonts only', async () => {
    const file = pdfFile(await renderHandout(sampleHandout('张伟 さくら Παπαδόπουλος'), normal));
    const info = poppler('pdfinfo', file);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Aftercare after your treatment/);
    const raw = readFileSync(file, 'latin1');
    expect(raw).toMatch(/\/MarkInfo (\d+ 0 R|<<\s*\/Marked true)/);
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('pdfuaid:part');
    for (const tag of ['/Document', '/H1', '/H2', '/H3', '/P', '/L', '/LI', '/Lbl', '/LBody', '/Table', '/TH', '/TD', '/Marked true'])
      expect(raw).toContain(tag);
    const fonts = poppler('pdffonts', file).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) {
      expect(line).toMatch(/Noto/);
      expect(line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, with a Unicode map
    }
    expect(fonts.join('\n')).not.toMatch(/Helvetica|Times|Courier/);
  });

  it('sets the body in 16 pt or more in large print, about 11 pt otherwise', async () => {
    const bodySize = async (largePrint: boolean) => {
      const pages = await pdfjsPages(await renderHandout(sampleHandout('Trần Đức', 2), { paperSize: 'A4', largePrint }));
      const sizes = pages.flatMap((p) => p.sizes).map((s) => Math.round(s * 10) / 10);
      // The most common size is the body text.
      const counts = new Map<number, number>();
      for (const s of sizes) counts.set(s, (counts.get(s) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    };
    expect(await bodySize(false)).toBeCloseTo(11, 0);
    expect(await bodySize(true)).toBeGreaterThanOrEqual(16);
  });

  it('prints on A4 or Letter', async () => {
    const size = async (paperSize: 'A4' | 'Letter') => poppler('pdfinfo', pdfFile(await renderHandout(sampleHandout(), { paperSize, largePrint: false })));
    expect(await size('A4')).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(await size('Letter')).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  });

  it('starts each handout of a batch on a new page and numbers its pages on its own', async () => {
    const docs = [sampleHandout('Trần Đức', 1), sampleHandout('王小明', 4)];
    const pages = await pdfjsPages(await renderHandouts(docs, normal));
    const first = pages.filter((p) => p.text.includes('Trần Đức'));
    const second = pages.filter((p) => p.text.includes('王小明'));
    expect(first.length + second.length).toBe(pages.length);
    expect(first.at(-1)!.text).toContain(`Page ${first.length} of ${first.length}`);
    expect(second[0]!.text).toContain(`Page 1 of ${second.length}`);
    expect(second[0]!.text).toContain('Harbourside Dermatology');
  });

  it('says when to call with the practice and after-hours numbers', async () => {
    const text = squash((await pdfjsPages(await renderHandout(sampleHandout(), normal))).map((p) => p.text).join(' '));
    expect(text).toContain('When to call us');
    expect(text).toContain('0117 496 0123');
    expect(text).toContain('After hours: 0117 496 0999');
  });
});

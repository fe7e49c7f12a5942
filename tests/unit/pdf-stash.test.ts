/** The browser mode's PDFs waiting for their tab: unguessable names, a short life, bounded memory. */
import { describe, expect, it } from 'vitest';
import { PdfStash, pdfLifetimeMs } from '../../src/main/browser/pdfs';

const pdf = Buffer.from('%PDF-1.7\n%%EOF');

describe('the PDF stash', () => {
  it('gives each PDF a fresh random address and serves its exact bytes under a safe file name', async () => {
    const stash = new PdfStash();
    const first = await stash.showPdf(pdf, 'aftercare-handout-3');
    const second = await stash.showPdf(pdf, 'aftercare-handout-3');
    expect(first.url).toMatch(/^\/handouts\/[A-Za-z0-9_-]{32}\.pdf$/);
    expect(second.url).not.toBe(first.url);
    expect(stash.lookup(first.url!)).toEqual({ kind: 'found', bytes: pdf, fileName: 'aftercare-handout-3.pdf' });
    const odd = await stash.showPdf(pdf, 'a"b\r\n/../c');
    expect(stash.lookup(odd.url!)).toMatchObject({ fileName: 'a-b------c.pdf' });
  });

  it('forgets a PDF after its lifetime', async () => {
    let now = 1_000_000;
    const stash = new PdfStash(() => now);
    const { url } = await stash.showPdf(pdf, 'aftercare-handout-1');
    now += pdfLifetimeMs - 1;
    expect(stash.lookup(url!).kind).toBe('found');
    now += 1;
    expect(stash.lookup(url!).kind).toBe('missing');
  });

  it('keeps a bounded number, dropping the oldest first', async () => {
    const stash = new PdfStash();
    const urls: string[] = [];
    for (let i = 0; i < 60; i++) urls.push((await stash.showPdf(pdf, `aftercare-handout-${i}`)).url!);
    expect(stash.lookup(urls[0]!).kind).toBe('missing');
    expect(stash.lookup(urls[59]!).kind).toBe('found');
  });

  it('refuses any path that is not exactly a stash name, and misses an unknown one', () => {
    const stash = new PdfStash();
    for (const path of ['/handouts/../index.html', '/handouts/..%2F..%2Fsecret.txt', '/handouts/x.pdf', '/handouts/', '/handouts/%2e%2e/secret.txt', `/handouts/${'a'.repeat(32)}.pdf/..`]) {
      expect(stash.lookup(path).kind, path).toBe('refused');
    }
    expect(stash.lookup(`/handouts/${'a'.repeat(32)}.pdf`).kind).toBe('missing');
  });
});

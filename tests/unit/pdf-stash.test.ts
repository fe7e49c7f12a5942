/**
 * The browser mode's kept files, handouts waiting for their tab and exports waiting to be
 * downloaded: unguessable names, one fetch within a minute, bounded memory.
 */
import { describe, expect, it } from 'vitest';
import { ExportStash } from '../../src/main/browser/exports';
import { PdfStash } from '../../src/main/browser/pdfs';
import { FileStash, firstFetchWithinMs } from '../../src/main/browser/stash';
import { mimeTypes } from '../../src/main/stats/formats';

const pdf = Buffer.from('%PDF-1.7\n%%EOF');

describe('the PDF stash', () => {
  it('gives each PDF a fresh random address and serves its exact bytes under a safe file name', async () => {
    const stash = new PdfStash();
    const first = await stash.showPdf(pdf, 'aftercare-handout-3');
    const second = await stash.showPdf(pdf, 'aftercare-handout-3');
    expect(first.url).toMatch(/^\/handouts\/[A-Za-z0-9_-]{32}\.pdf$/);
    expect(second.url).not.toBe(first.url);
    expect(stash.lookup(first.url!)).toEqual({ kind: 'found', bytes: pdf, fileName: 'aftercare-handout-3.pdf', contentType: 'application/pdf' });
    const odd = await stash.showPdf(pdf, 'a"b\r\n/../c');
    expect(stash.lookup(odd.url!)).toMatchObject({ fileName: 'a-b------c.pdf' });
  });

  it('forgets a PDF a minute after it was made, when nothing fetched it', async () => {
    expect(firstFetchWithinMs).toBe(60_000);
    let now = 1_000_000;
    const stash = new PdfStash(() => now);
    const { url } = await stash.showPdf(pdf, 'aftercare-handout-1');
    now += firstFetchWithinMs - 1;
    expect(stash.lookup(url!).kind).toBe('found');
    now += 1;
    expect(stash.take(url!).kind).toBe('missing');
  });

  it('hands a PDF over once: the first take has its bytes, a second finds nothing; a look leaves it', async () => {
    const stash = new PdfStash();
    const { url } = await stash.showPdf(pdf, 'aftercare-handout-1');
    expect(stash.lookup(url!).kind).toBe('found');
    expect(stash.take(url!)).toEqual({ kind: 'found', bytes: pdf, fileName: 'aftercare-handout-1.pdf', contentType: 'application/pdf' });
    expect(stash.take(url!).kind).toBe('missing');
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
    for (const path of [
      '/handouts/../index.html',
      '/handouts/..%2F..%2Fsecret.txt',
      '/handouts/x.pdf',
      '/handouts/',
      '/handouts/%2e%2e/secret.txt',
      `/handouts/${'a'.repeat(32)}.pdf/..`,
    ]) {
      expect(stash.lookup(path).kind, path).toBe('refused');
    }
    expect(stash.lookup(`/handouts/${'a'.repeat(32)}.pdf`).kind).toBe('missing');
  });
});

const csv = Buffer.from('\uFEFFvisit_date,patient\r\n', 'utf8');
const xlsx = Buffer.from('PK\u0003\u0004', 'latin1');

/** Saved as the statistics export job saves: a target first, then the bytes. */
async function saved(stash: ExportStash, bytes: Buffer, fileName: string, format: 'csv' | 'xlsx') {
  const target = await stash.chooseTarget(fileName, format);
  return target.save(bytes);
}

describe('the export stash', () => {
  it('always offers a target, and keeps each export under a fresh random address with its own name and type', async () => {
    const stash = new ExportStash();
    const first = await saved(stash, csv, 'milia-statistics-2026-01-01-to-2026-12-31.csv', 'csv');
    const second = await saved(stash, csv, 'milia-statistics-2026-01-01-to-2026-12-31.csv', 'csv');
    const book = await saved(stash, xlsx, 'milia-statistics-2026-01-01-to-2026-12-31.xlsx', 'xlsx');
    expect(first.savedTo).toBeNull();
    expect(first.url).toMatch(/^\/exports\/[A-Za-z0-9_-]{32}\.csv$/);
    expect(book.url).toMatch(/^\/exports\/[A-Za-z0-9_-]{32}\.xlsx$/);
    expect(second.url).not.toBe(first.url);
    expect(stash.lookup(first.url!)).toEqual({
      kind: 'found',
      bytes: csv,
      fileName: 'milia-statistics-2026-01-01-to-2026-12-31.csv',
      contentType: mimeTypes.csv,
    });
    expect(stash.lookup(book.url!)).toEqual({
      kind: 'found',
      bytes: xlsx,
      fileName: 'milia-statistics-2026-01-01-to-2026-12-31.xlsx',
      contentType: mimeTypes.xlsx,
    });
  });

  it('makes the file name safe for a header, with the extension of its format', async () => {
    const stash = new ExportStash();
    const cases: Array<[string, 'csv' | 'xlsx', string]> = [
      ['a"b\r\n/../c.csv', 'csv', 'a-b------c.csv'],
      ['report', 'xlsx', 'report.xlsx'],
      ['report.csv', 'xlsx', 'report-csv.xlsx'],
      ['.csv', 'csv', 'milia-statistics.csv'],
    ];
    for (const [given, format, expected] of cases) {
      const { url } = await saved(stash, csv, given, format);
      expect(stash.lookup(url!), given).toMatchObject({ kind: 'found', fileName: expected });
    }
  });

  it('forgets an export a minute after it was made, or once it is taken', async () => {
    let now = 1_000_000;
    const stash = new ExportStash(() => now);
    const { url } = await saved(stash, csv, 'milia-statistics.csv', 'csv');
    now += firstFetchWithinMs - 1;
    expect(stash.lookup(url!).kind).toBe('found');
    now += 1;
    expect(stash.take(url!).kind).toBe('missing');
    const taken = await saved(stash, csv, 'milia-statistics.csv', 'csv');
    expect(stash.take(taken.url!).kind).toBe('found');
    expect(stash.take(taken.url!).kind).toBe('missing');
  });

  it('keeps a bounded number, dropping the oldest first', async () => {
    const stash = new ExportStash();
    const urls: string[] = [];
    for (let i = 0; i < 25; i++) urls.push((await saved(stash, csv, `export-${i}.csv`, 'csv')).url!);
    expect(urls.slice(0, 5).map((url) => stash.lookup(url).kind)).toEqual(Array(5).fill('missing'));
    expect(urls.slice(5).map((url) => stash.lookup(url).kind)).toEqual(Array(20).fill('found'));
  });

  it('misses a known name asked for with the other extension, and refuses any other shape', async () => {
    const stash = new ExportStash();
    const { url } = await saved(stash, csv, 'milia-statistics.csv', 'csv');
    expect(stash.lookup(url!.replace(/\.csv$/, '.xlsx')).kind).toBe('missing');
    expect(stash.lookup(`/exports/${'a'.repeat(32)}.csv`).kind).toBe('missing');
    for (const path of [
      '/exports/../x',
      '/exports/..%2fx.csv',
      url!.replace(/\.csv$/, '.pdf'),
      url!.replace('/exports/', '/handouts/'),
      `${url}/..`,
      '/exports/',
      `/exports/${'a'.repeat(31)}.csv`,
    ]) {
      expect(stash.lookup(path).kind, path).toBe('refused');
    }
  });
});

describe('the file stash bounds', () => {
  const small = () => new FileStash({ prefix: '/kept/', contentTypes: { txt: 'text/plain' }, maxKept: 3, maxBytes: 10 });

  it('keeps at most the bytes it is given, dropping the oldest first, but always the newest', () => {
    const stash = small();
    const a = stash.keep(Buffer.alloc(4), 'a', 'txt', 'x');
    const b = stash.keep(Buffer.alloc(4), 'b', 'txt', 'x');
    expect([a, b].map((url) => stash.lookup(url).kind)).toEqual(['found', 'found']);
    const c = stash.keep(Buffer.alloc(4), 'c', 'txt', 'x');
    expect([a, b, c].map((url) => stash.lookup(url).kind)).toEqual(['missing', 'found', 'found']);
    const big = stash.keep(Buffer.alloc(11), 'big', 'txt', 'x');
    expect([b, c, big].map((url) => stash.lookup(url).kind)).toEqual(['missing', 'missing', 'found']);
  });

  it('refuses to keep a file of a type it does not serve', () => {
    expect(() => small().keep(Buffer.alloc(1), 'a', 'html', 'x')).toThrow(/does not keep \.html files/);
  });
});

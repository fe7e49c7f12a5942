/**
 * The handout renderer on documents built by hand: real PDFs read back with pdfjs and with
 * poppler (pdftotext, pdffonts, pdfinfo), never inspected as drawing calls.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfFont } from '../../src/main/handouts/fonts';
import { renderHandout, renderHandouts } from '../../src/main/handouts/render';
import { analyse, unmappedCharacters, visualRuns } from '../../src/main/handouts/textRuns';
import { longFamilyName, parseBbox } from '../support/handoutCorpus';
import { sampleHandout } from '../support/handoutFixture';
import { pdfFile, pdfjsPages, poppler, squash } from '../support/pdfText';

const normal = { paperSize: 'A4', largePrint: false } as const;

/** pdftotext wraps right-to-left text in embedding marks (U+202B ... U+202C): not part of the name. */
const unmarked = (text: string): string => text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '');

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

  it('gives the practice’s numbers once, under its name, with no closing box repeating them', async () => {
    // The composer puts the numbers in every box that says to call; the renderer adds them only on page 1.
    const text = squash((await pdfjsPages(await renderHandout(sampleHandout('Trần Đức', 3), normal))).map((p) => p.text).join(' '));
    expect(text.split('0117 496 0123')).toHaveLength(2);
    expect(text.split('0117 496 0999')).toHaveLength(2);
    expect(text).not.toMatch(/How to reach us|Phone numbers/u);
  });

  it('prints the follow-up as a date to come, or, once every scheduled one has passed, as overdue with what to do', async () => {
    const panel = async (followUpPassed: boolean) => {
      const doc = sampleHandout('Trần Đức', 1);
      // -layout keeps the panel's label and value on one line.
      return squash(
        poppler('pdftotext', '-layout', '-f', '1', '-l', '1', pdfFile(await renderHandout({ ...doc, visit: { ...doc.visit, followUpPassed } }, normal)), '-'),
      );
    };
    const coming = await panel(false);
    expect(coming).toMatch(/Follow-up 25 June 2026/);
    expect(coming).not.toContain('Was due');
    expect(await panel(true)).toMatch(/Follow-up Was due on 25 June 2026\. Call us to book it\./);
  });

  it('never splits a date over two lines: wherever the title reaches the margin, its date stays whole', async () => {
    // One letter more each time moves the title's line end across its date, word by word.
    for (let k = 0; k <= 14; k++) {
      const doc = { ...sampleHandout('Trần Đức'), title: `Aftercare after your ${'v'.repeat(k)}isit on 18 November 2020` };
      const lines = poppler('pdftotext', '-layout', '-f', '1', '-l', '1', pdfFile(await renderHandout(doc, normal)), '-').split('\n');
      expect(
        lines.some((line) => line.includes('18 November 2020')),
        `title with ${k} letters added`,
      ).toBe(true);
    }
  });

  it.each([false, true])('prints each time of a timeline on one line, beside its text (large print: %s)', async (largePrint) => {
    const doc = sampleHandout('Trần Đức');
    const when = ['Today', 'Weeks 8 to 12', 'Days 7 to 14', 'After healing'];
    doc.sections[0]!.subsections[0]!.blocks.unshift({ kind: 'timeline', items: when.map((w) => ({ when: w, text: 'The skin settles over these days.' })) });
    const lines = poppler('pdftotext', '-layout', '-f', '1', '-l', '1', pdfFile(await renderHandout(doc, { ...normal, largePrint })), '-').split('\n');
    for (const w of when)
      expect(
        lines.some((line) => new RegExp(`^\\s*${w}\\s+The skin settles`).test(line)),
        w,
      ).toBe(true);
  });

  it('prints the lines of a multi-line address, and of a note, as lines, with no replacement character for the break', async () => {
    const doc = sampleHandout('Trần Đức');
    doc.practice.address = '12 Quay Street\nBristol BS1 4DJ\r\nUnited Kingdom';
    doc.sections[0]!.subsections[0]!.blocks.unshift({ kind: 'paragraph', text: 'The treatment: Radiofrequency ablation\nfine tip, two passes.' });
    const lines = poppler('pdftotext', '-layout', '-f', '1', '-l', '1', pdfFile(await renderHandout(doc, normal)), '-')
      .split('\n')
      .map((line) => line.trim());
    for (const line of ['12 Quay Street', 'Bristol BS1 4DJ', 'United Kingdom', 'The treatment: Radiofrequency ablation', 'fine tip, two passes.'])
      expect(lines).toContain(line);
    expect(lines.join('\n')).not.toContain('\ufffd');
  });
});

describe('handout PDF: names in every script', () => {
  it.each([
    ['محمد العلي', 'NotoSansArabic'],
    ['דוד כהן', 'NotoSansHebrew'],
    ['Yasmin الحسيني', 'NotoSansArabic'],
    ['Miriam כהן-Levi', 'NotoSansHebrew'],
  ])('prints the right-to-left name %s with its own embedded font, read back in logical order', async (name, font) => {
    const file = pdfFile(await renderHandout(sampleHandout(name), normal));
    const lines = unmarked(poppler('pdftotext', '-f', '1', '-l', '1', file, '-')).split('\n');
    // The panel reads the name exactly. In the footer pdftotext pulls the "·" after a
    // right-to-left word into it ("Yasmin · الحسيني"): the name is whole without it.
    expect(lines).toContain(name);
    const footer = lines.find((l) => l.includes('Date of birth'))!;
    expect(footer.replace(/[\s·]/gu, '')).toContain(name.replace(/\s/gu, ''));
    const fonts = poppler('pdffonts', file)
      .split('\n')
      .filter((l) => l.includes(font));
    expect(fonts.length).toBeGreaterThanOrEqual(1);
    for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
    expect(unmappedCharacters(name)).toEqual([]);
  });

  it('joins Arabic letters and draws right-to-left words in display order inside a left-to-right line', () => {
    const ids = (text: string) => (pdfFont('arabic', 'regular').layout(text) as unknown as { glyphs: Array<{ id: number }> }).glyphs.map((g) => g.id);
    // The glyphs pdfkit gets for محمد, in display order (right to left: د first), are the joined
    // forms, none of them the isolated letter.
    const joined = ids('محمد');
    const isolated = [...'محمد'].map((c) => ids(c)[0]!).reverse();
    expect(joined).toHaveLength(4);
    joined.forEach((id, i) => expect(id).not.toBe(isolated[i]));
    const runs = (text: string) => visualRuns(analyse(text), 0, analyse(text).text.length).map((r) => `${r.script}:${r.text}`);
    expect(runs('محمد العلي')).toEqual(['arabic:العلي', 'arabic: ', 'arabic:محمد']);
    expect(runs('Miriam כהן-Levi')).toEqual(['latin:Miriam ', 'hebrew:כהן', 'latin:-Levi']);
    expect(runs('Yasmin الحسيني 12')).toEqual(['latin:Yasmin ', 'latin:12', 'arabic: ', 'arabic:الحسيني']);
  });

  it('prints a character no font has as a visible replacement (U+FFFD), never an empty box, and keeps the rest of the name', async () => {
    const name = 'Abebe ሰላም Bekele';
    expect(unmappedCharacters(name)).toEqual(['ሰ', 'ላ', 'ም']);
    const file = pdfFile(await renderHandout(sampleHandout(name), normal));
    expect(squash(poppler('pdftotext', '-f', '1', '-l', '1', file, '-'))).toContain('Abebe \ufffd\ufffd\ufffd Bekele');
    for (const line of poppler('pdffonts', file).split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
  });

  it.each([false, true])(
    'wraps a 100-character hyphenated family name at its hyphens, inside the page, in the panel and the footer of every page (large print: %s)',
    async (largePrint) => {
      const name = `Anne-Marie ${longFamilyName}`;
      expect(longFamilyName).toHaveLength(100);
      const doc = { ...sampleHandout(name, 3), practice: { ...sampleHandout().practice, name: `The ${longFamilyName} Practice` } };
      const file = pdfFile(await renderHandout(doc, { paperSize: 'Letter', largePrint }));
      const pages = parseBbox(poppler('pdftotext', '-bbox-layout', file, '-'), largePrint ? 16 : 11);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      const flat = (text: string) => text.replace(/\s/gu, '');
      pages.forEach((page, i) => {
        for (const line of page.lines) for (const word of line.words) expect(word.xMax).toBeLessThanOrEqual(page.width - 54 + 0.5);
        expect(flat(page.footer.map((l) => l.text.replace(/Page \d+ of \d+/u, '')).join(' '))).toContain(flat(name));
        // Lines break after a hyphen, never inside a part of the name.
        for (const line of page.footer.filter((l) => !/^Page \d+ of \d+$/u.test(l.text)))
          expect(line.text).toMatch(
            /^(?:Anne-Marie |Montgomery-|Cholmondeley-|Ashworth-|Blackwood-|Carrington-|Delacroix-|Everhart-|Grosvenor|Date of birth)/u,
          );
        const mrn = page.footer.find((l) => l.words.some((w) => w.text === 'MRN'))!;
        expect(mrn.words.at(-1)!.text).toBe('MRN-004211');
        // The running header wraps too; a "·" where its line breaks is left out.
        if (i > 0)
          expect(flat(page.header.map((l) => l.text).join(' ')).replace('·', '')).toBe(flat(`The ${longFamilyName} Practice Aftercare after your treatment`));
        for (const line of [...page.header, ...page.footer]) expect(line.text).not.toMatch(/^·|·$/u);
      });
      const panel = pages[0]!.body.filter((l) => l.yMin > pages[0]!.body.find((b) => b.text.startsWith('Patient'))!.yMin - 1).slice(0, 4);
      expect(flat(panel.map((l) => l.text.replace(/^Patient /u, '')).join(''))).toContain(flat(name));
    },
  );

  it('shows the phone and after-hours numbers on page 1 and leaves out the separator of an empty part', async () => {
    const firstLines = async (practice: Partial<ReturnType<typeof sampleHandout>['practice']>) => {
      const doc = sampleHandout('Trần Đức', 3);
      const file = pdfFile(await renderHandout({ ...doc, practice: { ...doc.practice, ...practice } }, normal));
      const pages = parseBbox(poppler('pdftotext', '-bbox-layout', file, '-'), 11);
      return { top: pages[0]!.body.slice(0, 3).map((l) => l.text), header: pages[1]!.header.map((l) => l.text), all: pages.flatMap((p) => p.lines) };
    };
    const full = await firstLines({});
    expect(full.top).toEqual(['Harbourside Dermatology', 'Phone 0117 496 0123 · After hours 0117 496 0999', '12 Quay Street, Bristol BS1 4DJ']);
    const partial = await firstLines({ name: '', address: '', afterHoursPhone: '' });
    expect(partial.top[0]).toBe('Phone 0117 496 0123');
    expect(partial.header).toEqual(['Aftercare after your treatment']);
    for (const line of partial.all) expect(line.text).not.toMatch(/^·|·$|·\s*·/u);
  });
});

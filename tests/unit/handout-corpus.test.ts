/**
 * Several hundred handouts composed by the real composer and drawn by the real renderer,
 * read back with poppler (pdftotext, pdffonts): the layout promises hold for whatever the
 * templates say, for every kind of treatment, age band, site, script and paper.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFont } from '../../src/main/handouts/fonts';
import { splitRuns, unmappedCharacters } from '../../src/main/handouts/textRuns';
import { treatmentKinds } from '@shared/vocabulary';
import { corpusNames, handoutCorpus, renderCorpus, strandedHeadings, type Rendered } from '../support/handoutCorpus';

const cases = handoutCorpus();
let handouts: Rendered[] = [];
let files: string[] = [];

beforeAll(async () => {
  const [normal, large] = await Promise.all([renderCorpus(cases, false), renderCorpus(cases, true)]);
  handouts = [...normal.handouts, ...large.handouts];
  files = [...normal.files, ...large.files];
}, 180_000);

/** A name as pdftotext gives it back: no whitespace, no embedding marks around right-to-left words. */
const flat = (text: string): string => text.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '');
const label = (h: Rendered): string => `${h.case.id} (${h.largePrint ? 'large' : 'normal'} print, ${h.case.paperSize})`;

describe('the handout corpus', () => {
  it('covers every treatment kind alone and in combinations, every age band, eye and non-eye sites, every script, A4 and Letter, normal and large print', () => {
    for (const kind of treatmentKinds.codes) expect(cases.some((c) => c.kinds.length === 1 && c.kinds[0] === kind)).toBe(true);
    expect(cases.filter((c) => c.kinds.length > 1).length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.band))).toEqual(new Set(['newborn', 'child', 'adult', 'older']));
    expect(new Set(cases.map((c) => c.eye))).toEqual(new Set([true, false]));
    expect(new Set(cases.map((c) => c.script))).toEqual(new Set(corpusNames.map((n) => n[2])));
    expect(new Set(cases.map((c) => c.paperSize))).toEqual(new Set(['A4', 'Letter']));
    expect(handouts).toHaveLength(2 * cases.length);
    expect(handouts.length).toBeGreaterThanOrEqual(300);
  });

  it('ends no page with a heading: each keeps with the first block after it that cannot split', () => {
    const stranded = handouts.flatMap((h) => strandedHeadings(h).map((s) => `${label(h)} page ${s.page}: ${s.heading}`));
    expect(stranded).toEqual([]);
  });

  it('gives the numbers on page 1 and in every box that says to call, on the page of the box’s title, and ends with the emergency line', () => {
    const wrong = handouts.flatMap((h) => {
      const pages = h.texts.map((t) => t.replace(/\s+/gu, ' '));
      const { phone } = h.case.doc.practice;
      const problems = pages[0]!.includes(phone) ? [] : ['no phone number on page 1'];
      // Callouts never split: each box's call line is on the page where its title is, after it.
      let page = 0;
      let from = 0;
      for (const section of h.case.doc.sections)
        for (const sub of section.subsections)
          for (const box of sub.blocks) {
            if (box.kind !== 'callout' || !box.after.some((i) => i.includes(phone))) continue;
            while (page < pages.length && !pages[page]!.includes(box.title, from)) [page, from] = [page + 1, 0];
            const title = page < pages.length ? pages[page]!.indexOf(box.title, from) : -1;
            const call =
              title < 0
                ? -1
                : pages[page]!.indexOf(
                    box.after.find((i) => i.includes(phone))!,
                    title,
                  );
            if (call < 0) problems.push(`"${box.title}" without its numbers on page ${page + 1}`);
            else from = call;
          }
      if (!pages.at(-1)!.includes('In an emergency, call your local emergency number.')) problems.push('no emergency line on the last page');
      return problems.map((p) => `${label(h)}: ${p}`);
    });
    expect(wrong).toEqual([]);
  });

  it('has a glyph for every character of every name: each run in a font that has it, every font embedded, the name read back on every page', async () => {
    for (const [given, family] of corpusNames) {
      const name = `${given} ${family}`;
      expect(unmappedCharacters(name)).toEqual([]);
      for (const run of splitRuns(name))
        for (const char of run.text) expect(loadFont(run.script, 'regular').hasGlyphForCodePoint(char.codePointAt(0)!)).toBe(true);
    }
    const fonts = (await Promise.all(files.map((f) => promisify(execFile)('pdffonts', [f])))).flatMap((r) => r.stdout.split('\n').slice(2).filter(Boolean));
    for (const line of fonts) expect(line).toMatch(/Noto\S*\s.*\byes\s+yes\s+yes\b/u);
    for (const family of ['NotoSans-', 'NotoSansArabic', 'NotoSansHebrew', 'NotoSansJP', 'NotoSansSC'])
      expect(fonts.some((l) => l.includes(family))).toBe(true);
    const missing = handouts.flatMap((h) => {
      const name = h.case.doc.patient.name;
      // Page 1 has it in the panel and the footer, every other page in the footer. pdftotext
      // may pull the footer's "·" into a right-to-left word, and it joins a word hyphenated
      // at the end of a line without its hyphen: both are left out here.
      const bare = (text: string) => flat(text).replace(/[·-]/gu, '');
      return h.texts.flatMap((text, i) => (bare(text).split(bare(name)).length - 1 >= (i === 0 ? 2 : 1) ? [] : [`${label(h)} page ${i + 1}`]));
    });
    expect(missing).toEqual([]);
  });

  it('prints the patient name in the footer of every page, clear of the text above it, and never separates "MRN" from the number', () => {
    const wrong = handouts.flatMap((h) =>
      h.pages.flatMap((page, i) => {
        const footer = page.footer.filter((l) => !/^Page \d+ of \d+$/u.test(l.text));
        const mrn = footer.find((l) => l.words.some((w) => w.text === 'MRN'));
        const problems = [];
        if (!mrn || mrn.words[mrn.words.findIndex((w) => w.text === 'MRN') + 1]?.text !== h.case.doc.patient.mrn) problems.push('MRN apart from its number');
        const footerTop = Math.min(...page.footer.map((l) => l.yMin));
        if (page.body.some((l) => l.yMax > footerTop)) problems.push('text runs into the footer');
        // Right-to-left words read backwards in -bbox-layout: those names are checked above.
        if (
          !/[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(h.case.doc.patient.name) &&
          !flat(footer.map((l) => l.text.replace(/Page \d+ of \d+/u, '')).join('')).includes(flat(h.case.doc.patient.name))
        )
          problems.push('no name in the footer');
        return problems.map((p) => `${label(h)} page ${i + 1}: ${p}`);
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('leaves no stray "·" in the running header, the footer or the practice lines of page 1, whichever part is empty', () => {
    const stray = handouts.flatMap((h) =>
      h.pages.flatMap((page, i) => {
        const title = page.body.findIndex((l) => l.text.startsWith('Aftercare'));
        const lines = [...page.header, ...page.footer, ...(i === 0 ? page.body.slice(0, title) : [])];
        return lines.filter((l) => /^·|·$|·\s*·/u.test(l.text)).map((l) => `${label(h)} page ${i + 1}: ${l.text}`);
      }),
    );
    expect(stray).toEqual([]);
    // The corpus has practices without an address and without an after-hours number.
    expect(cases.some((c) => !c.doc.practice.address)).toBe(true);
    expect(cases.some((c) => !c.doc.practice.afterHoursPhone)).toBe(true);
  });
});

/**
 * A corpus of handouts composed by the real composer (so it follows whatever the templates
 * say): every treatment kind alone and in combinations, every age band, eye and non-eye
 * sites, names in every script, practices with and without an address or after-hours number,
 * on A4 and Letter. Combinations are drawn with a fixed seed, so every run sees the same corpus.
 * Used by the corpus test and by `npm run handout-pages`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { composeHandout } from '../../src/main/handouts/content';
import type { HandoutDocument, RenderOptions } from '../../src/main/handouts/model';
import { renderHandouts } from '../../src/main/handouts/render';
import { presentationOf } from './handoutFixture';
import { SettingsInput, type Settings } from '@shared/schemas';
import type { Patient, Treatment, Visit } from '@shared/types';
import { isProcedure, peelDepths, retinoidProducts, treatmentKinds, type MiliaType, type Site, type TreatmentKind } from '@shared/vocabulary';

/** A 100-character hyphenated family name: it has to wrap in the panel, the footer and the header. */
export const longFamilyName = 'Featherstonehaugh-Montgomery-Cholmondeley-Ashworth-Blackwood-Carrington-Delacroix-Everhart-Grosvenor';

/** [given name, family name, script]: the name prints as "given family". */
export const corpusNames: ReadonlyArray<[string, string, string]> = [
  ['Zoë', 'Nguyễn Thị Ánh', 'Latin with diacritics'],
  ['Łucja', 'Wójcik-Żółć', 'Latin with diacritics'],
  ['Νίκος', 'Παπαδόπουλος', 'Greek'],
  ['Дмитрий', 'Иванов', 'Cyrillic'],
  ['さくら', '山田', 'Japanese'],
  ['伟', '张', 'Chinese'],
  ['محمد', 'العلي', 'Arabic'],
  ['דוד', 'כהן', 'Hebrew'],
  ['Yasmin', 'الحسيني', 'Arabic and Latin'],
  ['Miriam', 'כהן-Levi', 'Hebrew and Latin'],
  ['Anne-Marie', longFamilyName, 'long hyphenated'],
];

export type AgeBand = 'newborn' | 'child' | 'adult' | 'older';
const visitDate = '2026-01-15';
const birth: Record<AgeBand, string> = { newborn: '2025-12-20', child: '2018-06-01', adult: '1987-03-14', older: '1946-05-02' };

const eyeSites: Site[] = ['upper_eyelid', 'lower_eyelid', 'periorbital'];
const otherSites: Site[] = ['cheek', 'forehead', 'nose', 'chin', 'ear', 'trunk', 'lower_limb', 'temple'];

const practices: Settings[] = [
  { practiceName: 'Lindenhof Dermatology', address: '4 Linden Row, Bristol BS1 4DJ', phone: '01632 960 123', afterHoursPhone: '01632 960 999' },
  { practiceName: 'Harbourside Skin Clinic', address: '', phone: '0117 496 0123', afterHoursPhone: '0117 496 0999' },
  { practiceName: 'Praxis Dr. Weiß', address: 'Königstraße 12, 70173 Stuttgart', phone: '+49 711 123456', afterHoursPhone: '' },
  { practiceName: 'The Northern Dermatology and Skin Surgery Partnership at St Catherine’s', address: '', phone: '0161 496 0000', afterHoursPhone: '' },
].map((p) => SettingsInput.parse(p));

/** Kinds allowed for the age band by the care rules: the corpus prints what could be saved. */
function allowedKinds(band: AgeBand): TreatmentKind[] {
  if (band === 'newborn') return ['observation'];
  const kinds = [...treatmentKinds.codes];
  return band === 'child' ? kinds.filter((k) => k !== 'oral_minocycline' && k !== 'topical_retinoid') : kinds;
}

/** mulberry32: a small seeded generator, so the drawn combinations never change between runs. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function details(kind: TreatmentKind, n: number): Record<string, unknown> {
  switch (kind) {
    case 'chemical_peel':
      return { agent: n % 2 ? 'tca' : 'glycolic', depth: peelDepths.codes[n % 2], concentrationPercent: n % 2 ? 35 : 30 };
    case 'topical_retinoid':
      return { product: retinoidProducts.codes[n % retinoidProducts.codes.length], ...(n % 3 ? { strengthPercent: 0.1, frequency: 'once at night' } : {}) };
    case 'oral_minocycline':
      return n % 2 ? { doseMg: 100, durationWeeks: 8 } : {};
    case 'cryotherapy':
      return { method: 'spray' };
    default:
      return {};
  }
}

function treatment(kind: TreatmentKind, site: Site, n: number, id: number): Treatment {
  const procedure = isProcedure(kind);
  return {
    id,
    kind,
    site,
    side: site === 'cheek' || site === 'upper_eyelid' || site === 'lower_eyelid' || site === 'temple' ? 'left' : null,
    lesionsTreated: procedure ? 1 + (n % 9) : 0,
    anesthesia: procedure ? (n % 3 === 0 ? 'local_injection' : 'none') : null,
    consent: procedure ? true : null,
    performedById: 1,
    performedByName: 'Dr Ada Okafor',
    details: details(kind, n),
    notes: kind === 'other' ? 'Gentle steam and comedone extractor' : '',
  };
}

export interface CorpusCase {
  id: string;
  band: AgeBand;
  kinds: TreatmentKind[];
  eye: boolean;
  script: string;
  paperSize: RenderOptions['paperSize'];
  doc: HandoutDocument;
}

interface Spec {
  band: AgeBand;
  treatments: Array<[TreatmentKind, Site]>;
}

function specs(): Spec[] {
  const out: Spec[] = [];
  const bands: AgeBand[] = ['newborn', 'child', 'adult', 'older'];
  let n = 0;
  // Every kind alone, on an eye site and elsewhere, for every age band it is allowed in.
  for (const band of bands)
    for (const kind of allowedKinds(band))
      for (const eye of [true, false]) {
        const list = eye ? eyeSites : otherSites;
        out.push({ band, treatments: [[kind, list[n++ % list.length]!]] });
      }
  // Combinations of two to four kinds, drawn with a fixed seed.
  const random = seeded(12);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  for (let i = 0; i < 120; i++) {
    const band = pick<AgeBand>(['child', 'adult', 'adult', 'older']);
    const kinds = allowedKinds(band);
    const count = 2 + Math.floor(random() * 3);
    const chosen = new Set<TreatmentKind>();
    while (chosen.size < count) chosen.add(pick(kinds));
    out.push({ band, treatments: [...chosen].map((k) => [k, random() < 0.35 ? pick(eyeSites) : pick(otherSites)]) });
  }
  return out;
}

let corpus: CorpusCase[] | undefined;

/** The corpus, composed once per process. */
export function handoutCorpus(): CorpusCase[] {
  corpus ??= specs().map((spec, i) => {
    const [given, family, script] = corpusNames[i % corpusNames.length]!;
    const female = i % 2 === 0;
    const patient: Patient = {
      id: 1,
      mrn: `MN-${String(1000 + i).padStart(5, '0')}`,
      givenName: given,
      familyName: family,
      dateOfBirth: birth[spec.band],
      sex: female ? 'female' : 'male',
      archived: false,
      fitzpatrick: (1 + (i % 6)) as Patient['fitzpatrick'],
      phone: null,
      email: null,
      createdAt: '2026-01-01T09:00:00.000Z',
      updatedAt: '2026-01-01T09:00:00.000Z',
    };
    const site = spec.treatments[0]![1];
    const type: MiliaType = spec.band === 'newborn' ? 'neonatal' : i % 5 === 0 ? 'secondary' : 'primary';
    // Aged 12-55 and not male: the pregnancy question is answered, as the care rules require.
    const childBearing = female && spec.band === 'adult';
    const visit: Visit = {
      id: 7,
      key: 'mn-00000000-0000-0000-0000-000000000007',
      patientId: 1,
      date: visitDate,
      clinicianId: 1,
      clinicianName: 'Dr Ada Okafor',
      notes: '',
      pregnancyStatus: childBearing ? 'neither' : null,
      retinoidOverride: null,
      presentations: [presentationOf({ type, site, count: 4, sizeMm: 1, distribution: 'grouped' })],
      treatments: spec.treatments.map(([kind, s], j) => treatment(kind, s, i + j, j + 1)),
      followUps:
        i % 3 === 0 ? [] : [{ id: 1, visitId: 7, dueDate: '2026-03-12', reason: 'Review', status: 'scheduled', completedDate: null, outcome: null, notes: '' }],
      pendingReview: 0,
      signature: null,
      signBlockers: [],
      addenda: [],
      createdBy: 'Dr Ada Okafor (dermatologist)',
      updatedBy: 'Dr Ada Okafor (dermatologist)',
      createdAt: `${visitDate}T09:00:00.000Z`,
      updatedAt: `${visitDate}T09:00:00.000Z`,
    };
    const doc = composeHandout({ patient, visit, settings: practices[i % practices.length]!, today: visitDate });
    return {
      id: `${i}-${spec.band}-${spec.treatments.map((t) => t[0]).join('+')}`,
      band: spec.band,
      kinds: spec.treatments.map((t) => t[0]),
      eye: spec.treatments.some(([, s]) => eyeSites.includes(s)),
      script,
      paperSize: i % 2 ? 'Letter' : 'A4',
      doc,
    };
  });
  return corpus;
}

export interface PdfWord {
  text: string;
  xMin: number;
  xMax: number;
}
export interface PdfLine {
  text: string;
  xMin: number;
  yMin: number;
  yMax: number;
  words: PdfWord[];
}
export interface PdfPage {
  width: number;
  height: number;
  /** Every text line, top to bottom, as pdftotext -bbox-layout groups them. */
  lines: PdfLine[];
  /** The lines of the footer: from the one holding "Page N of M" down. */
  footer: PdfLine[];
  /** The running header (small text at the top of later pages). */
  header: PdfLine[];
  /** The lines between header and footer. */
  body: PdfLine[];
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string): string =>
  s.replace(/&(\w+|#\d+);/gu, (m, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (entities[e] ?? m)));

/** Pages of `pdftotext -bbox-layout` output, split into header, body and footer lines. */
export function parseBbox(html: string, bodySize: number): PdfPage[] {
  const pages: PdfPage[] = [];
  for (const page of html.split('<page ').slice(1)) {
    const [, width, height] = /width="([\d.]+)" height="([\d.]+)"/u.exec(page)!;
    const lines: PdfLine[] = [];
    for (const m of page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([\s\S]*?)<\/line>/gu)) {
      const words = [...m[4]!.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([\s\S]*?)<\/word>/gu)].map((w) => ({
        text: unescape(w[3]!),
        xMin: Number(w[1]),
        xMax: Number(w[2]),
      }));
      lines.push({ text: words.map((w) => w.text).join(' '), xMin: Number(m[1]), yMin: Number(m[2]), yMax: Number(m[3]), words });
    }
    lines.sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
    const pageLine = lines.findIndex((l) => /Page \d+ of \d+/u.test(l.text));
    // Lines level with "Page N of M" or below it; an Arabic or CJK line box is taller than a Latin one.
    const footerTop = pageLine < 0 ? Infinity : lines[pageLine]!.yMin + 1;
    const inFooter = (l: PdfLine) => l.yMax > footerTop;
    // Pages after a handout's first carry a running header, set smaller than the body
    // (pdftotext's line box is about 1.36 em high).
    const first = pageLine >= 0 && /Page 1 of \d+/u.test(lines[pageLine]!.text);
    const small = (l: PdfLine) => l.yMax - l.yMin < bodySize * 1.2;
    let headerEnd = 0;
    while (!first && headerEnd < lines.length && !inFooter(lines[headerEnd]!) && small(lines[headerEnd]!)) headerEnd++;
    const rest = lines.slice(headerEnd).filter((l) => !inFooter(l));
    pages.push({
      width: Number(width),
      height: Number(height),
      lines,
      header: lines.slice(0, headerEnd),
      body: rest,
      footer: lines.filter(inFooter),
    });
  }
  return pages;
}

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'handout-corpus-'));
let files = 0;

export interface Rendered {
  case: CorpusCase;
  largePrint: boolean;
  pages: PdfPage[];
  /**
   * Each page as plain `pdftotext` reads it: unlike -bbox-layout, it puts right-to-left
   * words back in logical order (wrapped in U+202B ... U+202C).
   */
  texts: string[];
}

/**
 * Renders the cases with the real renderer, several handouts per PDF (one pdftotext call per
 * batch, running while the next batch is laid out), and splits the pages back per handout
 * by their "Page N of M" footers, each handout read as pages 1 to M in turn (anything else
 * throws, so a miscount never passes as a page count). Also returns the PDF files, for pdffonts.
 */
export async function renderCorpus(cases: CorpusCase[], largePrint: boolean, batchSize = 25): Promise<{ handouts: Rendered[]; files: string[] }> {
  const jobs: Array<Promise<{ batch: CorpusCase[]; pages: PdfPage[]; texts: string[] }>> = [];
  const written: string[] = [];
  for (const paperSize of ['A4', 'Letter'] as const) {
    const ofSize = cases.filter((c) => c.paperSize === paperSize);
    for (let i = 0; i < ofSize.length; i += batchSize) {
      const batch = ofSize.slice(i, i + batchSize);
      const bytes = await renderHandouts(
        batch.map((c) => c.doc),
        { paperSize, largePrint },
      );
      const file = join(dir, `batch-${files++}.pdf`);
      writeFileSync(file, bytes);
      written.push(file);
      jobs.push(
        Promise.all([run('pdftotext', ['-bbox-layout', file, '-'], { maxBuffer: 1 << 28 }), run('pdftotext', [file, '-'], { maxBuffer: 1 << 28 })]).then(
          ([bbox, plain]) => ({ batch, pages: parseBbox(bbox.stdout, largePrint ? 16 : 11), texts: plain.stdout.split('\f') }),
        ),
      );
    }
  }
  const handouts: Rendered[] = [];
  for (const { batch, pages, texts } of await Promise.all(jobs)) {
    const mine: Rendered[] = [];
    let of = 0;
    const complete = () => mine.length === 0 || mine.at(-1)!.pages.length === of;
    pages.forEach((page, i) => {
      // Each handout's pages read "Page 1 of M" to "Page M of M": a page read back wrongly would shift the split.
      const [, n, m] = /Page (\d+) of (\d+)/u.exec(page.footer.map((l) => l.text).join(' ')) ?? [];
      if (Number(n) === 1 && complete() && mine.length < batch.length) {
        mine.push({ case: batch[mine.length]!, largePrint, pages: [], texts: [] });
        of = Number(m);
      }
      const current = mine.at(-1);
      if (!current || Number(n) !== current.pages.length + 1 || Number(m) !== of) throw new Error(`Page ${i + 1} of a batch reads "Page ${n} of ${m}"`);
      current.pages.push(page);
      current.texts.push(texts[i]!);
    });
    if (mine.length !== batch.length || !complete()) throw new Error(`A batch of ${batch.length} handouts read back as ${mine.length}`);
    handouts.push(...mine);
  }
  return { handouts, files: written };
}

/** How full a page's body is, from the top margin to the footer: 0 empty, 1 full. */
export function fill(page: PdfPage): number {
  const last = page.body.at(-1);
  const footer = page.footer[0]?.yMin ?? page.height;
  return last ? (last.yMax - 54) / (footer - 54) : 0;
}

const squashed = (s: string): string => s.replace(/\s+/gu, '');

/** The headings a handout prints (H2 and H3), whitespace removed. */
export function headingsOf(doc: HandoutDocument): Set<string> {
  const texts = ['Your visit', ...doc.sections.flatMap((s) => [s.heading, ...s.subsections.map((ss) => ss.heading)])];
  return new Set(texts.map(squashed));
}

/**
 * Pages whose last body line is a heading, set larger than the body (a line of body text
 * that happens to read like a heading does not count): page numbers from 1.
 */
export function strandedHeadings(h: Rendered): Array<{ page: number; heading: string }> {
  const headings = headingsOf(h.case.doc);
  const bodySize = h.largePrint ? 16 : 11;
  const out: Array<{ page: number; heading: string }> = [];
  h.pages.forEach((page, i) => {
    const last = page.body.at(-1);
    if (!last || last.yMax - last.yMin < bodySize * 1.4) return;
    // A heading that wraps ends with its last line: join the large lines at the page's foot.
    let text = '';
    for (let k = page.body.length - 1; k >= 0 && page.body[k]!.yMax - page.body[k]!.yMin >= bodySize * 1.4; k--) {
      text = squashed(page.body[k]!.text) + text;
      if (headings.has(text)) out.push({ page: i + 1, heading: page.body[k]!.text });
    }
  });
  return out;
}

/**
 * The page counts of aftercare handouts in normal and large print: `npm run handout-pages`.
 * Two sets: the handout corpus (tests/support/handoutCorpus.ts), heavy in combinations of
 * treatments, and "demo practice", the first 125 visits with a treatment of a database seeded
 * by the demo generator, as a practice's everyday handouts. A last page is "nearly empty" when
 * its text fills less than a quarter of the page. `npm run handout-pages -- demo` (or
 * `corpus`) measures one set only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { differenceInYears, parseISO } from 'date-fns';
import { openStore } from '../src/main/db/open';
import { composeHandout } from '../src/main/handouts/content';
import { seed } from '../src/main/seed';
import { patientOf } from '../src/main/services/patients';
import { visitOf } from '../src/main/services/visits';
import { fill, handoutCorpus, renderCorpus, strandedHeadings, type AgeBand, type CorpusCase } from '../tests/support/handoutCorpus';
import { systemActor } from '@shared/permissions';
import { SettingsInput } from '@shared/schemas';
import { isEyeAreaSite } from '@shared/vocabulary';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const demoDay = '2026-01-15';
const demoVisits = 125;

/** The first visits with a treatment (by id, so every run takes the same) of a seeded demo practice, composed. */
async function demoPractice(): Promise<CorpusCase[]> {
  const dir = mkdtempSync(join(tmpdir(), 'handout-pages-'));
  const store = openStore(join(dir, 'milia.db'), { create: true });
  try {
    await seed(store.records, systemActor('Handout pages', 'cli'), { patients: 60, seed: 1, today: demoDay });
    const ids = store.sqlite
      .prepare('select v.id from visits v where exists (select 1 from treatments t where t.visit_id = v.id) order by v.id limit ?')
      .pluck()
      .all(demoVisits) as number[];
    const settings = SettingsInput.parse({
      practiceName: 'Lindenhof Dermatology',
      address: '4 Linden Row, Bristol BS1 4DJ',
      phone: '01632 960 123',
      afterHoursPhone: '01632 960 999',
    });
    return await store.records.read(async (tx) => {
      const cases: CorpusCase[] = [];
      for (const id of ids) {
        const visit = await visitOf(tx, id);
        const patient = await patientOf(tx, visit.patientId);
        const years = differenceInYears(parseISO(visit.date), parseISO(patient.dateOfBirth));
        const band: AgeBand = years < 1 ? 'newborn' : years < 12 ? 'child' : years < 70 ? 'adult' : 'older';
        cases.push({
          id: `visit ${id}`,
          band,
          kinds: visit.treatments.map((t) => t.kind),
          eye: visit.treatments.some((t) => isEyeAreaSite(t.site)),
          script: 'demo',
          paperSize: 'A4',
          doc: composeHandout({ patient, visit, settings, today: demoDay }),
        });
      }
      return cases;
    });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function report(name: string, cases: CorpusCase[]): Promise<void> {
  console.log(`\n== ${name}: ${cases.length} handouts, each in normal and large print`);
  for (const largePrint of [false, true]) {
    const started = performance.now();
    const { handouts } = await renderCorpus(cases, largePrint);
    const counts = handouts.map((h) => h.pages.length);
    const nearlyEmpty = handouts.filter((h) => h.pages.length > 1 && fill(h.pages.at(-1)!) < 0.25).length;
    const histogram = new Map<number, number>();
    for (const c of counts) histogram.set(c, (histogram.get(c) ?? 0) + 1);
    console.log(`\n${largePrint ? 'Large' : 'Normal'} print (${((performance.now() - started) / 1000).toFixed(1)} s):`);
    console.log(`  median ${median(counts)} pages, max ${Math.max(...counts)}, total ${counts.reduce((a, b) => a + b, 0)} pages`);
    // Most visits have one treatment; the corpus draws many combinations, so both are shown.
    const of = (single: boolean) => handouts.filter((h) => (h.case.kinds.length === 1) === single).map((h) => h.pages.length);
    console.log(`  one treatment: median ${median(of(true))} (${of(true).length} handouts); two or more: median ${median(of(false))} (${of(false).length})`);
    console.log(`  nearly empty last pages: ${nearlyEmpty} of ${handouts.length}`);
    console.log(`  handouts with a stranded heading: ${handouts.filter((h) => strandedHeadings(h).length > 0).length}`);
    for (const [pages, n] of [...histogram.entries()].sort((a, b) => a[0] - b[0]))
      console.log(`  ${String(pages).padStart(2)} pages: ${String(n).padStart(4)} ${'#'.repeat(Math.ceil(n / 4))}`);
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only !== 'demo') await report('Corpus', handoutCorpus());
  if (only !== 'corpus') await report('Demo practice', await demoPractice());
}

void main();

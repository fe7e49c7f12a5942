/**
 * `npm run bench [-- --patients N --from N --out FILE] [--only handouts|stats|audit|startup] [--audit-rows N]`:
 * seeds a deterministic practice (20,000 patients, about 150,000 visits by default) into a
 * temporary database through the importer (bench/growth.ts), then times the everyday
 * operations through the services, each beside the same work written as raw better-sqlite3
 * SQL in the same run. Then the statistics cases (bench/stats.ts; `--only stats`), the handout
 * cases (bench/handouts.ts; `--only handouts`, over a small practice), and start-up to an
 * interactive search in browser mode (bench/startup.ts; `--only startup`). Then the audit
 * trail's verification over a million rows of its own, and sign-in's password work
 * (bench/audit.ts; `--only audit`). A practice larger than 20,000 patients (or than `--from N`)
 * is measured at that size first, then grown and measured again: `growth` gives every case's
 * figure at the larger size over the smaller.
 */
import { systemActor } from '@shared/permissions';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseInput } from '../src/main/api/handlers';
import { openStore, type SqliteStore } from '../src/main/db/open';
import { createServices, type Services } from '../src/main/services';
import { foldText } from '@shared/text';
import type { Actor } from '@shared/types';
import { measureAsync, measureInTurn, type Case } from './measure';
import { rawChart, rawMrnNumber, rawSaveVisit, rawSearch } from './baselines';
import { benchHandouts } from './handouts';
import { benchStats } from './stats';
import { benchAudit } from './audit';
import { grow, growthOf } from './growth';
import { benchStartup } from './startup';
import { benchEventLoop } from './eventLoop';
import { composeHandout } from '../src/main/handouts/content';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '20000' },
    out: { type: 'string' },
    samples: { type: 'string', default: '200' },
    only: { type: 'string' },
    'audit-rows': { type: 'string', default: '1000000' },
    from: { type: 'string', default: '20000' },
    // The practice server's load test (bench/practiceServer.ts).
    'practice-server': { type: 'boolean' },
    workstations: { type: 'string', default: '1,5,20' },
    iterations: { type: 'string', default: '20' },
    think: { type: 'string', default: '200' },
    'skip-export': { type: 'boolean' },
  },
});
const only = values.only;
if (only !== undefined && !['handouts', 'stats', 'audit', 'startup'].includes(only))
  throw new Error(`--only takes "handouts", "stats", "audit" or "startup", not "${only}".`);
const onlyHandouts = only === 'handouts';
// The audit cases bring their own database: the practice is then only a token one.
const patients = onlyHandouts || only === 'audit' ? 200 : Number(values.patients);
/** The size growth is measured from: the practice the targets are stated for, unless `--from N`. */
const reference = Number(values.from);
const sizes = patients > reference ? [reference, patients] : [patients];
const samples = Number(values.samples);
const actor: Actor = systemActor('bench', 'cli');

// The service calls parse their input as the invoker does, so that they cost what a call costs.
const visitInput = (patientId: number, date: string, clinicianId: number) => ({
  patientId,
  date,
  clinicianId,
  notes: 'Benchmark visit',
  presentations: [
    { type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 },
    { type: 'primary', site: 'cheek', side: 'right', count: 3 },
    { type: 'secondary', site: 'forehead', count: 2, triggers: ['burn'] },
  ],
  treatments: [
    { kind: 'extraction', site: 'upper_eyelid', side: 'left', lesionsTreated: 6, anesthesia: 'none', consent: true, performedBy: clinicianId },
    {
      kind: 'cryotherapy',
      site: 'cheek',
      side: 'right',
      lesionsTreated: 3,
      anesthesia: 'topical',
      consent: true,
      performedBy: clinicianId,
      details: { method: 'spray', freezeSeconds: 5 },
    },
  ],
  followUps: [{ dueDate: '2026-12-01', status: 'scheduled', reason: 'Check clearance' }],
});

type Ratio = { case: string; baseline: string; value: number };

/** The practice's own cases (search, chart, save, statistics, handouts), as large as it is now. */
async function practiceCases(store: SqliteStore, services: Services, charted: number, clinicianId: number) {
  const { sqlite } = store;
  const parseVisit = (patientId: number, date: string) => parseInput('visits.save', visitInput(patientId, date, clinicianId));

  // Queries drawn from the data itself: family-name prefixes typed without accents, and MRNs.
  // The first 500 such patients: the same queries at every size of the practice.
  const people = sqlite.prepare('select given_name, family_name, mrn from patients where id % 40 = 7 order by id limit 500').all() as {
    given_name: string;
    family_name: string;
    mrn: string;
  }[];
  const prefixes = people.map((p) => foldText(p.family_name).slice(0, 3)).filter((q) => q.length >= 2);
  const accentless = people
    .filter((p) => foldText(p.family_name) !== p.family_name.toLowerCase())
    .map((p) => `${foldText(p.given_name)} ${foldText(p.family_name)}`);
  const mrns = people.map((p) => p.mrn.toLowerCase());
  const numbers = people.map((p) => p.mrn.replace(/^.*?0*(\d+)$/, '$1'));
  const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

  const cases: Record<string, Case> = {};
  // Both timed alike: the raw SQL is synchronous, and awaiting its result costs it a microtask.
  const pair = async (name: string, service: (i: number) => Promise<unknown>, raw: (i: number) => unknown, n = samples) => {
    cases[name] = await measureAsync(service, n);
    cases[`${name}_raw_sql`] = await measureAsync(async (i) => raw(i), n);
  };
  const search = (query: string) => services.patients.search(actor, parseInput('patients.search', { query }));

  if (only === undefined) {
    await pair(
      'search_name_prefix',
      (i) => search(pick(prefixes, i)),
      (i) => rawSearch(sqlite, pick(prefixes, i)),
    );
    await pair(
      'search_accent_insensitive',
      (i) => search(pick(accentless, i)),
      (i) => rawSearch(sqlite, pick(accentless, i)),
    );
    await pair(
      'search_mrn',
      (i) => search(pick(mrns, i)),
      (i) => rawSearch(sqlite, pick(mrns, i)),
    );
    await pair(
      'search_mrn_number',
      (i) => search(pick(numbers, i)),
      (i) => rawMrnNumber(sqlite, pick(numbers, i)),
    );
    await pair(
      'open_chart_30_visits',
      () => services.chart.get(actor, parseInput('chart.get', { id: charted })),
      () => rawChart(sqlite, charted),
    );
    const savePatients = people.slice(0, 50).map((p) => (sqlite.prepare('select id from patients where mrn = ?').get(p.mrn) as { id: number }).id);
    // Saves in turn with their baseline, the first of each pair alternating: each sync's time, the log's growth and a new day's statistics rows fall on both alike.
    [cases.save_visit, cases.save_visit_raw_sql] = await measureInTurn(
      (i) => services.visits.save(actor, parseVisit(pick(savePatients, i), '2026-06-01')),
      async (i) => rawSaveVisit(sqlite, visitInput(pick(savePatients, i), '2026-06-01', clinicianId), i),
      Math.min(samples, 200),
    );
  }

  const ratios: Record<string, Ratio> = Object.fromEntries(
    Object.keys(cases)
      .filter((k) => !k.endsWith('_raw_sql'))
      .map((k) => [k, { case: k, baseline: `${k}_raw_sql`, value: Number((cases[k]!.median_ms / cases[`${k}_raw_sql`]!.median_ms).toFixed(2)) }]),
  );
  let allYears: { from: string; to: string } | undefined;
  if (only === undefined || only === 'stats') {
    const stats = await benchStats(services, sqlite, actor, Math.min(samples, 20));
    Object.assign(cases, stats.cases);
    Object.assign(ratios, stats.ratios);
    allYears = stats.periods.all_years;
    console.error(`statistics periods: ${JSON.stringify(stats.periods)}`);
  }
  if (only === undefined || only === 'handouts') {
    // Handouts of real seeded visits: each treated visit composed once, rendered many times.
    const treated = sqlite.prepare('select distinct visit_id from treatments order by visit_id limit 20').pluck().all() as number[];
    const docs = [];
    for (const id of treated) {
      const visit = await services.visits.get(actor, { id });
      docs.push(composeHandout({ patient: await services.patients.get(actor, { id: visit.patientId }), visit, settings: await services.settings.read() }));
    }
    const handouts = await benchHandouts(docs, Math.min(samples, 100));
    Object.assign(cases, handouts.cases);
    Object.assign(ratios, handouts.ratios);
    // This thread's event-loop delay while the heavy jobs run (bench/eventLoop.ts).
    if (allYears) return { cases, ratios, eventLoop: (await benchEventLoop(store, actor, allYears, docs)).cases };
  }
  return { cases, ratios };
}

function datasetOf(store: SqliteStore) {
  const counts = (table: string) => (store.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return {
    patients: counts('patients'),
    visits: counts('visits'),
    presentations: counts('presentations'),
    treatments: counts('treatments'),
    followUps: counts('follow_ups'),
  };
}

const print = (cases: Record<string, Case>) =>
  console.log(
    Object.entries(cases)
      .map(([name, c]) => `${name.padEnd(34)} median ${c.median_ms.toFixed(3).padStart(8)} ms   p95 ${c.p95_ms.toFixed(3).padStart(8)} ms   (${c.samples})`)
      .join('\n'),
  );

async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'milia-bench-'));
  try {
    const store = openStore(join(dir, 'bench.db'), { create: true });
    const services = createServices(store);

    let seedSeconds = await grow(store.records, actor, sizes[0]!);
    const seeded = datasetOf(store);
    console.error(`seeded ${seeded.patients} patients, ${seeded.visits} visits in ${seedSeconds.toFixed(1)} s`);

    // A patient with 30 visits, for the chart case.
    const clinician = (await services.clinicians.list(actor))[0]!;
    const charted = await services.patients.create(
      actor,
      parseInput('patients.create', { givenName: 'Chart', familyName: 'Thirty', dateOfBirth: '1970-01-01', sex: 'female' }),
    );
    for (let i = 0; i < 30; i++)
      await services.visits.save(
        actor,
        parseInput(
          'visits.save',
          visitInput(charted.id, `2020-${String((i % 12) + 1).padStart(2, '0')}-${String(i + 1 > 28 ? 28 : i + 1).padStart(2, '0')}`, clinician.id),
        ),
      );

    // Start-up needs a user to sign in as (at the production Argon2id cost); the bench's own connection stays open and idle.
    const user = { username: 'bench', password: 'startup bench password' };
    if (only === undefined || only === 'startup')
      await services.users.create(actor, parseInput('users.create', { ...user, name: 'Bench User', role: 'dermatologist' }));
    const measure = async () => {
      const measured = await practiceCases(store, services, charted.id, clinician.id);
      if (only === undefined || only === 'startup') {
        const query = foldText(store.sqlite.prepare('select family_name from patients order by id limit 1').pluck().get() as string).slice(0, 3);
        // As the app leaves the file when it closes: the log folded in. Otherwise the first start
        // after the bench grew the practice copies hundreds of megabytes of the bench's own log
        // into the file (its first write checkpoints), and that start measures the bench.
        store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        Object.assign(measured.cases, await benchStartup(join(dir, 'bench.db'), user, query, Math.min(samples, 5)));
      }
      return measured;
    };
    let measured = await measure();
    let from: { dataset: ReturnType<typeof datasetOf>; cases: Record<string, Case> } | undefined;
    if (sizes.length > 1) {
      print(measured.cases);
      from = { dataset: datasetOf(store), cases: measured.cases };
      const grown = await grow(store.records, actor, sizes[1]! - sizes[0]!);
      seedSeconds += grown;
      console.error(`grew to ${datasetOf(store).patients} patients in ${grown.toFixed(1)} s`);
      measured = await measure();
    }
    const { cases, ratios, eventLoop } = measured;
    if (only === undefined || only === 'audit') {
      const audit = await benchAudit(Number(values['audit-rows']), Math.min(samples, 5));
      Object.assign(cases, audit.cases);
      Object.assign(ratios, audit.ratios);
    }

    const report = {
      dataset: { ...datasetOf(store), seedSeconds: Number(seedSeconds.toFixed(1)), seededThrough: 'importer', synchronous: 'FULL', journal: 'WAL' },
      cases,
      ratios,
      ...(eventLoop && { eventLoop }),
      ...(from && { growth: { from, cases: growthOf(from.cases, cases) } }),
    };
    store.close();

    print(cases);
    if (eventLoop)
      console.log(
        Object.entries(eventLoop)
          .map(([name, c]) => `${name.padEnd(34)} event-loop delay p99 ${c.p99_ms} ms   longest ${c.max_ms} ms   (job ${c.job_ms} ms)`)
          .join('\n'),
      );
    console.log(
      Object.values(ratios)
        .map((r) => `${r.case.padEnd(34)} ratio to ${r.baseline} ${r.value}`)
        .join('\n'),
    );
    if (from)
      console.log(
        Object.entries(growthOf(from.cases, cases))
          .map(([name, g]) => `${name.padEnd(34)} growth ${sizes[0]}→${sizes[1]} median ${g.median}x  p95 ${g.p95}x`)
          .join('\n'),
      );
    if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--practice-server`: the load test of N workstations on the practice server, instead of the cases above. */
async function runPracticeServer(): Promise<void> {
  const { benchPracticeServer, printPracticeServer } = await import('./practiceServer');
  const report = await benchPracticeServer({
    patients: Number(values.patients),
    workstations: values.workstations.split(',').map(Number),
    iterations: Number(values.iterations),
    thinkMs: Number(values.think),
    skipExport: values['skip-export'],
  });
  printPracticeServer(report);
  if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  if (!report.practiceServer.verification.ok) process.exitCode = 1;
}

(values['practice-server'] ? runPracticeServer() : run()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

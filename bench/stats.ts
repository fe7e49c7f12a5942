/**
 * Statistics cases: the summary for the last whole year of data and for all years, each
 * beside a hand-written SQL aggregate over the same rows (treatments of the period by kind
 * and month, with distinct patients) in the same run; and the exports of all years as the
 * worker thread makes them (a read-only connection of its own, the rows streamed into the
 * file), each with the heap it grew by (`memory`): for one year, for all years, and for all
 * years read into a list first (the in-process path the command line takes), to show that
 * streamed it stays flat as the rows grow.
 */
import type { Database } from 'better-sqlite3';
import type { Services } from '../src/main/services';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openStore } from '../src/main/db/open';
import { streamExport } from '../src/main/stats/exportFile';
import { renderExport, type Progress } from '../src/main/stats/formats';
import type { Actor } from '@shared/types';
import { parseInput } from '../src/main/api/handlers';
import { measureAsync, type Case } from './measure';

const rawAggregate = `select t.kind, substr(v.date, 1, 7) as month, count(*) as n, sum(t.lesions_treated) as lesions,
    count(distinct v.patient_id) as patients
  from visits v join treatments t on t.visit_id = v.id
  where v.date between ? and ?
  group by t.kind, month`;

export async function benchStats(services: Services, sqlite: Database, actor: Actor, samples: number) {
  const { first, last } = sqlite.prepare('select min(date) as first, max(date) as last from visits').get() as { first: string; last: string };
  const year = String(Number(last.slice(0, 4)) - 1);
  const periods = { one_year: { from: `${year}-01-01`, to: `${year}-12-31` }, all_years: { from: first, to: last } };
  const raw = sqlite.prepare(rawAggregate);

  const cases: Record<string, Case> = {};
  const ratios: Record<string, { case: string; baseline: string; value: number }> = {};
  for (const [name, period] of Object.entries(periods)) {
    const key = `stats_summary_${name}`;
    cases[key] = await measureAsync(() => services.stats.summary(actor, parseInput('stats.summary', { ...period, asOf: last })), samples);
    cases[`${key}_raw_sql`] = await measureAsync(async () => raw.all(period.from, period.to), samples);
    ratios[key] = { case: key, baseline: `${key}_raw_sql`, value: Number((cases[key]!.median_ms / cases[`${key}_raw_sql`]!.median_ms).toFixed(2)) };
  }
  const reader = openStore(sqlite.name, { readonly: true });
  try {
    for (const format of ['csv', 'xlsx'] as const) {
      const streamed = (period: { from: string; to: string }) => (onProgress?: Progress) =>
        streamExport(reader.records, format, { ...period, asOf: last }, onProgress);
      const inProcess = async (onProgress?: Progress) => renderExport(await services.stats.exportData(actor, { ...periods.all_years, format }), onProgress);
      // Each from a collected heap, as the app's worker thread holds only its own job's: the
      // seeding's garbage in this process (over 400 MB) made the CSV take 1.4 s instead of 1.0.
      const timed = await measureAsync(() => streamed(periods.all_years)(), 3, collect);
      cases[`stats_export_${format}_all_years`] = {
        ...timed,
        memory: {
          one_year: await heapGrowth(streamed(periods.one_year)),
          all_years: await heapGrowth(streamed(periods.all_years)),
          all_years_in_process: await heapGrowth(inProcess),
        },
      } as Case;
    }
  } finally {
    reader.close();
  }
  return { cases, ratios, periods };
}

/**
 * How far the heap grew over an export: its peak (sampled at every slice's progress, where
 * the rows under way are held) less what it held before, in MB; and the rows and file size.
 */
async function heapGrowth(run: (onProgress: Progress) => Promise<{ length: number } | { rows: number; bytes: Buffer }>) {
  // What is held, not garbage yet to be collected: a full collection before each reading.
  const used = () => {
    collect();
    return getHeapStatistics().used_heap_size;
  };
  const before = used();
  let peak = before;
  let rows = 0;
  const made = await run((done) => {
    peak = Math.max(peak, used());
    rows = done;
  });
  const mb = (n: number) => Number((n / 1e6).toFixed(1));
  return { rows, heap_growth_mb: mb(peak - before), file_mb: mb('bytes' in made ? made.bytes.length : made.length) };
}

setFlagsFromString('--expose-gc');
/** V8's full collection, reachable once the flag is set (a new context sees it). */
const collect = runInNewContext('gc') as () => void;

/**
 * Statistics cases: the summary for the last whole year of data and for all years, each
 * beside a hand-written SQL aggregate over the same rows (treatments of the period by kind
 * and month, with distinct patients) in the same run; and the exports of all years as the
 * worker thread makes them (a read-only connection of its own, the rows streamed into the
 * file), each with the memory it grew by (`memory`: the heap, and the buffers outside it that
 * hold the file's bytes): for one year, for all years, for all years written into a file as it
 * is made (the desktop app's way), and for all years read into a list first (the in-process
 * path the command line takes), to show that streamed it stays flat as the rows grow.
 */
import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '../src/main/services';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openStore } from '../src/main/db/open';
import { streamExport, streamExportInto } from '../src/main/stats/exportFile';
import { createTemporary } from '../src/main/files/durable';
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
  const folder = mkdtempSync(join(tmpdir(), 'milia-bench-export-'));
  try {
    for (const format of ['csv', 'xlsx'] as const) {
      const streamed = (period: { from: string; to: string }) => (onProgress?: Progress) =>
        streamExport(reader.records, format, { ...period, asOf: last }, onProgress);
      const inProcess = async (onProgress?: Progress) => renderExport(await services.stats.exportData(actor, { ...periods.all_years, format }), onProgress);
      const intoFile = (onProgress?: Progress) =>
        streamExportInto(reader.records, format, { ...periods.all_years, asOf: last }, createTemporary(join(folder, `export.${format}`)), onProgress);
      // Each from a collected heap, as the app's worker thread holds only its own job's: the
      // seeding's garbage in this process (over 400 MB) made the CSV take 1.4 s instead of 1.0.
      const timed = await measureAsync(() => streamed(periods.all_years)(), 3, collect);
      cases[`stats_export_${format}_all_years`] = {
        ...timed,
        memory: {
          one_year: await heapGrowth(streamed(periods.one_year)),
          all_years: await heapGrowth(streamed(periods.all_years)),
          all_years_into_file: await heapGrowth(intoFile),
          all_years_in_process: await heapGrowth(inProcess),
        },
      } as Case;
    }
  } finally {
    reader.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return { cases, ratios, periods };
}

/**
 * How far memory grew over an export: the heap's peak and that of the buffers outside it
 * (the file's bytes), each sampled at every slice's progress and at the end, less what was
 * held before, in MB; and the rows and file size.
 */
async function heapGrowth(run: (onProgress: Progress) => Promise<{ length: number } | { rows: number; bytes: Buffer } | { rows: number; size: number }>) {
  // What is held, not garbage yet to be collected: a full collection before each reading.
  const used = () => {
    collect();
    return { heap: getHeapStatistics().used_heap_size, external: process.memoryUsage().arrayBuffers };
  };
  // The baseline once the collector has let go of the buffers of the runs before (it frees them after the collection itself).
  used();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const before = used();
  const peak = { ...before };
  const sample = () => {
    const now = used();
    peak.heap = Math.max(peak.heap, now.heap);
    peak.external = Math.max(peak.external, now.external);
  };
  let rows = 0;
  const made = await run((done) => {
    sample();
    rows = done;
  });
  sample();
  const mb = (n: number) => Number((n / 1e6).toFixed(1));
  const size = 'bytes' in made ? made.bytes.length : 'size' in made ? made.size : made.length;
  return { rows, heap_growth_mb: mb(peak.heap - before.heap), external_growth_mb: mb(peak.external - before.external), file_mb: mb(size) };
}

setFlagsFromString('--expose-gc');
/** V8's full collection, reachable once the flag is set (a new context sees it). */
const collect = runInNewContext('gc') as () => void;

/**
 * Statistics cases: the summary for the last whole year of data and for all years, each
 * beside a hand-written SQL aggregate over the same rows (treatments of the period by kind
 * and month, with distinct patients) in the same run; and the exports of all years.
 */
import type { Database } from 'better-sqlite3';
import type { Services } from '../src/main/services';
import { renderExport } from '../src/main/stats/formats';
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
  for (const format of ['csv', 'xlsx'] as const) {
    cases[`stats_export_${format}_all_years`] = await measureAsync(
      async () => renderExport(await services.stats.exportData(actor, { ...periods.all_years, format })),
      3,
    );
  }
  return { cases, ratios, periods };
}

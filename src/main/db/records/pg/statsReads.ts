/**
 * The statistics on the practice server: the SQLite record's (`../sqlite/statsReads.ts`,
 * `statsSql.ts` and `statsDeferral.ts`) over the same roll-ups, which drizzle/pg/0003 keeps to
 * the same rows as every visit is written, read through the same spans of a period
 * (`../statsSpans.ts`): the same figures, in the same order. Where PostgreSQL differs:
 * - count() and sum() are bigint here, which node-postgres gives as strings: cast to int (the
 *   figures of one practice are far below 2^31).
 * - GROUP BY may hash here, where SQLite's sorts: each list is ordered as SQLite gives it, by
 *   the grouped columns' bytes (collate "C").
 * - Buckets and dates are compared in the columns' own collation, so that the roll-ups' and
 *   the visits' indexes serve the ranges (collate "C" would keep them out): a bound has the
 *   shape of the values it is compared with (digits, and dashes in the same places), which
 *   every collation orders as their bytes. An empty span ('9' to '0') is empty in any order.
 * - The vocabulary's codes are parameters, not spelled inline.
 */
import { sql, type SQL } from 'drizzle-orm';
import { destructionKinds, faceSites, treatmentKinds } from '@shared/vocabulary';
import type { TreatmentKind } from '@shared/vocabulary';
import { clinicians } from '../../pg/schema';
import type { StatsAggregates, StatsPeriod, StatsReads, StatsTreatment, StatsWrites } from '../contract';
import { overdueSpans, summaryFigures, type Rollup } from '../statsFigures';
import { monthSpansOf, spansOf, type MonthSpans, type Spans } from '../statsSpans';
import { cursorPages, type UnitDb } from './cursorPages';

/** A roll-up row: what `a`, `b`, `n`, `m` and `r` hold depends on `figure` (drizzle/pg/0003). */

type Bound = keyof Spans | keyof MonthSpans;

/** Rows of the figures over spans of grains, each `[grain, start, end]` one range of the primary key. */
function spanned(figures: readonly string[], columns: SQL, spans: readonly (readonly [string, Bound, Bound])[], bounds: Partial<Record<Bound, string>>): SQL {
  return sql.join(
    spans.map(
      ([grain, lo, hi]) =>
        sql`select ${columns} from stats_rollups where grain = ${grain} and figure in ${figures} and bucket between ${bounds[lo]} and ${bounds[hi]}`,
    ),
    sql` union all `,
  );
}

/** The period: days, months, years, months, days. */
const period = [
  ['day', 'd1', 'd2'],
  ['month', 'm1', 'm2'],
  ['year', 'y1', 'y2'],
  ['month', 'm3', 'm4'],
  ['day', 'd3', 'd4'],
] as const;

/** Every additive figure of the period but the by-month one. `b` of a treatment is its performer's id. */
const rollups = (spans: Spans) => sql`select figure, a, b, sum(n)::int as n, sum(m)::int as m, sum(r)::int as r
  from (${spanned(['visits', 'presentations', 'treatments', 'codes', 'outcomes', 'follow_ups'], sql`figure, a, b, n, m, r`, period, spans)}) s
  group by figure, a, b
  having sum(n) <> 0 or sum(m) <> 0 or sum(r) <> 0
  order by figure collate "C", a collate "C", b collate "C"`;

/** Treatments by kind in each month of the period: whole months and the days at the ends. */
const kindsByMonth = (spans: MonthSpans) => sql`select substr(bucket, 1, 7) as month, a as kind, sum(n)::int as n
  from (${spanned(
    ['kinds'],
    sql`bucket, a, n`,
    [
      ['day', 'd1', 'd2'],
      ['month', 'w1', 'w2'],
      ['day', 'd3', 'd4'],
    ],
    spans,
  )}) s
  group by 1, 2
  having sum(n) <> 0
  order by substr(bucket, 1, 7) collate "C", a collate "C"`;

/** Scheduled follow-ups over the span the caller gives: the period up to the day before asOf. */
const scheduled = (spans: Spans) =>
  sql`select coalesce(sum(n), 0)::int as n from (${spanned(['follow_ups'], sql`n, a`, period, spans)}) s where a = 'scheduled'`;

/** Patient days in the period, each patient once: on their first day in it. */
const firstDays = ({ from, to }: StatsPeriod) => sql`date between ${from} and ${to} and (prev_date is null or prev_date < ${from})`;

/** Distinct patients seen in the period; new ones had no day before. */
const patients = (p: StatsPeriod) => sql`select count(*)::int as patients, (count(*) filter (where prev_date is null))::int as "newPatients"
  from stats_patient_days where kind = '' and ${firstDays(p)}`;

/** Distinct patients given each kind of treatment in the period, counted the same way. */
const patientsByKind = (p: StatsPeriod) => sql`select kind, count(*)::int as patients
  from stats_patient_days where kind in ${treatmentKinds.codes} and ${firstDays(p)}
  group by kind`;

/** The peel depth, read only for peels (the only kind that has one). */
const peelDepth = sql`(case when t.kind = 'chemical_peel' then t.details::jsonb ->> 'depth' end)`;
const onFace = sql`(t.site in ${faceSites})`;

/** The period's treatments with their visits and performers. */
const periodTreatments = (from: string, to: string) => sql`from visits v join treatments t on t.visit_id = v.id join clinicians c on c.id = t.performed_by
  where v.date between ${from} and ${to}`;

/**
 * The treatments of the period, one row each, in visit order, with the code each falls
 * under: destruction by the visit's total destruction lesions (vocabulary.md), summed only for
 * destruction rows.
 */
const treatmentRows = ({ from, to }: StatsPeriod) => sql`select v.date as "visitDate", v.patient_id as "patientId", c.name as clinician,
    t.kind, t.site, t.side, t.lesions_treated as "lesionsTreated",
    case
      when t.kind = 'extraction' then '10040'
      when t.kind in ${destructionKinds} then (
        select case when sum(d.lesions_treated) >= 15 then '17111' when sum(d.lesions_treated) >= 1 then '17110' end
        from treatments d where d.visit_id = t.visit_id and d.kind in ${destructionKinds})
      when ${peelDepth} = 'epidermal' then case when ${onFace} then '15788' else '15792' end
      when ${peelDepth} = 'dermal' then case when ${onFace} then '15789' else '15793' end
    end as "procedureCode"
  ${periodTreatments(from, to)}
  order by v.date collate "C", v.id, t.position`;

/** How many rows `treatmentRows` gives: an export counts them first. */
const treatmentCount = ({ from, to }: StatsPeriod) => sql`select count(*)::int as n ${periodTreatments(from, to)}`;

export function statsRepository(db: UnitDb): StatsReads & StatsWrites {
  const rows = async <Row extends Record<string, unknown>>(query: SQL): Promise<Row[]> => (await db.execute<Row>(query)).rows as Row[];

  return {
    async aggregates(p): Promise<StatsAggregates> {
      const due = overdueSpans(p);
      return summaryFigures({
        patients: (await rows<{ patients: number; newPatients: number }>(patients(p)))[0],
        clinicianNames: await db.select({ id: clinicians.id, name: clinicians.name }).from(clinicians),
        rollups: await rows<Rollup>(rollups(spansOf(p.from, p.to))),
        patientsByKind: await rows<{ kind: TreatmentKind; patients: number }>(patientsByKind(p)),
        treatmentsByMonth: await rows<{ month: string; kind: TreatmentKind; n: number }>(kindsByMonth(monthSpansOf(p.from, p.to))),
        overdue: due === null ? 0 : ((await rows<{ n: number }>(scheduled(due)))[0]?.n ?? 0),
      });
    },
    async treatments(p) {
      return rows<StatsTreatment>(treatmentRows(p));
    },
    async eachTreatment(p) {
      const [counted] = await rows<{ n: number }>(treatmentCount(p));
      return { length: counted?.n ?? 0, pages: cursorPages<StatsTreatment>(db, treatmentRows(p)) };
    },
    async withRollupsDeferred(work) {
      const [newest] = await rows<{ since: number }>(sql`select coalesce(max(id), 0)::int as since from visits`);
      // The triggers skip their work while the setting is on; it is the transaction's alone, so no other writer sees it.
      await db.execute(sql`set local milia.defer_stats = 'on'`);
      // Adds what the visits after `since` brought, once, and turns the setting off (drizzle/pg/0003).
      const catchUp = () => db.execute(sql`select milia_stats_catch_up(${newest?.since ?? 0})`);
      // Also when the work failed, as on SQLite: whatever it wrote and its caller keeps is then
      // counted. After a database error the transaction is aborted and will be rolled back, so
      // the catch-up can neither run nor matter: the work's error is the one to tell.
      const value = await work().catch(async (error: unknown) => {
        await catchUp().catch(() => undefined);
        throw error;
      });
      await catchUp();
      return value;
    },
  };
}

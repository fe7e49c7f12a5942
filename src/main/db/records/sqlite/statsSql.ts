/**
 * The SQL of the statistics. The figures come from what migration 0009 keeps as every visit
 * is written: `stats_rollups` (sums per year, month and day), read for the period's whole
 * years and the months and days at its ends, and `stats_patient_days` (each patient's days,
 * with the day before), counted for distinct patients. The procedure-code rules of
 * `vocabulary.md` are written in that migration per visit, and here per treatment for the
 * exports. Hand-written: window functions say this better than a query builder. Columns are
 * named as the contract's rows.
 */
import { destructionKinds, faceSites, treatmentKinds } from '@shared/vocabulary';

/** The codes are the vocabulary's own (plain identifiers), so they can be spelled inline. */
const list = (codes: readonly string[]): string => codes.map((c) => `'${c.replace(/[^a-z_]/g, '')}'`).join(', ');

const destruction = list(destructionKinds);
const face = list(faceSites);

/** The peel depth, read only for peels (the only kind that has one). */
const peelDepth = `(case when t.kind = 'chemical_peel' then json_extract(t.details, '$.depth') end)`;
const onFace = `(t.site in (${face}))`;

/** Rows of the figures over spans of grains: each `[grain, start parameter, end parameter]` one index range. */
const spanned = (figures: string, columns: string, spans: readonly (readonly [string, string, string])[]) =>
  spans
    .map(([grain, lo, hi]) => `select ${columns} from stats_rollups where grain = '${grain}' and figure in (${figures}) and bucket between :${lo} and :${hi}`)
    .join(' union all ');

/** The period: days, months, years, months, days (`../statsSpans.ts`). */
const period = [
  ['day', 'd1', 'd2'],
  ['month', 'm1', 'm2'],
  ['year', 'y1', 'y2'],
  ['month', 'm3', 'm4'],
  ['day', 'd3', 'd4'],
] as const;

/** Every additive figure of the period but the by-month one. `b` of a treatment is its performer's id. */
export const rollups = `select figure, a, b, sum(n) as n, sum(m) as m, sum(r) as r
  from (${spanned(`'visits', 'presentations', 'treatments', 'codes', 'outcomes', 'follow_ups'`, 'figure, a, b, n, m, r', period)})
  group by figure, a, b
  having sum(n) <> 0 or sum(m) <> 0 or sum(r) <> 0`;

/** Treatments by kind in each month of the period: whole months and the days at the ends. */
export const kindsByMonth = `select substr(bucket, 1, 7) as month, a as kind, sum(n) as n
  from (${spanned(`'kinds'`, 'bucket, a, n', [
    ['day', 'd1', 'd2'],
    ['month', 'w1', 'w2'],
    ['day', 'd3', 'd4'],
  ])})
  group by month, kind
  having sum(n) <> 0`;

/** Scheduled follow-ups over the span the caller gives: the period up to the day before asOf. */
export const scheduled = `select coalesce(sum(n), 0) as n from (${spanned(`'follow_ups'`, 'n, a', period)}) where a = 'scheduled'`;

/** Distinct patients seen in the period: each once, on their first day in it; new ones had no day before. */
export const patients = `select count(*) as patients, coalesce(sum(prev_date is null), 0) as newPatients
  from stats_patient_days where kind = '' and date between :from and :to and (prev_date is null or prev_date < :from)`;

/** Distinct patients given each kind of treatment in the period, counted the same way. */
export const patientsByKind = `select kind, count(*) as patients
  from stats_patient_days where kind in (${list(treatmentKinds.codes)}) and date between :from and :to and (prev_date is null or prev_date < :from)
  group by kind`;

/** Names of the performers the roll-ups name by id. */
export const clinicianNames = `select id, name from clinicians`;

/** The treatments of the period, one row each, in visit order, joined `from` the visits and treatments as given. */
const treatmentRowsFrom = (from: string) => `select v.date as visitDate, v.patient_id as patientId, c.name as clinician, t.kind, t.site, t.side,
    t.lesions_treated as lesionsTreated,
    case
      when t.kind = 'extraction' then '10040'
      when t.kind in (${destruction}) then (
        select case when sum(d.lesions_treated) >= 15 then '17111' when sum(d.lesions_treated) >= 1 then '17110' end
        from treatments d where d.visit_id = t.visit_id and d.kind in (${destruction}))
      when ${peelDepth} = 'epidermal' then case when ${onFace} then '15788' else '15792' end
      when ${peelDepth} = 'dermal' then case when ${onFace} then '15789' else '15793' end
    end as procedureCode
  from ${from} join clinicians c on c.id = t.performed_by
  where v.date between :from and :to
  order by v.date, v.id, t.position`;

/**
 * The treatments of the period, one row each, in visit order, with the code each falls
 * under: destruction by the visit's total destruction lesions. Driven from the visits by
 * date and each visit's treatments in order (both by index, no sort of the treatment rows);
 * that total is summed from the treatments index only for destruction rows.
 */
export const treatmentRows = treatmentRowsFrom('visits v join treatments t on t.visit_id = v.id');

/**
 * The same rows in the same order, for a period that holds most of the treatments: the
 * treatments table read through in its own order, each visit found by its id, then the rows
 * sorted, at about two thirds of the time the visits' index takes to reach them row by row.
 */
export const treatmentRowsScanned = treatmentRowsFrom('treatments t not indexed cross join visits v on v.id = t.visit_id');

/** The highest treatment id: at least how many treatments there are, read from the table's last row. */
export const newestTreatment = `select coalesce(max(id), 0) as n from treatments`;

/**
 * How many rows `treatmentRows` gives for the period, from the roll-ups' treatment counts (a
 * few hundred rows) rather than counting the rows themselves: each treatment has a performer.
 */
export const treatmentCount = `select coalesce(sum(n), 0) as n from (${spanned(`'treatments'`, 'n', period)})`;

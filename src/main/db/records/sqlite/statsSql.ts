/**
 * The SQL of the statistics: every figure is an aggregate the database computes over the
 * visits of the period, never a loop over rows in JavaScript; the covering indexes of
 * migration 0003 let each pass read the period's rows from indexes alone. The
 * procedure-code rules of `vocabulary.md` are written once here, per visit for the summary
 * and per treatment for the exports. Hand-written: window functions and SQLite's JSON
 * functions say this better than a query builder. Columns are named as the contract's rows.
 */
import { destructionKinds, faceSites } from '@shared/vocabulary';

/** The codes are the vocabulary's own (plain identifiers), so they can be spelled inline. */
const list = (codes: readonly string[]): string => codes.map((c) => `'${c.replace(/[^a-z_]/g, '')}'`).join(', ');

const destruction = list(destructionKinds);
const face = list(faceSites);

/** The peel depth, read only for peels (the only kind that has one). */
const peelDepth = `(case when t.kind = 'chemical_peel' then json_extract(t.details, '$.depth') end)`;
const onFace = `(t.site in (${face}))`;

export const visitCounts = `select count(*) as visits, count(distinct patient_id) as patients from visits where date between :from and :to`;

/** Patients seen in the period who had no visit before it. */
export const newPatients = `select count(distinct v.patient_id) as n from visits v
  where v.date between :from and :to
    and not exists (select 1 from visits w where w.patient_id = v.patient_id and w.date < :from)`;

/** Types and sites in one pass; the summary adds them up each way (a few hundred rows at most). */
export const presentations = `select p.type, p.site, count(*) as presentations, sum(p.count) as lesions,
    sum(p.red_flags <> '[]') as redFlagged
  from visits v join presentations p on p.visit_id = v.id
  where v.date between :from and :to
  group by p.type, p.site`;

export const treatmentsByKind = `select t.kind, count(*) as treatments, sum(t.lesions_treated) as lesionsTreated,
    count(distinct v.patient_id) as patients
  from visits v join treatments t on t.visit_id = v.id
  where v.date between :from and :to
  group by t.kind`;

export const treatmentsByMonth = `select substr(v.date, 1, 7) as month, t.kind, count(*) as n
  from visits v join treatments t on t.visit_id = v.id
  where v.date between :from and :to
  group by month, t.kind`;

/** By who performed them; grouped by id first, so the names are looked up once per group. */
export const treatmentsByClinician = `select c.name, g.kind, g.n from (
    select t.performed_by, t.kind, count(*) as n
    from visits v join treatments t on t.visit_id = v.id
    where v.date between :from and :to
    group by t.kind, t.performed_by
  ) g join clinicians c on c.id = g.performed_by`;

/** Extraction and destruction codes: what each visit earns, summed over the visits. */
export const visitProcedureCodes = `select coalesce(sum(extraction), 0) as "10040",
    coalesce(sum(destroyed between 1 and 14), 0) as "17110", coalesce(sum(destroyed >= 15), 0) as "17111"
  from (
    select max(t.kind = 'extraction') as extraction,
      sum(iif(t.kind in (${destruction}), t.lesions_treated, 0)) as destroyed
    from visits v join treatments t on t.visit_id = v.id
    where v.date between :from and :to and t.kind in ('extraction', ${destruction})
    group by t.visit_id
  )`;

/** Peel codes: the visits with a peel of each depth on the face or head, and elsewhere. */
export const peelProcedureCodes = `select
    count(distinct iif(${peelDepth} = 'epidermal' and ${onFace}, t.visit_id, null)) as "15788",
    count(distinct iif(${peelDepth} = 'dermal' and ${onFace}, t.visit_id, null)) as "15789",
    count(distinct iif(${peelDepth} = 'epidermal' and not ${onFace}, t.visit_id, null)) as "15792",
    count(distinct iif(${peelDepth} = 'dermal' and not ${onFace}, t.visit_id, null)) as "15793"
  from visits v join treatments t on t.visit_id = v.id
  where v.date between :from and :to and t.kind = 'chemical_peel'`;

export const followUps = `select status, count(*) as n, sum(status = 'scheduled' and due_date < :asOf) as overdue
  from follow_ups where due_date between :from and :to
  group by status`;

/** Each completed follow-up of a period visit, once under every distinct kind of that visit. */
export const outcomesByKind = `select t.kind, f.outcome, count(*) as n
  from visits v join follow_ups f on f.visit_id = v.id join treatments t on t.visit_id = v.id
  where v.date between :from and :to and f.status = 'completed'
    -- the visit's first treatment of each kind stands for the kind: each kind once
    and not exists (select 1 from treatments e where e.visit_id = t.visit_id and e.kind = t.kind and e.position < t.position)
  group by t.kind, f.outcome`;

/**
 * The treatments of the period, one row each, in visit order, with the code each falls
 * under: destruction by the visit's total destruction lesions (a window over the visit).
 */
export const treatmentRows = `select v.date as visitDate, v.patient_id as patientId, c.name as clinician, t.kind, t.site, t.side,
    t.lesions_treated as lesionsTreated,
    case
      when t.kind = 'extraction' then '10040'
      when t.kind in (${destruction}) then
        case when destroyed >= 15 then '17111' when destroyed >= 1 then '17110' end
      when ${peelDepth} = 'epidermal' then case when ${onFace} then '15788' else '15792' end
      when ${peelDepth} = 'dermal' then case when ${onFace} then '15789' else '15793' end
    end as procedureCode
  from (
    select t.*, sum(case when t.kind in (${destruction}) then t.lesions_treated else 0 end) over (partition by t.visit_id) as destroyed
    from treatments t
    where t.visit_id in (select id from visits where date between :from and :to)
  ) t
  join visits v on v.id = t.visit_id join clinicians c on c.id = t.performed_by
  order by v.date, v.id, t.position`;

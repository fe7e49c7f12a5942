/**
 * The statistics as first written: every figure an aggregate over the period's visits, with
 * joins. Kept here as the slow reference the roll-ups are compared with (stats-fast.test.ts);
 * the app reads the roll-ups (src/main/db/records/sqlite/statsReads.ts).
 */
import type Database from 'better-sqlite3';
import type { StatsAggregates, StatsPeriod } from '../../src/main/db/records';
import { destructionKinds, faceSites } from '@shared/vocabulary';

/** The codes are the vocabulary's own (plain identifiers), so they can be spelled inline. */
const list = (codes: readonly string[]): string => codes.map((c) => `'${c.replace(/[^a-z_]/g, '')}'`).join(', ');

const destruction = list(destructionKinds);
const face = list(faceSites);

/** The peel depth, read only for peels (the only kind that has one). */
const peelDepth = `(case when t.kind = 'chemical_peel' then json_extract(t.details, '$.depth') end)`;
const onFace = `(t.site in (${face}))`;

const visitCounts = `select count(*) as visits, count(distinct patient_id) as patients from visits where date between :from and :to`;

/** Patients seen in the period who had no visit before it. */
const newPatients = `select count(distinct v.patient_id) as n from visits v
  where v.date between :from and :to
    and not exists (select 1 from visits w where w.patient_id = v.patient_id and w.date < :from)`;

/** Types and sites in one pass; the summary adds them up each way (a few hundred rows at most). */
const presentations = `select p.type, p.site, count(*) as presentations, sum(p.count) as lesions,
    sum(p.red_flags <> '[]') as redFlagged
  from visits v join presentations p on p.visit_id = v.id
  where v.date between :from and :to
  group by p.type, p.site`;

const treatmentsByKind = `select t.kind, count(*) as treatments, sum(t.lesions_treated) as lesionsTreated,
    count(distinct v.patient_id) as patients
  from visits v join treatments t on t.visit_id = v.id
  where v.date between :from and :to
  group by t.kind`;

const treatmentsByMonth = `select substr(v.date, 1, 7) as month, t.kind, count(*) as n
  from visits v join treatments t on t.visit_id = v.id
  where v.date between :from and :to
  group by month, t.kind`;

/** By who performed them; grouped by id first, so the names are looked up once per group. */
const treatmentsByClinician = `select c.name, g.kind, g.n from (
    select t.performed_by, t.kind, count(*) as n
    from visits v join treatments t on t.visit_id = v.id
    where v.date between :from and :to
    group by t.kind, t.performed_by
  ) g join clinicians c on c.id = g.performed_by`;

/** Extraction and destruction codes: what each visit earns, summed over the visits. */
const visitProcedureCodes = `select coalesce(sum(extraction), 0) as "10040",
    coalesce(sum(destroyed between 1 and 14), 0) as "17110", coalesce(sum(destroyed >= 15), 0) as "17111"
  from (
    select max(t.kind = 'extraction') as extraction,
      sum(iif(t.kind in (${destruction}), t.lesions_treated, 0)) as destroyed
    from visits v join treatments t on t.visit_id = v.id
    where v.date between :from and :to and t.kind in ('extraction', ${destruction})
    group by t.visit_id
  )`;

/** Peel codes: the visits with a peel of each depth on the face or head, and elsewhere. */
const peelProcedureCodes = `select
    count(distinct iif(${peelDepth} = 'epidermal' and ${onFace}, t.visit_id, null)) as "15788",
    count(distinct iif(${peelDepth} = 'dermal' and ${onFace}, t.visit_id, null)) as "15789",
    count(distinct iif(${peelDepth} = 'epidermal' and not ${onFace}, t.visit_id, null)) as "15792",
    count(distinct iif(${peelDepth} = 'dermal' and not ${onFace}, t.visit_id, null)) as "15793"
  from visits v join treatments t on t.visit_id = v.id
  where v.date between :from and :to and t.kind = 'chemical_peel'`;

const followUps = `select status, count(*) as n, sum(status = 'scheduled' and due_date < :asOf) as overdue
  from follow_ups where due_date between :from and :to
  group by status`;

/** Each completed follow-up of a period visit, once under every distinct kind of that visit. */
const outcomesByKind = `select t.kind, f.outcome, count(*) as n
  from visits v join follow_ups f on f.visit_id = v.id join treatments t on t.visit_id = v.id
  where v.date between :from and :to and f.status = 'completed'
    -- the visit's first treatment of each kind stands for the kind: each kind once
    and not exists (select 1 from treatments e where e.visit_id = t.visit_id and e.kind = t.kind and e.position < t.position)
  group by t.kind, f.outcome`;

type Range = { from: string; to: string };

/** The aggregates of a period by the reference SQL: what `statsReads.ts` answered before the roll-ups. */
export function referenceAggregates(sqlite: Database.Database, period: StatsPeriod): StatsAggregates {
  const range: Range = { from: period.from, to: period.to };
  const all = <Row>(source: string, params: object = range) => sqlite.prepare<[object], Row>(source).all(params);
  const get = <Row>(source: string) => sqlite.prepare<[object], Row>(source).get(range);
  const counts = get<{ visits: number; patients: number }>(visitCounts) ?? { visits: 0, patients: 0 };
  return {
    visits: counts.visits,
    patients: counts.patients,
    newPatients: get<{ n: number }>(newPatients)?.n ?? 0,
    presentations: all(presentations),
    treatmentsByKind: all(treatmentsByKind),
    treatmentsByMonth: all(treatmentsByMonth),
    treatmentsByClinician: all(treatmentsByClinician),
    procedureCodes: {
      '10040': 0,
      '17110': 0,
      '17111': 0,
      '15788': 0,
      '15789': 0,
      '15792': 0,
      '15793': 0,
      ...get<Record<string, number>>(visitProcedureCodes),
      ...get<Record<string, number>>(peelProcedureCodes),
    },
    followUps: all(followUps, { ...range, asOf: period.asOf }),
    outcomesByKind: all(outcomesByKind),
  };
}

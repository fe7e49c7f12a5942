/**
 * A period's summary made from what the statistics read of it, the same for both engines: each
 * reads the roll-ups and the few exact counts with its own SQL (`sqlite/statsReads.ts`,
 * `pg/statsReads.ts`), and the figures are put together here once.
 */
import type { FollowUpStatus, MiliaType, Outcome, ProcedureCode, Site, TreatmentKind } from '@shared/vocabulary';
import type { StatsAggregates, StatsPeriod } from './contract';
import { dayBefore, spansOf, type Spans } from './statsSpans';

/** A roll-up row: what `a`, `b`, `n`, `m` and `r` hold depends on `figure` (migration 0009). */
export type Rollup = { figure: string; a: string; b: string; n: number; m: number; r: number };

/** What a summary is made of, as each engine reads it for the period. */
export interface SummaryReads {
  patients: { patients: number; newPatients: number } | undefined;
  clinicianNames: Array<{ id: number; name: string }>;
  rollups: Iterable<Rollup>;
  patientsByKind: Array<{ kind: TreatmentKind; patients: number }>;
  treatmentsByMonth: StatsAggregates['treatmentsByMonth'];
  /** Follow-ups scheduled and due within `overdueSpans`: 0 when there are none. */
  overdue: number;
}

/** Overdue: scheduled with a due date in the period and before asOf; null when no day is left. */
export function overdueSpans(p: StatsPeriod): Spans | null {
  const to = p.to < p.asOf ? p.to : dayBefore(p.asOf);
  return to < p.from ? null : spansOf(p.from, to);
}

export function summaryFigures(reads: SummaryReads): StatsAggregates {
  const a: StatsAggregates = {
    visits: 0,
    ...(reads.patients ?? { patients: 0, newPatients: 0 }),
    presentations: [],
    treatmentsByKind: [],
    treatmentsByMonth: reads.treatmentsByMonth,
    treatmentsByClinician: [],
    procedureCodes: { '10040': 0, '17110': 0, '17111': 0, '15788': 0, '15789': 0, '15792': 0, '15793': 0 },
    followUps: [],
    outcomesByKind: [],
  };
  const names = new Map(reads.clinicianNames.map((c) => [String(c.id), c.name]));
  const kinds = new Map<TreatmentKind, StatsAggregates['treatmentsByKind'][number]>();
  const byClinician = new Map<string, StatsAggregates['treatmentsByClinician'][number]>();
  for (const row of reads.rollups) {
    switch (row.figure) {
      case 'visits':
        a.visits = row.n;
        break;
      case 'presentations':
        a.presentations.push({ type: row.a as MiliaType, site: row.b as Site, presentations: row.n, lesions: row.m, redFlagged: row.r });
        break;
      case 'treatments': {
        const kind = row.a as TreatmentKind;
        const sum = kinds.get(kind) ?? { kind, treatments: 0, lesionsTreated: 0, patients: 0 };
        kinds.set(kind, { ...sum, treatments: sum.treatments + row.n, lesionsTreated: sum.lesionsTreated + row.m });
        const by = `${row.b} ${kind}`;
        byClinician.set(by, { name: names.get(row.b) ?? '', kind, n: (byClinician.get(by)?.n ?? 0) + row.n });
        break;
      }
      case 'codes':
        a.procedureCodes[row.a as ProcedureCode] = row.n;
        break;
      case 'follow_ups':
        a.followUps.push({ status: row.a as FollowUpStatus, n: row.n, overdue: 0 });
        break;
      case 'outcomes':
        a.outcomesByKind.push({ kind: row.a as TreatmentKind, outcome: row.b as Outcome, n: row.n });
        break;
    }
  }
  for (const { kind, patients } of reads.patientsByKind) {
    const sum = kinds.get(kind);
    if (sum) sum.patients = patients;
  }
  a.treatmentsByKind = [...kinds.values()];
  a.treatmentsByClinician = [...byClinician.values()];
  const scheduled = a.followUps.find((f) => f.status === 'scheduled');
  if (scheduled) scheduled.overdue = reads.overdue;
  return a;
}

/** The statistics' aggregates in SQLite: the statements of `statsSql.ts`, prepared once, typed here. */
import type Database from 'better-sqlite3';
import type { FollowUpStatus, MiliaType, Outcome, ProcedureCode, Site, TreatmentKind } from '@shared/vocabulary';
import type { StatsAggregates, StatsReads, StatsTreatment } from '../contract';
import * as text from './statsSql';

type Range = { from: string; to: string };
type Codes<C extends ProcedureCode> = Record<C, number>;

export function statsRepository(sqlite: Database.Database): StatsReads {
  const prepare = <Row, P extends object = Range>(source: string) => sqlite.prepare<[P], Row>(source);
  const q = {
    visitCounts: prepare<{ visits: number; patients: number }>(text.visitCounts),
    newPatients: prepare<{ n: number }>(text.newPatients),
    presentations: prepare<{ type: MiliaType; site: Site; presentations: number; lesions: number; redFlagged: number }>(text.presentations),
    byKind: prepare<{ kind: TreatmentKind; treatments: number; lesionsTreated: number; patients: number }>(text.treatmentsByKind),
    byMonth: prepare<{ month: string; kind: TreatmentKind; n: number }>(text.treatmentsByMonth),
    byClinician: prepare<{ name: string; kind: TreatmentKind; n: number }>(text.treatmentsByClinician),
    visitCodes: prepare<Codes<'10040' | '17110' | '17111'>>(text.visitProcedureCodes),
    peelCodes: prepare<Codes<'15788' | '15789' | '15792' | '15793'>>(text.peelProcedureCodes),
    followUps: prepare<{ status: FollowUpStatus; n: number; overdue: number }, Range & { asOf: string }>(text.followUps),
    outcomes: prepare<{ kind: TreatmentKind; outcome: Outcome; n: number }>(text.outcomesByKind),
    rows: prepare<StatsTreatment>(text.treatmentRows),
  };

  return {
    async aggregates(period): Promise<StatsAggregates> {
      // Statements bind only the parameters their text names.
      const range = { from: period.from, to: period.to };
      const counts = q.visitCounts.get(range) ?? { visits: 0, patients: 0 };
      return {
        visits: counts.visits,
        patients: counts.patients,
        newPatients: q.newPatients.get(range)?.n ?? 0,
        presentations: q.presentations.all(range),
        treatmentsByKind: q.byKind.all(range),
        treatmentsByMonth: q.byMonth.all(range),
        treatmentsByClinician: q.byClinician.all(range),
        procedureCodes: {
          '10040': 0,
          '17110': 0,
          '17111': 0,
          '15788': 0,
          '15789': 0,
          '15792': 0,
          '15793': 0,
          ...q.visitCodes.get(range),
          ...q.peelCodes.get(range),
        },
        followUps: q.followUps.all({ ...range, asOf: period.asOf }),
        outcomesByKind: q.outcomes.all(range),
      };
    },
    async treatments(period) {
      return q.rows.all({ from: period.from, to: period.to });
    },
  };
}

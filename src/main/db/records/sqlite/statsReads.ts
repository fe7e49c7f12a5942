/** The statistics' aggregates in SQLite: the statements of `statsSql.ts`, prepared once, typed here. */
import type Database from 'better-sqlite3';
import type { FollowUpStatus, MiliaType, Outcome, ProcedureCode, Side, Site, TreatmentKind } from '@shared/vocabulary';
import type { StatsAggregates, StatsReads, StatsTreatment } from '../contract';
import { dayBefore, monthSpansOf, spansOf, type MonthSpans, type Spans } from '../statsSpans';
import * as text from './statsSql';

type Range = { from: string; to: string };
/** A roll-up row: what `a`, `b`, `n`, `m` and `r` hold depends on `figure` (migration 0009). */
type Rollup = { figure: string; a: string; b: string; n: number; m: number; r: number };

/** A row of `treatmentRows`, its columns in order. */
type TreatmentCells = [string, number, string, TreatmentKind, Site, Side | null, number, ProcedureCode | null];

const treatment = ([visitDate, patientId, clinician, kind, site, side, lesionsTreated, procedureCode]: TreatmentCells): StatsTreatment => ({
  visitDate,
  patientId,
  clinician,
  kind,
  site,
  side,
  lesionsTreated,
  procedureCode,
});

function* treatments(cells: Iterable<TreatmentCells>): Generator<StatsTreatment> {
  for (const row of cells) yield treatment(row);
}

export function statsRepository(sqlite: Database.Database): StatsReads {
  const prepare = <Row, P extends object = Range>(source: string) => sqlite.prepare<[P], Row>(source);
  const q = {
    rollups: prepare<Rollup, Spans>(text.rollups),
    byMonth: prepare<{ month: string; kind: TreatmentKind; n: number }, MonthSpans>(text.kindsByMonth),
    scheduled: prepare<{ n: number }, Spans>(text.scheduled),
    patients: prepare<{ patients: number; newPatients: number }>(text.patients),
    byKind: prepare<{ kind: TreatmentKind; patients: number }>(text.patientsByKind),
    names: sqlite.prepare<[], { id: number; name: string }>(text.clinicianNames),
    // Rows as arrays, made objects here: better-sqlite3 names each column of an object row at
    // a cost that was a third of reading an export's rows.
    rows: sqlite.prepare<[Range], TreatmentCells>(text.treatmentRows).raw(true),
    count: prepare<{ n: number }, Spans>(text.treatmentCount),
  };

  return {
    async aggregates(period): Promise<StatsAggregates> {
      const range = { from: period.from, to: period.to };
      const a: StatsAggregates = {
        visits: 0,
        ...(q.patients.get(range) ?? { patients: 0, newPatients: 0 }),
        presentations: [],
        treatmentsByKind: [],
        treatmentsByMonth: [],
        treatmentsByClinician: [],
        procedureCodes: { '10040': 0, '17110': 0, '17111': 0, '15788': 0, '15789': 0, '15792': 0, '15793': 0 },
        followUps: [],
        outcomesByKind: [],
      };
      const names = new Map(q.names.all().map((c) => [String(c.id), c.name]));
      const kinds = new Map<TreatmentKind, StatsAggregates['treatmentsByKind'][number]>();
      const clinicians = new Map<string, StatsAggregates['treatmentsByClinician'][number]>();
      for (const row of q.rollups.all(spansOf(period.from, period.to))) {
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
            clinicians.set(by, { name: names.get(row.b) ?? '', kind, n: (clinicians.get(by)?.n ?? 0) + row.n });
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
      for (const { kind, patients } of q.byKind.all(range)) {
        const sum = kinds.get(kind);
        if (sum) sum.patients = patients;
      }
      a.treatmentsByKind = [...kinds.values()];
      a.treatmentsByMonth = q.byMonth.all(monthSpansOf(period.from, period.to));
      a.treatmentsByClinician = [...clinicians.values()];
      // Overdue: scheduled with a due date in the period and before asOf.
      const overdueTo = period.to < period.asOf ? period.to : dayBefore(period.asOf);
      const overdue = overdueTo < period.from ? 0 : (q.scheduled.get(spansOf(period.from, overdueTo))?.n ?? 0);
      const scheduled = a.followUps.find((f) => f.status === 'scheduled');
      if (scheduled) scheduled.overdue = overdue;
      return a;
    },
    async treatments(period) {
      return q.rows.all({ from: period.from, to: period.to }).map(treatment);
    },
    async eachTreatment(period) {
      const range = { from: period.from, to: period.to };
      return { length: q.count.get(spansOf(period.from, period.to))?.n ?? 0, [Symbol.iterator]: () => treatments(q.rows.iterate(range)) };
    },
  };
}

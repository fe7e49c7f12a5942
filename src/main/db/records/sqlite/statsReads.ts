/** The statistics' aggregates in SQLite: the statements of `statsSql.ts`, prepared once, typed here. */
import type Database from 'better-sqlite3';
import type { ProcedureCode, Side, Site, TreatmentKind } from '@shared/vocabulary';
import type { StatsAggregates, StatsReads, StatsTreatment } from '../contract';
import { overdueSpans, summaryFigures, type Rollup } from '../statsFigures';
import { monthSpansOf, spansOf, type MonthSpans, type Spans } from '../statsSpans';
import * as text from './statsSql';

type Range = { from: string; to: string };

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

/**
 * Whether an export reads the whole treatments table and sorts what it keeps, rather than
 * reach the period's treatments through the visits' date index: when the period holds at
 * least half of them (by the newest id, which gaps only make larger). The sort holds what
 * fits in the page cache and spills the rest to a temporary file (`temp_store = FILE`,
 * open.ts), so a whole large practice is sorted in bounded memory: at 200,000 patients
 * (1.36 million rows) the scan and sort take 5 s where the index takes 13.
 */
export const scansWhole = (rows: number, newestId: number): boolean => rows * 2 >= newestId;

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
    scanned: sqlite.prepare<[Range], TreatmentCells>(text.treatmentRowsScanned).raw(true),
    newest: sqlite.prepare<[], { n: number }>(text.newestTreatment),
    count: prepare<{ n: number }, Spans>(text.treatmentCount),
  };

  return {
    async aggregates(period): Promise<StatsAggregates> {
      const range = { from: period.from, to: period.to };
      const due = overdueSpans(period);
      return summaryFigures({
        patients: q.patients.get(range),
        clinicianNames: q.names.all(),
        rollups: q.rollups.all(spansOf(period.from, period.to)),
        patientsByKind: q.byKind.all(range),
        treatmentsByMonth: q.byMonth.all(monthSpansOf(period.from, period.to)),
        overdue: due === null ? 0 : (q.scheduled.get(due)?.n ?? 0),
      });
    },
    async treatments(period) {
      return q.rows.all({ from: period.from, to: period.to }).map(treatment);
    },
    async eachTreatment(period) {
      const range = { from: period.from, to: period.to };
      const length = q.count.get(spansOf(period.from, period.to))?.n ?? 0;
      const rows = scansWhole(length, q.newest.get()?.n ?? 0) ? q.scanned : q.rows;
      return { length, [Symbol.iterator]: () => treatments(rows.iterate(range)) };
    },
  };
}

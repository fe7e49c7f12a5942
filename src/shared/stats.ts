/**
 * The practice statistics of `statistics.md`: the period asked for, the summary every surface
 * shows (screen, CSV, XLSX, command line), the rows of the treatment exports, and the
 * export jobs the screen follows. One service computes them all.
 */
import * as z from 'zod';
import { isIsoDate, isoDate } from './fields';
import type { FollowUpStatus, MiliaType, Outcome, ProcedureCode, Side, Site, TreatmentKind } from './vocabulary';

const period = {
  from: isoDate(),
  to: isoDate(),
  /** The day "overdue" is judged on; today when left out. */
  asOf: isoDate().optional(),
};

/** Judged only on two real dates: a badly written one has its own message already. */
const fromNotAfterTo = (p: { from: string; to: string }) => !isIsoDate(p.from) || !isIsoDate(p.to) || p.from <= p.to;
const fromNotAfterToMessage = { error: 'must be on or after the "from" day: swap the two days', path: ['to'] };

export const StatsQuery = z.strictObject(period).refine(fromNotAfterTo, fromNotAfterToMessage);
export type StatsQuery = z.input<typeof StatsQuery>;

const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const StatsExport = z
  .strictObject({ ...period, format: z.enum(exportFormats, { error: 'must be csv or xlsx' }) })
  .refine(fromNotAfterTo, fromNotAfterToMessage);
export type StatsExport = z.input<typeof StatsExport>;

export const StatsExportJob = z.strictObject({
  job: z.string({ error: 'must be the job id that starting the export returned' }).regex(/^[A-Za-z0-9_-]{16,64}$/, {
    error: 'must be the job id that starting the export returned',
  }),
});

export interface Period {
  from: string;
  to: string;
  asOf: string;
}

/** Counts keyed by code; a code whose count is zero is left out, and a reader takes it as 0. */
export type Counts<K extends string> = Partial<Record<K, number>>;

export interface StatsSummary {
  period: Period;
  visits: number;
  patients: number;
  newPatients: number;
  presentationsByType: Partial<Record<MiliaType, { presentations: number; lesions: number }>>;
  presentationsBySite: Partial<Record<Site, { presentations: number; lesions: number }>>;
  redFlagged: number;
  treatmentsByKind: Partial<Record<TreatmentKind, { treatments: number; lesionsTreated: number; patients: number }>>;
  /** Every calendar month the period touches, in order, empty months included. */
  treatmentsByMonth: { month: string; kinds: Counts<TreatmentKind> }[];
  /** By the name of who performed the treatment. */
  treatmentsByClinician: Record<string, Counts<TreatmentKind>>;
  /** Visits per code. */
  procedureCodes: Counts<ProcedureCode>;
  followUps: Record<FollowUpStatus | 'overdue', number>;
  outcomesByKind: Partial<Record<TreatmentKind, Counts<Outcome>>>;
}

/** One treatment of the period as the CSV and the XLSX "Treatments" sheet carry it. */
export interface TreatmentRow {
  visitDate: string;
  /** A pseudonym, stable within one export; never a name, MRN or date of birth. */
  patient: string;
  clinician: string;
  kind: TreatmentKind;
  site: Site;
  side: Side | null;
  lesionsTreated: number;
  procedureCode: ProcedureCode | null;
}

/**
 * The CSV header, in the order of `statistics.md`: the codes first, as since the first
 * version (a script reading by position still finds them), then each code's label.
 */
export const treatmentColumns = [
  'visit_date',
  'patient',
  'clinician',
  'kind',
  'site',
  'side',
  'lesions_treated',
  'procedure_code',
  'kind_label',
  'site_label',
  'side_label',
  'procedure_label',
] as const;

/** Where an export job is: the screen polls this to show progress. */
export type ExportJobStatus =
  | { state: 'running'; done: number; total: number }
  | { state: 'done'; rows: number; fileName: string; size: number; savedTo: string | null; url: string | null }
  | { state: 'failed'; message: string };

export interface ExportJobStarted {
  /** Null when the user closed the save dialog: nothing to follow. */
  job: string | null;
}

/**
 * The API contract: one entry per call, with the schema its input is parsed by and the type
 * it returns. The main process registers a handler for every entry (the compiler checks that
 * none is missing), the preload exposes one function per entry, and the browser mode serves
 * the same table over HTTP.
 */
import type { z } from 'zod';
import type { ApiName } from './apiNames';
import { BackupFile, type BackupState, type DatabaseSummary, type RestoreResult } from './backups';
import type { Envelope } from './errors';
import { HandoutCreate, HandoutList, type HandoutRecord } from './handouts';
import type { ImportSummary } from './interchange';
import { HandoutShow, type ShownPdf } from './printing';
import { StatsExport, StatsExportJob, StatsQuery, type ExportJobStarted, type ExportJobStatus, type StatsSummary } from './stats';
import {
  ClinicianInput,
  Empty,
  FollowUpAction,
  FollowUpComplete,
  PatientArchive,
  PatientCreate,
  PatientId,
  PatientSearch,
  PatientUpdate,
  SeedDemo,
  SettingsInput,
  SuggestFollowUp,
  VisitId,
  VisitInput,
  Worklist,
  type Settings,
} from './schemas';
import type { AppStatus, Chart, Clinician, FollowUp, FollowUpSuggestion, Patient, PatientSummary, Visit, WorklistResult } from './types';

/** A phantom carrying the output type; it is never read at run time. */
const returns = <T>() => undefined as unknown as T;

export const api = {
  'app.status': { input: Empty, output: returns<AppStatus>() },
  'app.loadDemo': { input: SeedDemo, output: returns<ImportSummary>() },
  'clinicians.list': { input: Empty, output: returns<Clinician[]>() },
  'clinicians.save': { input: ClinicianInput, output: returns<Clinician>() },
  'patients.search': { input: PatientSearch, output: returns<PatientSummary[]>() },
  'patients.get': { input: PatientId, output: returns<Patient>() },
  'patients.create': { input: PatientCreate, output: returns<Patient>() },
  'patients.update': { input: PatientUpdate, output: returns<Patient>() },
  'patients.archive': { input: PatientArchive, output: returns<Patient>() },
  'chart.get': { input: PatientId, output: returns<Chart>() },
  'visits.get': { input: VisitId, output: returns<Visit>() },
  'visits.save': { input: VisitInput, output: returns<Visit>() },
  'visits.suggestFollowUp': { input: SuggestFollowUp, output: returns<FollowUpSuggestion>() },
  'followUps.worklist': { input: Worklist, output: returns<WorklistResult>() },
  'followUps.complete': { input: FollowUpComplete, output: returns<FollowUp>() },
  'followUps.miss': { input: FollowUpAction, output: returns<FollowUp>() },
  'followUps.cancel': { input: FollowUpAction, output: returns<FollowUp>() },
  'settings.get': { input: Empty, output: returns<Settings>() },
  'settings.update': { input: SettingsInput, output: returns<Settings>() },
  'handouts.create': { input: HandoutCreate, output: returns<HandoutRecord>() },
  'handouts.list': { input: HandoutList, output: returns<HandoutRecord[]>() },
  'handouts.show': { input: HandoutShow, output: returns<ShownPdf>() },
  'stats.summary': { input: StatsQuery, output: returns<StatsSummary>() },
  'stats.export': { input: StatsExport, output: returns<ExportJobStarted>() },
  'stats.exportStatus': { input: StatsExportJob, output: returns<ExportJobStatus>() },
  'backups.list': { input: Empty, output: returns<BackupState>() },
  'backups.run': { input: Empty, output: returns<BackupState>() },
  'backups.inspect': { input: BackupFile, output: returns<DatabaseSummary>() },
  'backups.restore': { input: BackupFile, output: returns<RestoreResult>() },
} as const satisfies Record<ApiName, { input: z.ZodType; output: unknown }>;

type Api = typeof api;

/** The largest input a call takes, as JSON: a visit with 100 presentations and 100 treatments is far below this. */
export const maxInputBytes = 1024 * 1024;
export { apiNames, type ApiName } from './apiNames';
export type ApiInput<N extends ApiName> = z.input<Api[N]['input']>;
export type ApiParsed<N extends ApiName> = z.output<Api[N]['input']>;
export type ApiOutput<N extends ApiName> = Api[N]['output'];

/** The client every surface gets: one async function per call, resolving to the envelope. */
export type ApiClient = { [N in ApiName]: (input: ApiInput<N>) => Promise<Envelope<ApiOutput<N>>> };

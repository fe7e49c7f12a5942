/**
 * The API contract: one entry per call, with the schema its input is parsed by and the type
 * it returns. The main process registers a handler for every entry (the compiler checks that
 * none is missing), the preload exposes one function per entry, and the browser mode serves
 * the same table over HTTP.
 */
import type { z } from 'zod';
import type { ApiName } from './apiNames';
import { AuditQuery, type AuditExported, type AuditPage } from './audit';
import type { Permission } from './permissions';
import { PracticeSetup, SessionLock, SignIn, Unlock, UserActive, UserCreate, UserPassword, UserUpdate } from './users';
import { BackupFile, type BackupState, type DatabaseSummary, type RestoreResult } from './backups';
import type { Envelope } from './errors';
import { FavouriteDelete, FavouriteSave, type Favourite } from './favourites';
import { HandoutCreate, HandoutList, type HandoutRecord } from './handouts';
import type { ImportSummary } from './interchange';
import { RecordConnectionInput, type ConnectionTest, type RecordInUse, type RecordRestart } from './recordConnection';
import { HandoutShow, type ShownPdf } from './printing';
import { FollowUpCloseStale, FollowUpTransitionMany } from './worklist';
import { StatsExport, StatsExportJob, StatsQuery, type ExportJobStarted, type ExportJobStatus, type StatsSummary } from './stats';
import {
  AddendumInput,
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
  OverdueCount,
  type Settings,
} from './schemas';
import type {
  AppStatus,
  Chart,
  Clinician,
  DraftVisit,
  FollowUp,
  FollowUpSuggestion,
  Patient,
  PatientSummary,
  ReviewItem,
  SessionState,
  User,
  Visit,
  WorklistResult,
} from './types';

/** A phantom carrying the output type; it is never read at run time. */
const returns = <T>() => undefined as unknown as T;

export const api = {
  'app.status': { input: Empty, output: returns<AppStatus>(), permission: 'signedIn' },
  'app.loadDemo': { input: SeedDemo, output: returns<ImportSummary>(), permission: 'practice.manage' },
  'session.status': { input: Empty, output: returns<SessionState>(), permission: 'public' },
  'session.signIn': { input: SignIn, output: returns<SessionState>(), permission: 'public' },
  'session.signOut': { input: Empty, output: returns<SessionState>(), permission: 'public' },
  'session.lock': { input: SessionLock, output: returns<SessionState>(), permission: 'public' },
  'session.unlock': { input: Unlock, output: returns<SessionState>(), permission: 'public' },
  'session.activity': { input: Empty, output: returns<SessionState>(), permission: 'public' },
  'practice.setup': { input: PracticeSetup, output: returns<SessionState>(), permission: 'public' },
  'users.list': { input: Empty, output: returns<User[]>(), permission: 'users.manage' },
  'users.create': { input: UserCreate, output: returns<User>(), permission: 'users.manage' },
  'users.update': { input: UserUpdate, output: returns<User>(), permission: 'users.manage' },
  'users.resetPassword': { input: UserPassword, output: returns<User>(), permission: 'users.manage' },
  'users.setActive': { input: UserActive, output: returns<User>(), permission: 'users.manage' },
  'clinicians.list': { input: Empty, output: returns<Clinician[]>(), permission: 'clinicians.read' },
  // Kept for scripts written before users existed: a clinician profile without a sign-in (a locum named on visits).
  'clinicians.save': { input: ClinicianInput, output: returns<Clinician>(), permission: 'users.manage' },
  'patients.search': { input: PatientSearch, output: returns<PatientSummary[]>(), permission: 'charts.read' },
  'patients.get': { input: PatientId, output: returns<Patient>(), permission: 'charts.read' },
  'patients.create': { input: PatientCreate, output: returns<Patient>(), permission: 'patients.write' },
  'patients.update': { input: PatientUpdate, output: returns<Patient>(), permission: 'patients.write' },
  'patients.archive': { input: PatientArchive, output: returns<Patient>(), permission: 'patients.write' },
  'chart.get': { input: PatientId, output: returns<Chart>(), permission: 'charts.read' },
  'visits.get': { input: VisitId, output: returns<Visit>(), permission: 'charts.read' },
  'visits.save': { input: VisitInput, output: returns<Visit>(), permission: 'visits.document' },
  'visits.suggestFollowUp': { input: SuggestFollowUp, output: returns<FollowUpSuggestion>(), permission: 'visits.document' },
  'visits.sign': { input: VisitId, output: returns<Visit>(), permission: 'visits.sign' },
  'visits.addAddendum': { input: AddendumInput, output: returns<Visit>(), permission: 'visits.sign' },
  'visits.toSign': { input: Empty, output: returns<DraftVisit[]>(), permission: 'visits.sign' },
  'visits.toReview': { input: Empty, output: returns<ReviewItem[]>(), permission: 'visits.sign' },
  'visits.reviewCount': { input: Empty, output: returns<number>(), permission: 'visits.sign' },
  'followUps.worklist': { input: Worklist, output: returns<WorklistResult>(), permission: 'followUps.read' },
  'followUps.overdueCount': { input: OverdueCount, output: returns<number>(), permission: 'followUps.read' },
  'followUps.complete': { input: FollowUpComplete, output: returns<FollowUp>(), permission: 'followUps.record' },
  'followUps.miss': { input: FollowUpAction, output: returns<FollowUp>(), permission: 'followUps.record' },
  'followUps.cancel': { input: FollowUpAction, output: returns<FollowUp>(), permission: 'followUps.record' },
  'followUps.transitionMany': { input: FollowUpTransitionMany, output: returns<FollowUp[]>(), permission: 'followUps.record' },
  'followUps.closeStale': { input: FollowUpCloseStale, output: returns<FollowUp[]>(), permission: 'followUps.closeStale' },
  'settings.get': { input: Empty, output: returns<Settings>(), permission: 'signedIn' },
  'settings.update': { input: SettingsInput, output: returns<Settings>(), permission: 'practice.manage' },
  'record.get': { input: Empty, output: returns<RecordInUse>(), permission: 'practice.manage' },
  'record.test': { input: RecordConnectionInput, output: returns<ConnectionTest>(), permission: 'record.connect' },
  'record.save': { input: RecordConnectionInput, output: returns<RecordInUse>(), permission: 'record.connect' },
  'record.restart': { input: Empty, output: returns<RecordRestart>(), permission: 'record.connect' },
  'handouts.create': { input: HandoutCreate, output: returns<HandoutRecord>(), permission: 'handouts.print' },
  'handouts.list': { input: HandoutList, output: returns<HandoutRecord[]>(), permission: 'charts.read' },
  'handouts.show': { input: HandoutShow, output: returns<ShownPdf>(), permission: 'handouts.print' },
  'stats.summary': { input: StatsQuery, output: returns<StatsSummary>(), permission: 'stats.read' },
  'stats.export': { input: StatsExport, output: returns<ExportJobStarted>(), permission: 'stats.read' },
  'stats.exportStatus': { input: StatsExportJob, output: returns<ExportJobStatus>(), permission: 'stats.read' },
  'backups.list': { input: Empty, output: returns<BackupState>(), permission: 'backups.manage' },
  'backups.run': { input: Empty, output: returns<BackupState>(), permission: 'backups.manage' },
  'backups.inspect': { input: BackupFile, output: returns<DatabaseSummary>(), permission: 'backups.manage' },
  'backups.restore': { input: BackupFile, output: returns<RestoreResult>(), permission: 'backups.manage' },
  'audit.search': { input: AuditQuery, output: returns<AuditPage>(), permission: 'audit.read' },
  'audit.export': { input: AuditQuery, output: returns<AuditExported>(), permission: 'audit.read' },
  'favourites.list': { input: Empty, output: returns<Favourite[]>(), permission: 'visits.document' },
  'favourites.save': { input: FavouriteSave, output: returns<Favourite[]>(), permission: 'visits.document' },
  'favourites.delete': { input: FavouriteDelete, output: returns<Favourite[]>(), permission: 'visits.document' },
} as const satisfies Record<ApiName, { input: z.ZodType; output: unknown; permission: Permission | 'public' }>;

type Api = typeof api;

/**
 * The permission a call needs. `public` calls are the session's own (sign in, unlock, the
 * first run) and check what they need themselves.
 */
export const permissionOf = (name: ApiName): Permission | 'public' => api[name].permission;

/** The largest input a call takes, as JSON: a visit with 100 presentations and 100 treatments is far below this. */
export const maxInputBytes = 1024 * 1024;
export { apiNames, type ApiName } from './apiNames';
export type ApiInput<N extends ApiName> = z.input<Api[N]['input']>;
export type ApiParsed<N extends ApiName> = z.output<Api[N]['input']>;
export type ApiOutput<N extends ApiName> = Api[N]['output'];

/** The client every surface gets: one async function per call, resolving to the envelope. */
export type ApiClient = { [N in ApiName]: (input: ApiInput<N>) => Promise<Envelope<ApiOutput<N>>> };

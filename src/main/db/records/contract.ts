/**
 * The record layer's contract: what the services, the importer, the seed and the statistics
 * ask of the record, and nothing of how it is stored. Work is asked for as a unit, `read` or
 * `write`, and each repository call inside it resolves asynchronously, so that a second
 * implementation over a server database (whose drivers are asynchronous) fits the same
 * contract without a change above it. A write unit is one transaction: it finishes whole, or
 * changes nothing. Units never nest: inside one, use its `tx`.
 *
 * The row shapes come from the schema (`$inferInsert`), so a column added there reaches every
 * caller's types.
 */
import type { AuditEvent, AuditOutcome, AuditPage } from '@shared/audit';
import type { RecordTopic } from '@shared/changes';
import type { HandoutRecord } from '@shared/handouts';
import type { TreatmentRow } from '@shared/stats';
import type { Actor, Clinician, DraftVisit, FollowUp, Patient, PatientSummary, ReviewItem, User, Visit, VisitSignature, WorklistItem } from '@shared/types';
import type { FollowUpStatus, MiliaType, Outcome, ProcedureCode, Site, TreatmentKind } from '@shared/vocabulary';
import type * as schema from '../schema';
import type { ChainWalk } from './auditChain';

type Insert<T extends { $inferInsert: object }> = T['$inferInsert'];
/** The columns a caller gives, each one present (null for none): nothing is left to a default by mistake. */
type Given<T extends object, K extends keyof T> = { [P in K]-?: Exclude<T[P], undefined> };

export type NewPatient = Given<Insert<typeof schema.patients>, 'mrn' | 'givenName' | 'familyName' | 'dateOfBirth' | 'sex' | 'fitzpatrick' | 'phone' | 'email'>;
export type NewClinician = Given<Insert<typeof schema.clinicians>, 'key' | 'name' | 'role' | 'active'>;
export type ClinicianChange = Given<Insert<typeof schema.clinicians>, 'name' | 'role' | 'active'>;
export type NewVisit = Given<
  Insert<typeof schema.visits>,
  'key' | 'patientId' | 'date' | 'clinicianId' | 'notes' | 'pregnancyStatus' | 'retinoidOverride' | 'createdBy'
>;
export type VisitChange = Given<Insert<typeof schema.visits>, 'date' | 'clinicianId' | 'notes' | 'pregnancyStatus' | 'retinoidOverride' | 'updatedBy'>;
/** A signature as the record keeps it: the signer's name and user (null for the operating-system account), and when. */
export type NewSignature = Omit<VisitSignature, 'original'> & { byUser: number | null; original: VisitSignature['original'] };
export type NewAddendum = Given<Insert<typeof schema.addenda>, 'visitId' | 'text' | 'authorName' | 'authorUser' | 'signedAt' | 'presentationId' | 'decision'>;
/** A visit as stored; what blocks its signing is the services' judgement (`signBlockers`). */
export type VisitRecord = Omit<Visit, 'signBlockers'>;
/** A draft as the "To sign" list shows it, with the findings the services judge it by. */
export type DraftRecord = Omit<DraftVisit, 'signBlockers'> & Pick<Visit, 'presentations' | 'treatments'>;
/** A presentation that may need a decision; the services judge which do (`undecided`) and why. */
export type ReviewRecord = Omit<ReviewItem, 'reason'> & { decision: null };
export type StampedVisit = Pick<Visit, 'id' | 'createdAt' | 'updatedAt'>;
export type FindingIds = { presentations: number[]; treatments: number[] };
/** A presentation as the visit carries it; its visit and position are given by the call. */
export type NewPresentation = Omit<Insert<typeof schema.presentations>, 'id' | 'visitId' | 'position'>;
export type NewTreatment = Omit<Insert<typeof schema.treatments>, 'id' | 'visitId' | 'position'>;
export type FollowUpData = Omit<Insert<typeof schema.followUps>, 'id' | 'visitId' | 'position' | 'updatedBy' | 'updatedAt'>;
export type FollowUpTransition = Given<Insert<typeof schema.followUps>, 'status' | 'outcome' | 'completedDate' | 'notes'>;
export type NewHandout = Given<
  Insert<typeof schema.handouts>,
  'visitId' | 'createdBy' | 'sha256' | 'size' | 'largePrint' | 'paperSize' | 'templateVersions' | 'kinds' | 'pdf'
>;

/** A patient search already read from the box: words (folded), a date of birth, an MRN prefix. */
export interface PatientQuery {
  words: readonly string[];
  dateOfBirth: string | null;
  mrnPrefix: string | null;
  /** Digits typed alone, leading zeros dropped: the number an MRN ends with starts with them ("3" finds MN-000003 first, then MN-000030 …). */
  mrnNumber: string | null;
  includeArchived: boolean;
  limit: number;
}

export interface AuditEntry {
  actor: Actor;
  action: string;
  entity: string;
  entityId: number | null;
  /** The patient whose record the event touched, when one did. */
  patientId?: number | null;
  /** `ok` unless said otherwise. */
  outcome?: AuditOutcome;
  detail?: string;
}

export interface PatientReads {
  get(id: number): Promise<Patient | undefined>;
  /** MRN matches first, then names matching whole words, then the rest, alphabetically. */
  search(query: PatientQuery): Promise<PatientSummary[]>;
  /** The patient holding an MRN, case ignored. */
  idOfMrn(mrn: string): Promise<number | undefined>;
  /** The highest number after `prefix` among the MRNs that start with it; 0 when none does. */
  highestMrnNumber(prefix: string): Promise<number>;
  any(): Promise<boolean>;
  /** Every patient, by MRN, with the moment each was archived (null when not): what an export writes. */
  all(): Promise<Array<Patient & { archivedAt: string | null }>>;
}
/** A patient arriving archived (an import keeps the moment the record it comes from archived it), or not (null). */
export type NewPatientArchived = NewPatient & { archivedAt?: string | null };
export interface PatientWrites {
  insert(patient: NewPatientArchived): Promise<number>;
  update(id: number, patient: NewPatient): Promise<void>;
  setArchived(id: number, archived: boolean): Promise<void>;
}

export interface ClinicianReads {
  /** Active first, then by name. */
  list(): Promise<Clinician[]>;
  /** Every clinician, by key. */
  byKey(): Promise<Clinician[]>;
  get(id: number): Promise<Clinician | undefined>;
  /** Those of `ids` (distinct) that exist, in no set order: what a save names, without reading the whole list. */
  named(ids: readonly number[]): Promise<Clinician[]>;
  idOfKey(key: string): Promise<number | undefined>;
  exists(id: number): Promise<boolean>;
}
export interface ClinicianWrites {
  insert(clinician: NewClinician): Promise<number>;
  update(id: number, change: ClinicianChange): Promise<void>;
}

export type NewUser = Given<Insert<typeof schema.users>, 'username' | 'name' | 'role' | 'active' | 'clinicianId' | 'passwordHash'>;
export type UserChange = Given<Insert<typeof schema.users>, 'name' | 'role' | 'active' | 'clinicianId'>;
/** A user's clinician profile as its clinician row holds it (name and active follow the user). */
export type ClinicianProfileRow = Given<Insert<typeof schema.clinicians>, 'name' | 'role' | 'active' | 'title' | 'registrationNumber'>;

/** What signing in checks of a user: never listed, never sent to a screen. */
export interface UserCredentials {
  id: number;
  username: string;
  active: boolean;
  passwordHash: string | null;
  failedSignIns: number;
  lockedUntil: string | null;
}

/** A user as an actor is built from: who, their role, whether active, their clinician profile's id and role. */
export type UserIdentity = Pick<User, 'id' | 'username' | 'name' | 'role' | 'active'> & {
  clinician: Pick<NonNullable<User['clinician']>, 'id' | 'role'> | null;
};

export interface UserReads {
  /**
   * Every user by username, with their clinician profile, whether they are locked out now,
   * and whether they have documented anything: their clinician profile is named on a visit
   * or as a treatment's performer, or they signed a visit or wrote an addendum.
   */
  list(): Promise<User[]>;
  get(id: number): Promise<User | undefined>;
  /**
   * What a user acts as, from their row and profile alone (not whether they documented
   * anything, which reads the visits): every call of a signed-in session asks it.
   */
  identity(id: number): Promise<UserIdentity | undefined>;
  /** The user holding a username, case ignored. */
  credentials(username: string): Promise<UserCredentials | undefined>;
  credentialsOf(id: number): Promise<UserCredentials | undefined>;
  /** How many active administrators there are. */
  activeAdmins(): Promise<number>;
  /** Whether any active user has a password, and so can sign in. */
  anyoneCanSignIn(): Promise<boolean>;
}
export interface UserWrites {
  insert(user: NewUser): Promise<number>;
  update(id: number, change: UserChange): Promise<void>;
  /** A new password hash; it clears the failed sign-ins and any lock. */
  setPassword(id: number, passwordHash: string): Promise<void>;
  /** The failed sign-ins counted since the last success, and the lock they led to (null for none). */
  setSignInFailures(id: number, failedSignIns: number, lockedUntil: string | null): Promise<void>;
  /** A clinician profile for a user; its key is what files and exports name it by. */
  insertProfile(key: string, profile: ClinicianProfileRow): Promise<number>;
  updateProfile(clinicianId: number, profile: ClinicianProfileRow): Promise<void>;
}

export type VisitScope = { patientId: number } | { visitId: number };

export interface VisitReads {
  /** Every visit of a patient (newest first), or one visit, with all their rows and addenda (oldest first). */
  load(scope: VisitScope): Promise<VisitRecord[]>;
  /** The drafts (never signed) whose clinician is the one given, or every draft for null; newest first. */
  drafts(clinicianId: number | null): Promise<DraftRecord[]>;
  /** Presentations with no decision that have a red flag, are milia en plaque or may be a basal cell carcinoma; oldest visit first. */
  undecided(): Promise<ReviewRecord[]>;
  /** How many presentations `undecided` answers. */
  undecidedCount(): Promise<number>;
  /** The patient a visit belongs to. */
  patientOf(visitId: number): Promise<number | undefined>;
  keyTaken(key: string): Promise<boolean>;
  /** The date of the patient's first visit, or null. */
  firstDate(patientId: number): Promise<string | null>;
}
export interface VisitWrites {
  insert(visit: NewVisit): Promise<number>;
  /** `insert`, resolving to what the database stamped on the new visit as well as its id. */
  create(visit: NewVisit): Promise<StampedVisit>;
  /** Resolves to the time stamped as the visit's `updatedAt`. */
  update(id: number, change: VisitChange): Promise<string>;
  /** Stores the visit's presentations and treatments, in order, after any it had; resolves to their new ids, in the same order. */
  insertFindings(visitId: number, presentations: readonly NewPresentation[], treatments: readonly NewTreatment[]): Promise<FindingIds>;
  deleteFindings(visitId: number): Promise<void>;
  /** Makes a draft final: from now on the database refuses any change to it or its findings. */
  sign(visitId: number, signature: NewSignature): Promise<void>;
  insertAddendum(addendum: NewAddendum): Promise<number>;
}

export interface FollowUpReads {
  get(id: number): Promise<FollowUp | undefined>;
  idsOf(visitId: number): Promise<number[]>;
  /** The date of the visit that booked it. */
  visitDate(id: number): Promise<string | undefined>;
  /** Scheduled follow-ups of patients not archived, due before `asOf`, oldest first. */
  overdue(asOf: string, limit: number): Promise<WorklistItem[]>;
  /** How many of `overdue`, without a limit, were due on or after `from`: counted without reading them. */
  overdueCount(from: string, asOf: string): Promise<number>;
  /** Scheduled follow-ups of patients not archived, due in the range, soonest first. */
  due(from: string, to: string, limit: number): Promise<WorklistItem[]>;
}
export interface FollowUpWrites {
  insert(visitId: number, position: number, followUp: FollowUpData, by: string): Promise<number>;
  update(id: number, position: number, followUp: FollowUpData, by: string): Promise<void>;
  transition(id: number, change: FollowUpTransition, by: string): Promise<void>;
  delete(id: number): Promise<void>;
}

export interface HandoutReads {
  get(id: number): Promise<HandoutRecord | undefined>;
  pdf(id: number): Promise<Buffer | undefined>;
  /** A visit's handouts, newest first. */
  ofVisit(visitId: number): Promise<HandoutRecord[]>;
}
export interface HandoutWrites {
  insert(handout: NewHandout): Promise<number>;
}

export interface SettingsReads {
  /** The stored JSON document of a key, as it was saved. */
  get(key: string): Promise<unknown>;
}
export interface SettingsWrites {
  put(key: string, value: unknown): Promise<void>;
}

export interface AuditWrites {
  append(entry: AuditEntry): Promise<void>;
}

/** Which audit rows: a span of time (`from` included, `before` not, ISO 8601 UTC) and, when given, one user, patient or action. */
export interface AuditFilter {
  from: string;
  before: string;
  userId?: number | undefined;
  /** Case ignored. */
  username?: string | undefined;
  patientId?: number | undefined;
  action?: string | undefined;
}

export interface AuditReads {
  /** The newest `limit` matching rows, newest first, and how many match in all. */
  search(filter: AuditFilter, limit: number): Promise<AuditPage>;
  /**
   * Every matching row, newest first, counted first, then read as they are iterated (on the
   * server a page at a time through a cursor), never all held (an export of years of the
   * trail): only within the read unit, and nothing else may use the connection until the
   * iteration ends.
   */
  each(filter: AuditFilter): Promise<Counted<AuditEvent>>;
  /** Walks on along the chain from the walk's last row, at most `limit` rows; resolves to whether rows may remain. */
  walk(walk: ChainWalk, limit: number): Promise<boolean>;
  /** The hash each row carries: null for none, undefined for a row that is not there. */
  storedHashes(rows: readonly number[]): Promise<Map<number, string | null | undefined>>;
}

/** A period's days, both included, and the day "overdue" is judged on. */
export interface StatsPeriod {
  from: string;
  to: string;
  asOf: string;
}

/** The statistics' aggregates as the database computes them (`docs/spec/statistics.md`). */
export interface StatsAggregates {
  visits: number;
  patients: number;
  newPatients: number;
  presentations: Array<{ type: MiliaType; site: Site; presentations: number; lesions: number; redFlagged: number }>;
  treatmentsByKind: Array<{ kind: TreatmentKind; treatments: number; lesionsTreated: number; patients: number }>;
  treatmentsByMonth: Array<{ month: string; kind: TreatmentKind; n: number }>;
  treatmentsByClinician: Array<{ name: string; kind: TreatmentKind; n: number }>;
  procedureCodes: Record<ProcedureCode, number>;
  followUps: Array<{ status: FollowUpStatus; n: number; overdue: number }>;
  outcomesByKind: Array<{ kind: TreatmentKind; outcome: Outcome; n: number }>;
}

/** One treatment of a period, in visit order, with the procedure code it falls under: an export's row before its patient gets a pseudonym. */
export type StatsTreatment = Omit<TreatmentRow, 'patient'> & { patientId: number };

/**
 * Items counted before they are read, then read as they come: one by one on the file (a list
 * is one too), or a page at a time from the server, whose driver answers asynchronously
 * (`counted.ts` reads either).
 */
export type Counted<T> = { readonly length: number } & (Iterable<T> | { pages(): AsyncIterable<readonly T[]> });

export interface StatsReads {
  aggregates(period: StatsPeriod): Promise<StatsAggregates>;
  treatments(period: StatsPeriod): Promise<StatsTreatment[]>;
  /**
   * The same rows for an export, counted first, then read as they are iterated (on the server
   * a page at a time through a cursor), never all held (an export of many years); only within
   * the read unit, and nothing else may use the connection until the rows are read.
   */
  eachTreatment(period: StatsPeriod): Promise<Counted<StatsTreatment>>;
}

/** Only for a unit that adds new visits and changes no older one: an import. */
export interface StatsWrites {
  /** Runs `work` with the statistics roll-ups not kept row by row, then adds what the visits it added bring, once. */
  withRollupsDeferred<T>(work: () => Promise<T>): Promise<T>;
}

export interface ReadTx {
  patients: PatientReads;
  clinicians: ClinicianReads;
  users: UserReads;
  visits: VisitReads;
  followUps: FollowUpReads;
  handouts: HandoutReads;
  settings: SettingsReads;
  stats: StatsReads;
  audit: AuditReads;
}

export interface WriteTx extends ReadTx {
  patients: PatientReads & PatientWrites;
  clinicians: ClinicianReads & ClinicianWrites;
  users: UserReads & UserWrites;
  visits: VisitReads & VisitWrites;
  followUps: FollowUpReads & FollowUpWrites;
  handouts: HandoutReads & HandoutWrites;
  settings: SettingsReads & SettingsWrites;
  stats: StatsReads & StatsWrites;
  audit: AuditReads & AuditWrites;
}

/** A read that leaves its audit line: the read unit's view, and the trail to append to. */
export interface AuditedReadTx extends ReadTx {
  audit: AuditReads & AuditWrites;
}

export interface Records {
  /** A consistent view of the record; changes nothing. */
  read<T>(work: (tx: ReadTx) => Promise<T>): Promise<T>;
  /**
   * A read whose only write is its audit line (a search, a chart opened, an export): the line
   * joins the chain in order and is committed, without waiting for the disk, before the result
   * is given. An app crash keeps the line; a power cut may lose the last seconds of such lines,
   * never a write's line, and the chain stays whole (hazard log AUDIT-1). On the file one
   * transaction; on the server the reads are one snapshot and the lines a short unit after it.
   */
  audited<T>(work: (tx: AuditedReadTx) => Promise<T>): Promise<T>;
  /** One transaction: when `work` rejects, nothing it wrote is kept. */
  write<T>(work: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** Refreshes what the database knows of the data's shape, after a large import. */
  optimize(): Promise<void>;
  /**
   * Makes ready ahead what the first calls would otherwise make on their way (on a file, every
   * statement), a little at a time between other units; never rejects. For a surface that stays
   * open, once the record is, so that its first screen waits for its reads alone.
   */
  prepareAhead(): Promise<void>;
}

export type { RecordTopic };

/** Hears of each write unit committed with changes, by the kinds of record it changed. */
export type ChangeListener = (topics: readonly RecordTopic[]) => void;

/** An open record: where it is, the units of work over it, and closing it. */
export interface Store {
  /** Where the record is kept (the database file). */
  readonly path: string;
  readonly records: Records;
  /**
   * Hears of every write committed to the record from now on: this process's, and on the
   * practice server every workstation's, within moments of its commit. Returns the unsubscribe.
   */
  onChange(listener: ChangeListener): () => void;
  /**
   * The practice server's only: hears at once when the server stops answering (false) and when
   * it answers again (true), so that screens can say so. A file is always there.
   */
  onReachability?(listener: (reachable: boolean) => void): () => void;
  isOpen(): boolean;
  close(): void;
}

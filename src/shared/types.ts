/** What the API returns: plain data, the same in the desktop app, the browser and the CLI. */
import type {
  Anesthesia,
  Differential,
  Distribution,
  FollowUpStatus,
  MiliaType,
  Outcome,
  PregnancyStatus,
  RedFlag,
  ReviewDecision,
  Role,
  Sex,
  Side,
  Site,
  TreatmentKind,
  Trigger,
} from './vocabulary';
import type { AuditVerification } from './audit';

/** Where a call came from; the audit trail tells them apart. */
export type Surface = 'desktop' | 'browser' | 'cli';

/**
 * Who acts: every service takes it first, checks it against the permission table and
 * records it with every write and in the audit trail.
 */
export interface Actor {
  /** The signed-in user; null for the operating-system account at the command line, which has full rights. */
  userId: number | null;
  /** The username, or the operating-system account's name. */
  username: string;
  /** The name people read: "Dr Ada Okafor". */
  name: string;
  /** The user's role; null for the operating-system account. */
  role: Role | null;
  /** The user's clinician profile, when there is one, and the clinical role it gives. */
  clinicianId: number | null;
  clinicalRole: Role | null;
  surface: Surface;
}

/** A user account as the administrator sees it (never its password). */
export interface User {
  id: number;
  username: string;
  name: string;
  role: Role;
  active: boolean;
  /** The clinician profile: visits name it as clinician and performer. */
  clinician: { id: number; key: string; role: Role; title: string; registrationNumber: string } | null;
  /** Whether the user has a password yet (clinicians carried over from before sign-in existed have none until reset). */
  hasPassword: boolean;
  /** ISO time until which sign-in is refused after repeated failures; null when not locked. */
  lockedUntil: string | null;
  /** Whether the user has documented anything (such a user is deactivated, never deleted). */
  hasDocumented: boolean;
  createdAt: string;
}

/** The signed-in session as the screens see it. */
export interface SessionState {
  /** No user exists yet: the first-run screen creates the practice and its administrator. */
  setupNeeded: boolean;
  /** The signed-in user (also while locked, so the lock screen can name them). */
  user: Actor | null;
  /** Idle or locked by hand: every patient detail is hidden until the same user's password is given. */
  locked: boolean;
  /** Minutes of inactivity before the session locks. */
  idleMinutes: number;
  /** The demo users and their passwords, on a database that holds only demo data. */
  demoUsers: Array<{ username: string; password: string; role: Role }>;
}

export interface Clinician {
  id: number;
  key: string;
  name: string;
  role: Role;
  active: boolean;
}

export interface PatientSummary {
  id: number;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: Sex;
  archived: boolean;
}

export interface Patient extends PatientSummary {
  fitzpatrick: number | null;
  phone: string | null;
  email: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Presentation {
  id: number;
  type: MiliaType;
  site: Site;
  side: Side | null;
  count: number;
  sizeMm: number | null;
  distribution: Distribution | null;
  triggers: Trigger[];
  redFlags: RedFlag[];
  differentials: Differential[];
  notes: string;
  decision: ReviewDecision | null;
  decisionNote: string;
}

export interface Treatment {
  id: number;
  kind: TreatmentKind;
  site: Site;
  side: Side | null;
  lesionsTreated: number;
  anesthesia: Anesthesia | null;
  consent: boolean | null;
  performedById: number;
  performedByName: string;
  details: Record<string, unknown>;
  notes: string;
}

export interface FollowUp {
  id: number;
  visitId: number;
  dueDate: string;
  reason: string;
  status: FollowUpStatus;
  completedDate: string | null;
  outcome: Outcome | null;
  notes: string;
}

/** A correction after signing: its own text, author and time, signed by its author; never edited. */
export interface Addendum {
  id: number;
  visitId: number;
  text: string;
  authorName: string;
  signedAt: string;
  /** A decision addendum: the presentation (by id) of the signed visit it decides, and the decision; its text is the note. */
  presentationId: number | null;
  decision: ReviewDecision | null;
}

/** How a visit came to be final: signed by a dermatologist, or brought in signed from another record. */
export type SignatureKind = 'signed' | 'import';

export interface VisitSignature {
  kind: SignatureKind;
  /** The signer, or the user who imported it. */
  byName: string;
  at: string;
  /** An imported visit's signature in the record it came from, when it carried one. */
  original: { byName: string; at: string } | null;
}

export interface Visit {
  id: number;
  key: string;
  patientId: number;
  date: string;
  clinicianId: number;
  clinicianName: string;
  notes: string;
  /** Asked of a patient aged 12-55 who is not male; null when not recorded. */
  pregnancyStatus: PregnancyStatus | null;
  /** A dermatologist's reason to give a topical retinoid to a child under 12; audited, printed nowhere. */
  retinoidOverride: string | null;
  presentations: Presentation[];
  treatments: Treatment[];
  followUps: FollowUp[];
  /** Red-flagged presentations still waiting for a decision. */
  pendingReview: number;
  /** Null while the visit is a draft. */
  signature: VisitSignature | null;
  /** What stops a draft from being signed, in plain sentences; empty when it can be signed. */
  signBlockers: string[];
  /** Oldest first. */
  addenda: Addendum[];
  createdBy: string;
  /** Who saved the visit last (as the audit trail names them). */
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A draft visit waiting for a dermatologist's signature. */
export interface DraftVisit {
  visitId: number;
  patient: PatientSummary;
  date: string;
  clinicianName: string;
  createdBy: string;
  updatedAt: string;
  signBlockers: string[];
}

/** A presentation waiting for a dermatologist's decision (biopsy, referral, proceed), as the Review list shows it. */
export interface ReviewItem {
  visitId: number;
  patient: PatientSummary;
  date: string;
  clinicianName: string;
  /** Its number on the visit, from 1, as the visit form and the sign blockers count. */
  number: number;
  type: MiliaType;
  site: Site;
  side: Side | null;
  redFlags: RedFlag[];
  differentials: Differential[];
  /** Why it needs a decision: "has a red flag", "is milia en plaque", ... */
  reason: string;
  /** How the visit was signed, if it was: a signed visit cannot change, so its decision is written as an addendum. */
  signed: 'signed' | 'import' | null;
}

/** Lesion counts at one site (and side) over the visits that recorded it, oldest first. */
export interface LesionHistory {
  site: Site;
  side: Side | null;
  points: Array<{ date: string; visitId: number; count: number }>;
}

export interface Chart {
  patient: Patient;
  /** Newest first. */
  visits: Visit[];
  lesionHistory: LesionHistory[];
}

export interface WorklistItem {
  followUp: FollowUp;
  patient: PatientSummary;
  visitDate: string;
  clinicianName: string;
  kinds: TreatmentKind[];
}

export interface WorklistResult {
  asOf: string;
  /** Scheduled and due before `asOf`, oldest first. */
  overdue: WorklistItem[];
  /** Scheduled and due in the range, soonest first. */
  due: WorklistItem[];
}

export interface FollowUpSuggestion {
  dueDate: string | null;
  weeks: number | null;
  /** The kind whose interval decided the date. */
  basis: TreatmentKind | null;
}

export interface AppStatus {
  version: string;
  databasePath: string;
  /** No patient yet: the app offers demo data. */
  empty: boolean;
  actor: Actor;
  /**
   * For those who may read the audit trail (administrators) only: the chain verified once
   * since the database was opened, with the heads recorded outside it. A `problem` is to be
   * shown to them at start-up.
   */
  auditTrail?: AuditVerification;
}

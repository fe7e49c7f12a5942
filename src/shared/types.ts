/** What the API returns: plain data, the same in the desktop app, the browser and the CLI. */
import type {
  Anesthesia,
  Differential,
  Distribution,
  FollowUpStatus,
  MiliaType,
  Outcome,
  RedFlag,
  ReviewDecision,
  Role,
  Sex,
  Side,
  Site,
  TreatmentKind,
  Trigger,
} from './vocabulary';

/** Who acts: every service takes it first and records it with every write. */
export interface Actor {
  /** The clinician record of this user, when there is one. */
  clinicianId: number | null;
  name: string;
  role: Role;
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

export interface Visit {
  id: number;
  key: string;
  patientId: number;
  date: string;
  clinicianId: number;
  clinicianName: string;
  notes: string;
  presentations: Presentation[];
  treatments: Treatment[];
  followUps: FollowUp[];
  /** Red-flagged presentations still waiting for a decision. */
  pendingReview: number;
  createdAt: string;
  updatedAt: string;
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
}

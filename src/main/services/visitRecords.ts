/**
 * Reading and writing a visit's rows: the visit, its presentations, treatments and
 * follow-ups. The visit service and the importer both write through here, so a visit is
 * stored the same way whichever door it came in by. Statements are prepared once per store.
 */
import type { FollowUp, Presentation, Treatment, Visit } from '@shared/types';
import type {
  Anesthesia,
  Differential,
  Distribution,
  FollowUpStatus,
  MiliaType,
  Outcome,
  RedFlag,
  ReviewDecision,
  Side,
  Site,
  TreatmentKind,
  Trigger,
} from '@shared/vocabulary';
import type { Store } from './context';

export interface PresentationData {
  type: MiliaType;
  site: Site;
  side?: Side | undefined;
  count: number;
  sizeMm?: number | undefined;
  distribution?: Distribution | undefined;
  triggers: Trigger[];
  redFlags: RedFlag[];
  differentials: Differential[];
  notes: string;
  decision?: ReviewDecision | undefined;
  decisionNote?: string | undefined;
}

export interface TreatmentRowData {
  kind: TreatmentKind;
  site: Site;
  side?: Side | undefined;
  lesionsTreated: number;
  anesthesia?: Anesthesia | undefined;
  consent?: boolean | undefined;
  performedBy: number;
  details: object;
  notes: string;
}

export interface FollowUpData {
  dueDate: string;
  reason: string;
  status: FollowUpStatus;
  completedDate?: string | undefined;
  outcome?: Outcome | undefined;
  notes?: string | undefined;
}

interface VisitRow {
  id: number;
  key: string;
  patient_id: number;
  date: string;
  clinician_id: number;
  clinician_name: string;
  notes: string;
  created_at: string;
  updated_at: string;
}
interface PresentationRow {
  id: number;
  visit_id: number;
  type: MiliaType;
  site: Site;
  side: Side | null;
  count: number;
  size_mm: number | null;
  distribution: Distribution | null;
  triggers: string;
  red_flags: string;
  differentials: string;
  notes: string;
  decision: ReviewDecision | null;
  decision_note: string;
}
interface TreatmentRow {
  id: number;
  visit_id: number;
  kind: TreatmentKind;
  site: Site;
  side: Side | null;
  lesions_treated: number;
  anesthesia: Anesthesia | null;
  consent: number | null;
  performed_by: number;
  performed_by_name: string;
  details: string;
  notes: string;
}
export interface FollowUpRow {
  id: number;
  visit_id: number;
  due_date: string;
  reason: string;
  status: FollowUpStatus;
  completed_date: string | null;
  outcome: Outcome | null;
  notes: string;
}

export const toFollowUp = (r: FollowUpRow): FollowUp => ({
  id: r.id,
  visitId: r.visit_id,
  dueDate: r.due_date,
  reason: r.reason,
  status: r.status,
  completedDate: r.completed_date,
  outcome: r.outcome,
  notes: r.notes,
});

const toPresentation = (r: PresentationRow): Presentation => ({
  id: r.id,
  type: r.type,
  site: r.site,
  side: r.side,
  count: r.count,
  sizeMm: r.size_mm,
  distribution: r.distribution,
  triggers: JSON.parse(r.triggers) as Trigger[],
  redFlags: JSON.parse(r.red_flags) as RedFlag[],
  differentials: JSON.parse(r.differentials) as Differential[],
  notes: r.notes,
  decision: r.decision,
  decisionNote: r.decision_note,
});

const toTreatment = (r: TreatmentRow): Treatment => ({
  id: r.id,
  kind: r.kind,
  site: r.site,
  side: r.side,
  lesionsTreated: r.lesions_treated,
  anesthesia: r.anesthesia,
  consent: r.consent === null ? null : r.consent === 1,
  performedById: r.performed_by,
  performedByName: r.performed_by_name,
  details: JSON.parse(r.details) as Record<string, unknown>,
  notes: r.notes,
});

const visitSelect = `select v.id, v.key, v.patient_id, v.date, v.clinician_id, c.name as clinician_name, v.notes, v.created_at, v.updated_at
  from visits v join clinicians c on c.id = v.clinician_id`;
const childScope = {
  patient: 'visit_id in (select id from visits where patient_id = ?)',
  visit: 'visit_id = ?',
} as const;

export type VisitRecords = ReturnType<typeof visitRecords>;

export function visitRecords(store: Store) {
  const { sqlite } = store;
  const insertVisit = sqlite.prepare('insert into visits (key, patient_id, date, clinician_id, notes, created_by, updated_by) values (?, ?, ?, ?, ?, ?, ?)');
  const insertPresentation = sqlite.prepare(
    `insert into presentations (visit_id, position, type, site, side, count, size_mm, distribution, triggers, red_flags, differentials, notes, decision, decision_note)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTreatment = sqlite.prepare(
    `insert into treatments (visit_id, position, kind, site, side, lesions_treated, anesthesia, consent, performed_by, details, notes)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFollowUp = sqlite.prepare(
    `insert into follow_ups (visit_id, position, due_date, reason, status, completed_date, outcome, notes, updated_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selects = (scope: keyof typeof childScope) => ({
    visits: sqlite.prepare(`${visitSelect} where ${scope === 'patient' ? 'v.patient_id' : 'v.id'} = ? order by v.date desc, v.id desc`),
    presentations: sqlite.prepare(`select * from presentations where ${childScope[scope]} order by visit_id, position`),
    treatments: sqlite.prepare(
      `select t.*, c.name as performed_by_name from treatments t join clinicians c on c.id = t.performed_by where ${childScope[scope]} order by visit_id, position`,
    ),
    followUps: sqlite.prepare(`select * from follow_ups where ${childScope[scope]} order by visit_id, position`),
  });
  const byScope = { patient: selects('patient'), visit: selects('visit') };

  const group = <R extends { visit_id: number }, T>(rows: R[], map: (r: R) => T): Map<number, T[]> => {
    const out = new Map<number, T[]>();
    for (const r of rows) {
      const list = out.get(r.visit_id);
      if (list) list.push(map(r));
      else out.set(r.visit_id, [map(r)]);
    }
    return out;
  };

  return {
    insertVisit(key: string, patientId: number, date: string, clinicianId: number, notes: string, by: string): number {
      return Number(insertVisit.run(key, patientId, date, clinicianId, notes, by, by).lastInsertRowid);
    },

    /** Inserts the visit's presentations and treatments, in order. */
    insertFindings(visitId: number, presentations: readonly PresentationData[], treatments: readonly TreatmentRowData[]): void {
      presentations.forEach((p, i) =>
        insertPresentation.run(
          visitId,
          i,
          p.type,
          p.site,
          p.side ?? null,
          p.count,
          p.sizeMm ?? null,
          p.distribution ?? null,
          JSON.stringify(p.triggers),
          JSON.stringify(p.redFlags),
          JSON.stringify(p.differentials),
          p.notes,
          p.decision ?? null,
          p.decisionNote ?? '',
        ),
      );
      treatments.forEach((t, i) =>
        insertTreatment.run(
          visitId,
          i,
          t.kind,
          t.site,
          t.side ?? null,
          t.lesionsTreated,
          t.anesthesia ?? null,
          t.consent === undefined ? null : t.consent ? 1 : 0,
          t.performedBy,
          JSON.stringify(t.details),
          t.notes,
        ),
      );
    },

    insertFollowUp(visitId: number, position: number, f: FollowUpData, by: string): number {
      return Number(
        insertFollowUp.run(visitId, position, f.dueDate, f.reason, f.status, f.completedDate ?? null, f.outcome ?? null, f.notes ?? '', by).lastInsertRowid,
      );
    },

    /** Every visit of a patient (newest first), or one visit, with all its rows. */
    load(scope: keyof typeof childScope, id: number): Visit[] {
      const q = byScope[scope];
      const rows = q.visits.all(id) as VisitRow[];
      if (rows.length === 0) return [];
      const presentations = group(q.presentations.all(id) as PresentationRow[], toPresentation);
      const treatments = group(q.treatments.all(id) as TreatmentRow[], toTreatment);
      const followUps = group(q.followUps.all(id) as FollowUpRow[], toFollowUp);
      return rows.map((v) => {
        const ps = presentations.get(v.id) ?? [];
        return {
          id: v.id,
          key: v.key,
          patientId: v.patient_id,
          date: v.date,
          clinicianId: v.clinician_id,
          clinicianName: v.clinician_name,
          notes: v.notes,
          presentations: ps,
          treatments: treatments.get(v.id) ?? [],
          followUps: followUps.get(v.id) ?? [],
          pendingReview: ps.filter((p) => p.redFlags.length > 0 && p.decision === null).length,
          createdAt: v.created_at,
          updatedAt: v.updated_at,
        };
      });
    },
  };
}

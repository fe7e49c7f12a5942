/**
 * Visits as either engine reads them, made into the records of the contract: the rows a
 * query gives (the same columns on SQLite and on the practice server) and one assembly of
 * them, so that a visit, a draft and a Review item read alike whichever engine holds them.
 */
import { decisionWords, undecided } from '@shared/decisions';
import type { Addendum, FollowUp, PatientSummary, Presentation, ReviewItem, SignatureKind, Treatment, WorklistItem } from '@shared/types';
import type { DraftRecord, ReviewRecord, VisitRecord } from './contract';
import { toSummary } from './patientRows';

/** A presentation's and a treatment's fields as a save gives and the record keeps them, in their columns' order (each row also has its visit and position). */
export const presentationKeys = [
  'type',
  'site',
  'side',
  'count',
  'sizeMm',
  'distribution',
  'triggers',
  'redFlags',
  'differentials',
  'notes',
  'decision',
  'decisionNote',
] as const;
export const treatmentKeys = ['kind', 'site', 'side', 'lesionsTreated', 'anesthesia', 'consent', 'performedBy', 'details', 'notes'] as const;

type OfVisit<T> = T & { visitId: number };

/** A visit's row: its columns, its clinician's name, and its signature's columns. */
export type VisitRow = Omit<VisitRecord, 'signature' | 'addenda' | 'presentations' | 'treatments' | 'followUps' | 'pendingReview'> & {
  signedAt: string | null;
  signatureKind: SignatureKind | null;
  signedBy: string | null;
  originalSignedBy: string | null;
  originalSignedAt: string | null;
};

/** The rows under some visits, each in its visit's order. */
export interface VisitChildren {
  presentations: readonly OfVisit<Presentation>[];
  treatments: readonly OfVisit<Treatment>[];
  followUps: readonly FollowUp[];
  addenda: readonly Addendum[];
}

/** A patient's columns as a draft's or a Review item's row carries them. */
type PatientColumns = Omit<PatientSummary, 'id' | 'archived'> & { patientId: number; archivedAt: string | null };

/** A follow-up of the worklist's row: the patient's columns as selected, not yet summarised. */
export type WorklistRow = Omit<WorklistItem, 'patient'> & { patient: Omit<PatientSummary, 'archived'> & { archivedAt: string | null } };

/** A draft's row: the visit, its clinician's name and its patient. */
export type DraftRow = Pick<DraftRecord, 'visitId' | 'date' | 'clinicianName' | 'createdBy' | 'updatedAt'> & PatientColumns;

/** A Review candidate's row: a draft's columns, the visit's signature kind, and the presentation. */
export type ReviewRow = DraftRow &
  Pick<ReviewItem, 'type' | 'site' | 'side' | 'redFlags' | 'differentials'> & { signatureKind: SignatureKind | null; position: number };

/** Rows by their visit, in the order they came. */
function byVisit<R extends { visitId: number }, T>(rows: readonly R[], map: (r: R) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.visitId);
    if (list) list.push(map(r));
    else out.set(r.visitId, [map(r)]);
  }
  return out;
}

// Each record is written out field by field: a copy by spread or rest of a record this wide
// costs V8 a microsecond or more (10 µs for a visit), where a literal of known shape costs tens
// of nanoseconds; a chart makes some 150 of them.
const presentationOf = (p: OfVisit<Presentation>): Presentation => ({
  id: p.id,
  type: p.type,
  site: p.site,
  side: p.side,
  count: p.count,
  sizeMm: p.sizeMm,
  distribution: p.distribution,
  triggers: p.triggers,
  redFlags: p.redFlags,
  differentials: p.differentials,
  notes: p.notes,
  decision: p.decision,
  decisionNote: p.decisionNote,
});
const treatmentOf = (t: OfVisit<Treatment>): Treatment => ({
  id: t.id,
  kind: t.kind,
  site: t.site,
  side: t.side,
  lesionsTreated: t.lesionsTreated,
  anesthesia: t.anesthesia,
  consent: t.consent,
  performedById: t.performedById,
  performedByName: t.performedByName,
  details: t.details,
  notes: t.notes,
});

/**
 * A signed visit's presentation cannot change, so a decision made after signing (or on a
 * visit signed on import) is a decision addendum; the visit reads with it in place, so that
 * every judge of `undecided` (chart, handout, Review list) sees one answer.
 */
function withDecisionAddenda(found: Presentation[], written: readonly Addendum[]): Presentation[] {
  return found.map((p, i) => {
    const last = p.decision === null ? written.findLast((a) => a.presentationId === p.id) : undefined;
    if (!last?.decision) return p;
    // The note is what the dermatologist wrote after the decision's own words.
    const words = decisionWords(i + 1, p, last.decision);
    return { ...p, decision: last.decision, decisionNote: last.text.startsWith(words) ? last.text.slice(words.length).trim() : last.text };
  });
}

/** The visits, in the rows' order, each with its own rows and its decision addenda applied. */
export function visitRecords(rows: readonly VisitRow[], children: VisitChildren): VisitRecord[] {
  const ps = byVisit(children.presentations, presentationOf);
  const ts = byVisit(children.treatments, treatmentOf);
  const fs = byVisit(children.followUps, (f): FollowUp => f);
  const as = byVisit(children.addenda, (a): Addendum => a);
  return rows.map((v) => {
    const written = as.get(v.id) ?? [];
    const found = withDecisionAddenda(ps.get(v.id) ?? [], written);
    const { signedAt, signatureKind, signedBy, originalSignedBy, originalSignedAt } = v;
    return {
      id: v.id,
      key: v.key,
      patientId: v.patientId,
      date: v.date,
      clinicianId: v.clinicianId,
      clinicianName: v.clinicianName,
      notes: v.notes,
      pregnancyStatus: v.pregnancyStatus,
      retinoidOverride: v.retinoidOverride,
      presentations: found,
      treatments: ts.get(v.id) ?? [],
      followUps: fs.get(v.id) ?? [],
      pendingReview: found.filter(undecided).length,
      signature:
        signedAt && signatureKind && signedBy
          ? {
              kind: signatureKind,
              byName: signedBy,
              at: signedAt,
              original: originalSignedBy && originalSignedAt ? { byName: originalSignedBy, at: originalSignedAt } : null,
            }
          : null,
      addenda: written,
      createdBy: v.createdBy,
      updatedBy: v.updatedBy,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    };
  });
}

/** The drafts, in the rows' order, each with its findings. */
export function draftRecords(rows: readonly DraftRow[], children: Pick<VisitChildren, 'presentations' | 'treatments'>): DraftRecord[] {
  const ps = byVisit(children.presentations, presentationOf);
  const ts = byVisit(children.treatments, treatmentOf);
  return rows.map(({ visitId, date, clinicianName, createdBy, updatedAt, patientId, ...patient }) => ({
    visitId,
    patient: toSummary({ id: patientId, ...patient }),
    date,
    clinicianName,
    createdBy,
    updatedAt,
    presentations: ps.get(visitId) ?? [],
    treatments: ts.get(visitId) ?? [],
  }));
}

/** A Review candidate as the services judge it: numbered from 1 on its visit. */
export const reviewRecord = ({
  visitId,
  date,
  clinicianName,
  createdBy: _,
  updatedAt: __,
  patientId,
  signatureKind,
  position,
  type,
  site,
  side,
  redFlags,
  differentials,
  ...patient
}: ReviewRow): ReviewRecord => ({
  visitId,
  patient: toSummary({ id: patientId, ...patient }),
  date,
  clinicianName,
  number: position + 1,
  type,
  site,
  side,
  redFlags,
  differentials,
  decision: null,
  signed: signatureKind,
});

/** A follow-up of the worklist with its patient summarised. */
export const worklistItem = (r: WorklistRow): WorklistItem => ({ ...r, patient: toSummary(r.patient) });

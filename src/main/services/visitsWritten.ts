/**
 * A saved visit as the save wrote it, so that the save need not read it back: the input as
 * parsed, the ids and times the database gave, and the stored values of what the save leaves
 * as it was. Every field is what `visitOf` would read (tests/unit/visits-written.test.ts
 * proves it on random saves and updates).
 */
import type { VisitData } from '@shared/schemas';
import { undecided } from '@shared/decisions';
import type { Clinician, FollowUp, Presentation, Treatment, Visit } from '@shared/types';
import type { FindingIds, StampedVisit, VisitRecord } from '../db/records';
import { signBlockers } from './signatures';

export interface Written {
  /** The visit as parsed by the API. */
  v: VisitData;
  key: string;
  createdBy: string;
  /** Who is saving it now. */
  updatedBy: string;
  stamped: StampedVisit;
  findings: FindingIds;
  /** The ids of the visit's follow-ups, in the order given. */
  followUpIds: readonly number[];
  /** The draft the save replaced; undefined for a new visit. */
  stored: VisitRecord | undefined;
  clinicians: ReadonlyMap<number, Clinician>;
}

// A whole number of the input may be -0 (zod takes it); SQLite stores it, and reads it back, as 0.
const stored = (n: number): number => n + 0;

export function writtenVisit({ v, key, createdBy, updatedBy, stamped, findings, followUpIds, stored: draft, clinicians }: Written): Visit {
  const presentations = v.presentations.map((p, i): Presentation => ({
    id: findings.presentations[i]!,
    type: p.type,
    site: p.site,
    side: p.side ?? null,
    count: p.count,
    sizeMm: p.sizeMm ?? null,
    distribution: p.distribution ?? null,
    triggers: p.triggers,
    redFlags: p.redFlags,
    differentials: p.differentials,
    notes: p.notes,
    decision: p.decision ?? null,
    decisionNote: p.decisionNote,
  }));
  const treatments = v.treatments.map((t, i): Treatment => ({
    id: findings.treatments[i]!,
    kind: t.kind,
    site: t.site,
    side: t.side ?? null,
    lesionsTreated: stored(t.lesionsTreated),
    anesthesia: 'anesthesia' in t ? t.anesthesia : null,
    consent: 'consent' in t ? t.consent : null,
    performedById: t.performedBy,
    performedByName: clinicians.get(t.performedBy)!.name,
    details: t.details,
    notes: t.notes,
  }));
  // An update leaves a kept follow-up's notes (written when it was completed or cancelled) as they were.
  const notesOf = new Map(draft?.followUps.map((f) => [f.id, f.notes]));
  const followUps = v.followUps.map((f, i): FollowUp => ({
    id: followUpIds[i]!,
    visitId: stamped.id,
    dueDate: f.dueDate,
    reason: f.reason,
    status: f.status,
    completedDate: f.completedDate ?? null,
    outcome: f.outcome ?? null,
    // A new follow-up may take the id of one this save removed: only a kept one has notes.
    notes: f.id === undefined ? '' : (notesOf.get(f.id) ?? ''),
  }));
  return {
    id: stamped.id,
    key,
    patientId: v.patientId,
    date: v.date,
    clinicianId: v.clinicianId,
    clinicianName: clinicians.get(v.clinicianId)!.name,
    notes: v.notes,
    pregnancyStatus: v.pregnancyStatus ?? null,
    retinoidOverride: v.retinoidOverride ?? null,
    presentations,
    treatments,
    followUps,
    pendingReview: presentations.filter(undecided).length,
    signature: null,
    signBlockers: signBlockers({ presentations, treatments }, clinicians),
    addenda: [],
    createdBy,
    updatedBy,
    createdAt: stamped.createdAt,
    updatedAt: stamped.updatedAt,
  };
}

/**
 * What signing judges, for every service that shows a visit: what blocks a draft from being
 * signed, and the sentence a signed visit answers any change with. Each blocker names the
 * presentation or treatment by its number and what it is, so a person can find it on the form.
 */
import { format } from 'date-fns';
import { decisionReason } from '@shared/decisions';
import type { Clinician, Presentation, Treatment, Visit, VisitSignature } from '@shared/types';
import { isProcedure, miliaTypes, siteLabel, treatmentKinds } from '@shared/vocabulary';
import type { ReadTx } from './context';
import type { VisitRecord } from '../db/records';

/** The clinicians by id, as the blockers look performers up. */
export async function cliniciansById(tx: ReadTx): Promise<ReadonlyMap<number, Clinician>> {
  return byId(await tx.clinicians.list());
}

/** Only the clinicians of `ids` that exist, by id: what one visit's save names. */
export async function cliniciansNamed(tx: ReadTx, ids: readonly number[]): Promise<ReadonlyMap<number, Clinician>> {
  return byId(await tx.clinicians.named([...new Set(ids)]));
}

const byId = (clinicians: readonly Clinician[]): ReadonlyMap<number, Clinician> => new Map(clinicians.map((c) => [c.id, c]));

/** What stops a draft's findings from being signed, in plain sentences; empty when nothing does. */
export function signBlockers(
  { presentations, treatments }: { presentations: readonly Presentation[]; treatments: readonly Treatment[] },
  clinicians: ReadonlyMap<number, Clinician>,
): string[] {
  const blockers: string[] = [];
  presentations.forEach((p, i) => {
    const reason = decisionReason(p);
    if (reason !== null && p.decision === null) {
      blockers.push(
        `Presentation ${i + 1} (${miliaTypes.label(p.type)}, ${siteLabel(p.site, p.side)}) ${reason} with no decision yet: choose biopsy, referral or proceed.`,
      );
    }
  });
  treatments.forEach((t, i) => {
    const which = `Treatment ${i + 1} (${treatmentKinds.label(t.kind)}, ${siteLabel(t.site, t.side)})`;
    if (isProcedure(t.kind) && t.consent !== true) blockers.push(`${which} has no recorded consent: record the patient's consent.`);
    const performer = clinicians.get(t.performedById);
    if (!performer) blockers.push(`${which} names no known performer: name the clinician who performed it.`);
    else if (!performer.active) {
      blockers.push(
        `${which} was performed by ${performer.name}, whose profile is inactive: correct the performer, or ask an administrator to reactivate them.`,
      );
    }
  });
  return blockers;
}

/** A visit with its blockers, written out field by field: a spread of a record this wide costs V8 microseconds (see visitRows.ts). */
const blocked = (v: VisitRecord, blockers: string[]): Visit => ({
  id: v.id,
  key: v.key,
  patientId: v.patientId,
  date: v.date,
  clinicianId: v.clinicianId,
  clinicianName: v.clinicianName,
  notes: v.notes,
  pregnancyStatus: v.pregnancyStatus,
  retinoidOverride: v.retinoidOverride,
  presentations: v.presentations,
  treatments: v.treatments,
  followUps: v.followUps,
  pendingReview: v.pendingReview,
  signature: v.signature,
  signBlockers: blockers,
  addenda: v.addenda,
  createdBy: v.createdBy,
  updatedBy: v.updatedBy,
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
});

/** Visits as the services give them: with what blocks each draft (a signed visit has nothing left to block). */
export async function withBlockers(tx: ReadTx, visits: readonly VisitRecord[]): Promise<Visit[]> {
  if (visits.every((v) => v.signature !== null)) return visits.map((v) => blocked(v, []));
  const clinicians = await cliniciansById(tx);
  return visits.map((v) => blocked(v, v.signature === null ? signBlockers(v, clinicians) : []));
}

/** "signed by Dr Ada Okafor on 2026-05-04", or "signed on import by Sam Reyes on 2026-05-04". */
export function signedPhrase({ kind, byName, at }: VisitSignature): string {
  return `signed ${kind === 'import' ? 'on import ' : ''}by ${byName} on ${format(new Date(at), 'yyyy-MM-dd')}`;
}

/** The one sentence every attempt to change a signed visit gets. */
export const signedVisitRefusal = (signature: VisitSignature): string =>
  `This visit was ${signedPhrase(signature)} and cannot change. Add an addendum instead.`;

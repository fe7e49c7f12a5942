import { randomUUID } from 'node:crypto';
import { addWeeks, format, parseISO } from 'date-fns';
import type { ApiParsed } from '@shared/api';
import { today } from '@shared/calendar';
import { destructionRefusal, isDestructive } from '@shared/decisions';
import { AppError, invalid, type FieldIssue } from '@shared/errors';
import { may } from '@shared/permissions';
import type { Settings, VisitData } from '@shared/schemas';
import type { Actor, FollowUpSuggestion, Presentation, Visit } from '@shared/types';
import type { TreatmentKind } from '@shared/vocabulary';
import { actorLabel, type StampedVisit, type VisitRecord } from '../db/records';
import { careIssues } from './careRules';
import { authorize, forbidden, notFound, type ReadTx, type Store, type WriteTx } from './context';
import { readSettings } from './settings';
import { cliniciansNamed, signedVisitRefusal, withBlockers } from './signatures';
import { refuseStaleSave } from './visitConflicts';
import { writtenVisit } from './visitsWritten';

/**
 * The follow-up date after a visit: the visit date plus the longest interval (practice
 * settings) among its treatment kinds. No treatment, no suggestion.
 */
function suggestFollowUp(settings: Settings, date: string, kinds: readonly TreatmentKind[]): FollowUpSuggestion {
  let basis: TreatmentKind | null = null;
  for (const kind of kinds) if (basis === null || settings.followUpWeeks[kind] > settings.followUpWeeks[basis]) basis = kind;
  if (basis === null) return { dueDate: null, weeks: null, basis: null };
  const weeks = settings.followUpWeeks[basis];
  return { dueDate: format(addWeeks(parseISO(date), weeks), 'yyyy-MM-dd'), weeks, basis };
}

/** A visit key for records made in the app (imported visits keep theirs). */
const newVisitKey = (): string => `mn-${randomUUID()}`;

/** A visit that must exist, with all its rows and what blocks its signing. */
export async function visitOf(tx: ReadTx, id: number): Promise<Visit> {
  const visit = (await tx.visits.load({ visitId: id }))[0];
  if (!visit) throw notFound('Visit', id);
  return (await withBlockers(tx, [visit]))[0]!;
}

/** The stored visit a save replaces: it must exist, and still be a draft. */
async function draftOf(tx: ReadTx, id: number): Promise<VisitRecord> {
  const visit = (await tx.visits.load({ visitId: id }))[0];
  if (!visit) throw notFound('Visit', id);
  if (visit.signature) throw new AppError('conflict', signedVisitRefusal(visit.signature));
  return visit;
}

/** A red-flag decision and the presentation it is about (the form sends presentations without ids). */
type Decided = Pick<Presentation, 'type' | 'site' | 'redFlags' | 'decisionNote'> & Partial<Pick<Presentation, 'side' | 'decision'>>;
const decisions = (ps: readonly Decided[]): string[] =>
  ps
    .filter((p) => (p.decision ?? null) !== null || p.decisionNote !== '')
    .map((p) => JSON.stringify([p.type, p.site, p.side ?? null, [...p.redFlags].sort(), p.decision ?? null, p.decisionNote]));

const decidingRefused = 'Only a dermatologist can decide a red flag; leave the decision for them.';
const overridingRefused = 'Only a dermatologist can record the reason to give a topical retinoid to a child under 12; leave it for them.';

/** Whether a save by one who may not decide red flags (a nurse) keeps the decisions exactly as stored: none on a new visit. */
function keepsDecisions(v: VisitData, stored: VisitRecord | undefined): boolean {
  const given = decisions(v.presentations);
  const kept = decisions(stored?.presentations ?? []);
  return given.length === kept.length && given.every((d, i) => d === kept[i]);
}

/** Rules that need the database: the patient, the clinicians, dates against birth, care unsafe for the patient's age. */
async function checkReferences(tx: ReadTx, v: VisitData, clinicians: ReadonlyMap<number, unknown>): Promise<void> {
  const patient = await tx.patients.get(v.patientId);
  if (!patient) throw notFound('Patient', v.patientId);
  if (patient.archived) throw new AppError('conflict', 'This patient is archived. Restore the patient before documenting a visit.');
  const issues: FieldIssue[] = [];
  if (v.date < patient.dateOfBirth) issues.push({ path: 'date', message: `must not be before the date of birth, ${patient.dateOfBirth}` });
  if (!clinicians.has(v.clinicianId)) issues.push({ path: 'clinicianId', message: 'is not a known clinician' });
  v.treatments.forEach((t, i) => {
    if (!clinicians.has(t.performedBy)) issues.push({ path: `treatments[${i}].performedBy`, message: 'is not a known clinician' });
  });
  v.followUps.forEach((f, i) => {
    if (f.dueDate < v.date) issues.push({ path: `followUps[${i}].dueDate`, message: `must not be before the visit, ${v.date}` });
  });
  if (v.date >= patient.dateOfBirth) issues.push(...careIssues(patient, v, today()));
  if (issues.length > 0) throw invalid('the visit', issues);
}

/** No destructive treatment while a presentation of the visit waits for a dermatologist's decision. */
function checkDecisions(v: VisitData): void {
  const refusal = destructionRefusal(v.presentations);
  if (refusal === null) return;
  const issues = v.treatments.flatMap((t, i) => (isDestructive(t.kind) ? [{ path: `treatments[${i}].kind`, message: refusal }] : []));
  if (issues.length > 0) throw invalid('the visit', issues);
}

/** Follow-ups keep their ids when given; those left out of an update are removed. Resolves to their ids, in order. */
async function saveFollowUps(tx: WriteTx, visitId: number, v: VisitData, isNew: boolean, by: string): Promise<number[]> {
  if (!isNew) {
    const owned = new Set(await tx.followUps.idsOf(visitId));
    const keep = new Set<number>();
    v.followUps.forEach((f, i) => {
      if (f.id === undefined) return;
      if (!owned.has(f.id)) {
        throw new AppError('validation', `Follow-up ${f.id} does not belong to this visit.`, [
          { path: `followUps[${i}].id`, message: 'does not belong to this visit' },
        ]);
      }
      keep.add(f.id);
    });
    for (const id of owned) if (!keep.has(id)) await tx.followUps.delete(id);
  } else if (v.followUps.some((f) => f.id !== undefined)) {
    throw new AppError('validation', 'A new visit cannot take over follow-ups of another visit.', [
      { path: 'followUps', message: 'must not carry ids on a new visit' },
    ]);
  }
  const ids: number[] = [];
  for (const [i, f] of v.followUps.entries()) {
    if (f.id === undefined) ids.push(await tx.followUps.insert(visitId, i, f, by));
    else {
      await tx.followUps.update(f.id, i, f, by);
      ids.push(f.id);
    }
  }
  return ids;
}

export function visitService(store: Store) {
  const { records } = store;
  return {
    /** A visit; the read and its audit line are one unit, so the line exists exactly when the visit was given. */
    async get(actor: Actor, { id }: ApiParsed<'visits.get'>): Promise<Visit> {
      await authorize(store, actor, 'charts.read');
      return records.audited(async (tx) => {
        const visit = await visitOf(tx, id);
        await tx.audit.append({ actor, action: 'read', entity: 'visit', entityId: id, patientId: visit.patientId });
        return visit;
      });
    },

    /**
     * Creates a visit (no `id`) or replaces one (with `id`) together with its presentations,
     * treatments and follow-ups, in one transaction. Follow-ups keep their ids when given;
     * those left out of an update are removed.
     */
    async save(actor: Actor, v: ApiParsed<'visits.save'>): Promise<Visit> {
      await authorize(store, actor, 'visits.document');
      const by = actorLabel(actor);
      let deciding = false;
      let overriding = false;
      const saved = records.write(async (tx) => {
        // Refusals come before any write: a signed visit is final, and only a dermatologist decides a red flag.
        if (v.id === undefined && v.baseUpdatedAt !== undefined) {
          throw invalid('the visit', [{ path: 'baseUpdatedAt', message: 'is only given with the id of the visit it updates' }]);
        }
        const stored = v.id === undefined ? undefined : await draftOf(tx, v.id);
        // Someone else's save since this editor opened the draft comes first: it is what the person must see, and never written over unseen.
        if (stored) refuseStaleSave(stored, v);
        if (!may(actor, 'visits.sign') && !keepsDecisions(v, stored)) {
          deciding = true;
          throw new AppError('forbidden', decidingRefused);
        }
        const override = v.retinoidOverride ?? null;
        if (!may(actor, 'visits.sign') && override !== (stored?.retinoidOverride ?? null)) {
          overriding = true;
          throw new AppError('forbidden', overridingRefused);
        }
        // One read of the clinicians the save names: whether each is known, their names and the signing blockers.
        const clinicians = await cliniciansNamed(tx, [v.clinicianId, ...v.treatments.map((t) => t.performedBy)]);
        await checkReferences(tx, v, clinicians);
        checkDecisions(v);
        let stamped: StampedVisit;
        const key = stored?.key ?? newVisitKey();
        if (stored === undefined) {
          stamped = await tx.visits.create({
            key,
            patientId: v.patientId,
            date: v.date,
            clinicianId: v.clinicianId,
            notes: v.notes,
            pregnancyStatus: v.pregnancyStatus ?? null,
            retinoidOverride: v.retinoidOverride ?? null,
            createdBy: by,
          });
        } else {
          if (stored.patientId !== v.patientId) throw new AppError('conflict', 'This visit belongs to another patient; a visit cannot move between patients.');
          const updatedAt = await tx.visits.update(stored.id, {
            date: v.date,
            clinicianId: v.clinicianId,
            notes: v.notes,
            pregnancyStatus: v.pregnancyStatus ?? null,
            retinoidOverride: v.retinoidOverride ?? null,
            updatedBy: by,
          });
          stamped = { id: stored.id, createdAt: stored.createdAt, updatedAt };
          await tx.visits.deleteFindings(stored.id);
        }
        const visitId = stamped.id;
        const findings = await tx.visits.insertFindings(visitId, v.presentations, v.treatments);
        const followUpIds = await saveFollowUps(tx, visitId, v, v.id === undefined, by);
        await tx.audit.append({ actor, action: v.id === undefined ? 'create' : 'update', entity: 'visit', entityId: visitId, patientId: v.patientId });
        // The age limit overridden, or its reason changed: a line of its own, with the reason.
        if (override !== null && override !== (stored?.retinoidOverride ?? null)) {
          await tx.audit.append({
            actor,
            action: 'override',
            entity: 'visit',
            entityId: visitId,
            patientId: v.patientId,
            detail: `topical retinoid under 12: ${override}`,
          });
        }
        // Built from what was written rather than read again; a draft with addenda (decisions
        // made on import) is read again, as its presentations take their decisions from them.
        if (stored !== undefined && stored.addenda.length > 0) return visitOf(tx, visitId);
        return writtenVisit({ v, key, createdBy: stored?.createdBy ?? by, updatedBy: by, stamped, findings, followUpIds, stored, clinicians });
      });
      // The refusal is audited once the save is undone, as every forbidden call is.
      return saved.catch(async (error: unknown) => {
        if (overriding) throw await forbidden(store, actor, 'visits.sign', overridingRefused);
        throw deciding ? await forbidden(store, actor, 'visits.sign', decidingRefused) : error;
      });
    },

    async suggestFollowUp(actor: Actor, s: ApiParsed<'visits.suggestFollowUp'>): Promise<FollowUpSuggestion> {
      await authorize(store, actor, 'visits.document');
      return suggestFollowUp(await records.read(readSettings), s.date, s.kinds);
    },
  };
}

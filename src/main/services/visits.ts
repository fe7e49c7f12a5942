import { randomUUID } from 'node:crypto';
import { addWeeks, format, parseISO } from 'date-fns';
import { AppError, invalid, type FieldIssue } from '@shared/errors';
import { SuggestFollowUp, VisitId, VisitInput, type Settings, type VisitData } from '@shared/schemas';
import type { Actor, FollowUpSuggestion, Visit } from '@shared/types';
import type { TreatmentKind } from '@shared/vocabulary';
import { actorLabel, audit, notFound, nowIso, parse, write, type Store } from './context';
import type { VisitRecords } from './visitRecords';

/**
 * The follow-up date after a visit: the visit date plus the longest interval (practice
 * settings) among its treatment kinds. No treatment, no suggestion.
 */
export function suggestFollowUp(settings: Settings, date: string, kinds: readonly TreatmentKind[]): FollowUpSuggestion {
  let basis: TreatmentKind | null = null;
  for (const kind of kinds) if (basis === null || settings.followUpWeeks[kind] > settings.followUpWeeks[basis]) basis = kind;
  if (basis === null) return { dueDate: null, weeks: null, basis: null };
  const weeks = settings.followUpWeeks[basis];
  return { dueDate: format(addWeeks(parseISO(date), weeks), 'yyyy-MM-dd'), weeks, basis };
}

/** A visit key for records made in the app (imported visits keep theirs). */
export const newVisitKey = (): string => `mn-${randomUUID()}`;

export function visitService(store: Store, records: VisitRecords, readSettings: () => Settings) {
  const { sqlite } = store;
  const patientOf = sqlite.prepare('select id, date_of_birth, archived_at from patients where id = ?');
  const clinicianExists = sqlite.prepare('select 1 from clinicians where id = ?');
  const visitOwner = sqlite.prepare('select patient_id from visits where id = ?');
  const updateVisit = sqlite.prepare('update visits set date = ?, clinician_id = ?, notes = ?, updated_by = ?, updated_at = ? where id = ?');
  const deletePresentations = sqlite.prepare('delete from presentations where visit_id = ?');
  const deleteTreatments = sqlite.prepare('delete from treatments where visit_id = ?');
  const followUpIds = sqlite.prepare('select id from follow_ups where visit_id = ?').pluck();
  const deleteFollowUp = sqlite.prepare('delete from follow_ups where id = ?');
  const updateFollowUp = sqlite.prepare(
    'update follow_ups set position = ?, due_date = ?, reason = ?, status = ?, completed_date = ?, outcome = ?, updated_by = ?, updated_at = ? where id = ?',
  );

  /** Rules that need the database: the patient, the clinicians, dates against birth. */
  const checkReferences = (v: VisitData): void => {
    const patient = patientOf.get(v.patientId) as { id: number; date_of_birth: string; archived_at: string | null } | undefined;
    if (!patient) throw notFound('Patient', v.patientId);
    if (patient.archived_at !== null) {
      throw new AppError('conflict', 'This patient is archived. Restore the patient before documenting a visit.');
    }
    const issues: FieldIssue[] = [];
    if (v.date < patient.date_of_birth) issues.push({ path: 'date', message: `must not be before the date of birth, ${patient.date_of_birth}` });
    if (!clinicianExists.get(v.clinicianId)) issues.push({ path: 'clinicianId', message: 'is not a known clinician' });
    v.treatments.forEach((t, i) => {
      if (!clinicianExists.get(t.performedBy)) issues.push({ path: `treatments[${i}].performedBy`, message: 'is not a known clinician' });
    });
    v.followUps.forEach((f, i) => {
      if (f.dueDate < v.date) issues.push({ path: `followUps[${i}].dueDate`, message: `must not be before the visit, ${v.date}` });
    });
    if (issues.length > 0) throw invalid('the visit', issues);
  };

  const load = (id: number): Visit => {
    const visit = records.load('visit', id)[0];
    if (!visit) throw notFound('Visit', id);
    return visit;
  };

  return {
    get(_actor: Actor, input: unknown): Visit {
      return load(parse(VisitId, input).id);
    },

    /**
     * Creates a visit (no `id`) or replaces one (with `id`) together with its presentations,
     * treatments and follow-ups, in one transaction. Follow-ups keep their ids when given;
     * those left out of an update are removed.
     */
    save(actor: Actor, input: unknown): Visit {
      const v = parse(VisitInput, input, 'the visit');
      const by = actorLabel(actor);
      return write(store, () => {
        checkReferences(v);
        let visitId: number;
        if (v.id === undefined) {
          visitId = records.insertVisit(newVisitKey(), v.patientId, v.date, v.clinicianId, v.notes, by);
        } else {
          visitId = v.id;
          const existing = visitOwner.get(visitId) as { patient_id: number } | undefined;
          if (!existing) throw notFound('Visit', visitId);
          if (existing.patient_id !== v.patientId) {
            throw new AppError('conflict', 'This visit belongs to another patient; a visit cannot move between patients.');
          }
          updateVisit.run(v.date, v.clinicianId, v.notes, by, nowIso(), visitId);
          deletePresentations.run(visitId);
          deleteTreatments.run(visitId);
        }
        records.insertFindings(visitId, v.presentations, v.treatments);
        saveFollowUps(visitId, v, v.id === undefined, by);
        audit(store, actor, v.id === undefined ? 'create' : 'update', 'visit', visitId);
        return load(visitId);
      });
    },

    suggestFollowUp(_actor: Actor, input: unknown): FollowUpSuggestion {
      const s = parse(SuggestFollowUp, input);
      return suggestFollowUp(readSettings(), s.date, s.kinds);
    },
  };

  /** Follow-ups keep their ids when given; those left out of an update are removed. */
  function saveFollowUps(visitId: number, v: VisitData, isNew: boolean, by: string): void {
    if (!isNew) {
      const owned = new Set(followUpIds.all(visitId) as number[]);
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
      for (const id of owned) if (!keep.has(id)) deleteFollowUp.run(id);
    } else if (v.followUps.some((f) => f.id !== undefined)) {
      throw new AppError('validation', 'A new visit cannot take over follow-ups of another visit.', [
        { path: 'followUps', message: 'must not carry ids on a new visit' },
      ]);
    }
    v.followUps.forEach((f, i) => {
      if (f.id === undefined) records.insertFollowUp(visitId, i, f, by);
      else updateFollowUp.run(i, f.dueDate, f.reason, f.status, f.completedDate ?? null, f.outcome ?? null, by, nowIso(), f.id);
    });
  }
}

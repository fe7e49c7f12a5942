import type { ApiParsed } from '@shared/api';
import { today } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { may } from '@shared/permissions';
import type { Actor, FollowUp, WorklistItem, WorklistResult } from '@shared/types';
import type { FollowUpStatus, Outcome } from '@shared/vocabulary';
import { staleCutOff, staleOverdueDays } from '@shared/worklist';
import { actorLabel } from '../db/records';
import { authorize, notFound, type Store, type WriteTx } from './context';

/** A worklist item as the practice manager sees it: who and when, without the clinical reason or notes. */
const withoutNotes = (item: WorklistItem): WorklistItem => ({ ...item, followUp: { ...item.followUp, reason: '', notes: '' } });

export function followUpService(store: Store) {
  const { records } = store;

  /** Moves a follow-up on from `scheduled` (or `missed`, for a late completion). */
  const transition = (
    actor: Actor,
    id: number,
    to: FollowUpStatus,
    from: FollowUpStatus[],
    set: { outcome?: Outcome; completedDate?: string; notes: string },
  ): Promise<FollowUp> =>
    records.write(async (tx) => {
      const current = await tx.followUps.get(id);
      if (!current) throw notFound('Follow-up', id);
      if (!from.includes(current.status)) {
        throw new AppError('conflict', `This follow-up is already ${current.status}; it cannot be marked ${to}. Refresh the list.`);
      }
      const change = { status: to, outcome: set.outcome ?? null, completedDate: set.completedDate ?? null, notes: set.notes || current.notes };
      await tx.followUps.transition(id, change, actorLabel(actor));
      await tx.audit.append({ actor, action: to, entity: 'follow_up', entityId: id, patientId: await tx.visits.patientOf(current.visitId) });
      return (await tx.followUps.get(id))!;
    });

  /** "The follow-up of Ann Test due 2026-02-01": the patient a nurse knows it by. */
  const describe = async (tx: WriteTx, f: FollowUp): Promise<string> => {
    const patientId = await tx.visits.patientOf(f.visitId);
    const patient = patientId === undefined ? undefined : await tx.patients.get(patientId);
    return `${patient ? `The follow-up of ${patient.givenName} ${patient.familyName}` : `Follow-up ${f.id}`} due ${f.dueDate}`;
  };

  /**
   * Moves every follow-up of `ids` to `to`, in one transaction: each is checked by `refusal`
   * before anything is written, and the first refused stops them all, named in the sentence.
   * Each is audited as its single transition is.
   */
  const transitionAll = (
    actor: Actor,
    ids: readonly number[],
    to: 'missed' | 'cancelled',
    notes: string,
    refusal: (f: FollowUp) => string | null,
  ): Promise<FollowUp[]> =>
    records.write(async (tx) => {
      const found: FollowUp[] = [];
      for (const id of ids) {
        const current = await tx.followUps.get(id);
        if (!current) throw notFound('Follow-up', id);
        const why = refusal(current);
        if (why !== null) {
          const others = ids.length - 1;
          const none = others === 0 ? 'it was not changed' : `none of the ${ids.length} follow-ups was changed`;
          throw new AppError('conflict', `${await describe(tx, current)} ${why}; ${none}. Refresh the list.`);
        }
        found.push(current);
      }
      const by = actorLabel(actor);
      for (const f of found) {
        await tx.followUps.transition(f.id, { status: to, outcome: null, completedDate: null, notes: notes || f.notes }, by);
        await tx.audit.append({ actor, action: to, entity: 'follow_up', entityId: f.id, patientId: await tx.visits.patientOf(f.visitId) });
      }
      return Promise.all(found.map(async (f) => (await tx.followUps.get(f.id))!));
    });

  /** Why a follow-up cannot move on from where it is, or null when it is scheduled. */
  const notScheduled = (to: FollowUpStatus) => (f: FollowUp) => (f.status === 'scheduled' ? null : `is already ${f.status}; it cannot be marked ${to}`);

  return {
    /**
     * Scheduled follow-ups due in a range, and those overdue as of a day; the read is audited
     * with its range. The practice manager's list carries no clinical notes: for anyone who
     * may not open charts, each follow-up's reason and notes come blank.
     */
    async worklist(actor: Actor, w: ApiParsed<'followUps.worklist'>): Promise<WorklistResult> {
      await authorize(store, actor, 'followUps.read');
      if (w.from > w.to)
        throw new AppError('validation', 'The range ends before it starts. Swap the dates.', [{ path: 'to', message: 'must not be before from' }]);
      const asOf = w.asOf ?? today();
      const shown = may(actor, 'charts.read') ? (item: WorklistItem) => item : withoutNotes;
      return records.audited(async (tx) => {
        const overdue = await tx.followUps.overdue(asOf, w.limit);
        const due = await tx.followUps.due(w.from, w.to, w.limit);
        const detail = `${w.from} to ${w.to}, as of ${asOf}: ${overdue.length} overdue, ${due.length} due`;
        await tx.audit.append({ actor, action: 'read', entity: 'worklist', entityId: null, detail });
        return { asOf, overdue: overdue.map(shown), due: due.map(shown) };
      });
    },

    /**
     * How many follow-ups the worklist's Overdue tab shows as of a day: those overdue by no more
     * than the cut-off, the older ones being hidden there until asked for. For the count beside
     * Follow-ups in the menu. Not audited: it shows no patient, and every workstation asks it
     * again after each change in the practice, so auditing it would record list reads that
     * nobody made.
     */
    async overdueCount(actor: Actor, c: ApiParsed<'followUps.overdueCount'>): Promise<number> {
      await authorize(store, actor, 'followUps.read');
      const asOf = c.asOf ?? today();
      return records.read((tx) => tx.followUps.overdueCount(staleCutOff(asOf), asOf));
    },

    async complete(actor: Actor, c: ApiParsed<'followUps.complete'>): Promise<FollowUp> {
      await authorize(store, actor, 'followUps.record');
      const visitDate = await records.read((tx) => tx.followUps.visitDate(c.id));
      if (visitDate !== undefined && c.completedDate < visitDate) {
        throw new AppError('validation', `The follow-up cannot be completed before its visit (${visitDate}).`, [
          { path: 'completedDate', message: `must not be before the visit, ${visitDate}` },
        ]);
      }
      if (c.completedDate > today()) {
        throw new AppError('validation', 'The completion date is in the future. Check the date.', [
          { path: 'completedDate', message: 'must not be in the future' },
        ]);
      }
      return transition(actor, c.id, 'completed', ['scheduled', 'missed'], c);
    },

    async miss(actor: Actor, a: ApiParsed<'followUps.miss'>): Promise<FollowUp> {
      await authorize(store, actor, 'followUps.record');
      return transition(actor, a.id, 'missed', ['scheduled'], a);
    },

    async cancel(actor: Actor, a: ApiParsed<'followUps.cancel'>): Promise<FollowUp> {
      await authorize(store, actor, 'followUps.record');
      return transition(actor, a.id, 'cancelled', ['scheduled'], a);
    },

    /** Marks several scheduled follow-ups missed or cancelled, all or none. */
    async transitionMany(actor: Actor, m: ApiParsed<'followUps.transitionMany'>): Promise<FollowUp[]> {
      await authorize(store, actor, 'followUps.record');
      return transitionAll(actor, m.ids, m.status, m.notes, notScheduled(m.status));
    },

    /**
     * The administrator's housekeeping: closes as missed follow-ups still scheduled and overdue
     * by more than the cut-off (judged on today, not on a day the caller names), all or none.
     */
    async closeStale(actor: Actor, c: ApiParsed<'followUps.closeStale'>): Promise<FollowUp[]> {
      await authorize(store, actor, 'followUps.closeStale');
      const cutOff = staleCutOff(today());
      return transitionAll(actor, c.ids, 'missed', '', (f) =>
        f.status !== 'scheduled' ? notScheduled('missed')(f) : f.dueDate < cutOff ? null : `is not overdue by more than ${staleOverdueDays} days`,
      );
    },
  };
}

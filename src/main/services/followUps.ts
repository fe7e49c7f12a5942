import type { ApiParsed } from '@shared/api';
import { today } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { may } from '@shared/permissions';
import type { Actor, FollowUp, WorklistItem, WorklistResult } from '@shared/types';
import type { FollowUpStatus, Outcome } from '@shared/vocabulary';
import { actorLabel } from '../db/records';
import { authorize, notFound, type Store } from './context';

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
      return records.write(async (tx) => {
        const overdue = await tx.followUps.overdue(asOf, w.limit);
        const due = await tx.followUps.due(w.from, w.to, w.limit);
        const detail = `${w.from} to ${w.to}, as of ${asOf}: ${overdue.length} overdue, ${due.length} due`;
        await tx.audit.append({ actor, action: 'read', entity: 'worklist', entityId: null, detail });
        return { asOf, overdue: overdue.map(shown), due: due.map(shown) };
      });
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
  };
}

import type { ApiParsed } from '@shared/api';
import { today } from '@shared/calendar';
import { AppError } from '@shared/errors';
import type { Actor, FollowUp, WorklistResult } from '@shared/types';
import type { FollowUpStatus, Outcome } from '@shared/vocabulary';
import { actorLabel } from '../db/records';
import { notFound, type Store } from './context';

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
      await tx.audit.append({ actor, action: to, entity: 'follow_up', entityId: id });
      return (await tx.followUps.get(id))!;
    });

  return {
    /** Scheduled follow-ups due in a range, and those overdue as of a day. */
    async worklist(_actor: Actor, w: ApiParsed<'followUps.worklist'>): Promise<WorklistResult> {
      if (w.from > w.to)
        throw new AppError('validation', 'The range ends before it starts. Swap the dates.', [{ path: 'to', message: 'must not be before from' }]);
      const asOf = w.asOf ?? today();
      return records.read(async (tx) => ({ asOf, overdue: await tx.followUps.overdue(asOf, w.limit), due: await tx.followUps.due(w.from, w.to, w.limit) }));
    },

    async complete(actor: Actor, c: ApiParsed<'followUps.complete'>): Promise<FollowUp> {
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

    miss(actor: Actor, a: ApiParsed<'followUps.miss'>): Promise<FollowUp> {
      return transition(actor, a.id, 'missed', ['scheduled'], a);
    },

    cancel(actor: Actor, a: ApiParsed<'followUps.cancel'>): Promise<FollowUp> {
      return transition(actor, a.id, 'cancelled', ['scheduled'], a);
    },
  };
}

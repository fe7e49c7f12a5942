import { AppError } from '@shared/errors';
import { FollowUpAction, FollowUpComplete, Worklist } from '@shared/schemas';
import type { Actor, FollowUp, WorklistItem, WorklistResult } from '@shared/types';
import type { FollowUpStatus, TreatmentKind } from '@shared/vocabulary';
import { actorLabel, audit, notFound, nowIso, parse, today, write, type Store } from './context';
import { toSummary, patientColumns, type PatientRow } from './patients';
import { toFollowUp, type FollowUpRow } from './visitRecords';

type ItemRow = PatientRow & {
  f_id: number;
  visit_id: number;
  due_date: string;
  reason: string;
  status: FollowUpStatus;
  completed_date: null;
  outcome: null;
  f_notes: string;
  visit_date: string;
  clinician_name: string;
  kinds: string | null;
};

const itemSelect = `select ${patientColumns}, f.id as f_id, f.visit_id, f.due_date, f.reason, f.status, f.completed_date, f.outcome,
    f.notes as f_notes, v.date as visit_date, c.name as clinician_name,
    (select group_concat(kind) from (select distinct kind from treatments t where t.visit_id = v.id order by kind)) as kinds
  from follow_ups f join visits v on v.id = f.visit_id join patients p on p.id = v.patient_id join clinicians c on c.id = v.clinician_id
  where f.status = 'scheduled' and p.archived_at is null`;

const toItem = (r: ItemRow): WorklistItem => ({
  followUp: toFollowUp({ ...r, id: r.f_id, notes: r.f_notes }),
  patient: toSummary(r),
  visitDate: r.visit_date,
  clinicianName: r.clinician_name,
  kinds: r.kinds ? (r.kinds.split(',') as TreatmentKind[]) : [],
});

export function followUpService(store: Store) {
  const { sqlite } = store;
  const overdue = sqlite.prepare(`${itemSelect} and f.due_date < ? order by f.due_date, p.family_name, p.id limit ?`);
  const due = sqlite.prepare(`${itemSelect} and f.due_date between ? and ? order by f.due_date, p.family_name, p.id limit ?`);
  const getRow = sqlite.prepare('select * from follow_ups where id = ?');

  const row = (id: number): FollowUpRow => {
    const r = getRow.get(id) as FollowUpRow | undefined;
    if (!r) throw notFound('Follow-up', id);
    return r;
  };

  /** Moves a follow-up on from `scheduled` (or `missed`, for a late completion). */
  const transition = (
    actor: Actor,
    id: number,
    to: FollowUpStatus,
    from: FollowUpStatus[],
    set: { outcome?: string; completedDate?: string; notes: string },
  ): FollowUp =>
    write(store, () => {
      const current = row(id);
      if (!from.includes(current.status)) {
        throw new AppError('conflict', `This follow-up is already ${current.status}; it cannot be marked ${to}. Refresh the list.`);
      }
      sqlite
        .prepare('update follow_ups set status = ?, outcome = ?, completed_date = ?, notes = ?, updated_by = ?, updated_at = ? where id = ?')
        .run(to, set.outcome ?? null, set.completedDate ?? null, set.notes || current.notes, actorLabel(actor), nowIso(), id);
      audit(store, actor, to, 'follow_up', id);
      return toFollowUp(row(id));
    });

  return {
    /** Scheduled follow-ups due in a range, and those overdue as of a day. */
    worklist(_actor: Actor, input: unknown): WorklistResult {
      const w = parse(Worklist, input, 'the worklist range');
      if (w.from > w.to)
        throw new AppError('validation', 'The range ends before it starts. Swap the dates.', [{ path: 'to', message: 'must not be before from' }]);
      const asOf = w.asOf ?? today();
      return {
        asOf,
        overdue: (overdue.all(asOf, w.limit) as ItemRow[]).map(toItem),
        due: (due.all(w.from, w.to, w.limit) as ItemRow[]).map(toItem),
      };
    },

    complete(actor: Actor, input: unknown): FollowUp {
      const c = parse(FollowUpComplete, input, 'the follow-up');
      const visitDate = sqlite.prepare('select v.date from follow_ups f join visits v on v.id = f.visit_id where f.id = ?').get(c.id) as
        { date: string } | undefined;
      if (visitDate && c.completedDate < visitDate.date) {
        throw new AppError('validation', `The follow-up cannot be completed before its visit (${visitDate.date}).`, [
          { path: 'completedDate', message: `must not be before the visit, ${visitDate.date}` },
        ]);
      }
      if (c.completedDate > today()) {
        throw new AppError('validation', 'The completion date is in the future. Check the date.', [
          { path: 'completedDate', message: 'must not be in the future' },
        ]);
      }
      return transition(actor, c.id, 'completed', ['scheduled', 'missed'], c);
    },

    miss(actor: Actor, input: unknown): FollowUp {
      const a = parse(FollowUpAction, input);
      return transition(actor, a.id, 'missed', ['scheduled'], a);
    },

    cancel(actor: Actor, input: unknown): FollowUp {
      const a = parse(FollowUpAction, input);
      return transition(actor, a.id, 'cancelled', ['scheduled'], a);
    },
  };
}

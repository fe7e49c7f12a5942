/**
 * The worklist's bulk calls and its cut-off. The cut-off is a fixed constant, shown on the
 * screen, not a setting: a follow-up a year overdue is no longer a visit to chase, whatever
 * the practice, and a constant keeps the service's check and the screen's split the same.
 */
import { format, parseISO, subDays } from 'date-fns';
import * as z from 'zod';
import { code, notes, recordId } from './fields';

/** Overdue by more than this many days, a follow-up is "older": hidden until asked for, and an administrator may close it as missed. */
export const staleOverdueDays = 365;

/** The first day a follow-up may be due on and not be "older", as of a day (`YYYY-MM-DD`). */
export const staleCutOff = (asOf: string): string => format(subDays(parseISO(asOf), staleOverdueDays), 'yyyy-MM-dd');

/** The most follow-ups one bulk call moves: the worklist's own limit. */
export const maxBulkFollowUps = 500;

const ids = z
  .array(recordId().describe('follow-up id'), { error: 'must be a list of follow-up ids' })
  .min(1, { error: 'must name at least one follow-up' })
  .max(maxBulkFollowUps, { error: `must name at most ${maxBulkFollowUps} follow-ups` })
  .refine((list) => new Set(list).size === list.length, { error: 'must not name the same follow-up twice' });

/** Marking several scheduled follow-ups missed, or cancelling them: all of them or none. */
export const FollowUpTransitionMany = z.strictObject({ ids, status: code(['missed', 'cancelled']), notes: notes().default('') });

/** An administrator's closing of follow-ups overdue by more than `staleOverdueDays` as missed: all of them or none. */
export const FollowUpCloseStale = z.strictObject({ ids });

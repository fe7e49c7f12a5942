/** The audit trail as the API returns and filters it. */
import * as z from 'zod';
import { isIsoDate, isoDate, recordId, text, wholeNumber } from './fields';
import type { Surface } from './types';

/** How a call ended: done, or refused because the user's role does not allow it. */
export type AuditOutcome = 'ok' | 'forbidden' | 'failed';

export interface AuditEvent {
  id: number;
  at: string;
  userId: number | null;
  username: string;
  /** The user as people read them, "Dr Ada Okafor (dermatologist)": the only name rows written before users existed carry. */
  actor: string;
  /** The role the user acted in; `system` for the operating-system account and the app itself. */
  role: string;
  surface: Surface | '';
  action: string;
  patientId: number | null;
  entity: string;
  entityId: number | null;
  outcome: AuditOutcome;
  detail: string;
}

/** Days from `from` to `to`, both included, as the UTC day of each event's time; then, when given, one user, patient or action. */
export const AuditQuery = z
  .strictObject({
    from: isoDate(),
    to: isoDate(),
    userId: recordId().optional(),
    username: text(1, 50).optional(),
    patientId: recordId().optional(),
    action: text(1, 50).optional(),
    /** How many events a search returns, newest first; an export takes every matching event. */
    limit: wholeNumber(1, 5000).default(500),
  })
  // Judged only on two real dates: a badly written one has its own message already.
  .refine((q) => !isIsoDate(q.from) || !isIsoDate(q.to) || q.from <= q.to, { error: 'must be on or after the "from" day: swap the two days', path: ['to'] });
export type AuditQuery = z.input<typeof AuditQuery>;

export interface AuditPage {
  events: AuditEvent[];
  /** Every matching event, of which `events` are the newest `limit`. */
  total: number;
}

/** The result of walking the whole chain. */
export interface AuditVerification {
  rows: number;
  /** Null when every row's seal matches; otherwise the first row that does not, in a sentence. */
  problem: string | null;
}

/** An audit export: where it went (null when the save dialog was closed). */
export interface AuditExported {
  saved: { rows: number; fileName: string; savedTo: string | null; url: string | null } | null;
}

/** The audit trail as the API returns and filters it. */
import { z } from 'zod';
import { isoDate, text, wholeNumber } from './fields';
import type { Surface } from './types';

/** How a call ended: done, or refused because the user's role does not allow it. */
export type AuditOutcome = 'ok' | 'forbidden' | 'failed';

export interface AuditEvent {
  id: number;
  at: string;
  userId: number | null;
  username: string;
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

export const AuditQuery = z.strictObject({
  from: isoDate(),
  to: isoDate(),
  userId: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
  username: text(1, 50).optional(),
  patientId: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
  action: text(1, 50).optional(),
  limit: wholeNumber(1, 5000).default(500),
});
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

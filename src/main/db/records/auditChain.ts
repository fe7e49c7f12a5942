/**
 * The audit trail's chain, the same for every database the record layer runs on: each row's
 * hash is the SHA-256 of the previous row's hash and the row's own content, so that a row
 * changed, removed or slipped in breaks every hash after it. The first row follows `genesis`.
 */
import { createHash } from 'node:crypto';

export const genesis = '0'.repeat(64);

/** A row's content as it is sealed: every column but the hash, the id included (rows cannot move). */
export interface AuditRowContent {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: number | null;
  detail: string;
  userId: number | null;
  username: string;
  role: string;
  surface: string;
  patientId: number | null;
  outcome: string;
}

/** The hash a row carries, after the previous row's. */
export function seal(previous: string, r: AuditRowContent): string {
  const content = JSON.stringify([
    r.id,
    r.at,
    r.actor,
    r.action,
    r.entity,
    r.entityId,
    r.detail,
    r.userId,
    r.username,
    r.role,
    r.surface,
    r.patientId,
    r.outcome,
  ]);
  return createHash('sha256').update(previous).update('\n').update(content).digest('hex');
}

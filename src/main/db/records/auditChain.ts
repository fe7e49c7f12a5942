/**
 * The audit trail's chain, the same for every database the record layer runs on: each row's
 * hash is the SHA-256 of the previous row's hash and the row's own content, so that a row
 * changed, removed or slipped in breaks every hash after it. The first row follows `genesis`.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from './contract';
import { actorLabel } from './labels';

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

/** The row an entry becomes after the newest row (`last`, none in an empty log), sealed. */
export function auditRow(entry: AuditEntry, last: { id: number; hash: string | null } | undefined, at: string): AuditRowContent & { hash: string } {
  const { actor } = entry;
  const row = {
    id: (last?.id ?? 0) + 1,
    at,
    actor: actorLabel(actor),
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    detail: entry.detail ?? '',
    userId: actor.userId,
    username: actor.username,
    role: actor.role ?? 'system',
    surface: actor.surface,
    patientId: entry.patientId ?? null,
    outcome: entry.outcome ?? 'ok',
  };
  return { ...row, hash: seal(last?.hash ?? genesis, row) };
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

/**
 * The state file beside a database (`<db>.backup-state.json`): the last backup attempt, and the
 * audit trail's newest row as it was last recorded. Several writers share it (the backups, each
 * process's record layer), so each one reads the file and replaces only its own field, written
 * durably. Two processes writing at the same instant may lose one's change; both fields are
 * written again at their next change, and a stale audit head is harmless (it only has to be a
 * row the trail still holds).
 */
import { readFileSync } from 'node:fs';
import type { AuditHead } from '../db/records/auditChain';
import { databaseFiles, writeFileDurably } from './durable';

const format = 'milia-notes-backup-state/1';

type Fields = Record<string, unknown>;

/** `<db>.backup-state.json`. */
export const stateFileFor = (dbPath: string): string => databaseFiles(dbPath).backupState;

/** The fields of the state file; null when there is none, or it cannot be read as JSON. */
export function readStateFile(dbPath: string): Fields | null {
  try {
    const state: unknown = JSON.parse(readFileSync(stateFileFor(dbPath), 'utf8'));
    return state !== null && typeof state === 'object' && !Array.isArray(state) ? (state as Fields) : null;
  } catch {
    return null;
  }
}

/**
 * Sets `fields` (undefined removes one) and keeps the others. Without `create`, a missing state
 * file is left missing: its existence says the app has run on this database (see
 * `markDatabaseExpected`), which only start-up and the backups decide.
 */
export function updateStateFile(dbPath: string, fields: Fields, { create }: { create: boolean }): void {
  const state = readStateFile(dbPath);
  if (state === null && !create) return;
  const next: Fields = { ...state, format, ...fields };
  writeFileDurably(stateFileFor(dbPath), `${JSON.stringify(next, null, 2)}\n`);
}

const isHead = (value: unknown): value is AuditHead =>
  value !== null &&
  typeof value === 'object' &&
  Number.isSafeInteger((value as AuditHead).row) &&
  typeof (value as AuditHead).hash === 'string' &&
  /^[0-9a-f]{64}$/.test((value as AuditHead).hash);

/** The audit trail's newest row as a state file or a backup's sidecar records it; null when it records none. */
export const auditHeadIn = (fields: Fields | null): AuditHead | null =>
  isHead(fields?.auditHead) ? { row: fields.auditHead.row, hash: fields.auditHead.hash } : null;

/** Records the trail's newest row in the state file, when there is one; null removes it. */
export const writeAuditHead = (dbPath: string, head: AuditHead | null): void => updateStateFile(dbPath, { auditHead: head ?? undefined }, { create: false });

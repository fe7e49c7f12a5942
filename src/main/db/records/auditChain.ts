/**
 * The audit trail's chain, the same for every database the record layer runs on: each row's
 * hash is the SHA-256 of the previous row's hash and the row's own content, so that a row
 * changed, removed or slipped in breaks every hash after it. The first row follows `genesis`.
 */
import { hash } from 'node:crypto';
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

/**
 * Text as the database stores it: a lone UTF-16 surrogate (half an emoji, which a search box
 * can send) becomes U+FFFD, as `String.prototype.toWellFormed` does. Sealed as it is stored,
 * a row reads back exactly as it was sealed.
 */
const stored = (text: string): string => text.replace(/\p{Cs}/gu, '\ufffd');

/** The row an entry becomes after the newest row (`last`, none in an empty log), sealed. */
export function auditRow(entry: AuditEntry, last: { id: number; hash: string | null } | undefined, at: string): AuditRowContent & { hash: string } {
  const { actor } = entry;
  const row = {
    id: (last?.id ?? 0) + 1,
    at,
    actor: stored(actorLabel(actor)),
    action: stored(entry.action),
    entity: stored(entry.entity),
    entityId: entry.entityId,
    detail: stored(entry.detail ?? ''),
    userId: actor.userId,
    username: stored(actor.username),
    role: actor.role ?? 'system',
    surface: actor.surface,
    patientId: entry.patientId ?? null,
    outcome: entry.outcome ?? 'ok',
  };
  return { ...row, hash: seal(last?.hash ?? genesis, row) };
}

/** The columns a row is sealed over, in order: every one but the hash. */
export const sealedColumns = [
  'id',
  'at',
  'actor',
  'action',
  'entity',
  'entity_id',
  'detail',
  'user_id',
  'username',
  'role',
  'surface',
  'patient_id',
  'outcome',
] as const;

/** The hash after `previous` of a row's content: the JSON array of its values in the order of `sealedColumns`. */
export const sealContent = (previous: string, content: string): string => hash('sha256', `${previous}\n${content}`);

/** The hash after `previous` of a row's values, in the order of `sealedColumns`. */
export const sealValues = (previous: string, values: readonly unknown[]): string => sealContent(previous, JSON.stringify(values));

/** The hash a row carries, after the previous row's. */
export function seal(previous: string, r: AuditRowContent): string {
  return sealValues(previous, [r.id, r.at, r.actor, r.action, r.entity, r.entityId, r.detail, r.userId, r.username, r.role, r.surface, r.patientId, r.outcome]);
}

/** The newest row of a trail by its number and hash, as it is recorded outside the database. Rows are numbered from 1 without a gap, so its number is also the count. */
export interface AuditHead {
  row: number;
  hash: string;
}

/** A head recorded outside the database: the state file beside it, or a backup's sidecar. */
export interface RecordedHead extends AuditHead {
  /** Where, as a sentence names it: "the state file beside the database". */
  where: string;
  /** When the backup recording it was taken (ISO 8601); left out for the state file. */
  takenAt?: string;
}

const missingRows = (from: number, to: number, before: number): string =>
  `${from === to ? `Audit row ${from} is missing` : `Audit rows ${from} to ${to} are missing`}: ` +
  `${before === 0 ? `the trail starts at row ${to + 1}` : `the trail goes from row ${before} to row ${to + 1}`}, so ${from === to ? 'it was' : 'they were'} removed.`;

/**
 * A walk along the chain, given the rows in order, each as `[id, content, hash, restoredAt]`:
 * its content as `sealContent` takes it, and when it records a restore, its time. It names the
 * first row that breaks the chain: missing, unsealed, or not matching its seal. After that it
 * only counts.
 */
export class ChainWalk {
  /** Rows seen. */
  rows = 0;
  /** The number of the last row seen: the walk goes on after it. */
  newest = 0;
  /** The first break, in a sentence; null while the chain holds. */
  problem: string | null = null;
  /** When the newest restore seen happened: backups taken before it belong to the history it replaced. */
  newestRestore: string | null = null;
  private previous = genesis;

  /** Takes the next row. */
  step(row: readonly unknown[]): void {
    const [id, content, rowHash, restoredAt] = row as [number, string, string | null, string | null];
    if (restoredAt !== null) this.newestRestore = restoredAt;
    if (this.problem === null) {
      if (id !== this.newest + 1) this.problem = missingRows(this.newest + 1, id - 1, this.newest);
      else if (rowHash === null) this.problem = `Audit row ${id} has no seal: it was written or changed outside Milia Notes.`;
      else if (sealContent(this.previous, content) !== rowHash)
        this.problem = `Audit row ${id} does not match its seal: it was changed, or a row before it was removed or inserted.`;
      else this.previous = rowHash;
    }
    this.rows++;
    this.newest = id;
  }
}

/**
 * What the heads recorded outside the database say of the walked trail: each must be a row it
 * still holds, with the same hash (a stale head is a prefix, and fine). One sentence per head
 * that is not. A backup taken before the trail's newest restore belongs to the history that
 * restore replaced, and is not compared.
 */
export function headProblems(recorded: readonly RecordedHead[], walk: ChainWalk, storedHash: (row: number) => string | null | undefined): string[] {
  const problems: string[] = [];
  for (const head of recorded) {
    if (head.takenAt !== undefined && walk.newestRestore !== null && head.takenAt <= walk.newestRestore) continue;
    if (head.row > walk.newest) {
      const end = walk.newest === 0 ? 'the database holds no audit row' : `the database ends at row ${walk.newest}`;
      problems.push(`The newest audit rows were removed: ${head.where} records row ${head.row}, ${end}.`);
    } else if (storedHash(head.row) !== head.hash) {
      problems.push(`Audit row ${head.row} does not carry the seal ${head.where} records for it: the audit trail was rewritten up to that row.`);
    }
  }
  return problems;
}

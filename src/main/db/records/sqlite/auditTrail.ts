/**
 * The audit trail in SQLite: appending a sealed row, finding rows by date, user, patient and
 * action, and walking the chain (`../auditChain.ts`) the fast way: each row's content read as
 * one string, hashed once. Rows written before the chain existed are sealed once, when the
 * database is first opened by a version that keeps it.
 */
import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { nowIso } from '@shared/calendar';
import type { AuditEvent } from '@shared/audit';
import * as schema from '../../schema';
import { auditRow, genesis, sealContent, sealedColumns, type AuditHead, type ChainWalk } from '../auditChain';
import type { AuditEntry, AuditFilter, AuditReads, AuditWrites } from '../contract';
import { preparedInsert, preparedSelect, type Db } from './statements';

const { auditLog } = schema;

/**
 * A row's content as SQLite writes it: `json_array` of the sealed columns is, byte for byte,
 * the JSON.stringify of their values that the row was sealed over (text is escaped alike, and
 * integer columns hold integers), and one string per row is far cheaper to read than thirteen.
 * A BLOB, which the app never writes and json_array refuses, becomes text that cannot match.
 */
const content = `json_array(${sealedColumns.map((c) => (c === 'id' ? c : `iif(typeof(${c}) = 'blob', 'blob ' || hex(${c}), ${c})`)).join(', ')})`;
/** The rows as a walk takes them (see `ChainWalk`). */
const chainQuery = `select id, ${content}, hash, iif(action = 'restore', at, null) from audit_log where id > ? order by id limit ?`;

/** Feeds the rows after the walk's last one to it, at most `limit` (all with -1); false once there are no more. */
export function walkChain(sqlite: Database.Database, walk: ChainWalk, limit = -1, statement = sqlite.prepare(chainQuery).raw()): boolean {
  let taken = 0;
  for (const row of statement.iterate(walk.newest, limit) as IterableIterator<readonly unknown[]>) {
    walk.step(row);
    taken++;
  }
  return limit >= 0 && taken === limit;
}

/** Whether the audit trail has its chain (migration 0004 gave it the hash column). */
export const hasChain = (sqlite: Database.Database): boolean =>
  sqlite.prepare("select 1 from pragma_table_info('audit_log') where name = 'hash'").get() !== undefined;

/** The newest row's number and hash; null for an empty trail, an unsealed newest row, or a schema without the chain. */
export function newestAuditRow(sqlite: Database.Database): AuditHead | null {
  if (!hasChain(sqlite)) return null;
  const row = sqlite.prepare('select id, hash from audit_log order by id desc limit 1').get() as { id: number; hash: string | null } | undefined;
  return row?.hash ? { row: row.id, hash: row.hash } : null;
}

/** The hash row `id` carries: null when it has none, undefined when there is no such row. */
export const storedHashes = (sqlite: Database.Database): ((id: number) => string | null | undefined) => {
  const statement = sqlite.prepare<[number], string | null>('select hash from audit_log where id = ?').pluck();
  return (id) => statement.get(id);
};

/**
 * Seals the rows written before the chain existed (no hash), in order, in one transaction: only
 * while no row is sealed yet. Once one is, a row without a seal is a break that `check` reports,
 * never something to seal.
 */
export function sealLegacyRows(sqlite: Database.Database): void {
  if (!hasChain(sqlite)) return;
  const newest = sqlite.prepare<[], string | null>('select hash from audit_log order by id desc limit 1').pluck();
  const anySealed = sqlite.prepare('select 1 from audit_log where hash is not null limit 1');
  const unsealed = () => newest.get() === null && anySealed.get() === undefined;
  // Judged again under the write lock: another process may have sealed them meanwhile.
  if (!unsealed()) return;
  sqlite
    .transaction(() => {
      if (!unsealed()) return;
      // Read whole first: a connection runs no update while it iterates.
      const rows = sqlite.prepare(`select id, ${content} from audit_log order by id`).raw().all() as Array<[number, string]>;
      const update = sqlite.prepare('update audit_log set hash = ? where id = ?');
      let previous = genesis;
      for (const [id, rowContent] of rows) {
        previous = sealContent(previous, rowContent);
        update.run(previous, id);
      }
    })
    .immediate();
}

/**
 * Appends sealed rows after the newest one. Only inside a write unit (BEGIN IMMEDIATE), where no
 * other writer can append in between. `at` is now unless given (a restore records its own time).
 */
export function auditAppender(db: Db) {
  const insert = preparedInsert(db, auditLog, [
    'id',
    'at',
    'actor',
    'action',
    'entity',
    'entityId',
    'detail',
    'userId',
    'username',
    'role',
    'surface',
    'patientId',
    'outcome',
    'hash',
  ]);
  const newest = db.$client.prepare<[], { id: number; hash: string | null }>('select id, hash from audit_log order by id desc limit 1');
  return (entry: AuditEntry, at = nowIso()): AuditHead => {
    const row = auditRow(entry, newest.get(), at);
    insert(row);
    return { row: row.id, hash: row.hash };
  };
}

/** One sealed row appended to a database file outside any store (a restore records itself in the restored file). */
export const appendAuditRow = (sqlite: Database.Database, entry: AuditEntry, at: string): AuditHead =>
  sqlite.transaction(() => auditAppender(drizzle(sqlite, { schema }))(entry, at)).immediate();

const eventColumns = {
  id: auditLog.id,
  at: auditLog.at,
  actor: auditLog.actor,
  userId: auditLog.userId,
  username: auditLog.username,
  role: auditLog.role,
  surface: auditLog.surface,
  action: auditLog.action,
  patientId: auditLog.patientId,
  entity: auditLog.entity,
  entityId: auditLog.entityId,
  outcome: auditLog.outcome,
  detail: auditLog.detail,
};

function conditions(f: AuditFilter): SQL | undefined {
  return and(
    gte(auditLog.at, f.from),
    lt(auditLog.at, f.before),
    f.userId === undefined ? undefined : eq(auditLog.userId, f.userId),
    f.username === undefined ? undefined : sql`${auditLog.username} = ${f.username} collate nocase`,
    f.patientId === undefined ? undefined : eq(auditLog.patientId, f.patientId),
    f.action === undefined ? undefined : eq(auditLog.action, f.action),
  );
}

/** The trail's repository; `appended` hears of every row appended (the unit decides whether it is kept). */
export function auditRepository(db: Db, appended: (head: AuditHead) => void): AuditReads & AuditWrites {
  const append = auditAppender(db);
  const chainStatement = db.$client.prepare(chainQuery).raw();
  const hashOf = storedHashes(db.$client);
  // Newest first, by time and then by number: the order of the time indexes, read backwards, so a page stops early.
  const matching = (f: AuditFilter) => db.select(eventColumns).from(auditLog).where(conditions(f)).orderBy(desc(auditLog.at), desc(auditLog.id));
  const counted = (f: AuditFilter) => db.select({ n: count() }).from(auditLog).where(conditions(f)).get()?.n ?? 0;
  return {
    async append(entry) {
      appended(append(entry));
    },
    async search(filter, limit) {
      return { events: matching(filter).limit(limit).all() as AuditEvent[], total: counted(filter) };
    },
    async each(filter) {
      const rows = preparedSelect(db, eventColumns, matching(filter));
      return { length: counted(filter), [Symbol.iterator]: () => rows.iterate() as Iterator<AuditEvent> };
    },
    async walk(walk, limit) {
      return walkChain(db.$client, walk, limit, chainStatement);
    },
    async storedHashes(rows) {
      return new Map(rows.map((row) => [row, hashOf(row)]));
    },
  };
}

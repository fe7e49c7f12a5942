/**
 * The audit trail on the practice server: the SQLite record's repository (sqlite/auditTrail.ts),
 * call for call, over the same chain (`../auditChain.ts`). The file's other parts have no twin
 * here. Legacy sealing: no row on the server predates the chain (a file's older rows are sealed
 * when it is opened, before an import reads them). The head recorder: the newest row's seal kept
 * in a state file beside the database, which catches the newest rows removed or the chain
 * rewritten by whoever can write the file; here the triggers of drizzle/pg/0002 refuse every
 * change to the trail, and no file sits beside a server.
 */
import { and, asc, count, desc, eq, getTableColumns, gt, gte, inArray, lt, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { nowIso } from '@shared/calendar';
import type { AuditEvent } from '@shared/audit';
import { auditLog } from '../../pg/schema';
import { auditRow, sealedColumns } from '../auditChain';
import type { AuditFilter, AuditReads, AuditWrites } from '../contract';
import { cursorPages, type UnitDb } from './cursorPages';

/** The sealed columns by their names in the database, in the order they are sealed. */
const columns: AnyPgColumn[] = Object.values(getTableColumns(auditLog));
const sealed = Object.fromEntries(sealedColumns.map((name) => [name, columns.find((column) => column.name === name)!])) as Record<
  (typeof sealedColumns)[number],
  AnyPgColumn
>;

/** What a walk reads of a row: its sealed columns, its hash, and when it records a restore, its time. */
const chainColumns = {
  ...sealed,
  hash: auditLog.hash,
  restoredAt: sql<string | null>`case when ${auditLog.action} = 'restore' then ${auditLog.at} end`,
};

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

/** Every matching row, newest first as `matching` gives them, each column named as an event's field (for the cursor). */
const everyMatching = (f: AuditFilter): SQL =>
  sql`select ${sql.join(
    Object.entries(eventColumns).map(([field, column]) => sql`${column} as ${sql.identifier(field)}`),
    sql`, `,
  )} from ${auditLog} where ${conditions(f)} order by ${auditLog.at} desc, ${auditLog.id} desc`;

/** The largest id an integer column holds: a larger one matches no row, as in SQLite, rather than failing the query. */
const largestId = 2_147_483_647;
const idIs = (column: AnyPgColumn, id: number): SQL => (id <= largestId ? eq(column, id) : sql`false`);

/**
 * `at` is compared and ordered in the column's own collation, unlike other text here: its values
 * (and the days bounding a search) are ISO 8601 in one fixed shape, digits with the same marks at
 * the same places, which every collation orders as bytes, as SQLite does; and the time indexes,
 * built in that collation, then serve the search, read backwards so that a page stops early.
 */
function conditions(f: AuditFilter): SQL | undefined {
  return and(
    gte(auditLog.at, f.from),
    lt(auditLog.at, f.before),
    f.userId === undefined ? undefined : idIs(auditLog.userId, f.userId),
    f.username === undefined ? undefined : sql`lower(${auditLog.username} collate "C") = lower(${f.username} collate "C")`,
    f.patientId === undefined ? undefined : idIs(auditLog.patientId, f.patientId),
    f.action === undefined ? undefined : eq(auditLog.action, f.action),
  );
}

/** A placeholder for each column of a line (`auditRow`'s keys): the appending statement's values. */
const appended = {
  id: sql.placeholder('id'),
  at: sql.placeholder('at'),
  actor: sql.placeholder('actor'),
  action: sql.placeholder('action'),
  entity: sql.placeholder('entity'),
  entityId: sql.placeholder('entityId'),
  detail: sql.placeholder('detail'),
  userId: sql.placeholder('userId'),
  username: sql.placeholder('username'),
  role: sql.placeholder('role'),
  surface: sql.placeholder('surface'),
  patientId: sql.placeholder('patientId'),
  outcome: sql.placeholder('outcome'),
  hash: sql.placeholder('hash'),
} satisfies Record<keyof ReturnType<typeof auditRow>, Placeholder>;

/** The trail's repository over one connection. */
export function auditRepository(db: UnitDb): AuditReads & AuditWrites {
  // Newest first, by time and then by number, as SQLite reads them.
  const matching = async (f: AuditFilter, limit?: number): Promise<AuditEvent[]> => {
    const query = db.select(eventColumns).from(auditLog).where(conditions(f)).orderBy(desc(auditLog.at), desc(auditLog.id));
    return (await (limit === undefined ? query : query.limit(limit))) as AuditEvent[];
  };
  const total = async (f: AuditFilter): Promise<number> => (await db.select({ n: count() }).from(auditLog).where(conditions(f)))[0]?.n ?? 0;
  // Every audited call appends: both statements are built once per connection and prepared on
  // the server under their names, so neither drizzle nor the planner works them out per line.
  const newestRow = db.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).prepare('audit.newest');
  const insertRow = db.insert(auditLog).values(appended).prepare('audit.append');
  return {
    /**
     * Sealed after the newest row, with its number given: the unit holds the record's write lock
     * (index.ts) from its start, and reads committed rows, so no other writer appends between the
     * read and the insert and the chain never forks. The identity sequence is never drawn from:
     * every row, here and in an import, arrives with its number (it needs it for its seal).
     */
    async append(entry) {
      const [newest] = await newestRow.execute();
      await insertRow.execute({ ...auditRow(entry, newest, nowIso()) });
    },
    async search(filter, limit) {
      return { events: await matching(filter, limit), total: await total(filter) };
    },
    async each(filter) {
      return { length: await total(filter), pages: cursorPages<AuditEvent>(db, everyMatching(filter)) };
    },
    /**
     * The rows as SQLite's walk gives them: each row's content is the JSON.stringify of its sealed
     * values, which is what SQLite's json_array writes for them (integers are integers, text is
     * escaped alike, and no column here can hold a BLOB). A negative limit takes every row.
     */
    async walk(walk, limit) {
      const query = db.select(chainColumns).from(auditLog).where(gt(auditLog.id, walk.newest)).orderBy(asc(auditLog.id));
      const rows = await (limit >= 0 ? query.limit(limit) : query);
      for (const row of rows) {
        walk.step([row.id, JSON.stringify(sealedColumns.map((name) => row[name])), row.hash, row.restoredAt]);
      }
      return limit >= 0 && rows.length === limit;
    },
    async storedHashes(rows) {
      const wanted = rows.filter((row) => row <= largestId);
      const found = wanted.length === 0 ? [] : await db.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).where(inArray(auditLog.id, wanted));
      const hashes = new Map(found.map((row) => [row.id, row.hash]));
      return new Map(rows.map((row) => [row, hashes.get(row)]));
    },
  };
}

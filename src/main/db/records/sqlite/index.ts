/**
 * The record layer over one SQLite connection. The connection is one, and a transaction is
 * the connection's, so units of work run one after another in the order they were asked
 * for: two interleaving asynchronous callers never share a transaction. A write unit is
 * BEGIN IMMEDIATE (the write lock up front, so another process's writer queues on
 * busy_timeout instead of failing midway) … COMMIT, or ROLLBACK when its work rejects; a read
 * unit is a deferred transaction, one consistent view for all its reads.
 */
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { nowIso } from '@shared/calendar';
import * as schema from '../../schema';
import type { Records, Store, WriteTx } from '../contract';
import { auditRow } from '../auditChain';
import { clinicianRepository, patientRepository } from './patients';
import { preparedInsert, type Db } from './statements';
import { statsRepository } from './statsReads';
import { userRepository } from './users';
import { followUpRepository, handoutRepository, visitRepository } from './visits';

/** The store `openStore` gives: the contract, and the connection for what is about the file itself. */
export interface SqliteStore extends Store {
  readonly sqlite: Database.Database;
}

function repositories(db: Db, sqlite: Database.Database): WriteTx {
  const setting = db
    .select({ value: schema.settings.value })
    .from(schema.settings)
    .where(eq(schema.settings.key, sql.placeholder('key')))
    .prepare();
  const putSetting = db
    .insert(schema.settings)
    .values({ key: sql.placeholder('key'), value: sql.placeholder('value') })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value: sql`excluded.value` } })
    .prepare();
  const audit = preparedInsert(db, schema.auditLog, [
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
  // The newest row: the next one follows its hash. Inside a write unit (BEGIN IMMEDIATE) no other writer can append in between.
  const newest = sqlite.prepare<[], { id: number; hash: string | null }>('select id, hash from audit_log order by id desc limit 1');
  return {
    patients: patientRepository(db, sqlite),
    clinicians: clinicianRepository(db),
    users: userRepository(db, sqlite),
    visits: visitRepository(db),
    followUps: followUpRepository(db),
    handouts: handoutRepository(db),
    stats: statsRepository(sqlite),
    settings: {
      async get(key) {
        return setting.get({ key })?.value;
      },
      async put(key, value) {
        putSetting.run({ key, value });
      },
    },
    audit: {
      async append(entry) {
        audit(auditRow(entry, newest.get(), nowIso()));
      },
    },
  };
}

/** The units of work over an open connection. */
function sqliteRecords(sqlite: Database.Database): Records {
  const db = drizzle(sqlite, { schema });
  // Prepared at the first unit, not at open: a store opened only to be inspected or closed never needs them.
  let prepared: { tx: WriteTx; begin: Record<'read' | 'write', Database.Statement>; commit: Database.Statement; rollback: Database.Statement } | undefined;
  const statements = () =>
    (prepared ??= {
      tx: repositories(db, sqlite),
      begin: { read: sqlite.prepare('begin'), write: sqlite.prepare('begin immediate') },
      commit: sqlite.prepare('commit'),
      rollback: sqlite.prepare('rollback'),
    });
  let tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every unit asked for before it. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  }

  const unit = <T>(mode: 'read' | 'write', work: (tx: WriteTx) => Promise<T>): Promise<T> =>
    serial(async () => {
      const { tx, begin, commit, rollback } = statements();
      begin[mode].run();
      try {
        const value = await work(tx);
        commit.run();
        return value;
      } catch (error) {
        // SQLite may have rolled back already (a full disk, for one).
        if (sqlite.inTransaction) rollback.run();
        throw error;
      }
    });

  return {
    read: (work) => unit('read', work),
    write: (work) => unit('write', work),
    optimize: () =>
      serial(async () => {
        sqlite.pragma('optimize');
      }),
  };
}

export function sqliteStore(sqlite: Database.Database, path: string): SqliteStore {
  return { sqlite, path, records: sqliteRecords(sqlite), isOpen: () => sqlite.open, close: () => sqlite.close() };
}

/**
 * The connection under a store, for the work that is about the SQLite file itself (online
 * backups, integrity checks); any other store is refused.
 */
export function sqliteOf(store: Store): Database.Database {
  if ('sqlite' in store && store.sqlite instanceof Database) return store.sqlite;
  throw new Error(`${store.path} is not a SQLite database on this workstation; this needs the file itself.`);
}

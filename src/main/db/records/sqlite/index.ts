/**
 * The record layer over one SQLite connection. The connection is one, and a transaction is
 * the connection's, so units of work run one after another in the order they were asked
 * for: two interleaving asynchronous callers never share a transaction. A write unit is
 * BEGIN IMMEDIATE (the write lock up front, so another process's writer queues on
 * busy_timeout instead of failing midway) … COMMIT, or ROLLBACK when its work rejects; a read
 * unit is a deferred transaction, one consistent view for all its reads. An audited read is a
 * write unit whose commit alone runs at `synchronous = NORMAL`: in WAL it is in the log when
 * the call returns (an app crash keeps it) and reaches the disk with the next durable commit
 * or checkpoint. Every other unit commits at the connection's own level (FULL).
 */
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../schema';
import { changeListeners, noteChanges } from '../changes';
import type { RecordTopic, Records, Store, WriteTx } from '../contract';
import type { AuditHead } from '../auditChain';
import { auditRepository } from './auditTrail';
import { headRecorder } from './headRecorder';
import { clinicianRepository, patientRepository } from './patients';
import type { Db } from './statements';
import { onFirstUse } from '../onFirstUse';
import { statsDeferral } from './statsDeferral';
import { statsRepository } from './statsReads';
import { userRepository } from './users';
import { followUpRepository, handoutRepository, visitRepository } from './visits';

/** The store `openStore` gives: the contract, and the connection for what is about the file itself. */
export interface SqliteStore extends Store {
  readonly sqlite: Database.Database;
  /**
   * Closes with the log folded into the file and emptied (waiting for another connection's
   * read as long as the busy timeout): whether it is empty, the file whole on its own.
   */
  closeFolded(): boolean;
}

/** How long after an audited read the log is checkpointed, so that a run of searches pays for it once, between them. */
const settleMs = 1000;

function repositories(db: Db, sqlite: Database.Database, appended: (head: AuditHead) => void): WriteTx {
  return onFirstUse<WriteTx>({
    patients: () => patientRepository(db, sqlite),
    clinicians: () => clinicianRepository(db),
    users: () => userRepository(db, sqlite),
    visits: () => visitRepository(db),
    followUps: () => followUpRepository(db),
    handouts: () => handoutRepository(db),
    stats: () => ({ ...statsRepository(sqlite), ...statsDeferral(sqlite) }),
    settings: () => settingsRepository(db),
    audit: () => auditRepository(db, appended),
  });
}

function settingsRepository(db: Db): WriteTx['settings'] {
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
  return {
    async get(key) {
      return setting.get({ key })?.value;
    },
    async put(key, value) {
      putSetting.run({ key, value });
    },
  };
}

/**
 * The units of work over an open connection; `committed` hears of the newest audit row of each
 * unit that appended some and committed, `changed` of what each committed unit changed.
 */
function sqliteRecords(
  sqlite: Database.Database,
  committed: (head: AuditHead) => void,
  changed: (topics: readonly RecordTopic[]) => void,
): Records & { settle(): void } {
  const db = drizzle(sqlite, { schema });
  let appended: AuditHead | null = null;
  // What the unit under way has changed (one unit at a time on this connection).
  const touched = new Set<RecordTopic>();
  // The newest audit row of a unit committed without waiting for the disk: the recorded head
  // (`committed`) must never name a row that a power cut can take away, so it waits for a
  // durable commit or a checkpoint to cover it.
  let unsynced: AuditHead | null = null;
  let settling: NodeJS.Timeout | null = null;
  // Prepared at the first unit, not at open: a store opened only to be inspected or closed never needs them.
  let prepared:
    | {
        tx: WriteTx;
        begin: Record<'read' | 'write', Database.Statement>;
        commit: Database.Statement;
        rollback: Database.Statement;
        durable: number;
      }
    | undefined;
  const statements = () =>
    (prepared ??= {
      tx: noteChanges(
        repositories(db, sqlite, (head) => {
          appended = head;
        }),
        touched,
      ),
      begin: { read: sqlite.prepare('begin'), write: sqlite.prepare('begin immediate') },
      commit: sqlite.prepare('commit'),
      rollback: sqlite.prepare('rollback'),
      // The connection's own level (FULL), which every unit but an audited read commits at.
      durable: sqlite.pragma('synchronous', { simple: true }) as number,
    });
  let tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every unit asked for before it. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  }

  const later = () => (settling ??= setTimeout(() => void serial(async () => settle(true)), settleMs).unref());
  /**
   * A checkpoint, between units: when it copies every frame of the log into the file (synced
   * before and after), the lines committed without waiting for the disk are there for good.
   * Another connection's read can hold it back; then it is tried again a second later.
   */
  function settle(again = false): void {
    if (settling) clearTimeout(settling);
    settling = null;
    if (!unsynced || !sqlite.open || sqlite.inTransaction) return;
    let result: { busy: number; log: number; checkpointed: number } | undefined;
    try {
      [result] = sqlite.pragma('wal_checkpoint(PASSIVE)') as (typeof result)[];
    } catch {
      // A checkpoint that fails (the disk) leaves the head to the next durable write; the lines are in the log.
    }
    if (result?.busy === 0 && result.checkpointed === result.log) {
      committed(unsynced);
      unsynced = null;
    } else if (again) later();
  }

  const unit = <T>(mode: 'read' | 'write' | 'audited', work: (tx: WriteTx) => Promise<T>): Promise<T> =>
    serial(async () => {
      const { tx, begin, commit, rollback, durable } = statements();
      const relaxed = mode === 'audited';
      // Not a prepared statement: SQLite applies a pragma when it compiles it, not when it is run again.
      if (relaxed) sqlite.pragma('synchronous = NORMAL');
      try {
        begin[mode === 'read' ? 'read' : 'write'].run();
        appended = null;
        touched.clear();
        try {
          const value = await work(tx);
          commit.run();
          changed([...touched]);
          if (appended && relaxed) {
            unsynced = appended;
            // A second later, between units: a checkpoint off the calls' path makes the lines durable and their head recordable.
            later();
          } else if (appended) {
            // A durable commit syncs the whole log, the earlier lines with it.
            unsynced = null;
            committed(appended);
          }
          return value;
        } catch (error) {
          // SQLite may have rolled back already (a full disk, for one).
          if (sqlite.inTransaction) rollback.run();
          throw error;
        }
      } finally {
        // Whatever happened, the next unit commits durably again.
        if (relaxed) sqlite.pragma(`synchronous = ${durable}`);
      }
    });

  return {
    read: (work) => unit('read', work),
    audited: (work) => unit('audited', work),
    write: (work) => unit('write', work),
    optimize: () =>
      serial(async () => {
        sqlite.pragma('optimize');
      }),
    async prepareAhead() {
      // One repository a turn: a call that arrives meanwhile waits for one at most (the visits', about 20 ms).
      const make = (name?: keyof WriteTx) =>
        serial(async () => {
          if (sqlite.open) void (name === undefined ? statements() : statements().tx[name]);
        });
      try {
        await make();
        for (const name of Object.keys(statements().tx) as Array<keyof WriteTx>) {
          await new Promise(setImmediate);
          await make(name);
        }
      } catch {
        // The call that needs what failed here meets the fault itself, and says it.
      }
    },
    settle,
  };
}

export function sqliteStore(sqlite: Database.Database, path: string): SqliteStore {
  const heads = headRecorder(sqlite, path);
  // Only this process's writes are heard: another process on the file (the command line) is not.
  const listeners = changeListeners();
  const { settle, ...records } = sqliteRecords(sqlite, heads.committed, listeners.emit);
  const close = (fold: boolean): boolean => {
    settle();
    heads.flush();
    let folded = false;
    try {
      if (fold) folded = (sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>)[0]?.busy === 0;
    } catch {
      // A log that cannot be folded now (the disk) is folded by SQLite at the next open; the file goes unsealed.
    }
    sqlite.close();
    return folded;
  };
  return {
    sqlite,
    path,
    records,
    onChange: listeners.add,
    isOpen: () => sqlite.open,
    close: () => void close(false),
    closeFolded: () => close(true),
  };
}

/**
 * The connection under a store, for the work that is about the SQLite file itself (online
 * backups, integrity checks); any other store is refused.
 */
/** Whether the store is a SQLite file on this workstation (what a worker thread can open by its path). */
export const isSqliteStore = (store: Store): store is SqliteStore => 'sqlite' in store && store.sqlite instanceof Database;

export function sqliteOf(store: Store): Database.Database {
  if ('sqlite' in store && store.sqlite instanceof Database) return store.sqlite;
  throw new Error(`${store.path} is not a SQLite database on this workstation; this needs the file itself.`);
}

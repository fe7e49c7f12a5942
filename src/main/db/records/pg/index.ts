/**
 * The record layer over the practice server (PostgreSQL): the same contract as `../sqlite/`,
 * each unit of work on a connection of its own from the pool, so that one workstation's units
 * run side by side with each other and with the other workstations'.
 *
 * - A read unit is REPEATABLE READ, READ ONLY: one consistent view for all its reads, and no
 *   lock taken.
 * - A write unit first takes the record's write lock (writeLock.ts), held to its commit: the
 *   practice's writers go one after another, as the SQLite file's BEGIN IMMEDIATE makes them,
 *   so a rule judged on what a unit read still holds when it writes, and every audit row is
 *   appended after the newest committed one (the chain never forks).
 * - An audited read reads in a read unit and then appends its lines under the lock
 *   (auditedRead.ts), committed with `synchronous_commit = off`: a server crash may lose its
 *   last lines, never a write's, and the chain stays whole (hazard log AUDIT-1).
 * A save is acknowledged only once the server has committed it.
 */
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Pool, PoolClient } from 'pg';
import * as schema from '../../pg/schema';
import { openServerDatabase, shownUrl, type ServerOpenOptions } from '../../pg/migrate';
import { AppError } from '@shared/errors';
import { recordTopics } from '@shared/changes';
import { ConnectionLost, storageFault, storageFaultMessage } from '../../faults';
import { changeListeners, noteChanges } from '../changes';
import type { ChangeListener, RecordTopic, Records, Store, WriteTx } from '../contract';
import { auditedRead } from './auditedRead';
import { assertClockAgrees } from './clockCheck';
import { auditRepository } from './auditTrail';
import { clinicianRepository, patientRepository } from './patients';
import type { UnitDb } from './cursorPages';
import { statsRepository } from './statsReads';
import { userRepository } from './users';
import { followUpRepository, handoutRepository, visitRepository } from './visits';
import { writeLock } from './writeLock';

/** The store over the practice server: the contract, and the pool for what is about the server itself (backups, notifications). */
export interface ServerStore extends Store {
  readonly pool: Pool;
  onReachability(listener: (reachable: boolean) => void): () => void;
  /** Resolves once the changes of other workstations are heard (after an `onChange`). */
  listening(): Promise<void>;
}

export { writeLock };

const begin = {
  read: 'begin isolation level repeatable read read only',
  write: `begin; select pg_advisory_xact_lock(${writeLock})`,
  // An audited read's lines (auditedRead.ts): committed without waiting for the disk, as on the file.
  audit: `begin; select pg_advisory_xact_lock(${writeLock}); set local synchronous_commit = off`,
} as const;

function repositories(db: UnitDb): WriteTx {
  const { settings } = schema;
  // Most calls read a setting: prepared once per connection, as the other hot reads.
  const setting = db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, sql.placeholder('key')))
    .prepare('settings.get');
  return {
    patients: patientRepository(db),
    clinicians: clinicianRepository(db),
    users: userRepository(db),
    visits: visitRepository(db),
    followUps: followUpRepository(db),
    handouts: handoutRepository(db),
    stats: statsRepository(db),
    settings: {
      async get(key) {
        const [row] = await setting.execute({ key });
        return row?.value;
      },
      async put(key, value) {
        await db
          .insert(settings)
          .values({ key, value })
          .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } });
      },
    },
    audit: auditRepository(db),
  };
}

/** Where a workstation's commits are announced to every other (and to itself). */
const changesChannel = 'milia_changes';

/** The units of work over a pool; a connection's repositories are built once and kept with it, with what its unit under way changed. */
export function serverRecords(pool: Pool | Promise<Pool>, onLost: () => void = () => undefined, isOpen: () => boolean = () => true): Records {
  const built = new WeakMap<PoolClient, { tx: WriteTx; touched: Set<RecordTopic> }>();
  const txOf = (client: PoolClient) => {
    let kept = built.get(client);
    if (!kept) {
      const touched = new Set<RecordTopic>();
      kept = { tx: noteChanges(repositories(drizzle(client, { schema })), touched), touched };
      built.set(client, kept);
    }
    kept.touched.clear();
    return kept;
  };

  async function unit<T>(mode: keyof typeof begin, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    // This app's own mistake, not the server's absence: said as an internal fault.
    if (!isOpen()) throw new Error('The practice server store was used after it was closed.');
    const client = await connectOrRefuse(await pool, onLost);
    // A connection whose transaction could not be ended is closed, never handed to the next unit.
    let broken: Error | undefined;
    // The server may end the connection between two of the unit's queries (a restart, a timeout):
    // heard here, the unit fails with the server's own reason (the driver's next query says only
    // that the connection is gone); unheard, Node would end the process.
    let lostWith: Error | undefined;
    const lost = (error: Error) => {
      lostWith ??= error;
      broken = error;
    };
    // The driver fails the query under way when the connection ends, then says 'end' (before the
    // unit hears of the failure): the failure is then the lost connection, whatever its words.
    let ended = false;
    const end = () => {
      ended = true;
    };
    client.on('error', lost);
    client.on('end', end);
    let committing = false;
    try {
      await client.query(begin[mode]);
      try {
        const { tx, touched } = txOf(client);
        const value = await work(tx);
        // Sent by the server at the commit, and only if it commits.
        if (touched.size > 0) await client.query('select pg_notify($1, $2)', [changesChannel, JSON.stringify([...touched])]);
        // PostgreSQL answers COMMIT on a transaction an error aborted with ROLLBACK, and no error:
        // a save is acknowledged only if the server says it committed.
        committing = true;
        const outcome = await client.query('commit');
        if (outcome.command !== 'COMMIT') throw new Error('The practice server did not keep this work (its transaction had failed); nothing of it was saved.');
        return value;
      } catch (error) {
        if (!committing) {
          await client.query('rollback').catch((rollbackError: Error) => {
            broken = rollbackError;
          });
        }
        throw error;
      }
    } catch (error) {
      broken ??= error instanceof Error && (ended || isConnectionLoss(error)) ? error : undefined;
      if (lostWith || broken) onLost();
      // Lost once the COMMIT was sent: the server may have kept the work. Never said as not saved,
      // lest the person save a new visit again and it be there twice.
      if (committing && (lostWith || ended)) throw new AppError('storage', outcomeUnknown);
      // The server's reason when it gave one (a restart, a shutdown); else the driver's words for a lost connection, said as one.
      const lostBy = lostWith ?? (ended ? error : undefined);
      throw lostBy === undefined || storageFault(lostBy) !== null ? (lostBy ?? error) : new ConnectionLost(lostBy);
    } finally {
      client.off('error', lost);
      client.off('end', end);
      client.release(broken);
    }
  }

  return {
    read: (work) => unit('read', work),
    audited: (work) => auditedRead(unit, work),
    write: (work) => unit('write', work),
    optimize: async () => {
      const client = await (await pool).connect();
      try {
        await client.query('analyze');
      } finally {
        client.release();
      }
    },
    // Each connection of the pool prepares its statements itself, at their first use on it.
    prepareAhead: async () => undefined,
  };
}

/**
 * A connection for a unit, or the refusal in the words of a server that cannot be reached: a
 * connection that cannot be made (the server down, the network, the database taken offline,
 * the pool's wait timed out) says so, but for the server's own sign-in and full-disk refusals.
 */
async function connectOrRefuse(pool: Pool, onLost: () => void): Promise<PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    const fault = storageFault(error);
    if (fault === 'signin' || fault === 'serverfull') throw error;
    onLost();
    throw new AppError('storage', storageFaultMessage('unreachable'));
  }
}

const outcomeUnknown =
  'The practice server stopped answering as this was being saved, so it may or may not have been kept. Once the server is back, open it again to see before saving it again.';

/** An error that leaves the connection unusable: it was cut, or the server is shutting down. */
function isConnectionLoss(error: Error): boolean {
  const code = 'code' in error ? String(error.code) : '';
  return code.startsWith('08') || code.startsWith('57P') || /^E[A-Z]+$/.test(code);
}

/** How long after a lost listening connection another is tried. */
const relistenMs = 1000;
/** How often the listening connection is asked whether the server still answers, and how long it has to. */
const heartbeatMs = 3000;
const answerWithinMs = 3000;

const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The commits of every workstation, heard over one connection of the pool kept listening
 * while anyone listens here; the same connection tells whether the server is reachable. It is
 * asked every few seconds (a cut network ends no socket by itself), and at once when a unit's
 * connection is lost; a connection lost is replaced a second later. While the server is away
 * nothing is heard, so when it is back every listener is told that everything may have changed.
 */
function serverChanges(ready: Promise<Pool>, isOpen: () => boolean) {
  const listeners = changeListeners();
  const watchers = new Set<(reachable: boolean) => void>();
  let reachable = true;
  let listening: PoolClient | null = null;
  let starting = false;
  let probing = false;
  let heartbeat: NodeJS.Timeout | null = null;
  const wanted = () => isOpen() && listeners.size + watchers.size > 0;
  const setReachable = (now: boolean): void => {
    if (now === reachable) return;
    reachable = now;
    for (const watcher of watchers) {
      try {
        watcher(now);
      } catch {
        // One watcher's fault must not keep the others from hearing.
      }
    }
    if (now) listeners.emit(recordTopics);
  };
  const drop = (client: PoolClient, error: Error): void => {
    if (listening !== client) return;
    listening = null;
    client.release(error);
    if (!isOpen()) return;
    setReachable(false);
    setTimeout(() => void listen(), relistenMs).unref();
  };
  const listen = async (): Promise<void> => {
    if (listening || starting || !wanted()) return;
    starting = true;
    let client: PoolClient | null = null;
    try {
      // Not waiting on a connection attempt into a cut network for minutes: a late one is let go.
      const connecting = (await ready).connect();
      const timedOut = after(answerWithinMs).then(() => null);
      client = await Promise.race([connecting, timedOut]);
      if (!client) {
        void connecting.then(
          (late) => late.release(true),
          () => undefined,
        );
        throw new Error('The practice server did not answer in time.');
      }
      const own = client;
      own.on('notification', (message) => {
        if (message.channel !== changesChannel || !message.payload) return;
        try {
          listeners.emit(JSON.parse(message.payload) as RecordTopic[]);
        } catch {
          // Not ours to read: nothing to refresh.
        }
      });
      own.on('error', (error) => drop(own, error));
      await own.query(`listen ${changesChannel}`);
      if (!wanted()) {
        own.release(true);
        return;
      }
      listening = own;
      setReachable(true);
    } catch (error) {
      if (client && listening !== client) client.release(error instanceof Error ? error : true);
      if (isOpen()) {
        setReachable(false);
        setTimeout(() => void listen(), relistenMs).unref();
      }
    } finally {
      starting = false;
    }
  };
  /** Whether the server still answers on the listening connection; dropped (and so unreachable) when not. */
  const probe = async (): Promise<void> => {
    const client = listening;
    if (!client || probing) return;
    probing = true;
    try {
      const answered = await Promise.race([
        client.query('select 1').then(
          () => true,
          () => false,
        ),
        after(answerWithinMs).then(() => false),
      ]);
      if (!answered) drop(client, new Error('The practice server stopped answering.'));
    } finally {
      probing = false;
    }
  };
  const start = (): void => {
    heartbeat ??= setInterval(() => void probe(), heartbeatMs).unref();
    void listen();
  };
  return {
    onChange(listener: ChangeListener): () => void {
      const remove = listeners.add(listener);
      start();
      return remove;
    },
    onReachability(watcher: (reachable: boolean) => void): () => void {
      watchers.add(watcher);
      start();
      return () => void watchers.delete(watcher);
    },
    /** A unit lost its connection: whether the server is gone is asked now, not at the next heartbeat. */
    suspect(): void {
      if (listening) void probe();
    },
    /** Resolves once the listening connection is up (for a listener added before now). */
    async listening(): Promise<void> {
      while (!listening && wanted()) {
        await listen();
        if (!listening) await after(50);
      }
    },
    stop(): void {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      listening?.release(true);
      listening = null;
    },
  };
}

/** A store over a pool that is ready, or will be (a unit asked for meanwhile waits for it). */
export function serverStore(pool: Pool | Promise<Pool>, url: string): ServerStore & { ready: Promise<Pool> } {
  const ready = Promise.resolve(pool);
  let open = true;
  const changes = serverChanges(ready, () => open);
  let resolved: Pool | undefined;
  void ready.then(
    (p) => {
      resolved = p;
      // An idle connection the server closes (a restart, a dropped network) is an error event
      // on the pool, which leaves it out; unheard, Node would end the process over it.
      p.on('error', () => undefined);
    },
    () => undefined,
  );
  return {
    get pool(): Pool {
      if (!resolved) throw new Error('The practice server is still being connected to.');
      return resolved;
    },
    ready,
    path: shownUrl(url),
    records: serverRecords(ready, changes.suspect, () => open),
    onChange: changes.onChange,
    onReachability: changes.onReachability,
    listening: changes.listening,
    isOpen: () => open,
    close: () => {
      if (!open) return;
      open = false;
      changes.stop();
      void ready.then((p) => p.end()).catch(() => undefined);
    },
  };
}

/** Connects to the practice server at `url`, migrating its database when this version is newer; refuses a foreign or newer database, and a computer whose clock is not the server's time. */
export async function openServerStore(url: string, options: ServerOpenOptions = {}): Promise<ServerStore> {
  const { pool } = await openServerDatabase(url, options);
  try {
    await assertClockAgrees(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return serverStore(pool, url);
}

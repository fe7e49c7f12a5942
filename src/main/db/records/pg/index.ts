/**
 * The record layer over the practice server (PostgreSQL): the same contract as `../sqlite/`,
 * each unit of work on a connection of its own from the pool, so that one workstation's units
 * run side by side with each other and with the other workstations'.
 *
 * - A read unit is REPEATABLE READ, READ ONLY: one consistent view for all its reads, and no
 *   lock taken.
 * - A write unit, and an audited read, first takes the record's write lock (a transaction-level
 *   advisory lock), held to its commit: the practice's writers go one after another, as the
 *   SQLite file's BEGIN IMMEDIATE makes them, so a rule judged on what a unit read still holds
 *   when it writes, and every audit row is appended after the newest committed one (the chain
 *   never forks).
 * - An audited read commits with `synchronous_commit = off`: a server crash may lose its last
 *   lines, never a write's, and the chain stays whole (hazard log AUDIT-1).
 * A save is acknowledged only once the server has committed it.
 */
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Pool, PoolClient } from 'pg';
import * as schema from '../../pg/schema';
import { openServerDatabase, shownUrl, type ServerOpenOptions } from '../../pg/migrate';
import type { Records, Store, WriteTx } from '../contract';
import { auditRepository } from './auditTrail';
import { clinicianRepository, patientRepository } from './patients';
import type { ServerDb } from './patientSearch';
import { statsRepository } from './stats';
import { userRepository } from './users';
import { followUpRepository, handoutRepository, visitRepository } from './visits';

/** The store over the practice server: the contract, and the pool for what is about the server itself (backups, notifications). */
export interface ServerStore extends Store {
  readonly pool: Pool;
}

/** Held by every write unit and audited read until it ends: "MNWR". The migrations hold another ("MILI"). */
export const writeLock = 0x4d4e5752;

const begin = {
  read: 'begin isolation level repeatable read read only',
  write: `begin; select pg_advisory_xact_lock(${writeLock})`,
  audited: `begin; select pg_advisory_xact_lock(${writeLock}); set local synchronous_commit = off`,
} as const;

function repositories(db: ServerDb): WriteTx {
  const { settings } = schema;
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
        const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
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

/** The units of work over a pool; a connection's repositories are built once and kept with it. */
export function serverRecords(pool: Pool | Promise<Pool>): Records {
  const built = new WeakMap<PoolClient, WriteTx>();
  const txOf = (client: PoolClient): WriteTx => {
    let tx = built.get(client);
    if (!tx) built.set(client, (tx = repositories(drizzle(client, { schema }))));
    return tx;
  };

  async function unit<T>(mode: keyof typeof begin, work: (tx: WriteTx) => Promise<T>): Promise<T> {
    const client = await (await pool).connect();
    // A connection whose transaction could not be ended is closed, never handed to the next unit.
    let broken: Error | undefined;
    try {
      await client.query(begin[mode]);
      try {
        const value = await work(txOf(client));
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      }
    } catch (error) {
      broken ??= error instanceof Error && isConnectionLoss(error) ? error : undefined;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  return {
    read: (work) => unit('read', work),
    audited: (work) => unit('audited', work),
    write: (work) => unit('write', work),
    optimize: async () => {
      const client = await (await pool).connect();
      try {
        await client.query('analyze');
      } finally {
        client.release();
      }
    },
  };
}

/** An error that leaves the connection unusable: it was cut, or the server is shutting down. */
function isConnectionLoss(error: Error): boolean {
  const code = 'code' in error ? String(error.code) : '';
  return code.startsWith('08') || code.startsWith('57P') || /^E[A-Z]+$/.test(code);
}

/** A store over a pool that is ready, or will be (a unit asked for meanwhile waits for it). */
export function serverStore(pool: Pool | Promise<Pool>, url: string): ServerStore & { ready: Promise<Pool> } {
  const ready = Promise.resolve(pool);
  let open = true;
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
    records: serverRecords(ready),
    isOpen: () => open,
    close: () => {
      if (!open) return;
      open = false;
      void ready.then((p) => p.end()).catch(() => undefined);
    },
  };
}

/** Connects to the practice server at `url`, migrating its database when this version is newer; refuses a foreign or newer database. */
export async function openServerStore(url: string, options: ServerOpenOptions = {}): Promise<ServerStore> {
  const { pool } = await openServerDatabase(url, options);
  return serverStore(pool, url);
}

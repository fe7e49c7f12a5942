/**
 * Opening the practice server's database: a connection pool from its URL, refusal of a
 * database that is not ours or that a newer version has migrated (the SQLite file's refusals,
 * in the same words), and the pending migrations of `drizzle/pg/` by drizzle's own migrator,
 * all in one transaction (PostgreSQL's DDL is transactional: a failure leaves the database as
 * it was). Every workstation runs this at start: an advisory lock lets one migrate while the
 * others wait, then find nothing left to do. A workstation connects as the app's role, which may
 * not change the schema (see roles.ts): with nothing pending, drizzle's migrator (which creates
 * its schema and table first, needing rights to create) is not run at all; with migrations
 * pending, such a role is refused in a sentence naming who can apply them.
 */
import { join } from 'node:path';
import { AppError } from '@shared/errors';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool, type PoolClient } from 'pg';
import { findMigrationsFolder, newerSchema, readJournal, type JournalEntry } from '../schemaVersion';
import { ClosingClient } from './client';
import * as schema from './schema';
import { shownUrl } from './url';

export { shownUrl };

export interface ServerOpenOptions {
  /** The folder holding the server's migrations; `drizzle/pg` found as the SQLite file's `drizzle/` is, when left out. */
  migrationsFolder?: string;
}

export interface ServerDatabase {
  pool: Pool;
  db: NodePgDatabase<typeof schema>;
}

/** Where drizzle's migrator records what it applied (its defaults, named once for the check before it runs). */
const migrationsTable = 'drizzle.__drizzle_migrations';

/** Held while one connection checks and migrates: "MILI", the SQLite file's application id. */
const migrationLock = 0x4d494c49;

export const findServerMigrationsFolder = (): string => join(findMigrationsFolder(), 'pg');

/** How many migrations the database has, and the newest one's folder time; null when none ran. */
async function applied(client: PoolClient): Promise<{ count: number; newest: number } | null> {
  const table = await client.query<{ found: string | null }>('select to_regclass($1)::text as found', [migrationsTable]);
  if (table.rows[0]?.found == null) return null;
  const row = (
    await client.query<{ count: number; newest: string | null }>(`select count(*)::int as count, max(created_at)::text as newest from ${migrationsTable}`)
  ).rows[0];
  return row?.newest == null ? null : { count: row.count, newest: Number(row.newest) };
}

/**
 * Refuses, leaving it as it is, a database that is not ours (tables but no migrations of ours)
 * or that a newer version has migrated past what this one knows: the SQLite file's refusals.
 */
async function assertCompatible(client: PoolClient, shown: string, journal: readonly JournalEntry[]): Promise<{ count: number; newest: number } | null> {
  const done = await applied(client);
  if (done === null) {
    const tables = await client.query("select 1 from information_schema.tables where table_schema = 'public' limit 1");
    if (tables.rowCount) throw new AppError('conflict', `${shown} is not a Milia Notes database (it holds other tables). Choose the right database.`);
    return null;
  }
  const known = journal.at(-1)?.when ?? 0;
  if (done.newest > known) throw new AppError('conflict', newerSchema(shown, done.count, journal.length));
  return done;
}

/** PostgreSQL's insufficient_privilege (in drizzle's query error, as its cause): the role may not create or alter what a migration does. */
function mayNot(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) if ('code' in e && e.code === '42501') return true;
  return false;
}

/** The refusal of pending migrations to a role that may not apply them (a workstation's). */
export const upgradeNeeded = (shown: string, from: number, to: number): string =>
  `The practice server's database ${shown} must be updated for this version of Milia Notes (schema ${from} to ${to}), ` +
  "and this computer's database user may not change it. Ask IT to update it as the database's owner: " +
  'npm run cli -- server init --url OWNER-URL (it changes no record). Until then, keep using the previous version.';

/** Migrates the database at `url` and returns a pool over it; throws, with the pool closed, when it cannot. */
export async function openServerDatabase(url: string, options: ServerOpenOptions = {}): Promise<ServerDatabase> {
  const folder = options.migrationsFolder ?? findServerMigrationsFolder();
  const journal = readJournal(folder);
  // A unit waits at most this long for a connection into a cut network, then is refused as unreachable.
  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: 10_000, Client: ClosingClient });
  // Heard from the start, not only once the store has it (records/pg/index.ts): an idle
  // connection the server closes while the clock is checked is otherwise an uncaught error.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [migrationLock]);
      const done = await assertCompatible(client, shownUrl(url), journal);
      const pending = journal.filter((entry) => done === null || entry.when > done.newest).length;
      if (pending > 0) {
        await migrate(drizzle(client), { migrationsFolder: folder }).catch((error: unknown) => {
          if (mayNot(error)) throw new AppError('conflict', upgradeNeeded(shownUrl(url), journal.length - pending, journal.length));
          throw error;
        });
      }
    } finally {
      // Closed rather than returned to the pool: the lock ends with its session, even after a failure.
      client.release(true);
    }
    return { pool, db: drizzle(pool, { schema }) };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

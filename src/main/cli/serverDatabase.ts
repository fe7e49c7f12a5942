/**
 * The practice server opened for a command (`--server URL` or `MILIA_SERVER`): the URL judged
 * before anything is connected to, and the server's refusals turned into one sentence each,
 * naming the server by its URL without the password. The driver is loaded only here, so a
 * command on a database file never loads it.
 */
import { AppError } from '@shared/errors';
import { storageFault } from '../db/faults';
import { shownUrl } from '../db/pg/url';
import type { ServerStore } from '../db/records/pg';
import { UsageError } from './usage';

/** Where the URL came from, as a sentence names it. */
export type ServerSource = '--server' | 'MILIA_SERVER';

/**
 * The URL parsed, once it is a PostgreSQL URL; otherwise a refusal (exit 2) that never quotes
 * it: a URL that does not parse may still hold the password.
 */
export function serverUrl(url: string, source: ServerSource): URL {
  let parsed: URL | null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed === null || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new UsageError(`${source} is not a PostgreSQL URL. Give one such as postgresql://USER@HOST:5432/DATABASE (the password in it, or in PGPASSWORD).`);
  }
  return parsed;
}

/** The SQLSTATE of an error the server raised: no such database. */
const noDatabase = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === '3D000';

/** An error of connecting to the server at `url` as the command line says it; anything else passes through. */
export function serverRefusal(error: unknown, url: string, source: ServerSource): unknown {
  const shown = shownUrl(url);
  if (noDatabase(error)) {
    return new UsageError(
      `There is no database "${databaseName(url)}" on the practice server at ${shown}. Check the database name in ${source}; a new practice server is set up with server init.`,
    );
  }
  switch (storageFault(error)) {
    case 'unreachable':
      return new MachineFault(
        `The practice server at ${shown} cannot be reached. Check the address in ${source} and the network, and ask IT whether the server is running.`,
      );
    case 'signin':
      return new UsageError(
        `The practice server at ${shown} refused the sign-in. Check the user and password in ${source} (or PGPASSWORD), or ask IT for the ones this computer uses.`,
      );
  }
  // Another program's database, or one a newer version has migrated: the wrong server or database was given.
  if (error instanceof AppError && error.kind === 'conflict') return new UsageError(error.message);
  return error;
}

/** A fault of the machine, the network or the server, said as it is with exit status 1: the command was right. */
export class MachineFault extends Error {}

/** The database's name in the URL. */
const databaseName = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * Connects once and refuses a database that holds no Milia Notes record: an empty one is never
 * given the schema by a command other than `server init`, which also makes the app's roles (as
 * a command never creates a database file by accident). Read from the catalog, which every
 * role may read.
 */
export async function assertServerRecord(url: string, source: ServerSource): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ ours: boolean; tables: boolean }>(
      `select exists (select from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                       where n.nspname = 'drizzle' and c.relname = '__drizzle_migrations') as ours,
              exists (select from pg_catalog.pg_tables where schemaname = 'public') as tables`,
    );
    const { ours, tables } = rows[0]!;
    if (ours) return;
    const shown = shownUrl(url);
    throw new UsageError(
      tables
        ? `${shown} is not a Milia Notes database (it holds other tables). Check the database name in ${source}.`
        : `The database "${databaseName(url)}" on the practice server at ${shown} holds no Milia Notes record yet. Set it up with: npm run cli -- server init --url URL --admin USERNAME --password-stdin`,
    );
  } catch (error) {
    throw serverRefusal(error, url, source);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server's store, migrated when this version is newer; its refusals as sentences. */
export async function openServer(url: string, source: ServerSource): Promise<ServerStore> {
  serverUrl(url, source);
  await assertServerRecord(url, source);
  const { openServerStore } = await import('../db/records/pg');
  try {
    return await openServerStore(url);
  } catch (error) {
    throw serverRefusal(error, url, source);
  }
}

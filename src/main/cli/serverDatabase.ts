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
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    return new UsageError(
      `There is no database "${name}" on the practice server at ${shown}. Check the database name in ${source}; a new practice server is set up with server init.`,
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

/** The server's store, migrated when this version is newer; its refusals as sentences. */
export async function openServer(url: string, source: ServerSource): Promise<ServerStore> {
  serverUrl(url, source);
  const { openServerStore } = await import('../db/records/pg');
  try {
    return await openServerStore(url);
  } catch (error) {
    throw serverRefusal(error, url, source);
  }
}

/**
 * What the commands share: their shape, the acting user, opening the database (never
 * creating one by accident), progress on a terminal, and the files they write: `--out`
 * judged before any work, then written durably.
 */
import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { AppError } from '@shared/errors';
import type { Actor } from '@shared/types';
import { composeApp, osUserName, type App } from '../compose';
import { systemActor, type Permission } from '@shared/permissions';
import { openDatabase } from './database';
import { MachineFault, openServer, serverUrl, type ServerSource } from './serverDatabase';
import { shellPath, type DatabaseAccess } from './paths';
import type { Services } from '../services';
import { authorize } from '../services/context';
import { actorFor } from '../services/session';
import { printable } from './json';
import { UsageError } from './usage';
import type { HelpLine } from './helpLayout';
import { checkOutputPath, databaseFiles } from '../files/durable';
import { appVersion } from '../version';
export { fillTemporary, placeFilled, writeFileDurably } from '../files/durable';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** The database file, from `--db` or the desktop app's default. */
  db: string;
  /** `--db` was given (not the default): with a server too, the command is refused rather than one of them picked. */
  dbGiven?: boolean;
  /** The practice server's URL, from `--server` or `MILIA_SERVER`: the record is there, not in `db`. */
  server?: string;
  /** Which of the two gave `server`, as a sentence names it. */
  serverFrom?: ServerSource;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  /** How it is called, for the help: `import FILE`. */
  usage: string;
  summary: string;
  options?: OptionSpecs;
  /** Help about the options and what the command does, beyond the usage line, laid out at the terminal's width. */
  details?: HelpLine[];
  positionals?: { min: number; max: number };
  /** `read`: the command only reads the database, so it works on one this account may not write. */
  access?: DatabaseAccess;
  /** What the command needs of a user it acts as (`--as`), when it reaches the record other than through a service, which checks for itself. */
  permission?: Permission;
  /** Resolves to the exit status: 0 when nothing is said. */
  run(ctx: CommandContext): Promise<number | void> | number | void;
}

export { MachineFault, UsageError };

/** What says where a command's record is. */
type Place = Pick<CommandContext, 'db' | 'dbGiven' | 'server' | 'serverFrom'>;

/** Where a command's record is: the database file, or the practice server. */
export type RecordPlace = { kind: 'file'; path: string } | { kind: 'server'; url: string; from: ServerSource };

/** The record the command works on; `--db` with a server (`--server` or `MILIA_SERVER`) is refused, never one of them picked. */
export function recordPlace(ctx: Place): RecordPlace {
  if (ctx.server === undefined) return { kind: 'file', path: ctx.db };
  const from = ctx.serverFrom ?? '--server';
  if (ctx.dbGiven) {
    throw new UsageError(
      from === '--server'
        ? 'Give either --db (a database file) or --server (the practice server), not both.'
        : 'MILIA_SERVER names the practice server, and --db a database file: give only one (to use the file, unset MILIA_SERVER for this command).',
    );
  }
  serverUrl(ctx.server, from);
  return { kind: 'server', url: ctx.server, from };
}

/** The file the command works on; on the practice server a refusal saying what to use instead (`instead`, a sentence). */
export function fileOnly(ctx: Place, command: string, instead: string): string {
  const place = recordPlace(ctx);
  if (place.kind === 'server') throw new UsageError(`${command} works on a database file, not on the practice server. ${instead}`);
  return place.path;
}

/** A path as a message shows it: control characters (a line break in a file name) escaped. */
const shown = printable;

function mayWrite(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const ownFiles = { wal: 'write-ahead log', shm: 'shared-memory file', backupState: 'backup state file', seal: 'seal of its last check' } as const;

/**
 * The file `--out` names, resolved, once it is known to be safe to write (see
 * `checkOutputPath`); otherwise a UsageError (exit status 2) before anything is read or
 * written. `purpose` ends "Choose another file for …"; `example` is a file name to suggest
 * when `--out` names a folder.
 */
export function outPath(out: string, database: string, { purpose, example }: { purpose: string; example: string }): string {
  const target = resolve(out);
  const refusal = checkOutputPath(target, { databasePath: database });
  if (!refusal) {
    // The file is written beside its name, then renamed: the folder must take a new file.
    if (!mayWrite(dirname(target))) {
      throw new UsageError(
        `This account may not write in the folder ${shown(dirname(target))} (permission denied). Choose another --out, or ask IT about its permissions.`,
      );
    }
    return target;
  }
  switch (refusal.reason) {
    case 'database':
      throw new UsageError(`--out names the database itself. Choose another file for ${purpose}.`);
    case 'wal':
    case 'shm':
    case 'backupState':
    case 'seal':
      throw new UsageError(
        `--out names the database's ${ownFiles[refusal.reason]} (${shown(databaseFiles(database)[refusal.reason])}). Choose another file for ${purpose}.`,
      );
    case 'folder':
      throw new UsageError(`--out ${shown(out)} is a folder. Name a file in it, such as ${shown(shellPath(resolve(target, example)))}.`);
    case 'special':
      throw new UsageError(`--out ${shown(out)} is ${refusal.kind}, not a file. Choose another file for ${purpose}.`);
    case 'noFolder':
      throw new UsageError(`The folder ${shown(refusal.folder)} does not exist. Create it, or choose another --out.`);
    case 'notFolder':
      throw new UsageError(`${shown(refusal.folder)} is a file, not a folder. Choose another --out.`);
  }
}

/**
 * Who the command acts as: the operating-system account (full rights: whoever has the file
 * has the data), or the user `--as` names, with that user's rights. Set once, by the command
 * line, before the command runs: a run is one command.
 */
let actingUser: Actor | null = null;
export const cliActor = (): Actor => actingUser ?? systemActor(osUserName(), 'cli');

/**
 * `--as USERNAME`: acts as that user from now on, once they are known and active (no password:
 * the file is in hand). A command that names its permission is refused here, audited, before
 * it starts.
 */
export async function actAs(ctx: Place, username: string, permission: Permission | undefined, access: DatabaseAccess = 'write'): Promise<void> {
  actingUser = await withApp(
    ctx,
    async ({ services, store }) => {
      const user = await services.session.named(username);
      if (!user) throw new UsageError(`There is no user "${printable(username)}". See the users with: npm run cli -- user list`);
      if (!user.active)
        throw new UsageError(`The user "${printable(user.username)}" is deactivated, so nobody can act as them. An administrator can activate them again.`);
      const actor = actorFor(user, 'cli');
      if (permission) await authorize(store, actor, permission);
      return actor;
    },
    access,
  );
}

/**
 * The service's validation as one line about the options (`optionOf` names the option of each
 * field): `--to must be on or after --from: swap the two days.` Anything else passes through.
 */
export async function inOptionTerms<T>(optionOf: Record<string, string>, values: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.kind !== 'validation' || error.issues.length === 0) throw error;
    const lines = error.issues.map(({ path, message }) => {
      const option = optionOf[path];
      if (!option) return `${path ? `${path}: ` : ''}${message}.`;
      const given = values[path];
      const wording = message.replace('the "from" day', '--from');
      const shown = typeof given === 'string' && /^must be a real date/.test(message) ? `, not "${printable(given)}"` : '';
      return `${option} ${wording}${shown}.`;
    });
    throw new UsageError(lines.join(' '));
  }
}

/**
 * Opens the command's record (the existing database file, or the practice server) with the
 * app over it (services and invoker), runs `work`, and closes it. `read`: the command only
 * reads, so a database file this account may not write is read from a private copy (said on
 * standard error).
 */
export async function withApp<T>(ctx: Place, work: (app: App) => T | Promise<T>, access: DatabaseAccess = 'write'): Promise<T> {
  const place = recordPlace(ctx);
  if (place.kind === 'server') {
    const store = await openServer(place.url, place.from);
    try {
      return await work(composeApp(store, { version: appVersion() }));
    } finally {
      store.close();
    }
  }
  const database = await openDatabase(place.path, access);
  try {
    if (database.copy) process.stderr.write(`${printable(place.path)} is read-only for this account: read from a copy of it, and nothing is recorded in it.\n`);
    return await work(composeApp(database.store, { version: appVersion() }));
  } finally {
    database.close();
  }
}

/** `withApp` for commands that need only the services. */
export const withServices = <T>(ctx: Place, work: (services: Services) => T | Promise<T>, access: DatabaseAccess = 'write'): Promise<T> =>
  withApp(ctx, (app) => work(app.services), access);

export interface ProgressLine {
  /** Absent when standard error is not a terminal (a script, a log file): nothing is drawn. */
  onProgress?: (done: number, total: number) => void;
  /** Ends the line, if one was drawn. */
  end(): void;
}

/** One progress line on standard error, redrawn as the percentage changes; `unit` names what is counted. */
export function progressLine(label: string, unit?: string): ProgressLine {
  if (!process.stderr.isTTY) return { end() {} };
  let shown = -1;
  return {
    onProgress(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent === shown) return;
      shown = percent;
      process.stderr.write(`\r${label} ${percent}%${unit ? ` (${done} of ${total} ${unit})` : ''}`);
    },
    end() {
      if (shown >= 0) process.stderr.write('\n');
    },
  };
}

/** Runs synchronous `work` with a progress line (see `progressLine`). */
export async function withProgress<T>(label: string, work: (onProgress?: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  const progress = progressLine(label);
  try {
    return await work(progress.onProgress);
  } finally {
    progress.end();
  }
}

/** Writes pieces to standard output, waiting whenever the pipe is full. */
export async function writeOut(pieces: Iterable<string | Uint8Array>): Promise<void> {
  for (const piece of pieces) {
    if (!process.stdout.write(piece)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

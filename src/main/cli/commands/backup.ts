import { spawn } from 'node:child_process';
import { accessSync, constants, rmSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import Database from 'better-sqlite3';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { backupTo } from '../../backups/backup';
import { currentJournal } from '../../backups/inspect';
import { assertMilia } from '../../db/integrity';
import * as serverSchema from '../../db/pg/schema';
import { shownUrl } from '../../db/pg/url';
import { createTemporary, place } from '../../files/durable';
import { printable } from '../json';
import { checkDatabasePath } from '../paths';
import { assertServerRecord, serverUrl, type ServerSource } from '../serverDatabase';
import { MachineFault, UsageError, outPath, progressLine, recordPlace, writeOut, type Command } from '../support';

/** The tables a dump of the record must hold, each with its rows: the record's, and drizzle's list of the migrations applied (without it a restored database is refused as another program's). */
const recordTables = [
  ...Object.values(serverSchema)
    .filter((value) => is(value, PgTable))
    .map((table) => `public.${getTableName(table)}`),
  'drizzle.__drizzle_migrations',
];

/** A program of PostgreSQL's client tools, found on the PATH; null when it is not there. */
function onPath(program: string): string | null {
  const name = process.platform === 'win32' ? `${program}.exe` : program;
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(folder, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

function clientTool(program: string): string {
  const found = onPath(program);
  if (!found) {
    throw new MachineFault(
      `${program} is not on the PATH, so the practice server cannot be backed up from here. Install PostgreSQL's client tools (on Debian and Ubuntu the postgresql-client package; on Windows the PostgreSQL installer's Command Line Tools), then run the backup again.`,
    );
  }
  return found;
}

/** Runs a client tool; resolves to its exit status and outputs. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** What a client tool said went wrong, in one line: its error lines without the program's prefix. */
function said(stderr: string, program: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const errors = lines.filter((line) => line.startsWith(`${program}: error: `)).map((line) => line.slice(`${program}: error: `.length));
  return (errors.length > 0 ? errors : lines.slice(0, 1)).join(' ').replace(/\.?$/, '');
}

/**
 * The connection for the client tools: the URL without its password, which goes in PGPASSWORD
 * (the environment of the child alone), so that no command line other accounts can list
 * (`ps`) shows it.
 */
function toolConnection(url: URL): { dbname: string; env: NodeJS.ProcessEnv } {
  const bare = new URL(url);
  const password = bare.password ? decodeURIComponent(bare.password) : bare.searchParams.get('password');
  bare.password = '';
  bare.searchParams.delete('password');
  return { dbname: bare.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

const size = (bytes: number): string =>
  bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * `backup --server`: pg_dump in its custom format into a temporary file beside FILE, listed
 * with pg_restore --list and checked to hold every table of the record with its rows, then
 * flushed and renamed over FILE. A dump that fails or does not verify is removed: FILE is the
 * new dump or as it was.
 */
async function backUpServer(url: string, from: ServerSource, out: string | undefined, db: string): Promise<void> {
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
  const example = `milia-notes-server-${stamp}Z.dump`;
  const target = outPath(out ?? example, db, { purpose: 'the dump', example });
  const pgDump = clientTool('pg_dump');
  const pgRestore = clientTool('pg_restore');
  // Connected to as the dump will be, before it runs: the server's refusals in the command line's sentences.
  await assertServerRecord(url, from);
  const shown = shownUrl(url);
  const { dbname, env } = toolConnection(serverUrl(url, from));

  const temporary = createTemporary(target);
  try {
    const dump = await run(pgDump, ['--format=custom', '--no-password', `--file=${temporary}`, `--dbname=${dbname}`], env);
    if (dump.status !== 0) throw new MachineFault(`pg_dump could not dump ${shown}, so no backup was written: ${said(dump.stderr, 'pg_dump')}.`);
    const listed = await run(pgRestore, ['--list', temporary], process.env);
    if (listed.status !== 0) {
      throw new MachineFault(`pg_restore cannot read the dump pg_dump wrote, so no backup was written: ${said(listed.stderr, 'pg_restore')}.`);
    }
    // A line of the list: "215; 1259 16390 TABLE public patients postgres" (and "TABLE DATA" for its rows).
    const entries = [...listed.stdout.matchAll(/^\d+; \d+ \d+ (TABLE DATA|TABLE) (\S+) (\S+) /gm)].map(([, kind, schema, name]) => `${kind} ${schema}.${name}`);
    const missing = recordTables.filter((table) => !entries.includes(`TABLE ${table}`) || !entries.includes(`TABLE DATA ${table}`));
    if (missing.length > 0) {
      throw new MachineFault(
        `The dump of ${shown} does not hold ${missing.join(', ')}, so no backup was written. Run the backup again; if it persists, tell IT.`,
      );
    }
    const bytes = statSync(temporary).size;
    place(temporary, target);
    const tables = entries.filter((entry) => entry.startsWith('TABLE ') && !entry.startsWith('TABLE DATA ')).length;
    await writeOut([
      `${printable(target)}: ${size(bytes)}, ${tables} tables of ${printable(shown)}, dumped by pg_dump in its custom format and listed by pg_restore --list.\n`,
    ]);
  } finally {
    // Already renamed when the backup is written; the half-written or unverified dump otherwise.
    rmSync(temporary, { force: true });
  }
}

export const backup: Command = {
  usage: 'backup --out FILE',
  permission: 'backups.manage',
  summary: 'a consistent, verified copy of the database, safe while the app runs; on the practice server, a pg_dump',
  options: { out: { type: 'string' } },
  details: [
    [
      '--out FILE',
      'the copy to write; it appears only once complete and verified (SQLite integrity check, a Milia Notes database), replacing a file of that name',
    ],
    '',
    "The copy is made with SQLite's online backup: the app may keep working meanwhile.",
    '',
    "With --server (or MILIA_SERVER), --out is optional: PostgreSQL's pg_dump in its custom format, which pg_restore restores; the client tools must be on the PATH. FILE (default milia-notes-server-<UTC time>Z.dump here) appears only once the dump is complete and pg_restore --list finds every table of the record in it. The password goes to pg_dump in its environment (PGPASSWORD), never on its command line.",
  ],
  async run(ctx) {
    const { db, values } = ctx;
    const out = values.out;
    const where = recordPlace(ctx);
    if (where.kind === 'server') return backUpServer(where.url, where.from, typeof out === 'string' ? out : undefined, db);
    if (typeof out !== 'string' || out === '') throw new UsageError('Say where to write the copy: backup --out FILE.');
    checkDatabasePath(db);
    const target = outPath(out, db, { purpose: 'the copy', example: 'milia-notes-backup.db' });

    // Not openStore: a backup copies the file as it is, without migrating it.
    const source = new Database(db, { fileMustExist: true });
    const progress = progressLine('Backing up', 'pages');
    try {
      source.pragma('busy_timeout = 5000');
      assertMilia(source, db, currentJournal());
      await backupTo(source, target, { onProgress: progress.onProgress });
    } finally {
      progress.end();
      source.close();
    }
  },
};

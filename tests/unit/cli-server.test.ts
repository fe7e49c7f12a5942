/**
 * The command line on the practice server (`--server URL`, `MILIA_SERVER`): real processes
 * against the real PostgreSQL cluster of the run. Import and export go to the server and give
 * the SQLite file's bytes; `--db` with a server is refused; a malformed URL, a server that
 * cannot be reached and a refused sign-in are one sentence each that never shows the password;
 * `--as` acts as a user of the server; `backup --server` writes a pg_dump that pg_restore lists
 * and restores, and a dump that fails leaves no file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/main/api/handlers';
import { composeApp } from '../../src/main/compose';
import { openStore } from '../../src/main/db/open';
import { openServerStore } from '../../src/main/db/records/pg';
import { cli, root, runCli, type CliRun } from '../support/cli';
import { testDatabase, testServerUrl } from '../support/pgDatabase';
import { testActor, testPasswordCost, tempDir } from '../support/store';
import { closedPort } from '../support/tcp';

const fixture = join(root, 'tests', 'fixtures', 'interchange', 'scripts.json');
const secret = 's3cret-Pa55word';

/** Runs the command line with `env` added to its environment (set only while the process is spawned). */
async function cliWith(env: Record<string, string>, args: string[], cwd?: string): Promise<CliRun & { bytes: Buffer }> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  let running: Promise<CliRun & { bytes: Buffer }>;
  try {
    running = runCli(args, cwd ? { cwd } : {});
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return running;
}

async function query<T extends Record<string, unknown>>(url: string, statement: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(statement)).rows;
  } finally {
    await client.end();
  }
}

/** The URL with another user, password, host, port or database. */
function changed(url: string, change: { username?: string; password?: string; port?: number; database?: string }): string {
  const u = new URL(url);
  if (change.username !== undefined) u.username = change.username;
  if (change.password !== undefined) u.password = change.password;
  if (change.port !== undefined) u.port = String(change.port);
  if (change.database !== undefined) u.pathname = `/${change.database}`;
  return u.toString();
}

/** A URL as the command line shows it: without its password. */
const shown = (url: string): string => changed(url, { password: '' });

/** A new server database holding an empty record (the schema, as server init leaves it, but no users). */
async function recordDatabase(): Promise<string> {
  const url = await testDatabase();
  const store = await openServerStore(url);
  store.close();
  return url;
}

/** A server database with the fixture imported by the command line. */
async function imported(): Promise<string> {
  const url = await recordDatabase();
  const run = await cli('import', fixture, '--server', url);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return url;
}

describe('the command line on the practice server', () => {
  it('imports and exports over --server and MILIA_SERVER, and the export is byte for byte the SQLite file’s after the same import', async () => {
    const url = await recordDatabase();
    const db = join(tempDir(), 'milia.db');
    openStore(db, { create: true }).close();
    const [onServer, onFile] = await Promise.all([cli('import', fixture, '--server', url), cli('import', fixture, '--db', db)]);
    expect(onServer).toEqual(onFile);
    expect(onServer.status).toBe(0);
    expect(JSON.parse(onServer.stdout).imported).toEqual({ clinicians: 3, patients: 8, visits: 7, presentations: 10, treatments: 9, followUps: 8 });
    // On the server itself, not in a file beside the command.
    expect(await query(url, 'select count(*)::int as n from patients')).toEqual([{ n: 8 }]);

    const [fromServer, fromEnv, fromFile] = await Promise.all([
      runCli(['export', '--server', url]),
      cliWith({ MILIA_SERVER: url }, ['export']),
      runCli(['export', '--db', db]),
    ]);
    for (const run of [fromServer, fromEnv, fromFile]) expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(fromServer.bytes.length).toBeGreaterThan(5000);
    expect(fromServer.bytes.equals(fromFile.bytes)).toBe(true);
    expect(fromEnv.bytes.equals(fromFile.bytes)).toBe(true);
    // Each export is audited where the record is: the server's trail holds them.
    expect(await query(url, "select count(*)::int as n from audit_log where action = 'interchange_export' and surface = 'cli'")).toEqual([{ n: 2 }]);
  });

  it('refuses --db with --server, and --db with MILIA_SERVER, before anything is done', async () => {
    const url = await recordDatabase();
    const db = join(tempDir(), 'milia.db');
    openStore(db, { create: true }).close();
    const [both, withEnv] = await Promise.all([
      cli('import', fixture, '--db', db, '--server', url),
      cliWith({ MILIA_SERVER: url }, ['import', fixture, '--db', db]),
    ]);
    expect(both).toEqual({ status: 2, stdout: '', stderr: 'Give either --db (a database file) or --server (the practice server), not both.\n' });
    expect(withEnv).toEqual({
      status: 2,
      stdout: '',
      stderr: 'MILIA_SERVER names the practice server, and --db a database file: give only one (to use the file, unset MILIA_SERVER for this command).\n',
      bytes: Buffer.alloc(0),
    });
    expect(await query(url, 'select count(*)::int as n from patients')).toEqual([{ n: 0 }]);
    const file = new Database(db, { readonly: true });
    try {
      expect(file.prepare('select count(*) from patients').pluck().get()).toBe(0);
    } finally {
      file.close();
    }
  });

  it('says in one sentence that a URL is malformed (exit 2), or that the server cannot be reached (exit 1), never showing the password', async () => {
    const port = await closedPort();
    const unreachable = `postgresql://milia:${secret}@127.0.0.1:${port}/milia`;
    const malformed = [`postgres://milia:${secret}@127.0.0.1:99999/milia`, `https://milia:${secret}@example.org/milia`, `milia:${secret}`];
    const runs = await Promise.all([
      ...malformed.map((url) => cli('export', '--server', url)),
      cliWith({ MILIA_SERVER: malformed[0]! }, ['export']),
      cli('export', '--server', unreachable),
      cli('backup', '--server', unreachable, '--out', join(tempDir(), 'x.dump')),
    ]);
    const notUrl = (source: string) => ({
      status: 2,
      stdout: '',
      stderr: `${source} is not a PostgreSQL URL. Give one such as postgresql://USER@HOST:5432/DATABASE (the password in it, or in PGPASSWORD).\n`,
    });
    expect(runs.slice(0, 3)).toEqual([notUrl('--server'), notUrl('--server'), notUrl('--server')]);
    expect({ status: runs[3]!.status, stdout: runs[3]!.stdout, stderr: runs[3]!.stderr }).toEqual(notUrl('MILIA_SERVER'));
    const cannotReach = {
      status: 1,
      stdout: '',
      stderr: `The practice server at postgresql://milia@127.0.0.1:${port}/milia cannot be reached. Check the address in --server and the network, and ask IT whether the server is running.\n`,
    };
    expect(runs[4]).toEqual(cannotReach);
    expect(runs[5]).toEqual(cannotReach);
    for (const run of runs) expect(run.stderr).not.toContain(secret);
  });

  it('says that the server refused the sign-in (exit 2) for a wrong password and an unknown user, and names a database that is not there', async () => {
    const base = testServerUrl();
    const role = `milia_cli_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    const hbaFile = (await admin.query<{ hba_file: string }>('show hba_file')).rows[0]!.hba_file;
    // The test server trusts the loopback: one line ahead of that, for a role of this test only, asks for a password.
    const line = `host all ${role} 127.0.0.1/32 scram-sha-256\n`;
    const withoutLine = () => writeFileSync(hbaFile, readFileSync(hbaFile, 'utf8').replace(line, ''));
    try {
      await admin.query(`create role ${role} login password 'the right one'`);
      writeFileSync(hbaFile, `${line}${readFileSync(hbaFile, 'utf8')}`);
      await admin.query('select pg_reload_conf()');
      const wrong = changed(base, { username: role, password: secret });
      // Until the server has reloaded its rules it goes on trusting the role.
      for (let tries = 0; ; tries++) {
        const client = new Client({ connectionString: wrong });
        const refused = await client.connect().then(
          async () => (await client.end(), false),
          () => true,
        );
        if (refused) break;
        if (tries > 100) throw new Error('The server went on trusting the role.');
        await sleep(50);
      }
      const nobody = changed(base, { username: `milia_nobody_${randomBytes(4).toString('hex')}`, password: secret });
      const missing = changed(base, { database: 'no_such_practice', password: secret });
      const [wrongPassword, unknownUser, noDatabase] = await Promise.all([
        cli('export', '--server', wrong),
        cli('user', 'list', '--server', nobody),
        cli('export', '--server', missing),
      ]);
      const refusal = (url: string) => ({
        status: 2,
        stdout: '',
        stderr: `The practice server at ${shown(url)} refused the sign-in. Check the user and password in --server (or PGPASSWORD), or ask IT for the ones this computer uses.\n`,
      });
      expect(wrongPassword).toEqual(refusal(wrong));
      expect(unknownUser).toEqual(refusal(nobody));
      expect(noDatabase).toEqual({
        status: 2,
        stdout: '',
        stderr: `There is no database "no_such_practice" on the practice server at ${shown(missing)}. Check the database name in --server; a new practice server is set up with server init.\n`,
      });
      for (const run of [wrongPassword, unknownUser, noDatabase]) expect(run.stderr).not.toContain(secret);
    } finally {
      withoutLine();
      await admin.query('select pg_reload_conf()');
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });

  it('acts --as a user of the server, with their rights, audited on the server', async () => {
    const url = await imported();
    const store = await openServerStore(url);
    try {
      const { services } = composeApp(store, { version: 'test', passwordCost: testPasswordCost });
      await services.users.create(
        testActor,
        parseInput('users.create', { username: 'lindqvist', name: 'Nurse Per Lindqvist', role: 'nurse', password: 'correct horse battery staple' }),
      );
    } finally {
      store.close();
    }
    const [list, backup, unknown] = await Promise.all([
      runCli(['call', 'patients.search', '--server', url, '--as', 'LINDQVIST', '--input', '-'], { input: '{"query":"zoe"}' }),
      cli('backup', '--server', url, '--as', 'lindqvist', '--out', join(tempDir(), 'nurse.dump')),
      cli('export', '--server', url, '--as', 'nobody'),
    ]);
    expect({ status: list.status, stderr: list.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(list.stdout)).toMatchObject({ ok: true });
    expect(backup).toEqual({
      status: 2,
      stdout: '',
      stderr: 'Only an administrator can back up or restore the database; you are signed in as a nurse.\n',
    });
    expect(unknown).toEqual({ status: 2, stdout: '', stderr: 'There is no user "nobody". See the users with: npm run cli -- user list\n' });
    const rows = await query<{ username: string; role: string; surface: string; action: string; outcome: string }>(
      url,
      "select username, role, surface, action, outcome from audit_log where username = 'lindqvist' order by action",
    );
    expect(rows).toEqual([
      { username: 'lindqvist', role: 'nurse', surface: 'cli', action: 'forbidden', outcome: 'forbidden' },
      { username: 'lindqvist', role: 'nurse', surface: 'cli', action: 'search', outcome: 'ok' },
    ]);
  });

  it('refuses a database that holds no record, never giving it the schema, and another program’s', async () => {
    const [empty, foreign] = await Promise.all([testDatabase(), testDatabase()]);
    await query(foreign, 'create table invoices (id integer)');
    const [intoEmpty, fromForeign, backUpEmpty] = await Promise.all([
      cli('import', fixture, '--server', empty),
      cli('export', '--server', foreign),
      cli('backup', '--server', empty, '--out', join(tempDir(), 'empty.dump')),
    ]);
    const noRecord = {
      status: 2,
      stdout: '',
      stderr: `The database "${new URL(empty).pathname.slice(1)}" on the practice server at ${shown(empty)} holds no Milia Notes record yet. Set it up with: npm run cli -- server init --url URL --admin USERNAME --password-stdin\n`,
    };
    expect(intoEmpty).toEqual(noRecord);
    expect(backUpEmpty).toEqual(noRecord);
    expect(fromForeign).toEqual({
      status: 2,
      stdout: '',
      stderr: `${shown(foreign)} is not a Milia Notes database (it holds other tables). Check the database name in --server.\n`,
    });
    expect(await query(empty, "select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')")).toEqual([{ n: 0 }]);
    expect(await query(foreign, "select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')")).toEqual([{ n: 1 }]);
  });

  it('refuses, naming what to use instead, the commands that work on a database file only', async () => {
    const url = await testDatabase();
    const [init, restore, check] = await Promise.all([cli('init', '--server', url), cli('restore', fixture, '--server', url), cli('check', '--server', url)]);
    expect(init).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'init works on a database file, not on the practice server. A practice server is set up with: npm run cli -- server init --url URL --admin USERNAME --password-stdin\n',
    });
    expect(restore).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "restore works on a database file, not on the practice server. A dump made with backup --server is restored with PostgreSQL's pg_restore (see the README); a database file is moved onto the server with server import.\n",
    });
    expect(check).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "check works on a database file, not on the practice server. Check the practice server's storage with PostgreSQL's pg_amcheck, and keep its dumps with backup --server.\n",
    });
    expect(await query(url, "select to_regclass('public.patients') as t")).toEqual([{ t: null }]);
  });
});

describe('backup --server', () => {
  it('writes a pg_dump that pg_restore lists and restores into a database that exports the same record', async () => {
    const url = await imported();
    const folder = tempDir();
    const out = join(folder, 'practice.dump');
    const withPassword = changed(url, { password: secret });
    const run = await cli('backup', '--server', withPassword, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^${out.replaceAll('.', '\\.')}: \\d+\\.\\d KB, 14 tables of ${shown(url).replaceAll('.', '\\.')}, dumped by pg_dump in its custom format and listed by pg_restore --list\\.\\n$`,
      ),
    );
    expect(run.stdout).not.toContain(secret);
    expect(readdirSync(folder)).toEqual(['practice.dump']);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const list = execFileSync('pg_restore', ['--list', out], { encoding: 'utf8' });
    expect(list).toMatch(/^\d+; \d+ \d+ TABLE DATA public patients /m);
    expect(list).toMatch(/^\d+; \d+ \d+ TABLE DATA drizzle __drizzle_migrations /m);

    const fresh = await testDatabase();
    const restored = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${fresh}`, out], { encoding: 'utf8' });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    const [original, again] = await Promise.all([runCli(['export', '--server', url]), runCli(['export', '--server', fresh])]);
    expect(again.status).toBe(0);
    expect(original.bytes.length).toBeGreaterThan(5000);
    expect(again.bytes.equals(original.bytes)).toBe(true);
  });

  it('leaves no file, and an earlier one as it was, when the dump cannot be made', async () => {
    const url = await imported();
    const folder = tempDir();
    const out = join(folder, 'practice.dump');
    writeFileSync(out, 'last night’s dump');

    // A role that may connect but not read the record's tables: pg_dump itself fails midway.
    const role = `milia_reader_${randomBytes(4).toString('hex')}`;
    const database = new URL(url).pathname.slice(1);
    await query(testServerUrl(), `create role ${role} login`);
    try {
      const denied = changed(url, { username: role, password: secret });
      const [failed, noDatabase] = await Promise.all([
        cli('backup', '--server', denied, '--out', out),
        cli('backup', '--server', changed(url, { database: `${database}_gone` }), '--out', out),
      ]);
      expect(failed.status).toBe(1);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toMatch(
        new RegExp(`^pg_dump could not dump ${shown(denied).replaceAll('.', '\\.')}, so no backup was written: .*permission denied for .*\\.\\n$`),
      );
      expect(failed.stderr).not.toContain(secret);
      expect(noDatabase.status).toBe(2);
      expect(noDatabase.stderr).toMatch(/^There is no database ".*_gone" on the practice server at /);
      expect(readdirSync(folder)).toEqual(['practice.dump']);
      expect(readFileSync(out, 'utf8')).toBe('last night’s dump');
    } finally {
      await query(testServerUrl(), `drop owned by ${role}; drop role ${role}`).catch(() => undefined);
    }
  });

  it("says to install PostgreSQL's client tools when pg_dump is not on the PATH, and writes nothing", async () => {
    const url = await imported();
    // A PATH with node alone (the command line runs on it), without PostgreSQL's tools.
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const folder = tempDir();
    const run = await cliWith({ PATH: bin }, ['backup', '--server', url, '--out', join(folder, 'practice.dump')]);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 1,
      stdout: '',
      stderr:
        "pg_dump is not on the PATH, so the practice server cannot be backed up from here. Install PostgreSQL's client tools (on Debian and Ubuntu the postgresql-client package; on Windows the PostgreSQL installer's Command Line Tools), then run the backup again.\n",
    });
    expect(readdirSync(folder)).toEqual([]);
  });
});

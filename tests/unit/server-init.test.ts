/**
 * `server init` as IT runs it (a real CLI process) on a new database of the test cluster: the
 * schema, the first administrator and the app's roles; then the app at work connected as the
 * workstations' role, which the server itself stops from changing the audit trail or the schema;
 * a second run; a refused password; a workstation of an older version meeting pending migrations.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/main/api/handlers';
import { openServerDatabase } from '../../src/main/db/pg/migrate';
import { openServerStore } from '../../src/main/db/records/pg';
import { createServices } from '../../src/main/services';
import { runCli } from '../support/cli';
import { query, testDatabase, testServerUrl } from '../support/pgDatabase';
import { recordFingerprint } from '../support/pgCopy';
import { lidExtraction } from '../support/visitInputs';
import { cleanup, tempDir } from '../support/store';
import { testPasswordCost } from '../support/passwords';

const password = 'a long passphrase for the first admin';

/** A new database, dropped with the roles named after it once the test ends (roles are the cluster's). */
async function newDatabase(): Promise<{ url: string; name: string }> {
  const url = await testDatabase();
  const name = new URL(url).pathname.slice(1);
  cleanup(async () => {
    await query(testServerUrl(), `drop database if exists "${name}" with (force)`);
    await query(testServerUrl(), `drop role if exists "${name}_workstation", "${name}_app"`);
  });
  return { url, name };
}

/** The server's refusal of `text` run as the role in `url`: its SQLSTATE. */
async function refusedCode(url: string, text: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  } finally {
    await client.end();
  }
}

const init = (url: string, ...more: string[]) => runCli(['server', 'init', '--url', url, ...more], { input: `${password}\n` });

/** What a database holds that a second run must leave as it is: the record, the roles and the workstation's password. */
async function state(url: string, name: string) {
  const roles = await query(testServerUrl(), `select rolname, rolpassword from pg_authid where rolname like $1 order by rolname`, [`${name}\\_%`]);
  const grants = await query(
    url,
    `select grantee, table_name, privilege_type from information_schema.role_table_grants where grantee like $1 order by 1, 2, 3`,
    [`${name}\\_%`],
  );
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return { roles, grants, record: await recordFingerprint(client) };
  } finally {
    await client.end();
  }
}

describe('server init', () => {
  it('sets up the schema, the first administrator and the roles; the app works as the workstations role', async () => {
    const { url, name } = await newDatabase();
    const run = await init(url, '--admin', 'ada', '--name', 'Dr Ada Okafor', '--password-stdin');
    expect(run.stderr).toContain(`The workstations connect as "${name}_workstation"`);
    expect(run.stderr).not.toContain(password);
    expect(run.status).toBe(0);
    const appUrl = run.stdout.trim();
    expect(new URL(appUrl).username).toBe(`${name}_workstation`);
    expect(new URL(appUrl).password).toMatch(/^[\w-]{32}$/);

    // The group's rights, and nothing of the workstation's own.
    const [role] = await query<Record<string, boolean>>(
      testServerUrl(),
      'select rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolcanlogin from pg_roles where rolname = $1',
      [`${name}_workstation`],
    );
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false, rolcanlogin: true });
    const audit = await query<{ privilege_type: string }>(
      url,
      "select privilege_type from information_schema.role_table_grants where grantee = $1 and table_name = 'audit_log' order by 1",
      [`${name}_app`],
    );
    expect(audit.map((r) => r.privilege_type)).toEqual(['INSERT', 'SELECT']);

    // The app, connected as the workstations: sign in, a user, a patient, a visit saved and signed.
    const store = await openServerStore(appUrl);
    cleanup(() => store.close());
    const s = createServices(store, { passwordCost: testPasswordCost });
    const admin = await s.session.signIn('desktop', { username: 'ada', password });
    expect(admin.role).toBe('admin');
    const okafor = await s.users.create(
      admin,
      parseInput('users.create', { username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', password, clinician: { role: 'dermatologist' } }),
    );
    const derm = await s.session.signIn('desktop', { username: 'okafor', password });
    const zoe = await s.patients.create(
      derm,
      parseInput('patients.create', { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' }),
    );
    const visit = await s.visits.save(
      derm,
      parseInput('visits.save', {
        patientId: zoe.id,
        date: '2026-01-15',
        clinicianId: okafor.clinician!.id,
        pregnancyStatus: 'neither',
        notes: 'Six milia left upper lid.',
        presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 }],
        treatments: [lidExtraction(okafor.clinician!.id)],
        followUps: [],
      }),
    );
    const signed = await s.signing.sign(derm, { id: visit.id });
    expect(signed.signature).not.toBeNull();
    expect(await s.audit.verification()).toEqual({ rows: expect.any(Number) as number, problem: null });

    // What the role may not do, refused by the server itself.
    const refused = {
      update: await refusedCode(appUrl, "update audit_log set detail = 'rewritten'"),
      delete: await refusedCode(appUrl, 'delete from audit_log'),
      truncate: await refusedCode(appUrl, 'truncate audit_log'),
      disableTrigger: await refusedCode(appUrl, 'alter table audit_log disable trigger audit_log_kept'),
      drop: await refusedCode(appUrl, 'drop table audit_log'),
      create: await refusedCode(appUrl, 'create table notes_of_mine (id integer)'),
      temporary: await refusedCode(appUrl, 'create temporary table scratch (id integer)'),
      migrations: await refusedCode(appUrl, 'delete from drizzle.__drizzle_migrations'),
    };
    expect(refused).toEqual({
      update: '42501',
      delete: '42501',
      truncate: '42501',
      disableTrigger: '42501',
      drop: '42501',
      create: '42501',
      temporary: '42501',
      migrations: '42501',
    });
    // The trail the app wrote is whole after all that was tried.
    expect((await s.audit.verification()).problem).toBeNull();
  });

  it('prints a URL whose password the server accepts by SCRAM, and no other password', async () => {
    const { url, name } = await newDatabase();
    const appUrl = (await init(url)).stdout.trim();
    // The test server trusts the loopback: one line ahead of that, for this role only, asks it for its password.
    const hbaFile = (await query<{ hba_file: string }>(testServerUrl(), 'show hba_file'))[0]!.hba_file;
    const hba = readFileSync(hbaFile, 'utf8');
    try {
      writeFileSync(hbaFile, `host all ${name}_workstation 127.0.0.1/32 scram-sha-256\n${hba}`);
      await query(testServerUrl(), 'select pg_reload_conf()');
      expect(await query(appUrl, 'select current_user as role')).toEqual([{ role: `${name}_workstation` }]);
      const wrong = new URL(appUrl);
      wrong.password = 'not-the-printed-one';
      expect(await refusedCode(wrong.toString(), 'select 1').catch((error: { code: string }) => error.code)).toBe('28P01');
    } finally {
      writeFileSync(hbaFile, hba);
      await query(testServerUrl(), 'select pg_reload_conf()');
    }
  });

  it('run again: the administrator is refused and nothing changes; without --admin it is an idempotent update', async () => {
    const { url, name } = await newDatabase();
    const first = await init(url, '--admin', 'ada', '--password-stdin');
    expect(first.status).toBe(0);
    const before = await state(url, name);

    const again = await init(url, '--admin', 'bob', '--password-stdin');
    expect(again).toMatchObject({ status: 2, stdout: '' });
    expect(again.stderr).toContain('is already set up: 1 user can sign in, so no first administrator is made. Nothing was changed.');
    expect(await state(url, name)).toEqual(before);

    const update = await init(url);
    expect(update.stderr).toContain(`The role "${name}_workstation" was there already: its password is unchanged.`);
    expect(update).toMatchObject({ status: 0, stdout: '' });
    expect(await state(url, name)).toEqual(before);
  });

  it('refuses a password the app would refuse before touching the server', async () => {
    const { url, name } = await newDatabase();
    const run = await runCli(['server', 'init', '--url', url, '--admin', 'ada', '--password-stdin'], { input: 'short\n' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/password/i);
    expect(await query(url, "select to_regclass('public.users') as found")).toEqual([{ found: null }]);
    expect(await query(testServerUrl(), 'select rolname from pg_roles where rolname like $1', [`${name}\\_%`])).toEqual([]);
  });

  it('refuses what is not a database URL, and a database user who may not set up', async () => {
    const { url, name } = await newDatabase();
    const notUrl = await runCli(['server', 'init', '--url', 'milia.example:5432']);
    expect(notUrl).toMatchObject({ status: 2, stdout: '' });
    expect(notUrl.stderr).toContain('--url is not a PostgreSQL URL');

    const foreign = await newDatabase();
    await query(foreign.url, 'create table birds (name text)');
    const other = await init(foreign.url, '--admin', 'ada', '--password-stdin');
    expect(other).toMatchObject({ status: 2, stdout: '' });
    expect(other.stderr).toContain('is not a Milia Notes database (it holds other tables). Choose the right database.');
    expect(await query(testServerUrl(), 'select rolname from pg_roles where rolname like $1', [`${foreign.name}\\_%`])).toEqual([]);

    await query(testServerUrl(), `create role "${name}_app" login`);
    const asApp = new URL(url);
    asApp.username = `${name}_app`;
    const run = await init(asApp.toString());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('may not set up this database');
    expect(await query(url, "select to_regclass('drizzle.__drizzle_migrations') as found")).toEqual([{ found: null }]);
  });

  it('a workstation meeting migrations its role may not run is refused in a sentence, and the owner runs them', async () => {
    const { url } = await newDatabase();
    const appUrl = (await init(url)).stdout.trim();
    // A newer version's migrations: this checkout's, and one more.
    const folder = join(tempDir(), 'pg');
    cpSync(join(__dirname, '..', '..', 'drizzle', 'pg'), folder, { recursive: true });
    const journalFile = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_next_version' });
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(join(folder, '9999_next_version.sql'), 'CREATE TABLE next_version (id integer);');

    await expect(openServerStore(appUrl, { migrationsFolder: folder })).rejects.toThrow(
      /must be updated for this version of Milia Notes \(schema \d+ to \d+\), and this computer's database user may not change it\. Ask IT to update it as the database's owner: npm run cli -- server init/,
    );
    expect(await query(url, "select to_regclass('public.next_version') as found")).toEqual([{ found: null }]);
    // Up to date again for the workstation's own version: it opens without any right to change the schema.
    (await openServerStore(appUrl)).close();

    const { pool } = await openServerDatabase(url, { migrationsFolder: folder });
    await pool.end();
    expect(await query(url, "select to_regclass('public.next_version')::text as found")).toEqual([{ found: 'next_version' }]);
  });
});

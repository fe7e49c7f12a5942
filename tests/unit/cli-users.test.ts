/**
 * `user add|list|deactivate|reset-password` and `--as USERNAME` as IT runs them: real
 * processes over a real database file. The password comes on standard input and appears in
 * no output, message or audit row; `--as` acts with that user's rights, and a user who is
 * unknown or deactivated, or a right they lack, is refused in one line with exit 2.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/main/api/handlers';
import { composeApp, type App } from '../../src/main/compose';
import type { SqliteStore } from '../../src/main/db/records';
import { openStore } from '../../src/main/db/open';
import { cli, runCli } from '../support/cli';
import { testActor, testPasswordCost, tempDir } from '../support/store';

const password = 'correct horse battery staple';

/** A database with an administrator and a nurse, made in process (cheaply hashed). */
async function practice(): Promise<string> {
  const db = join(tempDir(), 'milia.db');
  const store = openStore(db, { create: true });
  try {
    const { services } = composeApp(store, { version: 'test', passwordCost: testPasswordCost });
    for (const [username, name, role] of [
      ['sam', 'Sam Adeyemi', 'admin'],
      ['lindqvist', 'Nurse Per Lindqvist', 'nurse'],
    ]) {
      await services.users.create(testActor, parseInput('users.create', { username, name, role, password }));
    }
  } finally {
    store.close();
  }
  return db;
}

function withStore<T>(db: string, work: (app: App<SqliteStore>) => T | Promise<T>): Promise<T> {
  const store = openStore(db);
  return Promise.resolve(work(composeApp(store, { version: 'test', passwordCost: testPasswordCost }))).finally(() => store.close());
}

type AuditRow = Record<'action' | 'username' | 'role' | 'surface' | 'outcome' | 'detail', string>;
const auditRows = (db: string) =>
  withStore(db, ({ store }) => store.sqlite.prepare<[], AuditRow>('select action, username, role, surface, outcome, detail from audit_log order by id').all());

describe('user', () => {
  it('adds a user with the password on standard input, never printing it, and lists them', async () => {
    const db = await practice();
    const newPassword = 'fern leaves unfolding slowly';
    const added = await runCli(
      ['user', 'add', '--username', 'okafor', '--role', 'dermatologist', '--name', 'Dr Ada Okafor', '--title', 'MD', '--password-stdin', '--db', db],
      { input: `${newPassword}\n` },
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      username: 'okafor',
      name: 'Dr Ada Okafor',
      role: 'dermatologist',
      active: true,
      hasPassword: true,
      clinician: { key: 'okafor', role: 'dermatologist', title: 'MD' },
    });
    expect(added.stdout).not.toContain(newPassword);

    const listed = await cli('user', 'list', '--db', db);
    expect(listed).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        'USERNAME   ROLE           STATUS  NAME                 CLINICIAN PROFILE',
        'lindqvist  Nurse          active  Nurse Per Lindqvist  Nurse (lindqvist)',
        'okafor     Dermatologist  active  Dr Ada Okafor        Dermatologist (okafor)',
        'sam        Administrator  active  Sam Adeyemi',
        '',
      ].join('\n'),
    });

    // The password signs in (the final line break was not part of it), and is nowhere in the audit.
    await withStore(db, async ({ services }) => {
      expect(await services.session.signIn('desktop', { username: 'okafor', password: newPassword })).toMatchObject({ username: 'okafor' });
    });
    const rows = await auditRows(db);
    expect(rows.find((r) => r.action === 'user_create' && r.detail.startsWith('okafor'))).toMatchObject({ role: 'system', surface: 'cli', outcome: 'ok' });
    expect(JSON.stringify(rows)).not.toContain(newPassword);
  });

  it('refuses in one line, exit 2, and adds nothing: a taken username, a weak password, a missing --password-stdin or name', async () => {
    const db = await practice();
    const add = (extra: string[], input: string) =>
      runCli(['user', 'add', '--role', 'nurse', '--name', 'Nurse Camille Moreau', ...extra, '--db', db], { input });
    const weak = 'moreau123';
    const runs = await Promise.all([
      add(['--username', 'LINDQVIST', '--password-stdin'], password),
      add(['--username', 'lindqvist', '--password-stdin'], password),
      add(['--username', 'moreau', '--password-stdin'], weak),
      add(['--username', 'moreau', '--password-stdin'], 'Password1234'),
      add(['--username', 'moreau'], password),
      runCli(['user', 'add', '--username', 'moreau', '--role', 'nurse', '--password-stdin', '--db', db], { input: password }),
    ]);
    expect(runs.map((r) => r.stderr)).toEqual([
      '--username must be lower-case letters, digits, . _ or -, starting with a letter or digit.\n',
      'The username "lindqvist" is taken. Choose another.\n',
      'The password must be at least 12 characters.\n',
      'The password is one of the passwords attackers try first; choose another.\n',
      'user add reads the password from standard input: add --password-stdin (it is never taken as an option).\n',
      `Say the new user's name: npm run cli -- user add --username U --role R --name "Display Name" --password-stdin\n`,
    ]);
    for (const run of runs) {
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toContain(weak);
      expect(run.stderr).not.toContain(password);
    }
    const listed = await cli('user', 'list', '--db', db);
    expect(
      listed.stdout
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(' ')[0]),
    ).toEqual(['lindqvist', 'sam']);
  });

  it('deactivates a user and resets a password, lifting a lockout; never deactivates the last administrator', async () => {
    const db = await practice();
    await withStore(db, async ({ store }) => {
      await store.records.write(async (tx) => tx.users.setSignInFailures((await tx.users.credentials('lindqvist'))!.id, 0, '2999-01-01T00:00:00.000Z'));
    });
    const newPassword = 'a brand new passphrase';
    const [reset, last] = await Promise.all([
      runCli(['user', 'reset-password', 'lindqvist', '--password-stdin', '--db', db], { input: newPassword }),
      cli('user', 'deactivate', 'SAM', '--db', db),
    ]);
    expect(reset).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(reset.stdout)).toMatchObject({ username: 'lindqvist', lockedUntil: null });
    expect(reset.stdout).not.toContain(newPassword);
    expect(last).toEqual({
      status: 2,
      stdout: '',
      stderr: 'This is the last active administrator, so it stays active. Make another user an administrator first, then deactivate this one.\n',
    });

    const off = await cli('user', 'deactivate', 'lindqvist', '--db', db);
    expect(off.status).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ username: 'lindqvist', active: false });
    expect(await cli('user', 'deactivate', 'nobody', '--db', db)).toEqual({
      status: 2,
      stdout: '',
      stderr: 'There is no user "nobody". See the users with: npm run cli -- user list\n',
    });
    const rows = await auditRows(db);
    expect(rows.filter((r) => ['password_reset', 'user_deactivate'].includes(r.action)).map((r) => [r.action, r.detail, r.role])).toEqual([
      ['password_reset', 'lindqvist', 'system'],
      ['user_deactivate', 'lindqvist', 'system'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(newPassword);
  });
});

describe('--as USERNAME', () => {
  it("acts with that user's rights: a nurse is refused a backup, by the command and through call, in one line with exit 2, and it is audited", async () => {
    const db = await practice();
    const out = join(tempDir(), 'nightly.db');
    const forbidden = 'Only an administrator can back up or restore the database; you are signed in as a nurse.';
    const [backup, call, list, asAdmin] = await Promise.all([
      cli('backup', '--out', out, '--as', 'lindqvist', '--db', db),
      cli('call', 'backups.run', '--as', 'lindqvist', '--db', db),
      cli('user', 'list', '--as', 'lindqvist', '--db', db),
      cli('user', 'list', '--as', 'Sam', '--db', db),
    ]);
    expect(backup).toEqual({ status: 2, stdout: '', stderr: `${forbidden}\n` });
    expect(existsSync(out)).toBe(false);
    expect(call.status).toBe(2);
    expect(JSON.parse(call.stdout)).toEqual({ ok: false, error: { kind: 'forbidden', message: forbidden } });
    expect(list).toEqual({ status: 2, stdout: '', stderr: 'Only an administrator can manage users; you are signed in as a nurse.\n' });
    expect(asAdmin.status).toBe(0);

    const rows = await auditRows(db);
    expect(rows.filter((r) => r.outcome === 'forbidden').map((r) => [r.username, r.role, r.surface])).toEqual([
      ['lindqvist', 'nurse', 'cli'],
      ['lindqvist', 'nurse', 'cli'],
      ['lindqvist', 'nurse', 'cli'],
    ]);
  });

  it('refuses an unknown or deactivated user in one line with exit 2, doing nothing', async () => {
    const db = await practice();
    await cli('user', 'deactivate', 'lindqvist', '--db', db);
    const out = join(tempDir(), 'nightly.db');
    const [unknown, deactivated] = await Promise.all([
      cli('backup', '--out', out, '--as', 'nobody', '--db', db),
      cli('call', 'users.list', '--as', 'lindqvist', '--db', db),
    ]);
    expect(unknown).toEqual({ status: 2, stdout: '', stderr: 'There is no user "nobody". See the users with: npm run cli -- user list\n' });
    expect(deactivated).toEqual({
      status: 2,
      stdout: '',
      stderr: 'The user "lindqvist" is deactivated, so nobody can act as them. An administrator can activate them again.\n',
    });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses the session calls at the command line, which has no window to sign in', async () => {
    const db = await practice();
    const run = await runCli(['call', 'session.signIn', '--input', '-', '--db', db], { input: JSON.stringify({ username: 'sam', password }) });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        message:
          'Signing in and the first run belong to the Milia Notes window. At the command line you act as the operating-system account, or as a user with --as USERNAME.',
      },
    });
    expect(run.stdout).not.toContain(password);
  });
});

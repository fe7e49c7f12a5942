/**
 * "Test connection" against the real PostgreSQL server of the run: the server's version when
 * the settings work, and one sentence for each way they do not (a port nobody listens on, a
 * database or a user the server does not have, encryption the server does not offer, a CA
 * certificate that cannot be read). Then the Record calls through the invoker as the browser
 * mode makes them: which record is in use, and the refusal to change it there; and as the
 * desktop app makes them, with its settings file: keeping a server, then "Restart now".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordConnectionInput, type ServerConnection } from '@shared/recordConnection';
import { composeApp, type App } from '../../src/main/compose';
import { openStore, type SqliteStore } from '../../src/main/db/open';
import { testServerConnection } from '../../src/main/db/pg/probe';
import { readRecordFile, recordSettings, type SecretStore } from '../../src/main/desktop/recordSettings';
import { userActor } from '../support/actors';
import { testServerUrl } from '../support/pgDatabase';
import { testPasswordCost } from '../support/store';

/** The run's server as Settings → Record would name it, changed as a test says. */
function cluster(change: Record<string, unknown> = {}): ServerConnection {
  const url = new URL(testServerUrl());
  return RecordConnectionInput.parse({
    connection: {
      mode: 'server',
      host: url.hostname,
      port: Number(url.port),
      database: url.pathname.slice(1),
      user: url.username,
      sslmode: 'disable',
      ...change,
    },
  }).connection as ServerConnection;
}

async function serverVersion(): Promise<string> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

describe('testing a connection to the practice server', () => {
  it("answers with the server's version and its address, never the password", async () => {
    const c = cluster();
    expect(await testServerConnection(c, 'a password the server does not ask for')).toEqual({
      ok: true,
      serverVersion: await serverVersion(),
      address: `${c.user}@${c.host}:${c.port}/${c.database} (TLS: disable)`,
    });
  });

  it('says in one sentence which of the settings is wrong', async () => {
    const c = cluster();
    const where = `${c.host}:${c.port}`;
    expect(await testServerConnection(cluster({ port: 1 }), null)).toMatchObject({
      ok: false,
      message: `The practice server at ${c.host}:1 did not answer. Check the server's name and port, that it is running, and that it lets this computer in (its firewall and pg_hba.conf).`,
    });
    expect(await testServerConnection(cluster({ database: 'no_such_record' }), null)).toMatchObject({
      ok: false,
      message: `The practice server at ${where} has no database named no_such_record. Check the database's name with IT.`,
    });
    expect(await testServerConnection(cluster({ user: 'no_such_user' }), 'x')).toMatchObject({
      ok: false,
      message: 'The practice server refused the database user no_such_user. Check the user and the password IT gave.',
    });
    // The run's server offers no TLS: asking for it is refused by the server, and said so.
    expect(await testServerConnection(cluster({ sslmode: 'require' }), null)).toMatchObject({
      ok: false,
      message: `The practice server at ${where} does not accept encrypted connections. Ask IT to turn on TLS, or choose "Not encrypted" only on a network you trust.`,
    });
  });

  it('refuses a CA certificate that cannot be read or is not one, before connecting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milia-ca-'));
    try {
      const missing = join(dir, 'missing.pem');
      expect(await testServerConnection(cluster({ sslmode: 'verify-full', caCertificate: missing }), null)).toMatchObject({
        ok: false,
        message: `The CA certificate file ${missing} cannot be read. Check the path, or paste the certificate's text instead.`,
      });
      const notOne = join(dir, 'not-a-certificate.pem');
      writeFileSync(notOne, 'a shopping list');
      expect(await testServerConnection(cluster({ sslmode: 'verify-full', caCertificate: notOne }), null)).toMatchObject({
        ok: false,
        message: `The CA certificate in ${notOne} is not a certificate Milia Notes can read. Ask IT for the practice's CA certificate in PEM form (text starting -----BEGIN CERTIFICATE-----).`,
      });
      const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2h\n-----END CERTIFICATE-----';
      expect(await testServerConnection(cluster({ sslmode: 'verify-full', caCertificate: pem }), null)).toMatchObject({
        ok: false,
        message:
          "The CA certificate given is not a certificate Milia Notes can read. Ask IT for the practice's CA certificate in PEM form (text starting -----BEGIN CERTIFICATE-----).",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Record calls where the record is fixed by the command line (the browser mode)', () => {
  let dir: string;
  let store: SqliteStore;
  let app: App<SqliteStore>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'milia-record-calls-'));
    store = openStore(join(dir, 'milia.db'), { create: true });
    app = composeApp(store, { version: '9.9.9', passwordCost: testPasswordCost });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("show this computer's file, refuse a change with what to do instead, and still test a server", async () => {
    const admin = await userActor(app.services, 'admin');
    const why = `This Milia Notes server was started on the file ${store.path} (--db), so where its record is cannot be changed here. Stop it and start it with --db FILE or --server URL.`;
    expect(await app.invoke(admin, 'record.get', {})).toEqual({
      ok: true,
      value: { current: { mode: 'file', path: store.path }, saved: null, passwordKept: false, changeable: { ok: false, why } },
    });
    const c = cluster();
    expect(await app.invoke(admin, 'record.save', { connection: c })).toEqual({ ok: false, error: { kind: 'conflict', message: why } });
    expect(await app.invoke(admin, 'record.restart', {})).toEqual({ ok: false, error: { kind: 'conflict', message: why } });
    expect(await app.invoke(admin, 'record.test', { connection: c })).toMatchObject({ ok: true, value: { ok: true, serverVersion: await serverVersion() } });
    expect(await app.invoke(admin, 'record.test', { connection: { mode: 'file' } })).toEqual({
      ok: false,
      error: { kind: 'validation', message: "This computer's record needs no connection test: only a practice server's can be tested." },
    });
    // A wrong field is named, with its sentence, before anything is tried.
    expect(await app.invoke(admin, 'record.test', { connection: { ...c, host: 'db:5432' } })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'connection.host', message: expect.stringContaining("must be the server's name or address") }] },
    });
  });
});

describe('the Record calls as the desktop app makes them, with its settings file', () => {
  let dir: string;
  let store: SqliteStore;
  let app: App<SqliteStore>;
  const restarts: string[] = [];
  // A system keyring that seals by reversing: what reaches the file is not the password.
  const secrets: SecretStore = {
    isAsyncEncryptionAvailable: async () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptStringAsync: async (text) => Buffer.from([...text].reverse().join('')),
    decryptStringAsync: async (sealed) => ({ result: [...sealed.toString()].reverse().join(''), shouldReEncrypt: false }),
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'milia-record-desktop-'));
    store = openStore(join(dir, 'milia.db'), { create: true });
    const settings = recordSettings(dir, secrets, 'linux');
    app = composeApp(store, {
      version: '9.9.9',
      passwordCost: testPasswordCost,
      shells: { record: { ...settings.shell, restart: () => void restarts.push(readRecordFile(dir)?.connection.mode ?? 'none') } },
    });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keep a server that answers, then "Restart now" restarts on it, audited; only an administrator may', async () => {
    const admin = await userActor(app.services, 'admin');
    const c = cluster();
    expect(await app.invoke(admin, 'record.save', { connection: c })).toMatchObject({ ok: true, value: { saved: c, changeable: { ok: true } } });
    expect(restarts).toEqual([]);
    const nurse = await userActor(app.services, 'nurse');
    expect(await app.invoke(nurse, 'record.restart', {})).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(restarts).toEqual([]);

    const shown = `${c.user}@${c.host}:${c.port}/${c.database} (TLS: disable)`;
    expect(await app.invoke(admin, 'record.restart', {})).toEqual({ ok: true, value: { restartingOn: `the practice server ${shown}` } });
    expect(restarts).toEqual(['server']);
    const audit = await app.invoke(admin, 'audit.search', { from: '2000-01-01', to: '9999-12-31', limit: 5 });
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.value.events.map((e) => [e.action, e.entity, e.detail])).toEqual(
      expect.arrayContaining([
        ['restart', 'record-connection', `Restarted to use the practice server ${shown}.`],
        ['update', 'record-connection', `From the next start, the record is the practice server ${shown}.`],
      ]),
    );
  });
});

/**
 * The practice server's faults told apart by their codes, each from a real server: a refusal by
 * one of its triggers (SQLSTATE P0001, "Milia Notes: …") in the same sentence as the SQLite
 * file's trigger gives for the same change; a closed port, a connection the server ends, and a
 * host that does not exist (the server cannot be reached); a role that does not exist and a
 * wrong password (the server refuses the sign-in); and the server's own errors raised with a
 * code (a full disk cannot be had on demand). Words in a message are never a code.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { Client, DatabaseError, type Pool } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { toEnvelopeError } from '../../src/main/api/handlers';
import { storageFault, storageFaultMessage, triggerRefusal } from '../../src/main/db/faults';
import { openStore } from '../../src/main/db/open';
import { openServerDatabase, type ServerDatabase } from '../../src/main/db/pg/migrate';
import { testDatabase, testServerUrl } from '../support/pgDatabase';
import { pollUntil } from '../support/poll';
import { tempDir } from '../support/store';
import { closedPort } from '../support/tcp';

const pools: Pool[] = [];
afterEach(async () => {
  while (pools.length) await pools.pop()!.end();
});

async function server(): Promise<ServerDatabase> {
  const opened = await openServerDatabase(await testDatabase());
  pools.push(opened.pool);
  return opened;
}

/** What `work` rejects with. */
async function rejection(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('it did not fail');
}

/** The error of signing in at `url`, tried until the server has reloaded its rules (it goes on trusting the role until then). */
async function refusedSignIn(url: string): Promise<unknown> {
  for (let tries = 0; tries < 100; tries++) {
    const client = new Client({ connectionString: url });
    const error = await client.connect().then(
      () => client.end(),
      (refusal: unknown) => refusal,
    );
    if (error) return error;
    await sleep(50);
  }
  throw new Error('The server went on trusting the role.');
}

/** The sockets this process holds open. */
const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** The test server's URL with another user, password, host or port. */
function serverUrl(change: { username?: string; password?: string; hostname?: string; port?: number }): string {
  const url = new URL(testServerUrl());
  if (change.username !== undefined) url.username = change.username;
  if (change.password !== undefined) url.password = change.password;
  if (change.hostname !== undefined) url.hostname = change.hostname;
  if (change.port !== undefined) url.port = String(change.port);
  return url.toString();
}

const sentence = {
  unreachable:
    'The practice server cannot be reached, so nothing was saved. Check the network connection and try again; if it persists, ask IT whether the server is running.',
  signin:
    "The practice server refused this computer's sign-in, so nothing was saved. Ask IT to check the database user and password this computer connects with.",
  serverfull: "The practice server's disk is full, so nothing was saved. Ask IT to free some space on the server.",
};

/** What the user is told of an error, through the API envelope. */
const envelope = (fault: keyof typeof sentence) => ({ ok: false, error: { kind: 'storage', message: sentence[fault] } });

// One signed visit with a presentation and an addendum, and one sealed audit row, in both engines' SQL.
const signedRecord = [
  "insert into clinicians (id, key, name, role) values (1, 'okafor', 'Dr Ada Okafor', 'dermatologist')",
  "insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values (1, 'A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female')",
  "insert into visits (id, key, patient_id, date, clinician_id, created_by, updated_by) values (1, 'v1', 1, '2026-01-02', 1, 't', 't')",
  "insert into presentations (id, visit_id, position, type, site, count) values (1, 1, 1, 'papule', 'face', 1)",
  "update visits set signed_at = '2026-01-02T10:00:00.000Z', signature_kind = 'signed', signed_by = 'Dr Ada Okafor' where id = 1",
  "insert into addenda (id, visit_id, text, author_name, signed_at) values (1, 1, 'Seen again.', 'Dr Ada Okafor', '2026-01-03T10:00:00.000Z')",
  "insert into audit_log (id, at, actor, action, entity, detail, hash) values (1, '2026-01-02T10:00:00.000Z', 't', 'read', 'patient', '', 'sealed')",
];

const visitSigned = 'This visit is signed and cannot change; add an addendum instead.';
const addendumSigned = 'An addendum is signed and cannot change; add another addendum instead.';
const auditKept = 'The audit trail cannot be changed.';
/** Each change the triggers refuse, and the sentence the user reads. */
const refused: Array<[string, string]> = [
  ["update visits set notes = 'Forged.' where id = 1", visitSigned],
  ['delete from visits where id = 1', visitSigned],
  ["update presentations set notes = 'Forged.' where id = 1", visitSigned],
  ['delete from presentations where id = 1', visitSigned],
  ["insert into presentations (visit_id, position, type, site, count) values (1, 2, 'macule', 'neck', 1)", visitSigned],
  ["update addenda set text = 'Forged.' where id = 1", addendumSigned],
  ['delete from addenda where id = 1', addendumSigned],
  [
    "insert into addenda (visit_id, text, author_name, signed_at, presentation_id) values (1, 'Decided.', 'Dr Ada Okafor', '2026-01-04T10:00:00.000Z', 1)",
    'A decision addendum names a presentation of its own visit and the decision.',
  ],
  ["update audit_log set detail = 'Forged.' where id = 1", auditKept],
  ['delete from audit_log where id = 1', auditKept],
  ["insert into audit_log (id, at, actor, action, entity) values (2, '2026-01-02T11:00:00.000Z', 't', 'read', 'patient')", 'An audit row must arrive sealed.'],
];

describe('triggerRefusal on the practice server', () => {
  it("gives each refusal by the server's triggers in the sentence the SQLite file's trigger gives for the same change, as a conflict", async () => {
    const { pool } = await server();
    for (const statement of signedRecord) await pool.query(statement);
    const file = openStore(join(tempDir(), 'milia.db'), { create: true });
    try {
      for (const statement of signedRecord) file.sqlite.prepare(statement).run();
      for (const [statement, words] of refused) {
        const onServer = await rejection(() => pool.query(statement));
        expect(onServer, statement).toBeInstanceOf(DatabaseError);
        expect(onServer, statement).toMatchObject({ code: 'P0001', message: `Milia Notes: ${words.charAt(0).toLowerCase()}${words.slice(1)}` });
        let inFile: unknown;
        try {
          file.sqlite.prepare(statement).run();
        } catch (error) {
          inFile = error;
        }
        expect(triggerRefusal(onServer), statement).toBe(words);
        expect(triggerRefusal(inFile), statement).toBe(words);
        expect(toEnvelopeError(onServer), statement).toEqual({ ok: false, error: { kind: 'conflict', message: words } });
      }
    } finally {
      file.close();
    }
    // TRUNCATE, which SQLite does not have, is refused in the same words.
    expect(triggerRefusal(await rejection(() => pool.query('truncate audit_log')))).toBe(auditKept);
  });

  it("sees through drizzle's query error, and reads no other exception's words", async () => {
    const { pool, db } = await server();
    for (const statement of signedRecord) await pool.query(statement);
    const wrapped = await rejection(() => db.execute(sql`delete from visits where id = ${1}`));
    expect(wrapped).not.toBeInstanceOf(DatabaseError);
    expect(toEnvelopeError(wrapped)).toEqual({ ok: false, error: { kind: 'conflict', message: visitSigned } });

    // P0001 without the app's prefix, and the prefix under another code, are no refusal of ours.
    const foreign = await rejection(() => pool.query("do $$ begin raise exception 'Kept.'; end $$"));
    expect(foreign).toMatchObject({ code: 'P0001' });
    const otherCode = await rejection(() => pool.query("do $$ begin raise exception 'Milia Notes: forged.' using errcode = 'check_violation'; end $$"));
    expect(otherCode).toMatchObject({ code: '23514' });
    for (const error of [foreign, otherCode]) {
      expect(triggerRefusal(error)).toBeNull();
      expect(toEnvelopeError(error)).toMatchObject({ ok: false, error: { kind: 'internal' } });
    }
  });
});

describe("storageFault for the practice server's faults", () => {
  it('is "unreachable" for a closed port and a host that does not exist, through opening the server', async () => {
    const port = await closedPort();
    for (const hostname of ['127.0.0.1', 'localhost']) {
      const error = await rejection(() => openServerDatabase(serverUrl({ hostname, port })));
      expect(error, hostname).toMatchObject({ code: 'ECONNREFUSED' });
      expect(storageFault(error), hostname).toBe('unreachable');
      expect(toEnvelopeError(error), hostname).toEqual(envelope('unreachable'));
    }
    const unknownHost = await rejection(() => openServerDatabase(serverUrl({ hostname: 'milia-no-such-server.invalid' })));
    expect(unknownHost).toMatchObject({ code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) });
    expect(storageFault(unknownHost)).toBe('unreachable');
  });

  it('is "unreachable" when the server ends the connection in the middle of a query', async () => {
    const { pool } = await server();
    const client = new Client({ connectionString: serverUrl({}) });
    const cut: Error[] = [];
    // The socket's end after the server's goodbye is an event of the client's own.
    client.on('error', (error) => cut.push(error));
    await client.connect();
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const sleeping = rejection(() => client.query('select pg_sleep(30)'));
    // Ended once the query is running there.
    while ((await pool.query("select 1 from pg_stat_activity where pid = $1 and state = 'active'", [pid])).rowCount === 0);
    await pool.query('select pg_terminate_backend($1)', [pid]);
    const error = await sleeping;
    expect(error).toMatchObject({ code: '57P01' });
    expect(storageFault(error)).toBe('unreachable');
    expect(toEnvelopeError(error)).toEqual(envelope('unreachable'));
    await client.end().catch(() => undefined);
  });

  it('is "signin" for a role the server does not know, for a wrong password and for none given', async () => {
    const missing = await rejection(() => openServerDatabase(serverUrl({ username: `milia_nobody_${randomBytes(4).toString('hex')}` })));
    expect(missing).toBeInstanceOf(DatabaseError);
    expect(missing).toMatchObject({ code: '28000' });
    expect(storageFault(missing)).toBe('signin');
    expect(toEnvelopeError(missing)).toEqual(envelope('signin'));

    // The test server trusts the loopback: one line ahead of that, for a role of this test only, asks it for a password.
    const admin = new Client({ connectionString: testServerUrl() });
    await admin.connect();
    const open = sockets();
    const role = `milia_password_${randomBytes(4).toString('hex')}`;
    const hbaFile = (await admin.query<{ hba_file: string }>('show hba_file')).rows[0]!.hba_file;
    const hba = readFileSync(hbaFile, 'utf8');
    try {
      await admin.query(`create role ${role} login password 'the right one'`);
      writeFileSync(hbaFile, `host all ${role} 127.0.0.1/32 scram-sha-256\n${hba}`);
      await admin.query('select pg_reload_conf()');
      const wrong = serverUrl({ username: role, password: 'a wrong one' });
      const error = await refusedSignIn(wrong);
      expect(error).toBeInstanceOf(DatabaseError);
      expect(error).toMatchObject({ code: '28P01' });
      expect(storageFault(error)).toBe('signin');
      expect(toEnvelopeError(error)).toEqual(envelope('signin'));
      const opening = await rejection(() => openServerDatabase(wrong));
      expect(opening).toMatchObject({ code: '28P01' });
      expect(storageFault(opening)).toBe('signin');
      // No password in the URL (nor PGPASSWORD): the driver refuses before the server can,
      // and the socket is closed, not left for the server to time the sign-in out in a minute.
      await pollUntil(() => sockets() <= open, Boolean, 'the close of the refused sign-ins', 10_000);
      const none = await rejection(() => openServerDatabase(serverUrl({ username: role })));
      expect(storageFault(none)).toBe('signin');
      expect(toEnvelopeError(none)).toEqual(envelope('signin'));
      await pollUntil(() => sockets() <= open, Boolean, 'the close of the refused sign-in', 10_000);
    } finally {
      writeFileSync(hbaFile, hba);
      await admin.query('select pg_reload_conf()');
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });

  it("tells the server's errors by their codes alone: a full disk, a lost connection, and nothing else", async () => {
    const { pool } = await server();
    await pool.query(
      "create function raised(code text) returns void language plpgsql as $$ begin raise exception 'Raised by the test.' using errcode = code; end $$",
    );
    /** The error the server raises with the condition's code (a full disk cannot be had on demand). */
    const raised = (condition: string) => rejection(() => pool.query('select raised($1)', [condition]));
    const cases: Array<[string, string, string | null]> = [
      ['disk_full', '53100', 'serverfull'],
      ['connection_failure', '08006', 'unreachable'],
      ['admin_shutdown', '57P01', 'unreachable'],
      ['cannot_connect_now', '57P03', 'unreachable'],
      ['invalid_password', '28P01', 'signin'],
      ['query_canceled', '57014', null],
      ['unique_violation', '23505', null],
      ['serialization_failure', '40001', null],
      ['insufficient_resources', '53000', null],
    ];
    for (const [condition, code, fault] of cases) {
      const error = await raised(condition);
      expect(error, condition).toMatchObject({ code });
      expect(storageFault(error), condition).toBe(fault);
    }
    expect(toEnvelopeError(await raised('disk_full'))).toEqual(envelope('serverfull'));
    expect(storageFaultMessage('serverfull')).toBe(sentence.serverfull);

    // Words are never a code: a message that names a fault, without the code, is none.
    for (const message of [
      'connect ECONNREFUSED 127.0.0.1:5432',
      'password authentication failed for user "milia"',
      'could not extend file: No space left on device',
    ]) {
      expect(storageFault(new Error(message)), message).toBeNull();
    }
  });
});

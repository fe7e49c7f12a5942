/**
 * `server import` as IT runs it (real CLI processes) from a real SQLite file onto a database of
 * the test cluster set up by `server init`: every row exactly (the whole record fingerprinted
 * alike on both engines, the statistics made by the server included), signed visits and their
 * addenda signed as they were, the audit trail carried with its seals and verified by the
 * services, the move itself audited, the file never changed; refused, with nothing written, into
 * a record that is not empty, by a server that refuses a row part way, for a file that is not a
 * Milia Notes database or is newer, or whose trail does not verify.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/main/api/handlers';
import { openStore } from '../../src/main/db/open';
import { sqliteOf } from '../../src/main/db/records';
import { openServerStore } from '../../src/main/db/records/pg';
import { seed } from '../../src/main/seed';
import { createServices } from '../../src/main/services';
import { passwords } from '../../src/main/services/passwords';
import { userActor } from '../support/actors';
import { runCli } from '../support/cli';
import { testPasswordCost } from '../support/passwords';
import { recordFingerprint } from '../support/pgCopy';
import { query, testDatabase, testServerUrl } from '../support/pgDatabase';
import { cleanup, tempDir, testActor } from '../support/store';
import { parsingServices } from '../support/surface';
import { lidExtraction } from '../support/visitInputs';

/** A database set up by `server init` without an administrator; dropped with its roles after the test. */
async function setUpServer(...initOptions: string[]): Promise<{ url: string; appUrl: string }> {
  const url = await testDatabase();
  const name = new URL(url).pathname.slice(1);
  cleanup(async () => {
    await query(testServerUrl(), `drop database if exists "${name}" with (force)`);
    await query(testServerUrl(), `drop role if exists "${name}_workstation", "${name}_app"`);
  });
  const init = await runCli(['server', 'init', '--url', url, ...initOptions], { input: 'a long passphrase for the first admin\n' });
  expect(init.status).toBe(0);
  return { url, appUrl: init.stdout.trim() };
}

/**
 * A workstation's file: the synthetic practice (demo users, decided visits signed, drafts), and
 * a visit documented, signed and corrected by two addenda, one a decision; a follow-up whose
 * reason is `reason`. Closed, so its audit head is in the state file beside it.
 */
async function practiceFile(reason = 'Check clearance'): Promise<string> {
  const path = join(tempDir(), 'practice.db');
  const store = openStore(path, { create: true });
  const s = parsingServices(createServices(store, { passwordCost: testPasswordCost }));
  await seed(store.records, testActor, { patients: 25, seed: 7, today: '2026-06-30', hashPassword: passwords(testPasswordCost).hash });
  const okafor = await userActor(s, 'dermatologist', { name: 'Dr Ada Okafor' });
  const zoe = await s.patients.create(okafor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const draft = await s.visits.save(okafor, {
    patientId: zoe.id,
    date: '2026-06-15',
    clinicianId: okafor.clinicianId!,
    pregnancyStatus: 'neither',
    notes: 'Six milia left upper lid.',
    presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 }],
    treatments: [lidExtraction(okafor.clinicianId!)],
    followUps: [{ dueDate: '2026-08-12', reason, status: 'scheduled' }],
  });
  const signed = await s.signing.sign(okafor, { id: draft.id });
  await s.signing.addAddendum(okafor, { visitId: signed.id, text: 'Histology: milium, no atypia.' });
  // A visit with a red flag brought in from another practice (signed on import, undecided): decided by an addendum.
  const elsewhere = openStore(join(tempDir(), 'elsewhere.db'), { create: true });
  const other = parsingServices(createServices(elsewhere, { passwordCost: testPasswordCost }));
  const moreau = await userActor(other, 'dermatologist', { name: 'Dr Léa Moreau' });
  const irina = await other.patients.create(moreau, {
    mrn: 'ELSEWHERE-1',
    givenName: 'Ирина',
    familyName: 'Петрова',
    dateOfBirth: '1970-06-01',
    sex: 'female',
  });
  await other.visits.save(moreau, {
    patientId: irina.id,
    date: '2026-05-02',
    clinicianId: moreau.clinicianId!,
    pregnancyStatus: 'neither',
    notes: 'Ulcerated papule of the cheek.',
    presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 2, redFlags: ['ulceration'], differentials: ['basal_cell_carcinoma'] }],
    treatments: [],
    followUps: [],
  });
  await s.interchange.import(testActor, JSON.parse(JSON.stringify(await other.interchange.export(testActor))) as unknown);
  elsewhere.close();
  const waiting = (await s.signing.toReview(okafor, {})).find((item) => item.signed === 'import')!;
  await s.signing.addAddendum(okafor, { visitId: waiting.visitId, text: 'Biopsy taken.', decision: { presentation: waiting.number, decision: 'biopsy' } });
  store.close();
  return path;
}

/** Every file beside the database and its bytes, to tell that nothing was written. */
function folderState(path: string): Record<string, string> {
  const folder = join(path, '..');
  return Object.fromEntries(
    readdirSync(folder)
      .filter((name) => !name.endsWith('-shm'))
      .map((name) => [
        name,
        createHash('sha256')
          .update(readFileSync(join(folder, name)))
          .digest('hex'),
      ]),
  );
}

async function serverFingerprint(url: string, except: string[] = []): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await recordFingerprint(client, except);
  } finally {
    await client.end();
  }
}

const fileFingerprint = async (path: string, except: string[] = []): Promise<string> => {
  const sqlite = new Database(path, { readonly: true });
  try {
    return await recordFingerprint(sqlite, except);
  } finally {
    sqlite.close();
  }
};

const move = (path: string, url: string) => runCli(['server', 'import', '--db', path, '--server', url]);

/** The server's record is empty: no row in any of its tables, the audit trail's included. */
async function emptyRecord(url: string): Promise<Record<string, number>> {
  const rows = await query<{ table_name: string; n: number }>(
    url,
    `select table_name, (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I', table_name), false, true, '')))[1]::text::int as n
       from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  return Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.table_name, r.n]));
}

describe('server import', () => {
  it('moves the whole record exactly: rows, statistics, signed visits and addenda, the audit trail verified and the move audited', async () => {
    const file = await practiceFile();
    const before = folderState(file);
    const { url, appUrl } = await setUpServer();

    const run = await move(file, url);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^Moved .*practice\.db to postgresql:\/\/.*: [\d,]+ rows, the audit trail's [\d,]+ rows with their seals, and the move recorded after them\.\n$/,
    );
    expect(folderState(file)).toEqual(before);

    // Every table exactly, the statistics the server made included; the audit trail apart (it has one row more).
    expect(await serverFingerprint(url, ['audit_log'])).toBe(await fileFingerprint(file, ['audit_log']));
    const sqlite = new Database(file, { readonly: true });
    const fileTrail = sqlite.prepare('select id, hash from audit_log order by id').all() as { id: number; hash: string }[];
    const signedInFile = sqlite.prepare('select count(*) from visits where signed_at is not null').pluck().get() as number;
    sqlite.close();
    const serverTrail = await query<{ id: number; hash: string; action: string; detail: string; actor: string }>(
      url,
      'select id, hash, action, detail, actor from audit_log order by id',
    );
    expect(serverTrail.slice(0, -1).map(({ id, hash }) => ({ id, hash }))).toEqual(fileTrail);
    const moved = serverTrail.at(-1)!;
    expect(moved).toMatchObject({ id: fileTrail.length + 1, action: 'move_in' });
    expect(moved.detail).toContain(`from ${file}: `);
    expect(moved.detail).toContain(`audit_log ${fileTrail.length}`);
    expect(moved.detail).toContain(`the file's audit trail ended at row ${fileTrail.length}, sealed ${fileTrail.at(-1)!.hash}`);
    expect(signedInFile).toBeGreaterThan(1);
    expect(await query(url, 'select count(*)::int as n from visits where signed_at is not null')).toEqual([{ n: signedInFile }]);

    // The services on the server, as a workstation: the chain verifies whole, signed visits stay final, new ids follow the file's.
    const store = await openServerStore(appUrl);
    cleanup(() => store.close());
    const s = parsingServices(createServices(store, { passwordCost: testPasswordCost }));
    expect(await s.audit.verification()).toEqual({ rows: fileTrail.length + 1, problem: null });
    // The interchange export of the server and of the file: the same document.
    const serverExport = await s.interchange.export(testActor);
    const fromFile = openStore(file);
    cleanup(() => fromFile.close());
    expect(serverExport.patients).toHaveLength(27);
    expect(serverExport).toEqual(await createServices(fromFile).interchange.export(testActor));
    const okafor = await s.session.signIn('desktop', parseInput('session.signIn', { username: 'dermatologist-1', password: 'a long passphrase for tests' }));
    const [signedVisit] = await query<{ id: number }>(url, 'select id from visits where signed_at is not null order by id limit 1');
    await expect(s.signing.addAddendum(okafor, { visitId: signedVisit!.id, text: 'Seen again on the server.' })).resolves.toBeTruthy();
    const [{ max }] = (await query<{ max: number }>(url, 'select max(id)::int as max from patients')) as [{ max: number }];
    const patient = await s.patients.create(okafor, { givenName: 'New', familyName: 'Patient', dateOfBirth: '1990-01-01', sex: 'male' });
    expect(patient.id).toBe(max + 1);

    expect((await s.audit.verification()).problem).toBeNull();
  });

  it("reads a file a workstation has open through SQLite's online backup, with the rows its open connection committed", async () => {
    const file = await practiceFile();
    const { url } = await setUpServer();
    // The workstation's app, open on the file: its newest write is in the write-ahead log, not yet in the file.
    const open = openStore(file);
    cleanup(() => open.close());
    const s = parsingServices(createServices(open, { passwordCost: testPasswordCost }));
    await s.patients.create(testActor, { givenName: 'Late', familyName: 'Arrival', dateOfBirth: '2001-02-03', sex: 'female' });
    expect(readdirSync(join(file, '..'))).toEqual(expect.arrayContaining(['practice.db-wal', 'practice.db-shm']));

    // On a terminal, the move shows its progress on standard error.
    const run = await runCli(['server', 'import', '--db', file, '--server', url], { entry: 'terminal' });
    expect(run.stderr).toMatch(/\rMoving the record to the server 100% \((\d+) of \1 rows\)\n$/);
    expect(run.status).toBe(0);
    expect(await query(url, "select count(*)::int as n from patients where family_name = 'Arrival'")).toEqual([{ n: 1 }]);
    expect(await serverFingerprint(url, ['audit_log'])).toBe(await recordFingerprint(sqliteOf(open), ['audit_log']));
  });

  it('is refused into a server whose record is not empty, and nothing is written', async () => {
    const file = await practiceFile();
    const { url } = await setUpServer('--admin', 'ada', '--password-stdin');
    const before = await serverFingerprint(url);
    const run = await move(file, url);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toMatch(/already holds a record \(1 in users, \d+ in audit_log\), and a move needs an empty one: nothing was moved\./);
    expect(await serverFingerprint(url)).toBe(before);
  });

  it('is all or nothing: a row the server refuses part way leaves the server empty', async () => {
    const file = await practiceFile('REFUSED BY THE SERVER');
    const { url } = await setUpServer();
    // A rule only this server has, met by the file's last follow-up, copied after patients, visits and their rows.
    await query(url, "alter table follow_ups add constraint test_refusal check (reason <> 'REFUSED BY THE SERVER')");
    const run = await move(file, url);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toContain("The practice server refused the file's follow_ups rows (");
    expect(run.stderr).toContain('Nothing was moved: the server is as it was.');
    expect(await emptyRecord(url)).toEqual({});
  });

  it("refuses a file whose audit trail does not verify, one that is not Milia Notes', a newer one, and a server not set up", async () => {
    const { url } = await setUpServer();
    const dir = tempDir();

    const missing = await move(join(dir, 'nowhere.db'), url);
    expect(missing).toMatchObject({ status: 2, stdout: '' });
    expect(missing.stderr).toContain('There is no database at');

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some words in a file\n'.repeat(200));
    const notSqlite = await move(text, url);
    expect(notSqlite).toMatchObject({ status: 2, stdout: '' });
    expect(notSqlite.stderr).toContain('is not a Milia Notes database (it is not a SQLite file)');

    const other = join(dir, 'other.db');
    const foreign = new Database(other);
    foreign.exec('create table birds (name text)');
    foreign.close();
    const notOurs = await move(other, url);
    expect(notOurs).toMatchObject({ status: 2, stdout: '' });
    expect(notOurs.stderr).toContain('is not a Milia Notes database (it belongs to another program, or is empty)');

    const newer = await practiceFile();
    const writer = new Database(newer);
    writer.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('next', 9_999_999_999_999);
    writer.close();
    const fromNewer = await move(newer, url);
    expect(fromNewer).toMatchObject({ status: 2, stdout: '' });
    expect(fromNewer.stderr).toContain('was written by a newer version of Milia Notes');

    const tampered = await practiceFile();
    const editor = new Database(tampered);
    editor.exec('drop trigger audit_log_append_only');
    editor.prepare("update audit_log set detail = 'rewritten' where id = 3").run();
    editor.close();
    const broken = await move(tampered, url);
    expect(broken).toMatchObject({ status: 2, stdout: '' });
    expect(broken.stderr).toContain('does not verify: Audit row 3 does not match its seal');

    expect(await emptyRecord(url)).toEqual({});

    const bare = await testDatabase();
    const notSetUp = await move(await practiceFile(), bare);
    expect(notSetUp).toMatchObject({ status: 2, stdout: '' });
    expect(notSetUp.stderr).toContain('is not set up yet. Set it up first, as its owner: npm run cli -- server init --url');
    expect(await query(bare, "select to_regclass('public.patients') as found")).toEqual([{ found: null }]);
  });

  it("refuses the workstations' role, and an unreachable server, saying so in one sentence", async () => {
    const file = await practiceFile();
    const { url, appUrl } = await setUpServer();
    // The server from MILIA_SERVER, as a workstation has it.
    process.env.MILIA_SERVER = appUrl;
    const asWorkstation = await runCli(['server', 'import', '--db', file]).finally(() => delete process.env.MILIA_SERVER);
    expect(asWorkstation).toMatchObject({ status: 2, stdout: '' });
    expect(asWorkstation.stderr).toContain(
      "server import connects as the database's owner (the URL given to server init), not as the workstations' role. Nothing was moved.",
    );
    expect(asWorkstation.stderr).not.toContain(new URL(appUrl).password);
    expect(await emptyRecord(url)).toEqual({});

    const unreachable = await move(file, 'postgresql://postgres:secret@127.0.0.1:1/milia');
    expect(unreachable).toMatchObject({ status: 1, stdout: '' });
    expect(unreachable.stderr).toContain('cannot be reached');
    expect(unreachable.stderr).not.toContain('secret');
  });
});

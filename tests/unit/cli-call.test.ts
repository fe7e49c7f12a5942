/**
 * `call NAME [--input FILE|-]`: any API call from a script, through the invoker every surface
 * uses, as a real process over a real database file. The answer is the envelope on standard
 * output; exit 0 when ok, 2 when refused, 1 for a fault; input that cannot be a call is
 * refused in one line and nothing is done.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { apiNames, maxInputBytes } from '@shared/api';
import { describe, expect, it } from 'vitest';
import { composeApp } from '../../src/main/compose';
import { openStore } from '../../src/main/db/open';
import { cli, runCli } from '../support/cli';
import { testActor, tempDir } from '../support/store';

const stackTrace = /\n\s+at /;

/** A database with one patient, Zoë Nguyễn, made through the API in process. */
async function clinic(): Promise<string> {
  const db = join(tempDir(), 'milia.db');
  const store = openStore(db, { create: true });
  try {
    const created = await composeApp(store, { version: 'test' }).invoke(testActor, 'patients.create', {
      givenName: 'Zoë',
      familyName: 'Nguyễn',
      dateOfBirth: '1987-03-14',
      sex: 'female',
    });
    expect(created.ok).toBe(true);
  } finally {
    store.close();
  }
  return db;
}

function patientCount(db: string): number {
  const sqlite = new Database(db, { readonly: true });
  try {
    return (sqlite.prepare('select count(*) as n from patients').get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

/** The run's envelope, checked to be all that standard output holds, as indented JSON. */
function envelopeOf(run: { stdout: string }): unknown {
  const envelope: unknown = JSON.parse(run.stdout);
  expect(run.stdout).toBe(`${JSON.stringify(envelope, null, 2)}\n`);
  return envelope;
}

describe('call', () => {
  it('prints the envelope of a call whose input comes on standard input, from a file, or is left out', async () => {
    const db = await clinic();
    const user = join(tempDir(), 'user.json');
    writeFileSync(user, JSON.stringify({ username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', password: 'correct horse battery staple' }));

    const [search, saved, status] = await Promise.all([
      runCli(['call', 'patients.search', '--input', '-', '--db', db], { input: '{"query":"zoe"}' }),
      cli('call', 'users.create', '--input', user, '--db', db),
      cli('call', 'app.status', '--db', db),
    ]);
    expect(search.stderr).toBe('');
    expect(search.status).toBe(0);
    expect(envelopeOf(search)).toEqual({ ok: true, value: [expect.objectContaining({ givenName: 'Zoë', familyName: 'Nguyễn', mrn: 'MN-000001' })] });
    expect(saved.status).toBe(0);
    expect(envelopeOf(saved)).toEqual({ ok: true, value: expect.objectContaining({ name: 'Dr Ada Okafor', role: 'dermatologist' }) });
    expect(saved.stdout).not.toContain('correct horse');
    // The acting user is the operating-system account, with full rights.
    expect(status.status).toBe(0);
    expect(envelopeOf(status)).toMatchObject({
      ok: true,
      value: { empty: false, actor: { userId: null, role: null, username: userInfo().username, surface: 'cli' } },
    });

    // The save went to the file: a later process sees it.
    const listed = await cli('call', 'clinicians.list', '--db', db);
    expect(envelopeOf(listed)).toEqual({ ok: true, value: [expect.objectContaining({ name: 'Dr Ada Okafor' })] });
  });

  it('exits 2 for a refusal and 1 for a fault, the envelope on standard output either way', async () => {
    const db = await clinic();
    const [invalid, missing, forbidden] = await Promise.all([
      runCli(['call', 'patients.create', '--input', '-', '--db', db], { input: '{"givenName":"Ana"}' }),
      runCli(['call', 'patients.get', '--input', '-', '--db', db], { input: '{"id":999}' }),
      // Showing a PDF needs a window to show it in.
      runCli(['call', 'handouts.show', '--input', '-', '--db', db], { input: '{"ids":[1]}' }),
    ]);
    expect(invalid.status).toBe(2);
    expect(envelopeOf(invalid)).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: expect.arrayContaining([{ path: 'familyName', message: expect.any(String) }]) },
    });
    expect(missing.status).toBe(2);
    expect(envelopeOf(missing)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(forbidden.status).toBe(2);
    expect(envelopeOf(forbidden)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    for (const run of [invalid, missing, forbidden]) expect(run.stderr).toBe('');
    expect(patientCount(db)).toBe(1);

    // A fault inside the call (here a trigger the app knows nothing of) is not a refusal.
    const sqlite = new Database(db);
    sqlite.exec("create trigger no_clinicians before insert on clinicians begin select raise(abort, 'made to fail by the test'); end");
    sqlite.close();
    const nurse = '{"username":"lindqvist","name":"Nurse Per Lindqvist","role":"nurse","password":"fern leaves unfolding"}';
    const fault = await runCli(['call', 'users.create', '--input', '-', '--db', db], { input: nurse });
    expect(fault.status).toBe(1);
    expect(envelopeOf(fault)).toEqual({ ok: false, error: { kind: 'internal', message: expect.stringMatching(/^Something went wrong/) } });
    expect(fault.stderr).toBe('');

    // A database that cannot even be opened (another program holds its write lock past the
    // busy timeout) means no call was made: one line on standard error, as for any command.
    const holder = new Database(db);
    holder.exec('begin immediate');
    try {
      const busy = await runCli(['call', 'users.create', '--input', '-', '--db', db], { input: nurse });
      expect(busy).toMatchObject({ status: 1, stdout: '', stderr: 'The database is busy with another task. Try again in a moment.\n' });
    } finally {
      holder.exec('rollback');
      holder.close();
    }
  });

  it('refuses in one line, exit 2, input that is no call: not JSON, not UTF-8, too large, or not there', async () => {
    const db = await clinic();
    const broken = join(tempDir(), 'broken.json');
    writeFileSync(broken, '{\n  "givenName": "Ana",\n  "familyName": "Silva",}\n');
    const nowhere = join(tempDir(), 'nowhere.json');
    const create = (input: string | Buffer) => runCli(['call', 'patients.create', '--input', '-', '--db', db], { input });

    const runs = await Promise.all([
      create('{\n  "givenName": \u0007\n}'),
      cli('call', 'patients.create', '--input', broken, '--db', db),
      create(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
      // Valid JSON, but a byte more than any call takes.
      create(`{"givenName":"${'x'.repeat(maxInputBytes)}"}`),
      cli('call', 'patients.create', '--input', nowhere, '--db', db),
    ]);
    expect(runs.map((r) => r.stderr)).toEqual([
      "The input on standard input is not valid JSON at line 2, column 16: a value was expected: text in double quotes, a number, true, false, null, { or [, found '\\u0007'. Fix the JSON and call again; nothing was done.\n",
      `${broken} is not valid JSON at line 3, column 25: a field name in double quotes was expected, found '}'. Fix the JSON and call again; nothing was done.\n`,
      'The input on standard input is not UTF-8 text: byte 2 (line 1) is not UTF-8 (it may be Latin-1 or Windows-1252). Save it as UTF-8 and call again; nothing was done.\n',
      'The input on standard input is larger than 1 MiB, more than any call takes, so it was not read to the end. Check that it is the input you meant, or give the input the call takes.\n',
      `There is no file at ${nowhere}. Check the path given to --input.\n`,
    ]);
    for (const run of runs) {
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd()).not.toMatch(/\p{Cc}/u);
      expect(run.stderr).not.toMatch(stackTrace);
    }
    expect(patientCount(db)).toBe(1);
  });

  it('lists every API call in its help, and refuses an unknown one in one line naming that help', async () => {
    const db = await clinic();
    const [help, unknown, escaped] = await Promise.all([
      cli('call', '--help'),
      cli('call', 'patients.nope', '--db', db),
      cli('call', 'patients\u001b[2Jsearch', '--db', db),
    ]);
    expect(help.status).toBe(0);
    const listed = help.stdout.split('\n').filter((line) => /^ {2}\S+$/.test(line));
    expect(listed).toEqual(apiNames.map((name) => `  ${name}`));
    expect(unknown).toEqual({
      status: 2,
      stdout: '',
      stderr: 'There is no API call "patients.nope". See every call\'s name with: npm run cli -- call --help\n',
    });
    expect(escaped).toEqual({
      status: 2,
      stdout: '',
      stderr: 'There is no API call "patients\\u001b[2Jsearch". See every call\'s name with: npm run cli -- call --help\n',
    });
  });
});

/**
 * Text fields hold text at the command line and in import as through the invoker: `call` and
 * `import` work on a SQLite file (`--db FILE`), so these stay on that file. text-fields.test.ts
 * runs the rule and the invoker on both engines.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { composeApp } from '../../src/main/compose';
import { openStore } from '../../src/main/db/open';
import { cli, runCli } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { testActor, tempDir } from '../support/store';

const patient = { familyName: 'Smith', dateOfBirth: '1990-10-01', sex: 'female' } as const;
const refusal = (field: string, what: string, found: string, retype = 'the name') => `${field}: must not contain ${what} (found ${found}); retype ${retype}`;
const controls = 'control characters or text-direction marks';

/** A database file with one patient, made in process, for the command line to work on. */
async function clinicFile(): Promise<string> {
  const db = join(tempDir(), 'milia.db');
  const store = openStore(db, { create: true });
  try {
    expect((await composeApp(store, { version: 'test' }).invoke(testActor, 'patients.create', { ...patient, givenName: 'Anna' })).ok).toBe(true);
  } finally {
    store.close();
  }
  return db;
}

const fileHash = (db: string): string => {
  const sqlite = new Database(db, { readonly: true });
  try {
    return contentHash(sqlite);
  } finally {
    sqlite.close();
  }
};

describe('the same rule at the command line and in import', () => {
  it('call patients.create with a right-to-left override in the name exits 2 with the sentence, and the file keeps its rows', async () => {
    const db = await clinicFile();
    const before = fileHash(db);
    const run = await runCli(['call', 'patients.create', '--input', '-', '--db', db], {
      input: JSON.stringify({ ...patient, givenName: 'Anna Smith\u202e10-01-0991' }),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        message: `Check the patient: ${refusal('givenName', controls, 'U+202E at character 11')}.`,
        issues: [{ path: 'givenName', message: refusal('givenName', controls, 'U+202E at character 11').slice('givenName: '.length) }],
      },
    });
    expect(run.stdout).not.toContain('\u202e');
    expect(fileHash(db)).toBe(before);
  });

  it('import of a file whose names hold control characters is refused whole, naming each, and writes nothing', async () => {
    const db = await clinicFile();
    const before = fileHash(db);
    const file = join(tempDir(), 'hostile.json');
    const person = (mrn: string, givenName: string) => ({ mrn, givenName, familyName: 'Smith', dateOfBirth: '1990-10-01', sex: 'female' });
    writeFileSync(
      file,
      JSON.stringify({
        format: 'milia-notes/3',
        clinicians: [{ key: 'lee', name: 'Dr\tLee', role: 'dermatologist' }],
        patients: [person('A-1', 'Good Name'), person('A-2', 'Anna\u202e'), person('A-3', '\u001b[2JImported 1 patient. OK')],
      }),
    );
    const run = await cli('import', file, '--db', db);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: [
        'The import file has 3 faults, so nothing was imported. Correct the file and import it again.',
        refusal('clinicians[0].name', controls, 'U+0009 at character 3'),
        refusal('patients[1].givenName', controls, 'U+202E at character 5'),
        refusal('patients[2].givenName', controls, 'U+001B at character 1'),
        '',
      ].join('\n'),
    });
    expect(fileHash(db)).toBe(before);
  });
});

/**
 * Patients, clinicians and users on the practice server against the SQLite record: the same
 * repository calls on both engines, in the same units of work, give the same rows in the same
 * order with the same types. Times the engines stamp themselves are compared by shape only.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { foldWords } from '@shared/text';
import { openStore } from '../../src/main/db/open';
import type { NewPatient, PatientQuery, Store } from '../../src/main/db/records/contract';
import { openServerDatabase } from '../../src/main/db/pg/migrate';
import * as pgSchema from '../../src/main/db/pg/schema';
import { openServerStore } from '../../src/main/db/records/pg';
import { patientRepository } from '../../src/main/db/records/pg/patients';
import { userRepository } from '../../src/main/db/records/pg/users';
import { numbered } from '../support/engine';
import { admin, testDatabase, testServerUrl } from '../support/pgDatabase';
import { withDatabase } from '../support/pgTemplate';

const closes: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closes.length) await closes.pop()!();
});

/** A record, and raw SQL (`?` parameters) for what these repositories do not write: visits, treatments, addenda. */
interface Engine {
  store: Store;
  run(text: string, ...values: unknown[]): Promise<void>;
}

function sqliteEngine(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'milia-test-'));
  const store = openStore(join(dir, 'milia.db'), { create: true });
  closes.push(async () => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    store,
    run: async (text, ...values) => {
      store.sqlite.prepare(text).run(...values);
    },
  };
}

/**
 * The server's record in a database whose collation is linguistic (ICU, en-US), as a practice
 * server's usually is, rather than the test cluster's C: an order that leans on the database's
 * collation instead of naming "C" shows here.
 */
async function serverEngine(): Promise<Engine> {
  const name = `t_icu_${randomBytes(6).toString('hex')}`;
  await admin(`create database "${name}" template template0 locale_provider icu icu_locale 'en-US'`);
  closes.push(() => admin(`drop database if exists "${name}" with (force)`));
  const store = await openServerStore(withDatabase(testServerUrl(), name));
  closes.push(async () => {
    store.close();
    await (store.pool.ending || store.pool.end());
  });
  return {
    store,
    run: async (text, ...values) => {
      await store.pool.query(numbered(text), values);
    },
  };
}

const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The times each engine stamped (creation, update, archiving) as their shape: they differ by the milliseconds between the runs. */
function stamped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stamped);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (k !== 'createdAt' && k !== 'updatedAt' && !(k === 'archivedAt' && v !== null)) return [k, stamped(v)];
      expect(v, k).toMatch(iso);
      return [k, 'ISO time'];
    }),
  );
}

const query = (text: string, more: Partial<PatientQuery> = {}): PatientQuery => ({
  words: foldWords(text),
  dateOfBirth: null,
  mrnPrefix: null,
  mrnNumber: null,
  includeArchived: false,
  limit: 25,
  ...more,
});

const person = (mrn: string, givenName: string, familyName: string, more: Partial<NewPatient> = {}): NewPatient => ({
  mrn,
  givenName,
  familyName,
  dateOfBirth: '1980-01-01',
  sex: 'female',
  fitzpatrick: null,
  phone: null,
  email: null,
  ...more,
});

/** The calls, in order, and what each gave. */
type Results = Array<[string, unknown]>;

async function patientCalls({ store }: Engine): Promise<Results> {
  const out: Results = [];
  const seen = (name: string, value: unknown) => out.push([name, value]);
  const { records } = store;
  seen('any, empty', await records.read((tx) => tx.patients.any()));
  seen('highest, empty', await records.read((tx) => tx.patients.highestMrnNumber('MN-')));
  const ids = await records.write(async (tx) => {
    const made: number[] = [];
    for (const p of [
      person('MN-000001', 'Zoë', 'Lü', { fitzpatrick: 3, phone: '+44 20 7946 0000', email: 'zoe@example.org' }),
      person('mn-000002', 'Zoe', 'LU', { sex: 'male', dateOfBirth: '1990-02-02' }),
      person('MN-000010', 'Ánna', 'de la Cruz'),
      person('EXT-7', 'Øde', "O'Brien"),
      person('MN-12a', 'Anne-Marie', 'Ng'),
      person('MN-x', 'Ébé', 'Nguyễn'),
      person('Ép-3', '山田', '𠀋'),
      person('MN-', 'Ma', 'Martín'),
      person('MN--5', 'martina', 'van Dyke'),
      person('MN-1.9', 'Li', 'Lindqvist'),
      person('MN-1e5', 'LI', 'Lin'),
      person('BIG-99999999999999999999', 'Ｌi', 'Zoe'),
      person('MNX42', 'Ode', 'le Roux'),
    ])
      made.push(await tx.patients.insert(p));
    return made;
  });
  seen('ids', ids);
  await records.write(async (tx) => {
    // A renamed patient is found by the new name only: search_name follows every update.
    await tx.patients.update(ids[1]!, person('MN-000002', 'Chloé', 'Martin', { sex: 'male', dateOfBirth: '1990-02-02', fitzpatrick: 6 }));
    await tx.patients.setArchived(ids[2]!, true);
    await tx.patients.setArchived(ids[3]!, true);
    await tx.patients.setArchived(ids[3]!, false);
  });
  await records.read(async (tx) => {
    seen('get', await tx.patients.get(ids[0]!));
    seen('get renamed', await tx.patients.get(ids[1]!));
    seen('get archived', await tx.patients.get(ids[2]!));
    seen('get missing', await tx.patients.get(9999));
    for (const mrn of ['mn-000001', 'MN-000002', 'Mn-00001', 'ÉP-3', 'Ép-3', 'ép-3', 'ext-7', 'MN-%']) seen(`idOfMrn ${mrn}`, await tx.patients.idOfMrn(mrn));
    for (const prefix of ['MN-', 'mn-', 'EXT-', 'ext-', 'Ép-', 'ÉP-', 'BIG-', 'NONE-', 'M_-', 'MN', '%', ''])
      seen(`highestMrnNumber ${prefix}`, await tx.patients.highestMrnNumber(prefix));
    seen('any', await tx.patients.any());
    seen('all', await tx.patients.all());
    for (const [text, more] of [
      ['zoe', {}],
      ['lu zoe', {}],
      ['chloe', {}],
      ['martin', {}],
      ['anna', {}],
      ['anna', { includeArchived: true }],
      ['li', {}],
      ['ode', {}],
      ['', { dateOfBirth: '1980-01-01' }],
      ['ma', { dateOfBirth: '1980-01-01' }],
      ['mn-0', { mrnPrefix: 'mn-0', includeArchived: true }],
      ['1', { mrnNumber: '1' }],
      ['zoe', { limit: 1 }],
    ] as const)
      seen(`search ${text} ${JSON.stringify(more)}`, await tx.patients.search(query(text, more)));
  });
  return out;
}

async function clinicianCalls({ store }: Engine): Promise<Results> {
  const out: Results = [];
  const seen = (name: string, value: unknown) => out.push([name, value]);
  const { records } = store;
  const ids = await records.write(async (tx) => {
    const made: number[] = [];
    for (const [key, name, role, active] of [
      ['derm-b', 'Dr B', 'dermatologist', true],
      ['derm-a', 'Dr A', 'dermatologist', true],
      ['Nurse', 'Dr A', 'nurse', true],
      ['away', 'Aaron', 'dermatologist', false],
      ['lower', 'dr a', 'nurse', true],
      ['accent', 'Émile', 'dermatologist', true],
      ['Zed', 'Dr A', 'dermatologist', false],
    ] as const)
      made.push(await tx.clinicians.insert({ key, name, role, active }));
    return made;
  });
  seen('ids', ids);
  await records.write((tx) => tx.clinicians.update(ids[0]!, { name: 'Dr Bee', role: 'nurse', active: false }));
  await records.read(async (tx) => {
    seen('list', await tx.clinicians.list());
    seen('byKey', await tx.clinicians.byKey());
    seen('get', await tx.clinicians.get(ids[0]!));
    seen('get missing', await tx.clinicians.get(9999));
    // In no set order: compared by id.
    seen(
      'named',
      (await tx.clinicians.named([ids[3]!, 9999, ids[0]!])).sort((a, b) => a.id - b.id),
    );
    seen('named none', await tx.clinicians.named([9999]));
    for (const key of ['derm-a', 'DERM-A', 'Nurse', 'nurse', 'missing']) seen(`idOfKey ${key}`, await tx.clinicians.idOfKey(key));
    seen('exists', await tx.clinicians.exists(ids[3]!));
    seen('exists missing', await tx.clinicians.exists(9999));
  });
  return out;
}

const future = '2999-01-01T00:00:00.000Z';
const past = '2000-01-01T00:00:00.000Z';

async function userCalls({ store, run }: Engine): Promise<Results> {
  const out: Results = [];
  const seen = (name: string, value: unknown) => out.push([name, value]);
  const { records } = store;
  const reads = () =>
    records.read(async (tx) => ({
      list: await tx.users.list(),
      activeAdmins: await tx.users.activeAdmins(),
      anyoneCanSignIn: await tx.users.anyoneCanSignIn(),
    }));
  seen('empty', await reads());
  const ids = await records.write(async (tx) => {
    const profile = (key: string, name: string, role: 'dermatologist' | 'nurse', title = '') =>
      tx.users.insertProfile(key, { name, role, active: true, title, registrationNumber: title ? 'GMC 1234567' : '' });
    const alice = await profile('alice', 'Alice Ames', 'dermatologist', 'Dr');
    const erin = await profile('erin', 'Erin Eze', 'nurse');
    const dave = await profile('dave', 'Dave Doe', 'dermatologist');
    return {
      alice: await tx.users.insert({ username: 'Alice', name: 'Alice Ames', role: 'dermatologist', active: true, clinicianId: alice, passwordHash: 'hash-a' }),
      bob: await tx.users.insert({ username: 'bob', name: 'Bob Bell', role: 'manager', active: true, clinicianId: null, passwordHash: null }),
      carol: await tx.users.insert({ username: 'carol', name: 'Carol Cole', role: 'admin', active: false, clinicianId: null, passwordHash: 'hash-c' }),
      dave: await tx.users.insert({ username: 'Dave', name: 'Dave Doe', role: 'dermatologist', active: true, clinicianId: dave, passwordHash: null }),
      erin: await tx.users.insert({ username: 'erin', name: 'Erin Eze', role: 'nurse', active: true, clinicianId: erin, passwordHash: null }),
      zed: await tx.users.insert({ username: 'Zed', name: 'Zed Zo', role: 'admin', active: true, clinicianId: null, passwordHash: null }),
      // After every ASCII name by its bytes, as SQLite orders it; between D and E by a linguistic collation.
      emile: await tx.users.insert({ username: 'Émile', name: 'Émile Roux', role: 'nurse', active: true, clinicianId: null, passwordHash: null }),
      profiles: { alice, erin, dave },
    };
  });
  seen('ids', ids);
  seen('inserted', await reads());
  await records.write(async (tx) => {
    await tx.users.update(ids.bob, { name: 'Robert Bell', role: 'admin', active: true, clinicianId: null });
    await tx.users.setPassword(ids.zed, 'hash-z');
    await tx.users.setSignInFailures(ids.alice, 5, future);
    await tx.users.setSignInFailures(ids.erin, 2, past);
    await tx.users.setSignInFailures(ids.zed, 3, future);
    await tx.users.updateProfile(ids.profiles.dave, { name: 'David Doe', role: 'nurse', active: false, title: 'Mr', registrationNumber: 'NMC 1' });
  });
  // What counts as documenting: Alice's profile names a visit, Erin's performs its treatment, Bob
  // signed a visit and Carol wrote its addendum; Dave's profile and Zed did nothing.
  const patient = await records.write((tx) => tx.patients.insert(person('MN-000001', 'Pat', 'Ient')));
  await run(
    "insert into visits (key, patient_id, date, clinician_id, created_by, updated_by) values ('v-1', ?, '2026-01-05', ?, 'test', 'test')",
    patient,
    ids.profiles.alice,
  );
  await run(
    "insert into treatments (visit_id, position, kind, site, lesions_treated, performed_by) values ((select id from visits where key = 'v-1'), 0, 'extraction', 'forehead', 2, ?)",
    ids.profiles.erin,
  );
  await run(
    "insert into visits (key, patient_id, date, clinician_id, created_by, updated_by, signed_at, signature_kind, signed_by, signed_by_user) values ('v-2', ?, '2026-01-06', ?, 'test', 'test', '2026-01-06T10:00:00.000Z', 'signed', 'Bob', ?)",
    patient,
    ids.profiles.alice,
    ids.bob,
  );
  await run(
    "insert into addenda (visit_id, text, author_name, author_user, signed_at) values ((select id from visits where key = 'v-2'), 'later', 'Carol', ?, '2026-01-07T10:00:00.000Z')",
    ids.carol,
  );
  seen('after', await reads());
  await records.read(async (tx) => {
    for (const [name, id] of Object.entries(ids))
      if (typeof id === 'number') {
        seen(`get ${name}`, await tx.users.get(id));
        seen(`identity ${name}`, await tx.users.identity(id));
        seen(`credentialsOf ${name}`, await tx.users.credentialsOf(id));
      }
    seen('get missing', await tx.users.get(9999));
    seen('identity missing', await tx.users.identity(9999));
    seen('credentialsOf missing', await tx.users.credentialsOf(9999));
    for (const username of ['alice', 'ALICE', 'Bob', 'dave', 'nobody', 'ｂob', 'émile', 'Émile'])
      seen(`credentials ${username}`, await tx.users.credentials(username));
  });
  await records.write((tx) => tx.users.setPassword(ids.alice, 'hash-a2'));
  seen('password reset clears the lock', await records.read((tx) => tx.users.credentialsOf(ids.alice)));
  return out;
}

/** What SQLite itself gives where its casts, LIKE, collation and three-valued logic decide: both engines agreeing on a wrong answer would pass the comparison. */
const known: Record<string, (results: Map<string, unknown>) => void> = {
  patients(results) {
    // The text after the prefix cast as SQLite casts it: 'MN-000010' 10, 'MN-12a' 12, 'MN-1e5' 1, 'MN-x' 0, 'MN--5' -5; any case of the prefix.
    expect(results.get('highestMrnNumber MN-')).toBe(12);
    expect(results.get('highestMrnNumber mn-')).toBe(12);
    // A number past 64 bits is held at the greatest int64, which a JavaScript number reads as 2^63.
    expect(results.get('highestMrnNumber BIG-')).toBe(2 ** 63);
    expect(results.get('highestMrnNumber NONE-')).toBe(0);
    expect(results.get('idOfMrn mn-000001')).toBe(1);
    expect(results.get('idOfMrn ép-3')).toBeUndefined();
    expect(results.get('search chloe {}')).toHaveLength(1);
    expect(results.get('search lu zoe {}')).toHaveLength(1);
  },
  clinicians(results) {
    // Active first, then names by their bytes ('D' < 'd' < 'É'), equal names by id.
    const list = results.get('list') as Array<{ id: number }>;
    expect(list.map((c) => c.id)).toEqual([2, 3, 5, 6, 4, 7, 1]);
    // Those named that exist, the inactive one too; none for an unknown id.
    expect(results.get('named')).toEqual([
      { id: 1, key: 'derm-b', name: 'Dr Bee', role: 'nurse', active: false },
      { id: 4, key: 'away', name: 'Aaron', role: 'dermatologist', active: false },
    ]);
    expect(results.get('named none')).toEqual([]);
  },
  users(results) {
    const after = results.get('after') as { list: Array<{ username: string; lockedUntil: string | null; hasDocumented: boolean }>; activeAdmins: number };
    expect(after.list.map((u) => [u.username, u.lockedUntil, u.hasDocumented])).toEqual([
      ['Alice', future, true],
      ['bob', null, true],
      ['carol', null, true],
      ['Dave', null, false],
      ['erin', null, true],
      ['Zed', future, false],
      ['Émile', null, false],
    ]);
    expect(after.activeAdmins).toBe(2);
  },
};

describe('patients, clinicians and users on the practice server', () => {
  for (const [name, calls] of [
    ['patients', patientCalls],
    ['clinicians', clinicianCalls],
    ['users', userCalls],
  ] as const)
    it(`gives what the SQLite record gives for the same calls on ${name}`, async () => {
      const expected = await calls(sqliteEngine());
      known[name]!(new Map(expected));
      const actual = await calls(await serverEngine());
      expect(actual.map(([call]) => call)).toEqual(expected.map(([call]) => call));
      for (const [i, [call, value]] of expected.entries()) expect(stamped(actual[i]![1]), call).toStrictEqual(stamped(value));
    });
});

describe("patients and users on the practice server, at a practice's size", () => {
  it('finds an MRN, the highest number of a few MRNs and a username through their indexes, not by reading the table', async () => {
    const { pool } = await openServerDatabase(await testDatabase());
    closes.push(() => pool.end());
    await pool.query(
      `insert into patients (mrn, given_name, family_name, search_name, date_of_birth, sex)
       select 'MN-' || lpad(n::text, 6, '0'), 'Given', 'Family', 'given family', '1980-01-01', 'unknown' from generate_series(1, 3000) n
       union all select 'EXT-' || n, 'Given', 'Family', 'given family', '1980-01-01', 'unknown' from generate_series(1, 20) n`,
    );
    await pool.query(`insert into users (username, name, role) select 'user' || n, 'User', 'nurse' from generate_series(1, 3000) n`);
    await pool.query('analyze');
    const statements: Array<{ text: string; params: unknown[] }> = [];
    const logged = drizzle(pool, { schema: pgSchema, logger: { logQuery: (text, params) => statements.push({ text, params }) } });
    const patientsOf = patientRepository(logged);
    const usersOf = userRepository(logged);
    const calls: Array<[string, () => Promise<unknown>, unknown]> = [
      ['idOfMrn', () => patientsOf.idOfMrn('mn-001234'), 1234],
      ['highestMrnNumber', () => patientsOf.highestMrnNumber('ext-'), 20],
      ['credentials', () => usersOf.credentials('USER77'), expect.objectContaining({ username: 'user77' })],
    ];
    for (const [call, run, expected] of calls) {
      statements.length = 0;
      expect(await run(), call).toEqual(expected);
      for (const { text, params } of statements) {
        const plan = (await pool.query<{ 'QUERY PLAN': string }>(`explain ${text}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan, `${call}\n${text}`).not.toMatch(/Seq Scan/);
      }
    }
  });
});

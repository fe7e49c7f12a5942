/**
 * Patient search on the practice server against the SQLite record on the same patients: the
 * same patients in the same order for every shape of query, and indexes read, not the table.
 */
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import fc from 'fast-check';
import type { Pool } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { foldWords } from '@shared/text';
import { openServerDatabase } from '../../src/main/db/pg/migrate';
import * as pgSchema from '../../src/main/db/pg/schema';
import type { PatientQuery } from '../../src/main/db/records/contract';
import { searchPatients, type ServerDb } from '../../src/main/db/records/pg/patientSearch';
import * as sqliteSchema from '../../src/main/db/schema';
import { testDatabase } from '../support/pgDatabase';
import { assertProperty } from '../support/property';
import { testActor as actor, testServices } from '../support/store';

const pools: Pool[] = [];
afterEach(async () => {
  while (pools.length) await pools.pop()!.end();
});

/** A migrated database of its own on the test server. */
async function server(): Promise<{ pool: Pool; db: ServerDb }> {
  const opened = await openServerDatabase(await testDatabase());
  pools.push(opened.pool);
  return opened;
}

/** The query the patient service reads from the box (services/patients.ts), the date of birth given apart. */
function boxQuery(text: string, dateOfBirth: string | null, includeArchived: boolean, limit: number): PatientQuery {
  const raw = text.split(/\s+/).filter(Boolean);
  const alone = raw.length === 1 && dateOfBirth === null ? raw[0]! : null;
  return {
    words: foldWords(text),
    dateOfBirth,
    mrnPrefix: alone !== null && /\d/.test(alone) ? alone : null,
    mrnNumber: alone !== null && /^\d*[1-9]\d*$/.test(alone) ? alone.replace(/^0+/, '') : null,
    includeArchived,
    limit,
  };
}

// Names whose folded words start one another, differ only in case or accents, repeat, hold
// punctuation, start in lower case (de, van: byte order is not nocase order), or lie beyond
// U+FFFF, so that matching, ranking and ties are all exercised.
const pieces = [
  'Li',
  'LI',
  'Lin',
  'Lindqvist',
  'Lü',
  'Zoë',
  'Zoe',
  'Nguyễn',
  'Ng',
  'Ann',
  'Ánna',
  'Anne-Marie',
  'Øde',
  'Ode',
  "O'Brien",
  '山田',
  '𠀋',
  'Ｌi',
  'Ma',
  'Martín',
  'martina',
  'Ébé',
  'de',
  'van',
  'le',
];
const name = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 3 }).map((p) => p.join(' '));
const births = ['1980-01-01', '1990-02-02', '2001-03-03'];
// MRN prefixes in both cases, one non-ASCII (nocase folds ASCII only), numbers sharing digits.
const mrn = fc
  .tuple(fc.constantFrom('MN-', 'mn-', 'EXT-', 'Zz.', 'Ép_', 'AB-'), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 6 }), fc.nat(5))
  .map(([prefix, n, pad, letter]) => `${prefix}${String(n).padStart(pad, '0')}${letter === 0 ? 'X' : ''}`);
const patient = fc.record({ given: name, family: name, born: fc.constantFrom(...births), archived: fc.boolean(), mrn });
const patientsArb = fc.uniqueArray(patient, { minLength: 1, maxLength: 30, selector: (p) => p.mrn.toLowerCase() });

/** A query drawn from the practice: what is typed is read from its patients by `pick`, `cut` and `other`. */
const recipe = fc.record({
  kind: fc.constantFrom('prefixes', 'words', 'reversed', 'mrn', 'number', 'born', 'bornNamed'),
  pick: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  cut: fc.nat(),
  includeArchived: fc.boolean(),
  limit: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(25)),
});
type Recipe = typeof recipe extends fc.Arbitrary<infer R> ? R : never;
type Person = typeof patient extends fc.Arbitrary<infer P> ? P : never;

function typed(r: Recipe, people: readonly Person[]): PatientQuery {
  const person = (i: number) => people[i % people.length]!;
  const wordsOf = (p: Person) => foldWords(`${p.given} ${p.family}`);
  const word = (i: number) => {
    const words = wordsOf(person(i));
    return words[(i >> 3) % words.length]!;
  };
  const prefix = (w: string) => [...w].slice(0, 1 + (r.cut % [...w].length)).join('');
  const q = (text: string, dob: string | null = null) => boxQuery(text, dob, r.includeArchived, r.limit);
  const first = person(r.pick[0]!);
  switch (r.kind) {
    case 'prefixes':
      return q(r.pick.map((i) => prefix(word(i))).join(' '));
    case 'words':
      return q(r.pick.map(word).join(' '));
    case 'reversed':
      return q(wordsOf(first).reverse().slice(0, 2).map(prefix).join(' '));
    case 'mrn': {
      const typedMrn = prefix(first.mrn);
      return q(r.cut % 2 === 0 ? typedMrn : typedMrn.toLowerCase());
    }
    case 'number': {
      const digits = /\d*$/.exec(first.mrn.replace(/X$/, ''))![0];
      const number = digits.replace(/^0+/, '');
      // The start of an MRN's number, typed with its leading zeros or without.
      return q(number === '' ? '7' : `${r.pick.length > 1 ? digits.slice(0, digits.length - number.length) : ''}${prefix(number)}`);
    }
    case 'born':
      return q('', births[r.cut % births.length]!);
    case 'bornNamed':
      return q(prefix(word(r.pick[0]!)), r.cut % 2 === 0 ? first.born : births[r.cut % births.length]!);
  }
}

describe('patient search on the practice server', () => {
  it('gives what the SQLite record gives, in the same order, on random practices and queries', async () => {
    const { pool, db } = await server();
    await assertProperty(
      fc.asyncProperty(patientsArb, fc.array(recipe, { minLength: 4, maxLength: 12 }), async (people, recipes) => {
        const s = testServices();
        for (const p of people) {
          const { id } = await s.patients.create(actor, { mrn: p.mrn, givenName: p.given, familyName: p.family, dateOfBirth: p.born, sex: 'unknown' });
          if (p.archived) await s.patients.archive(actor, { id, archived: true });
        }
        // The rows as the SQLite record wrote them (search_name folded by it), ids kept.
        const rows = drizzleSqlite(s.store.sqlite, { schema: sqliteSchema }).select().from(sqliteSchema.patients).all();
        await pool.query('truncate patients restart identity cascade');
        await db.insert(pgSchema.patients).values(rows);
        await pool.query("select setval(pg_get_serial_sequence('patients', 'id'), (select max(id) from patients))");
        for (const r of recipes) {
          const q = typed(r, people);
          const expected = await s.store.records.read((tx) => tx.patients.search(q));
          expect(await searchPatients(db, q), JSON.stringify(q)).toEqual(expected);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('reads indexes, not the patients table, for words, an MRN, its number and a date of birth among a few thousand patients', async () => {
    const { pool, db } = await server();
    const syllables = ['ka', 'lo', 'mi', 'nu', 'ra', 'se', 'ti', 'vo', 'ze', 'du', 'fe', 'go'];
    // A fixed spread of names: three syllables each, so that a word's start names few patients.
    const word = (n: number) => syllables[n % 12]! + syllables[Math.floor(n / 12) % 12]! + syllables[Math.floor(n / 144) % 12]!;
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const givenName = word(i * 7 + 3);
      const familyName = word(i * 13 + 5);
      return {
        mrn: `MN-${String(i + 1).padStart(6, '0')}`,
        givenName,
        familyName,
        searchName: `${givenName} ${familyName}`,
        dateOfBirth: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
        sex: 'unknown' as const,
        archivedAt: i % 10 === 0 ? '2026-01-01T00:00:00.000Z' : null,
      };
    });
    for (let i = 0; i < rows.length; i += 1000) await db.insert(pgSchema.patients).values(rows.slice(i, i + 1000));
    await pool.query('analyze patients');
    const statements: { text: string; params: unknown[] }[] = [];
    const logged = drizzlePg(pool, { schema: pgSchema, logger: { logQuery: (text, params) => statements.push({ text, params }) } });
    const queries = [
      boxQuery(rows[1234]!.familyName.slice(0, 4), null, false, 25),
      boxQuery(`${rows[77]!.familyName} ${rows[77]!.givenName.slice(0, 3)}`, null, true, 25),
      boxQuery('MN-0012', null, false, 25),
      boxQuery('123', null, false, 25),
      boxQuery('', rows[5]!.dateOfBirth, false, 25),
      boxQuery(rows[5]!.givenName.slice(0, 2), rows[5]!.dateOfBirth, false, 25),
    ];
    // The statements are prepared on each connection, so the server may plan them once for any
    // values (a generic plan): that plan too must read the indexes.
    const generic = await pool.connect();
    await generic.query('set plan_cache_mode = force_generic_plan');
    const literal = (value: unknown) => (typeof value === 'number' ? String(value) : generic.escapeLiteral(String(value)));
    try {
      for (const q of queries) {
        statements.length = 0;
        expect((await searchPatients(logged, q)).length, JSON.stringify(q)).toBeGreaterThan(0);
        for (const [n, { text, params }] of statements.entries()) {
          const custom = (await pool.query<{ 'QUERY PLAN': string }>(`explain ${text}`, params)).rows;
          await generic.query(`prepare p${n} as ${text}`);
          const planned = (await generic.query<{ 'QUERY PLAN': string }>(`explain execute p${n}(${params.map(literal).join(', ')})`)).rows;
          await generic.query(`deallocate p${n}`);
          for (const rows of [custom, planned]) {
            const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
            expect(plan, `${JSON.stringify(q)}\n${text}`).not.toMatch(/Seq Scan/);
            expect(plan).toMatch(/Index/);
          }
        }
      }
    } finally {
      generic.release();
    }
  });
});

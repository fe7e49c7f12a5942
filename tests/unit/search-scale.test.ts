/** Patient search that stays quick as the practice grows: what it reads is bounded by the limit, not by the practice. */
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldWords } from '@shared/text';
import { mrnNumberSql } from '../../src/main/db/records/sqlite/patients';
import { longerWordsSql, patientWords, prefixListSql, wordListSql } from '../../src/main/db/records/sqlite/patientWords';
import { assertProperty } from '../support/property';
import { testActor as actor, testServices } from '../support/store';

describe('search by an MRN number typed alone', () => {
  it('gives the exact number first, then the longer numbers, shortest first and in numeric order, an MRN breaking ties', async () => {
    const s = testServices();
    for (const mrn of ['EXT-300', 'EXT-0031', 'MN-000030', 'ZZ-3', 'MN-000003', 'MN-000013', 'AB-3X'])
      await s.patients.create(actor, { mrn, givenName: 'A', familyName: 'B', dateOfBirth: '1980-01-01', sex: 'female' });
    const mrns = async (query: string, limit?: number) => (await s.patients.search(actor, { query, limit })).map((p) => p.mrn);
    expect(await mrns('3')).toEqual(['MN-000003', 'ZZ-3', 'MN-000030', 'EXT-0031', 'EXT-300']);
    expect(await mrns('3', 3)).toEqual(['MN-000003', 'ZZ-3', 'MN-000030']);
    expect(await mrns('30')).toEqual(['MN-000030', 'EXT-300']);
    expect(await mrns('4')).toEqual([]);
  });

  it('seeks the index of MRN numbers, one length at a time, in its order: no scan and no sort', () => {
    const { store } = testServices();
    const number = mrnNumberSql('p.mrn');
    const plan = store.sqlite
      .prepare(
        `explain query plan select p.id from patients p where length(${number}) = ? and ${number} >= ? and ${number} < ? || ':' and p.archived_at is null order by ${number}, p.mrn limit 25`,
      )
      .all(1, '3', '3') as { detail: string }[];
    expect(plan.map((row) => row.detail)).toEqual(['SEARCH p USING INDEX patients_mrn_number (<expr>=? AND <expr>>? AND <expr><?)']);
  });
});

/** The name search before migration 0011: every FTS5 match ranked, whole words first, then by name. */
function searchedBefore(sqlite: Database.Database, words: string[], dob: string | null, includeArchived: boolean, limit: number): number[] {
  const exact = words.map((w) => `(instr(' ' || p.search_name || ' ', ' ${w} ') > 0)`).join(' + ');
  return sqlite
    .prepare(
      `select p.id from patient_search join patients p on p.id = patient_search.rowid
        where patient_search match ? ${dob === null ? '' : `and p.date_of_birth = '${dob}'`} ${includeArchived ? '' : 'and p.archived_at is null'}
        order by ${exact} desc, p.family_name collate nocase, p.given_name collate nocase, p.id limit ?`,
    )
    .pluck()
    .all(words.map((w) => `"${w}"*`).join(' '), limit) as number[];
}

// Names whose folded words start one another (li, lin, lindqvist), differ only in case or
// accents, repeat within a name, or lie beyond U+FFFF (𠀋), so that order and ties are tested.
const pieces = ['Li', 'LI', 'li', 'Lin', 'Lindqvist', 'Lü', 'Zoë', 'Zoe', 'Nguyễn', 'Ng', 'Ann', 'Ánna', 'Anne-Marie', 'Øde', 'Ode', '山田', '𠀋', 'Ｌi'];
const name = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 2 }).map((p) => p.join(' '));
const patient = fc.record({ given: name, family: name, born: fc.constantFrom('1980-01-01', '1990-02-02'), archived: fc.boolean() });
const folded = [...new Set(pieces.flatMap((p) => foldWords(p)))];
const typed = fc.tuple(fc.constantFrom(...folded), fc.nat()).map(([word, cut]) => [...word].slice(0, 1 + (cut % [...word].length)).join(''));
const query = fc.record({
  words: fc.array(typed, { minLength: 1, maxLength: 3 }),
  born: fc.option(fc.constantFrom('1980-01-01', '1990-02-02')),
  includeArchived: fc.boolean(),
  limit: fc.integer({ min: 1, max: 8 }),
});

describe('search by names', () => {
  it('gives what ranking every match gave, in the same order, on random practices and queries', async () => {
    await assertProperty(
      fc.asyncProperty(fc.array(patient, { minLength: 1, maxLength: 40 }), fc.array(query, { minLength: 1, maxLength: 10 }), async (people, queries) => {
        const s = testServices();
        const lists = patientWords<{ id: number }>(s.store.sqlite, 'w.patient_id as id');
        const checked = patientWords<{ id: number }>(s.store.sqlite, 'w.patient_id as id', 1);
        for (const p of people) {
          const { id } = await s.patients.create(actor, { givenName: p.given, familyName: p.family, dateOfBirth: p.born, sex: 'unknown' });
          if (p.archived) await s.patients.archive(actor, { id, archived: true });
        }
        for (const q of queries) {
          const text = [...q.words, ...(q.born === null ? [] : [q.born])].join(' ');
          const found = await s.patients.search(actor, { query: text, includeArchived: q.includeArchived, limit: q.limit });
          expect(
            found.map((p) => p.id),
            text,
          ).toEqual(searchedBefore(s.store.sqlite, q.words, q.born, q.includeArchived, q.limit));
          // The word lists alone, which the search leaves to FTS5 when several words name few patients.
          // and with every prefix of more than one word checked rather than read.
          if (q.born === null)
            for (const read of [lists, checked]) expect(read(q.words, q.limit, q.includeArchived).map((p) => p.id)).toEqual(found.map((p) => p.id));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives each patient as the record is now: a changed MRN, name, birth date or sex, or an archiving, shows in the next search', async () => {
    const s = testServices();
    const { id } = await s.patients.create(actor, { mrn: 'A-1', givenName: 'Maria', familyName: 'Lindqvist', dateOfBirth: '1980-01-01', sex: 'female' });
    const shown = async (query: string, includeArchived = false) =>
      (await s.patients.search(actor, { query, includeArchived })).map(
        (p) => `${p.mrn} ${p.givenName} ${p.familyName} ${p.dateOfBirth} ${p.sex} ${p.archived}`,
      );
    expect(await shown('lin')).toEqual(['A-1 Maria Lindqvist 1980-01-01 female false']);
    await s.patients.update(actor, { id, mrn: 'B-2', givenName: 'Mary', familyName: 'Lindqvist', dateOfBirth: '1981-02-02', sex: 'unknown' });
    // A short prefix (patient_prefixes) and a whole word (patient_words) alike.
    for (const query of ['lin', 'lindqvist', 'mar']) expect(await shown(query), query).toEqual(['B-2 Mary Lindqvist 1981-02-02 unknown false']);
    expect(await shown('maria')).toEqual([]);
    await s.patients.archive(actor, { id, archived: true });
    expect(await shown('lin')).toEqual([]);
    expect(await shown('lindqvist', true)).toEqual(['B-2 Mary Lindqvist 1981-02-02 unknown true']);
  });

  it("reads no more of a single word's list than the patients it gives", async () => {
    const s = testServices();
    for (let i = 0; i < 120; i++) await s.patients.create(actor, { givenName: `Ann ${i}`, familyName: 'Maxwell', dateOfBirth: '1980-01-01', sex: 'female' });
    // The rows each statement of the search hands back, counted on the real file.
    let read = 0;
    const counting = new Proxy(s.store.sqlite, {
      get: (db, key) =>
        key === 'prepare'
          ? (text: string) => {
              const statement = db.prepare(text);
              const all = statement.all.bind(statement);
              return Object.assign(statement, { all: (...args: unknown[]) => ((rows: unknown[]) => ((read += rows.length), rows))(all(...(args as []))) });
            }
          : Reflect.get(db, key, db),
    });
    const search = patientWords<{ id: number }>(counting, 'w.patient_id as id');
    for (const [words, limit] of [
      [['max'], 25],
      [['maxwell'], 25],
      [['max'], 7],
      [['maxwell'], 100],
    ] as const) {
      read = 0;
      const found = search(words, limit, false);
      expect(found).toHaveLength(Math.min(limit, 120));
      expect(read, words.join(' ')).toBe(found.length);
    }
  });

  it("reads each word from the primary key of patient_words from a place on, the patients' rows with it (not the patients table), and the longer words of a prefix one seek each: no scan, no sort", () => {
    const { store } = testServices();
    const plan = (text: string, params: object) =>
      (store.sqlite.prepare(`explain query plan ${text}`).all(params) as { detail: string }[]).map((r) => r.detail);
    for (const includeArchived of [false, true])
      expect(plan(wordListSql('w.patient_id as id', includeArchived), { word: 'li', key: '', id: 0, n: 4 })).toEqual([
        'SEARCH w USING PRIMARY KEY (word=? AND (sort_key,patient_id)>(?,?))',
      ]);
    expect(
      plan(longerWordsSql, { word: 'li', hi: 'li\u{10ffff}' }).filter((d) => /SCAN|SEARCH|SORT/.test(d) && d !== 'SCAN next' && d !== 'SCAN CONSTANT ROW'),
    ).toEqual(['SEARCH patient_words USING PRIMARY KEY (word>? AND word<?)', 'SEARCH p USING PRIMARY KEY (word>? AND word<?)']);
  });

  it('reads the patients of a short prefix from the primary key of patient_prefixes from a place on, their rows with it, one list whatever the words it starts: no scan, no sort', () => {
    const { store } = testServices();
    for (const includeArchived of [false, true])
      expect(
        (
          store.sqlite.prepare(`explain query plan ${prefixListSql('w.patient_id as id', includeArchived)}`).all({ word: 'ma', key: '', id: 0, n: 4 }) as {
            detail: string;
          }[]
        ).map((r) => r.detail),
      ).toEqual(['SEARCH w USING PRIMARY KEY (prefix=? AND (sort_key,patient_id)>(?,?))']);
  });
});

/**
 * One test per migration (each applied to a database left by the one before, holding data),
 * plus the refusals: a file from a newer version and a file that is not ours stay untouched.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applicationId, findMigrationsFolder, openStore, readJournal } from '../../src/main/db/open';
import { tempDir } from '../support/store';
import { migrationsUpTo } from '../support/migrations';
import { oneVisit, olderDatabase } from '../support/databases';

const folder = findMigrationsFolder();
const journal = readJournal(folder);

const tables = (db: Database.Database) =>
  (db.prepare("select name from sqlite_master where type in ('table') order by name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('knows every migration in drizzle/ in order', () => {
    expect(journal.map((e) => e.idx)).toEqual(journal.map((_, i) => i));
    expect(journal.map((e) => e.tag)).toEqual([
      '0000_initial',
      '0001_patient_search',
      '0002_handouts',
      '0003_statistics_indexes',
      '0004_users_signatures_audit',
      '0005_imported_signatures',
      '0006_pregnancy_status',
      '0007_retinoid_override',
      '0008_decision_addenda',
      '0009_stats_rollups',
      '0010_patients_mrn_number',
      '0011_patient_words',
      '0012_stats_triggers_deferred',
      '0013_presentations_review',
      '0014_patient_prefixes',
      '0015_patient_lists_cover',
    ]);
  });

  it('0000_initial creates the clinical record on an empty file', () => {
    const path = join(tempDir(), 'a.db');
    openStore(path, { create: true, migrationsFolder: migrationsUpTo(1) }).close();
    const db = new Database(path);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['audit_log', 'clinicians', 'follow_ups', 'patients', 'presentations', 'settings', 'treatments', 'visits']),
    );
    expect(db.pragma('application_id', { simple: true })).toBe(applicationId);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('0001_patient_search indexes the patients that were already there', () => {
    const path = olderDatabase(
      1,
      "insert into patients (mrn, given_name, family_name, search_name, date_of_birth, sex) values ('A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female')",
    );
    const store = openStore(path, { migrationsFolder: migrationsUpTo(2) });
    const hits = store.sqlite.prepare("select rowid from patient_search where patient_search match 'nguy*'").all();
    expect(hits).toHaveLength(1);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(2);
    store.close();
  });

  it('0002_handouts adds stored handouts to a record with visits, removed with their visit', () => {
    const path = olderDatabase(2);
    const store = openStore(path, { migrationsFolder: migrationsUpTo(3) });
    const insert = store.sqlite.prepare(
      "insert into handouts (visit_id, created_by, sha256, size, large_print, paper_size, pdf) values (?, 't', 'x', 3, 0, ?, x'255044')",
    );
    insert.run(1, 'A4');
    expect(() => insert.run(1, 'A5')).toThrow(/CHECK constraint/);
    expect(() => insert.run(99, 'A4')).toThrow(/FOREIGN KEY/);
    expect(store.sqlite.prepare('select kinds, template_versions from handouts').get()).toEqual({ kinds: '[]', template_versions: '{}' });
    store.sqlite.prepare('delete from visits where id = 1').run();
    expect(store.sqlite.prepare('select count(*) as n from handouts').get()).toEqual({ n: 0 });
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(3);
    store.close();
  });

  it('0003_statistics_indexes answers the statistics from covering indexes, over the rows already there', () => {
    const path = olderDatabase(
      3,
      `${oneVisit}
      insert into presentations (visit_id, position, type, site, side, count) values (1, 0, 'primary', 'cheek', 'left', 4);
      insert into treatments (visit_id, position, kind, site, side, lesions_treated, performed_by) values (1, 0, 'extraction', 'cheek', 'left', 4, 1);`,
    );
    const store = openStore(path, { migrationsFolder: migrationsUpTo(4) });
    const plan = (sql: string) => (store.sqlite.prepare(`explain query plan ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    const period = "from visits v join %s on x.visit_id = v.id where v.date between '2026-01-01' and '2026-12-31'";
    expect(plan(`select x.type, x.site, sum(x.count), sum(x.red_flags <> '[]') ${period.replace('%s', 'presentations x')}`)).toMatch(
      /COVERING INDEX presentations_visit/,
    );
    expect(plan(`select x.kind, x.performed_by, sum(x.lesions_treated) ${period.replace('%s', 'treatments x')}`)).toMatch(/COVERING INDEX treatments_visit/);
    expect(plan("select count(distinct patient_id) from visits indexed by visits_date where date between '2026-01-01' and '2026-12-31'")).toMatch(
      /COVERING INDEX visits_date/,
    );
    expect(store.sqlite.prepare('select kind, lesions_treated from treatments indexed by treatments_visit').all()).toEqual([
      { kind: 'extraction', lesions_treated: 4 },
    ]);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(4);
    store.close();
  });

  it('0005_imported_signatures leaves every visit as it was, with no original signature', () => {
    const path = olderDatabase(5);
    const store = openStore(path, { migrationsFolder: migrationsUpTo(6) });
    expect(store.sqlite.prepare('select key, signed_at, original_signed_by, original_signed_at from visits').all()).toEqual([
      { key: 'v1', signed_at: null, original_signed_by: null, original_signed_at: null },
    ]);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(6);
    store.close();
  });

  it('0006_pregnancy_status adds the column to every visit as not recorded, keeping the rest', () => {
    const path = olderDatabase(6, `${oneVisit} update visits set notes = 'Seen.';`);
    const store = openStore(path, { migrationsFolder: migrationsUpTo(7) });
    expect(store.sqlite.prepare('select key, notes, pregnancy_status from visits').all()).toEqual([{ key: 'v1', notes: 'Seen.', pregnancy_status: null }]);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(7);
    store.close();
  });

  it('0007_retinoid_override adds the column to every visit as no override', () => {
    const path = olderDatabase(
      7,
      `${oneVisit} update patients set given_name = 'Tom', family_name = 'Berg', search_name = 'tom berg', date_of_birth = '2019-03-01', sex = 'male';
      update visits set notes = 'Seen.';`,
    );
    const store = openStore(path, { migrationsFolder: migrationsUpTo(8) });
    expect(store.sqlite.prepare('select key, notes, retinoid_override from visits').all()).toEqual([{ key: 'v1', notes: 'Seen.', retinoid_override: null }]);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(8);
    store.close();
  });

  it('0008_decision_addenda keeps every addendum a plain one, and takes a decision only on a presentation of its own visit', () => {
    const path = olderDatabase(
      8,
      `${oneVisit} insert into visits (id, key, patient_id, date, clinician_id, created_by, updated_by) values (2, 'v2', 1, '2026-01-03', 1, 't', 't');
      insert into presentations (id, visit_id, position, type, site, count, red_flags) values (1, 1, 0, 'primary', 'nose', 2, '["ulceration"]');
      update visits set signed_at = '2026-01-02T10:00:00.000Z', signature_kind = 'signed', signed_by = 'Dr A' where id in (1, 2);
      insert into addenda (visit_id, text, author_name, signed_at) values (1, 'Patient phoned.', 'Dr A', '2026-01-05T09:00:00.000Z');`,
    );
    const store = openStore(path, { migrationsFolder: migrationsUpTo(9) });
    expect(store.sqlite.prepare('select visit_id, text, presentation_id, decision from addenda').all()).toEqual([
      { visit_id: 1, text: 'Patient phoned.', presentation_id: null, decision: null },
    ]);
    const add = store.sqlite.prepare(
      "insert into addenda (visit_id, text, author_name, signed_at, presentation_id, decision) values (?, 'Biopsy.', 'Dr A', '2026-01-06T09:00:00.000Z', ?, ?)",
    );
    const refused = 'Milia Notes: a decision addendum names a presentation of its own visit and the decision.';
    expect(() => add.run(2, 1, 'biopsy')).toThrow(refused);
    expect(() => add.run(1, 1, null)).toThrow(refused);
    expect(() => add.run(1, null, 'biopsy')).toThrow(refused);
    add.run(1, 1, 'biopsy');
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(9);
    store.close();
  });

  it('0011_patient_words holds each word of the names there were, keyed by family then given name without case, and follows renames', () => {
    const path = olderDatabase(
      11,
      `insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values
        (1, 'A1', 'Zoë', 'Nguyễn-Li', 'zoe nguyen li', '1990-01-01', 'female'),
        (2, 'A2', 'li', 'Li', 'li li', '1991-01-01', 'male');`,
    );
    const store = openStore(path, { migrationsFolder: migrationsUpTo(12) });
    const words = () => store.sqlite.prepare('select word, sort_key as key, patient_id as id from patient_words order by word, sort_key, patient_id').all();
    expect(words()).toEqual([
      { word: 'li', key: 'li\u0001li', id: 2 },
      { word: 'li', key: 'nguyễn-li\u0001zoë', id: 1 },
      { word: 'nguyen', key: 'nguyễn-li\u0001zoë', id: 1 },
      { word: 'zoe', key: 'nguyễn-li\u0001zoë', id: 1 },
    ]);
    store.sqlite.prepare("update patients set given_name = 'Ana', search_name = 'ana li' where id = 2").run();
    store.sqlite
      .prepare(
        "insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values (3, 'A3', 'Bo', 'Ek', 'bo ek', '1992-01-01', 'male')",
      )
      .run();
    store.sqlite.prepare('delete from patients where id = 1').run();
    expect(words()).toEqual([
      { word: 'ana', key: 'li\u0001ana', id: 2 },
      { word: 'bo', key: 'ek\u0001bo', id: 3 },
      { word: 'ek', key: 'ek\u0001bo', id: 3 },
      { word: 'li', key: 'li\u0001ana', id: 2 },
    ]);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(12);
    store.close();
  });

  it('0014_patient_prefixes holds the first one, two and three letters of each longer word of the names there were, and follows renames', () => {
    const path = olderDatabase(
      14,
      `insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values
        (1, 'A1', 'Zoë', 'Nguyễn-Li', 'zoe nguyen li', '1990-01-01', 'female'),
        (2, 'A2', 'li', 'Li', 'li li', '1991-01-01', 'male');`,
    );
    const store = openStore(path, { migrationsFolder: migrationsUpTo(15) });
    const prefixes = () => store.sqlite.prepare("select prefix || ' ' || patient_id from patient_prefixes order by prefix, sort_key, patient_id").pluck().all();
    expect(prefixes()).toEqual(['l 2', 'l 1', 'n 1', 'ng 1', 'ngu 1', 'z 1', 'zo 1']);
    expect(store.sqlite.prepare('select distinct sort_key from patient_prefixes where patient_id = 1').pluck().all()).toEqual(['nguyễn-li\u0001zoë']);
    store.sqlite.prepare("update patients set given_name = 'Ana', search_name = 'ana li' where id = 2").run();
    store.sqlite
      .prepare(
        "insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values (3, 'A3', 'Bo', 'Ekman', 'bo ekman', '1992-01-01', 'male')",
      )
      .run();
    store.sqlite.prepare('delete from patients where id = 1').run();
    expect(prefixes()).toEqual(['a 2', 'an 2', 'b 3', 'e 3', 'ek 3', 'ekm 3', 'l 2']);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(15);
    store.close();
  });

  it("0015_patient_lists_cover gives every word and prefix row its patient's MRN, names, birth date, sex, archived flag and folded name, and keeps them in step", () => {
    const path = olderDatabase(
      15,
      `insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex, archived_at) values
        (1, 'A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female', null),
        (2, 'A2', 'Bo', 'Ek', 'bo ek', '1991-01-01', 'male', '2026-01-01T00:00:00.000Z');`,
    );
    const store = openStore(path, { migrationsFolder: migrationsUpTo(16) });
    const listed = (table: string) =>
      store.sqlite
        .prepare(
          `select distinct patient_id || ' ' || mrn || ' ' || given_name || ' ' || family_name || ' ' || date_of_birth || ' ' || sex || ' ' || coalesce(archived_at, '-') || ' ' || search_name from ${table} order by patient_id`,
        )
        .pluck()
        .all();
    const lists = () => [listed('patient_words'), listed('patient_prefixes')];
    expect(store.sqlite.prepare('select count(*) from patient_words').pluck().get()).toBe(4);
    expect(store.sqlite.prepare('select count(*) from patient_prefixes').pluck().get()).toBe(7);
    expect(lists()).toEqual(Array(2).fill(['1 A1 Zoë Nguyễn 1990-01-01 female - zoe nguyen', '2 A2 Bo Ek 1991-01-01 male 2026-01-01T00:00:00.000Z bo ek']));
    // Each column the search shows, changed alone, reaches both lists; a rename moves the rows.
    store.sqlite.prepare("update patients set mrn = 'B1' where id = 1").run();
    store.sqlite.prepare("update patients set date_of_birth = '1989-12-31', sex = 'unknown' where id = 1").run();
    store.sqlite.prepare('update patients set archived_at = null where id = 2').run();
    store.sqlite.prepare("update patients set given_name = 'Ana', search_name = 'ana ek' where id = 2").run();
    expect(lists()).toEqual(Array(2).fill(['1 B1 Zoë Nguyễn 1989-12-31 unknown - zoe nguyen', '2 A2 Ana Ek 1991-01-01 male - ana ek']));
    expect(store.sqlite.prepare("select count(*) from patient_words where patient_id = 2 and word = 'bo'").pluck().get()).toBe(0);
    store.sqlite.prepare('delete from patients where id = 1').run();
    expect(lists()).toEqual(Array(2).fill(['2 A2 Ana Ek 1991-01-01 male - ana ek']));
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(16);
    store.close();
  });

  it('0013_presentations_review indexes the presentations there were that may need a decision, and the Review list is read from it alone', async () => {
    const path = olderDatabase(
      13,
      `${oneVisit}
      insert into presentations (id, visit_id, position, type, site, count, red_flags, differentials, decision) values
        (1, 1, 0, 'primary', 'nose', 2, '["ulceration"]', '[]', null),
        (2, 1, 1, 'milia_en_plaque', 'cheek', 1, '[]', '[]', null),
        (3, 1, 2, 'primary', 'chin', 1, '[]', '["basal_cell_carcinoma"]', null),
        (4, 1, 3, 'primary', 'chin', 1, '[]', '["syringoma"]', null),
        (5, 1, 4, 'primary', 'forehead', 1, '["bleeding"]', '[]', 'biopsy');`,
    );
    // The statements the record layer prepares, to read the Review list's query plan.
    const prepared: string[] = [];
    const prepare = Database.prototype.prepare;
    Database.prototype.prepare = function (this: Database.Database, source: string) {
      prepared.push(source);
      return prepare.call(this, source);
    } as typeof prepare;
    let store: ReturnType<typeof openStore>;
    try {
      store = openStore(path, { migrationsFolder: migrationsUpTo(14) });
      await store.records.read((tx) => tx.visits.undecided());
    } finally {
      Database.prototype.prepare = prepare;
    }
    const reviewSql = prepared.find((sql) => sql.includes('json_each') && sql.includes('cross join'))!;
    const plan = (store.sqlite.prepare(`explain query plan ${reviewSql}`).all() as { detail: string }[]).map((r) => r.detail);
    expect(plan[0]).toBe('SCAN presentations USING INDEX presentations_review');
    const indexed = store.sqlite
      .prepare(
        "select id from presentations indexed by presentations_review where decision is null and (red_flags <> '[]' or type = 'milia_en_plaque' or differentials like '%basal_cell_carcinoma%') order by id",
      )
      .pluck()
      .all();
    expect(indexed).toEqual([1, 2, 3]);
    const review = await store.records.read((tx) => tx.visits.undecided());
    expect(review.map((r) => [r.number, r.type])).toEqual([
      [1, 'primary'],
      [2, 'milia_en_plaque'],
      [3, 'primary'],
    ]);
    store.sqlite.prepare("update presentations set decision = 'referral' where id = 2").run();
    expect((await store.records.read((tx) => tx.visits.undecided())).map((r) => r.number)).toEqual([1, 3]);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(14);
    store.close();
  });

  it('sets the durable pragmas on every open', () => {
    const store = openStore(join(tempDir(), 'a.db'), { create: true });
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'a.db');
    openStore(path, { create: true }).close();
    const db = new Database(path);
    db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('future', journal.at(-1)!.when + 1000);
    db.pragma('user_version = 99');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    copyFileSync(path, join(dir, 'before.db'));
    expect(() => openStore(path)).toThrow(/newer version of Milia Notes.*has not been changed/s);
    expect(readFileSync(path).equals(readFileSync(join(dir, 'before.db')))).toBe(true);
  });

  it('refuses a database a newer version has stamped, its record of migrations unchanged, and leaves it untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'a.db');
    openStore(path, { create: true }).close();
    const db = new Database(path);
    db.pragma(`user_version = ${journal.length + 1}`);
    db.close();
    copyFileSync(path, join(dir, 'before.db'));
    expect(() => openStore(path)).toThrow(
      `${path} was written by a newer version of Milia Notes (schema ${journal.length + 1}; this version knows up to ${journal.length}). It has not been changed. Install the newer version to open it.`,
    );
    expect(readFileSync(path).equals(readFileSync(join(dir, 'before.db')))).toBe(true);
  });

  it('refuses a file that is not a Milia Notes database', () => {
    const path = join(tempDir(), 'other.db');
    const db = new Database(path);
    db.exec('create table invoices (id integer primary key)');
    db.close();
    const before = readFileSync(path);
    expect(() => openStore(path)).toThrow(/not a Milia Notes database/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('never creates a database that was expected to exist', () => {
    const path = join(tempDir(), 'missing.db');
    expect(() => openStore(path)).toThrow(/There is no database at/);
  });
});

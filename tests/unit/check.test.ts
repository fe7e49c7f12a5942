/** `check`: a sound database gives no fault; each kind of damage is named with its table and rows. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDatabase } from '../../src/main/check';
import { openStore } from '../../src/main/db/open';
import { importDocument } from '../../src/main/interchange/import';
import { seed } from '../../src/main/seed';
import { createServices } from '../../src/main/services';
import { parsingServices, type TestServices as Services } from '../support/surface';
import { testActor as actor, tempDir, testServices } from '../support/store';
import { overwritePage } from '../support/damage';

const fixture = () => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'interchange', 'scripts.json'), 'utf8'));

async function healthy(): Promise<Services> {
  const services = testServices();
  await importDocument(services.store.records, actor, fixture());
  await seed(services.store.records, actor, { patients: 30, seed: 5, today: '2025-06-30' });
  return services;
}

/**
 * Runs SQL the app would refuse, as someone with the file in hand can: no foreign keys, no
 * CHECK constraints, and the triggers that keep signed visits final dropped for the while (the
 * statistics roll-ups still follow every change).
 */
function damage(services: Services, sql: string): void {
  const { sqlite } = services.store;
  const triggers = sqlite
    .prepare(
      "select name, sql from sqlite_master where type = 'trigger' and tbl_name in ('visits', 'presentations', 'treatments') and name not like '%stats%' and name not like '%patient_days%'",
    )
    .all() as Array<{
    name: string;
    sql: string;
  }>;
  for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('ignore_check_constraints = ON');
  sqlite.exec(sql);
  sqlite.pragma('ignore_check_constraints = OFF');
  sqlite.pragma('foreign_keys = ON');
  for (const trigger of triggers) sqlite.exec(trigger.sql);
}

describe('checking the database', () => {
  it('finds nothing wrong with an empty or a healthy database', async () => {
    expect(checkDatabase(testServices().store)).toEqual([]);
    expect(checkDatabase((await healthy()).store)).toEqual([]);
  });

  it('names a row whose foreign key points nowhere', async () => {
    const services = await healthy();
    damage(
      services,
      "insert into visits (id, key, patient_id, date, clinician_id, created_by, updated_by) values (9001, 'orphan', 999999, '2025-01-01', 1, 'x', 'x')",
    );
    expect(checkDatabase(services.store)).toEqual(['visits row 9001: patient_id refers to a patients row that does not exist']);
  });

  it("names rows breaking the app's rules, grouped by rule", async () => {
    const services = await healthy();
    const ids = (sql: string) => services.store.sqlite.prepare(sql).pluck().all() as number[];
    const [plaque] = ids("select id from presentations where site = 'ear' limit 1");
    const [peel] = ids("select id from treatments where kind = 'chemical_peel' limit 1");
    const [extraction] = ids("select id from treatments where kind = 'extraction' limit 1");
    const [completed] = ids("select id from follow_ups where status = 'completed' limit 1");
    const [visit] = ids('select id from visits order by id limit 1');
    damage(
      services,
      `update presentations set side = null, red_flags = '["on_fire"]' where id = ${plaque};
       update treatments set details = '{"agent":"tca"}' where id = ${peel};
       update treatments set consent = 0 where id = ${extraction};
       update follow_ups set outcome = null where id = ${completed};
       update visits set date = '1900-01-01' where id = ${visit};
       update patients set sex = 'f' where id in (1, 2, 3, 4, 5, 6, 7);`,
    );
    expect(checkDatabase(services.store)).toEqual([
      // SQLite's own check sees the broken CHECK constraint too.
      'integrity: CHECK constraint failed in follow_ups',
      'patients rows 1, 2, 3, 4, 5 and 2 more: sex is not a code of the vocabulary (female, male, other, unknown)',
      `visits row ${visit}: date is before the patient's date of birth`,
      `presentations row ${plaque}: red_flags holds a code outside the vocabulary`,
      `presentations row ${plaque}: side must be left, right or bilateral on a paired site`,
      `treatments row ${extraction}: a procedure without consent = 1`,
      `follow_ups row ${completed}: a completed follow-up needs outcome and completed_date, and only a completed one has them`,
      `treatments row ${peel}: details.depth: is required (for chemical_peel)`,
    ]);
  });

  it('finds a search index out of step with the names', async () => {
    const services = await healthy();
    damage(
      services,
      `update patients set search_name = 'someone else' where id = 2;
       insert into patient_search(patient_search, rowid, search_name) select 'delete', id, search_name from patients where id = 3;`,
    );
    const faults = checkDatabase(services.store);
    expect(faults).toHaveLength(2);
    expect(faults[0]).toMatch(/^patient_search: the name search index does not match the patients table; rebuild it/);
    expect(faults[1]).toBe('patients row 2: search_name is not the folded given and family names');
  });

  it('finds the name words out of step with the names', async () => {
    const services = await healthy();
    damage(
      services,
      `delete from patient_words where patient_id = 4;
       insert into patient_words select 'zzz', sort_key, patient_id, mrn, given_name, family_name, date_of_birth, sex, archived_at, search_name from patient_words where patient_id = 5 limit 1;`,
    );
    expect(checkDatabase(services.store)).toEqual([
      'patients row 4: a word of the name is missing from patient_words, so the name search can miss this patient',
      'patients row 5: patient_words holds a word that is not in the name',
    ]);
  });

  it("finds what the name search's lists hold of a patient out of step with the patient", async () => {
    const services = await healthy();
    damage(
      services,
      `update patient_words set mrn = 'X-1' where patient_id = 4;
       update patient_prefixes set archived_at = '2026-01-01T00:00:00.000Z' where patient_id = 5 and length(prefix) = 1;`,
    );
    expect(checkDatabase(services.store)).toEqual([
      "patients row 4: patient_words holds the patient's MRN, name, date of birth, sex or archived state as it no longer is, so the name search shows it wrong",
      "patients row 5: patient_prefixes holds the patient's MRN, name, date of birth, sex or archived state as it no longer is, so the name search shows it wrong",
    ]);
  });

  it('finds the first letters of the name words out of step with the names', async () => {
    const services = await healthy();
    damage(
      services,
      `delete from patient_prefixes where patient_id = 4 and length(prefix) = 2;
       insert into patient_prefixes select 'zz', sort_key, patient_id, mrn, given_name, family_name, date_of_birth, sex, archived_at, search_name from patient_prefixes where patient_id = 5 limit 1;`,
    );
    expect(checkDatabase(services.store)).toEqual([
      'patients row 4: the first letters of a word of the name are missing from patient_prefixes, so a search for them can miss this patient',
      'patients row 5: patient_prefixes holds first letters that are not in the name',
    ]);
  });

  it('finds statistics roll-ups out of step with the visits', async () => {
    const services = await healthy();
    damage(
      services,
      `update stats_rollups set n = n + 1 where (grain, figure, bucket, a, b) in (select grain, figure, bucket, a, b from stats_rollups where grain = 'month' and n > 0 limit 2);
       delete from stats_patient_days where patient_id = 6;`,
    );
    expect(checkDatabase(services.store)).toEqual([
      'stats_rollups: 4 sums differ from a count of the visits, so the statistics summary is wrong',
      "patients row 6: stats_patient_days does not match the patient's visits, so the statistics count them wrongly",
    ]);
  });

  it('lists every damaged table and index of a file with garbage over some pages, and still runs its other checks', async () => {
    const path = join(tempDir(), 'milia.db');
    const store = openStore(path, { create: true });
    const services = parsingServices(createServices(store));
    await importDocument(services.store.records, actor, fixture());
    await seed(services.store.records, actor, { patients: 150, seed: 5, today: '2025-06-30' });
    const leaf = (name: string) =>
      store.sqlite.prepare("select pageno from dbstat where name = ? and pagetype = 'leaf' order by pageno limit 1 offset 2").pluck().get(name) as number;
    const pages = [leaf('patients'), leaf('treatments'), leaf('visits_date')];
    store.close();
    for (const page of pages) overwritePage(path, page);

    const damaged = openStore(path);
    try {
      const faults = checkDatabase(damaged);
      expect(faults.filter((f) => f.startsWith('integrity: '))).toEqual([
        'integrity: table patients: some of its rows cannot be read',
        'integrity: table treatments: some of its rows cannot be read',
        'integrity: index visits_date of table visits cannot be read; it can be rebuilt from the table with "REINDEX visits_date"',
      ]);
      // The parts that read the damaged tables say so, and check what they still can.
      expect(faults).toContain('foreign keys of table treatments could not be checked: the file is damaged there');
      expect(faults.filter((f) => / refers to a /.test(f))).toEqual([]);
      expect(faults.some((f) => f.startsWith("the app's rules: could not be checked to the end, the file is damaged"))).toBe(true);
    } finally {
      damaged.close();
    }
  });

  it("lists each of SQLite's integrity faults, not only the first", async () => {
    const services = await healthy();
    const [presentation] = services.store.sqlite.prepare('select id from presentations order by id limit 1').pluck().all() as number[];
    damage(services, `update patients set fitzpatrick = 9 where id in (1, 2); update presentations set count = 0 where id = ${presentation};`);
    expect(
      checkDatabase(services.store)
        .filter((f) => f.startsWith('integrity: '))
        .sort(),
    ).toEqual([
      'integrity: CHECK constraint failed in patients',
      'integrity: CHECK constraint failed in patients',
      'integrity: CHECK constraint failed in presentations',
    ]);
  });

  it('groups the rows whose foreign keys point nowhere by table and column, listing each group', async () => {
    const services = await healthy();
    const { sqlite } = services.store;
    const ids = (sql: string) => sqlite.prepare(sql).pluck().all() as number[];
    const patient = ids('select patient_id from visits order by id limit 1')[0]!;
    const clinician = ids('select performed_by from treatments order by id limit 1')[0]!;
    const visitsOfPatient = ids(`select id from visits where patient_id = ${patient} order by id`);
    const visitsOfClinician = ids(`select id from visits where clinician_id = ${clinician} order by id`);
    const treatments = ids(`select id from treatments where performed_by = ${clinician} order by id`);
    damage(services, `delete from patients where id = ${patient}; delete from clinicians where id = ${clinician};`);
    const rows = (list: number[]) =>
      `${list.length === 1 ? 'row' : 'rows'} ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`;
    expect(
      checkDatabase(services.store)
        .filter((f) => / refers to a /.test(f))
        .sort(),
    ).toEqual(
      [
        `visits ${rows(visitsOfPatient)}: patient_id refers to a patients row that does not exist`,
        `visits ${rows(visitsOfClinician)}: clinician_id refers to a clinicians row that does not exist`,
        `treatments ${rows(treatments)}: performed_by refers to a clinicians row that does not exist`,
      ].sort(),
    );
  });
});

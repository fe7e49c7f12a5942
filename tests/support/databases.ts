/** Databases of an older schema holding a few rows: where the migration and start-up tests begin. */
import { join } from 'node:path';
import { openStore } from '../../src/main/db/open';
import { migrationsUpTo } from './migrations';
import { tempDir } from './store';

/** One clinician, one patient and a visit of hers, in SQL that every schema since the first takes. */
export const oneVisit = `
  insert into clinicians (id, key, name, role) values (1, 'c1', 'Dr A', 'dermatologist');
  insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values (1, 'A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female');
  insert into visits (id, key, patient_id, date, clinician_id, created_by, updated_by) values (1, 'v1', 1, '2026-01-02', 1, 't', 't');`;

/** A new database file (`name` in a new folder) made by the first `migrations` migrations only, holding the rows `sql` writes; its path. */
export function olderDatabase(migrations: number, sql: string = oneVisit, name = 'a.db'): string {
  const path = join(tempDir(), name);
  const old = openStore(path, { create: true, migrationsFolder: migrationsUpTo(migrations) });
  try {
    old.sqlite.exec(sql);
  } finally {
    old.close();
  }
  return path;
}

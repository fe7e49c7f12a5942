/**
 * The statistics roll-ups of a SQLite database file written before migration 0009: the migration
 * backfills them, and they equal the slow reference SQL (tests/support/statsReference.ts) and a
 * rebuild from the visits. The roll-ups kept on either engine are in stats-fast.test.ts.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import { createServices } from '../../src/main/services';
import { summarise } from '../../src/main/stats/summary';
import { migrationsUpTo } from '../support/migrations';
import { referenceAggregates } from '../support/statsReference';
import { keptAndRebuilt } from '../support/statsRollups';
import { tempDir, testActor as actor } from '../support/store';

describe('statistics from roll-ups', () => {
  it('are backfilled by migration 0009 over a database written before it', async () => {
    const path = join(tempDir(), 'old.db');
    openStore(path, { create: true, migrationsFolder: migrationsUpTo(9) }).close();
    const old = new Database(path);
    old.exec(`insert into clinicians (id, key, name, role) values (1, 'c1', 'Dr Ada Okafor', 'dermatologist'), (2, 'c2', 'Nurse Per Lindqvist', 'nurse');
      insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values
        (1, 'M1', 'Ann', 'Tester', 'ann tester', '1980-01-01', 'female'), (2, 'M2', 'Bea', 'Tester', 'bea tester', '1980-01-01', 'female');
      insert into visits (id, key, patient_id, date, clinician_id, created_by, updated_by) values
        (1, 'v1', 1, '2025-10-20', 1, 't', 't'), (2, 'v2', 1, '2025-12-02', 1, 't', 't'), (3, 'v3', 2, '2025-12-02', 2, 't', 't');
      insert into presentations (visit_id, position, type, site, count, red_flags) values
        (1, 0, 'primary', 'nose', 4, '[]'), (2, 0, 'primary', 'cheek', 2, '["growth"]'), (3, 0, 'secondary', 'trunk', 7, '[]');
      insert into treatments (visit_id, position, kind, site, lesions_treated, performed_by, details) values
        (1, 0, 'extraction', 'nose', 4, 1, '{}'), (2, 0, 'cryotherapy', 'cheek', 15, 2, '{}'),
        (2, 1, 'chemical_peel', 'cheek', 0, 1, '{"agent":"tca","depth":"dermal"}'), (3, 0, 'curettage', 'trunk', 7, 2, '{}');
      insert into follow_ups (visit_id, position, due_date, status, outcome, completed_date, updated_by) values
        (1, 0, '2025-11-20', 'completed', 'improved', '2025-11-20', 't'), (2, 0, '2026-01-05', 'scheduled', null, null, 't');`);
    old.close();
    const store = openStore(path, {});
    try {
      const s = createServices(store);
      const periods = [
        { from: '2025-10-01', to: '2026-01-31', asOf: '2026-01-10' },
        { from: '2025-10-21', to: '2025-12-02', asOf: '2026-01-10' },
      ];
      for (const p of periods) expect(await s.stats.summary(actor, p)).toEqual(summarise(p, referenceAggregates(store.sqlite, p)));
      const { kept, rebuilt, keptDays, rebuiltDays } = keptAndRebuilt(store.sqlite);
      expect(kept).toEqual(rebuilt);
      expect(keptDays).toEqual(rebuiltDays);
      expect(kept.length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});

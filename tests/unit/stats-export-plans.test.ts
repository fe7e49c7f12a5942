/**
 * An export's rows on a SQLite file come one of two ways (db/records/sqlite/statsReads.ts,
 * `scansWhole`): through the visits' date index, or, when the period holds most of the
 * treatments, the whole treatments table read in its own order and then sorted. Either way they
 * are the same rows in the same order as the list the other readers take.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { everyOf, type StatsPeriod } from '../../src/main/db/records';
import { openStore } from '../../src/main/db/open';
import { scansWhole } from '../../src/main/db/records/sqlite/statsReads';
import { treatmentRows, treatmentRowsScanned } from '../../src/main/db/records/sqlite/statsSql';
import { seed } from '../../src/main/seed';
import { tempDir, testActor as actor } from '../support/store';

describe("an export's rows on a SQLite file", () => {
  it('are the same rows in the same order whether the table is scanned or the visits index is followed', async () => {
    const store = openStore(join(tempDir(), 'plans.db'), { create: true });
    try {
      await seed(store.records, actor, { patients: 150, seed: 11, today: '2025-06-30' });
      const newest = (store.sqlite.prepare('select max(id) as n from treatments').get() as { n: number }).n;
      const periods: StatsPeriod[] = [
        { from: '1900-01-01', to: '2999-12-31', asOf: '2025-06-30' },
        { from: '2022-03-17', to: '2022-05-20', asOf: '2025-06-30' },
        { from: '2021-11-30', to: '2023-01-01', asOf: '2025-06-30' },
      ];
      const ways: boolean[] = [];
      for (const period of periods) {
        const [each, listed] = await store.records.read(async (tx) => {
          const rows = await tx.stats.eachTreatment(period);
          return [{ length: rows.length, rows: await everyOf(rows) }, await tx.stats.treatments(period)] as const;
        });
        expect(listed.length).toBeGreaterThan(10);
        expect(each.rows).toEqual(listed);
        expect(each.length).toBe(listed.length);
        ways.push(scansWhole(listed.length, newest));
      }
      // The whole record is scanned; two months, and a year, follow the index.
      expect(ways).toEqual([true, false, false]);
      // SQLite takes each statement the way it is written for.
      const plan = (text: string) =>
        (store.sqlite.prepare(`explain query plan ${text}`).all({ from: '1900-01-01', to: '2999-12-31' }) as { detail: string }[]).map((r) => r.detail);
      expect(plan(treatmentRowsScanned)[0]).toBe('SCAN t');
      expect(plan(treatmentRows)[0]).toMatch(/^SEARCH v USING COVERING INDEX visits_date/);
    } finally {
      store.close();
    }
  });

  it('are scanned for at least half of the treatments, however many: the sort spills to a temporary file, not memory', () => {
    expect(scansWhole(500, 1000)).toBe(true);
    expect(scansWhole(499, 1000)).toBe(false);
    // A whole practice of 200,000 patients.
    expect(scansWhole(1_361_740, 1_361_740)).toBe(true);
    const store = openStore(join(tempDir(), 'temp-store.db'), { create: true });
    const reader = openStore(store.path, { readonly: true });
    try {
      // 1 is FILE: both the app's connection and the worker thread's read-only one sort past the cache on disk.
      expect([store.sqlite.pragma('temp_store', { simple: true }), reader.sqlite.pragma('temp_store', { simple: true })]).toEqual([1, 1]);
    } finally {
      reader.close();
      store.close();
    }
  });
});

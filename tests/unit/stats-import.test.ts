/**
 * An import keeps the statistics roll-ups once at its end instead of row by row
 * (src/main/db/records/sqlite/statsDeferral.ts): on a real file with visits already counted,
 * the summary after an import equals the slow reference SQL, the roll-ups equal a rebuild
 * from the visits, and the triggers count again the writes that follow.
 */
import { describe, expect, it } from 'vitest';
import { seed } from '../../src/main/seed';
import { summarise } from '../../src/main/stats/summary';
import { referenceAggregates } from '../support/statsReference';
import { keptAndRebuilt } from '../support/statsRollups';
import { testActor as actor, testServices } from '../support/store';

const today = '2025-06-30';

describe('statistics roll-ups of an import', () => {
  it('are added once at its end, over what was counted before, and the triggers count again after it', async () => {
    const s = testServices();
    const sqlite = s.store.sqlite;
    await seed(s.store.records, actor, { patients: 25, seed: 7, today });
    // A visit written between the imports, by the services, for a patient of the first import.
    const patientId = sqlite
      .prepare(`select id from patients where sex = 'female' and date_of_birth < '1990-01-01' order by id limit 1`)
      .pluck()
      .get() as number;
    const clinicianId = sqlite.prepare(`select id from clinicians where role = 'dermatologist' order by id limit 1`).pluck().get() as number;
    const visit = (date: string) => ({
      patientId,
      date,
      clinicianId,
      pregnancyStatus: 'neither' as const,
      presentations: [{ type: 'primary' as const, site: 'nose' as const, count: 4 }],
      treatments: [
        { kind: 'extraction' as const, site: 'nose' as const, lesionsTreated: 4, anesthesia: 'none' as const, consent: true, performedBy: clinicianId },
      ],
      followUps: [{ dueDate: '2025-03-20', status: 'completed' as const, outcome: 'cleared' as const, completedDate: '2025-03-20' }],
    });
    await s.visits.save(actor, visit('2025-03-03'));
    const before = sqlite.prepare('select max(id) from visits').pluck().get() as number;

    const second = await seed(s.store.records, actor, { patients: 25, seed: 8, today });
    expect(second.imported.visits).toBeGreaterThan(100);
    expect(sqlite.prepare('select count(*) from visits where id > ?').pluck().get(before)).toBe(second.imported.visits);
    await s.visits.save(actor, visit('2025-03-04'));

    expect(sqlite.prepare(`select count(*) from stats_rollups where grain = 'deferred'`).pluck().get()).toBe(0);
    const { kept, rebuilt, keptDays, rebuiltDays } = keptAndRebuilt(sqlite);
    expect(kept).toEqual(rebuilt);
    expect(keptDays).toEqual(rebuiltDays);
    const { first, last } = sqlite.prepare('select min(date) as first, max(date) as last from visits').get() as { first: string; last: string };
    for (const p of [
      { from: first, to: last, asOf: last },
      { from: '2024-01-01', to: '2024-12-31', asOf: today },
      { from: '2025-02-14', to: '2025-03-03', asOf: '2025-03-01' },
    ]) {
      expect(await s.stats.summary(actor, p), `${p.from} to ${p.to}`).toEqual(summarise(p, referenceAggregates(sqlite, p)));
    }
  });
});

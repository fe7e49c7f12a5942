/**
 * An import keeps the statistics roll-ups once at its end instead of row by row (on a SQLite
 * file src/main/db/records/sqlite/statsDeferral.ts, on the practice server drizzle/pg/0005): on a
 * real record with visits already counted, the summary after an import equals the slow reference
 * SQL, the roll-ups equal a rebuild from the visits, and the triggers count again the writes that
 * follow.
 */
import { describe, expect, it } from 'vitest';
import { seed } from '../../src/main/seed';
import { summarise } from '../../src/main/stats/summary';
import { engineServices, rawSql } from '../support/engine';
import { keptAndRebuiltOn, referenceOn } from '../support/statsOnEngine';
import { testActor as actor } from '../support/store';

const today = '2025-06-30';

describe('statistics roll-ups of an import', () => {
  it('are added once at its end, over what was counted before, and the triggers count again after it', async () => {
    const s = engineServices();
    const sql = rawSql(s.store);
    await seed(s.store.records, actor, { patients: 25, seed: 7, today });
    // A visit written between the imports, by the services, for a patient of the first import.
    const patientId = (await sql.value<number>(`select id from patients where sex = 'female' and date_of_birth < '1990-01-01' order by id limit 1`))!;
    const clinicianId = (await sql.value<number>(`select id from clinicians where role = 'dermatologist' order by id limit 1`))!;
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
    const before = await sql.value<number>('select max(id) from visits');

    const second = await seed(s.store.records, actor, { patients: 25, seed: 8, today });
    expect(second.imported.visits).toBeGreaterThan(100);
    expect(await sql.value('select count(*) from visits where id > ?', before)).toBe(second.imported.visits);
    await s.visits.save(actor, visit('2025-03-04'));

    expect(await sql.value(`select count(*) from stats_rollups where grain = 'deferred'`)).toBe(0);
    const { kept, rebuilt, keptDays, rebuiltDays } = await keptAndRebuiltOn(s.store);
    expect(kept).toEqual(rebuilt);
    expect(keptDays).toEqual(rebuiltDays);
    const { first, last } = (await sql.get<{ first: string; last: string }>('select min(date) as first, max(date) as last from visits'))!;
    const periods = [
      { from: first, to: last, asOf: last },
      { from: '2024-01-01', to: '2024-12-31', asOf: today },
      { from: '2025-02-14', to: '2025-03-03', asOf: '2025-03-01' },
    ];
    const reference = await referenceOn(s.store, periods);
    for (const [i, p] of periods.entries()) {
      expect(await s.stats.summary(actor, p), `${p.from} to ${p.to}`).toEqual(summarise(p, reference[i]!));
    }
  });
});

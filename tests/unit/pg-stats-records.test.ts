/**
 * The statistics on the practice server (src/main/db/records/pg/stats.ts) against SQLite's, on
 * the same practice: seeded on both engines through the importer (its roll-ups deferred and
 * caught up), and copied row by row into a server database whose triggers count each row as it
 * arrives (tests/support/pgCopy.ts). The same calls must give the same figures and rows, in the
 * same order: a whole year, all years, periods cutting months at one end or both, within one
 * month, an empty period, and random ones. Also the deferral itself: after rows already
 * counted, and when the deferred work fails.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PoolClient } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type SqliteStore } from '../../src/main/db/open';
import * as pgSchema from '../../src/main/db/pg/schema';
import type { StatsPeriod, StatsReads, StatsWrites } from '../../src/main/db/records/contract';
import { everyOf } from '../../src/main/db/records/counted';
import { openServerStore, type ServerStore } from '../../src/main/db/records/pg';
import { statsRepository } from '../../src/main/db/records/pg/statsReads';
import { seed, type SeedOptions } from '../../src/main/seed';
import { copyToServer } from '../support/pgCopy';
import { testDatabase } from '../support/pgDatabase';
import { assertProperty } from '../support/property';
import { tempDir, testActor as actor } from '../support/store';

const today = '2026-06-15';

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const files: SqliteStore[] = [];
const servers: ServerStore[] = [];
afterEach(async () => {
  while (files.length) files.pop()!.close();
  // Ended here, before the test's databases are dropped under them.
  while (servers.length) await servers.pop()!.pool.end();
});

/** A seeded practice in a new SQLite file, closed after the test. */
async function seededFile(options: Omit<SeedOptions, 'today'>): Promise<SqliteStore> {
  const store = openStore(join(tempDir(), 'milia.db'), { create: true });
  files.push(store);
  await seed(store.records, actor, { ...options, today });
  return store;
}

/** A new database on the test server, migrated by the app's own opening; its pool ended after the test. */
async function emptyServer(): Promise<ServerStore> {
  const store = await openServerStore(await testDatabase());
  servers.push(store);
  return store;
}

/** The same practice seeded on the server: the importer's path, its roll-ups deferred and caught up. */
async function seededServer(options: Omit<SeedOptions, 'today'>): Promise<ServerStore> {
  const store = await emptyServer();
  await seed(store.records, actor, { ...options, today });
  return store;
}

/** The repository in one transaction on a connection of its own, as a unit of pg/index.ts runs it, with the connection for raw SQL. */
async function onServer<T>(store: ServerStore, work: (stats: StatsReads & StatsWrites, client: PoolClient) => Promise<T>): Promise<T> {
  const client = await store.pool.connect();
  try {
    await client.query('begin');
    try {
      const value = await work(statsRepository(drizzle(client, { schema: pgSchema })), client);
      await client.query('commit');
      return value;
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * The file's rows copied into the server, each counted by the roll-up triggers as it arrives
 * (or, with `deferred`, inside withRollupsDeferred). A seeded visit is signed, and the server
 * refuses findings for a signed visit: that refusal is off for the copy only.
 */
async function copied(file: SqliteStore, deferred = false): Promise<ServerStore> {
  const store = await emptyServer();
  await onServer(store, async (stats, client) => {
    const refusals = ['presentations', 'treatments'].map((table) => `alter table ${table} disable trigger ${table}_signed`);
    for (const text of refusals) await client.query(text);
    const copy = () => copyToServer(file.sqlite, drizzle(client, { schema: pgSchema }));
    await (deferred ? stats.withRollupsDeferred(copy) : copy());
    for (const text of refusals) await client.query(text.replace('disable', 'enable'));
  });
  return store;
}

/** Everything the statistics read for a period, on SQLite: `eachTreatment` read whole, as an export reads it. */
function fileFigures(file: SqliteStore, p: StatsPeriod) {
  return file.records.read(async (tx) => {
    const each = await tx.stats.eachTreatment(p);
    return { aggregates: await tx.stats.aggregates(p), treatments: await tx.stats.treatments(p), each: { length: each.length, rows: await everyOf(each) } };
  });
}

/** The same on the server, in a read unit of its own. */
function serverFigures(store: ServerStore, p: StatsPeriod) {
  return store.records.read(async (tx) => {
    const each = await tx.stats.eachTreatment(p);
    return { aggregates: await tx.stats.aggregates(p), treatments: await tx.stats.treatments(p), each: { length: each.length, rows: await everyOf(each) } };
  });
}

/** The first and last visit days of the file. */
function visitDays(file: SqliteStore): { first: string; last: string } {
  return file.sqlite.prepare('select min(date) as first, max(date) as last from visits').get() as { first: string; last: string };
}

/** Fixed periods over a practice's visits: the shapes the spans treat apart. */
function periodsOf({ first, last }: { first: string; last: string }): StatsPeriod[] {
  const year = Number(last.slice(0, 4)) - 1;
  const asOf = addDays(last, -40);
  return [
    { from: `${year}-01-01`, to: `${year}-12-31`, asOf: today },
    { from: '1900-01-01', to: '2999-12-31', asOf: today },
    { from: first, to: last, asOf },
    { from: `${year - 1}-03-17`, to: `${year}-08-09`, asOf },
    { from: `${year - 1}-11-30`, to: `${year + 1}-01-01`, asOf },
    { from: `${year}-02-10`, to: `${year}-02-20`, asOf: `${year}-02-15` },
    { from: `${year}-02-01`, to: `${year}-02-28`, asOf },
    { from: `${year}-01-31`, to: `${year}-03-01`, asOf },
    { from: `${year}-12-31`, to: `${year}-12-31`, asOf },
    { from: '1990-01-01', to: '1990-12-31', asOf: today },
  ];
}

/** A period that often cuts a month at one end or both, around the practice's visits. */
const randomPeriod = ({ first, last }: { first: string; last: string }) => {
  const span = (Date.parse(last) - Date.parse(first)) / 86_400_000;
  return fc
    .record({
      start: fc.integer({ min: -40, max: span + 40 }),
      length: fc.oneof(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: span + 80 })),
      asOf: fc.integer({ min: -40, max: span + 80 }),
    })
    .map(({ start, length, asOf }) => ({ from: addDays(first, start), to: addDays(first, start + length), asOf: addDays(first, asOf) }));
};

/** A visit more, of the first patient, with a destruction of 16 lesions and a completed follow-up: SQL that both engines take. */
const added = [
  `insert into visits (key, patient_id, date, clinician_id, created_by, updated_by)
     select 'added-' || (select count(*) from visits), min(id), '2026-02-27', (select min(id) from clinicians), 'test', 'test' from patients`,
  `insert into treatments (visit_id, position, kind, site, lesions_treated, performed_by)
     select max(id), 0, 'curettage', 'nose', 16, (select min(id) from clinicians) from visits`,
  `insert into follow_ups (visit_id, position, due_date, status, outcome, completed_date, updated_by)
     select id, 0, date, 'completed', 'cleared', date, 'test' from visits where id = (select max(id) from visits)`,
];

describe('statistics on the practice server', () => {
  it('give the same figures and rows as SQLite for whole years, all years, periods cutting months and an empty period, counted or deferred', async () => {
    const practice = { patients: 60, seed: 7 };
    const file = await seededFile(practice);
    const [imported, counted] = [await seededServer(practice), await copied(file)];
    const periods = periodsOf(visitDays(file));
    for (const p of periods) {
      const expected = await fileFigures(file, p);
      expect(await serverFigures(imported, p), `imported, ${p.from} to ${p.to}, asOf ${p.asOf}`).toEqual(expected);
      expect(await serverFigures(counted, p), `counted, ${p.from} to ${p.to}, asOf ${p.asOf}`).toEqual(expected);
    }
    // The periods are not all empty: figures of every kind, rows and overdue follow-ups.
    const all = await fileFigures(file, periods[1]!);
    expect(all.aggregates.visits).toBeGreaterThan(100);
    expect(all.treatments.length).toBeGreaterThan(100);
    expect(all.aggregates.treatmentsByMonth.length).toBeGreaterThan(12);
    expect(Object.values(all.aggregates.procedureCodes).filter((n) => n > 0).length).toBeGreaterThan(2);
    expect(all.aggregates.outcomesByKind.length).toBeGreaterThan(0);
    const overdue = await Promise.all(periods.map(async (p) => (await fileFigures(file, p)).aggregates.followUps.some((f) => f.overdue > 0)));
    expect(overdue).toContain(true);
    expect((await fileFigures(file, periods.at(-1)!)).aggregates.visits).toBe(0);
  });

  it('give the same figures and rows as SQLite for random periods', async () => {
    const practice = { patients: 40, seed: 12 };
    const file = await seededFile(practice);
    const server = await seededServer(practice);
    await assertProperty(
      fc.asyncProperty(randomPeriod(visitDays(file)), async (p) => {
        expect(await serverFigures(server, p), `${p.from} to ${p.to}, asOf ${p.asOf}`).toEqual(await fileFigures(file, p));
      }),
      { numRuns: 80 },
    );
  });

  it('give the figures with the roll-ups deferred that they give counted row by row, and as SQLite does', async () => {
    const file = await seededFile({ patients: 40, seed: 3 });
    const [counted, deferred] = [await copied(file), await copied(file, true)];
    // A visit more deferred after rows already counted, then that visit again counted as it arrives.
    for (const text of [...added, ...added]) await counted.pool.query(text);
    await onServer(deferred, (stats, client) =>
      stats.withRollupsDeferred(async () => {
        for (const text of added) await client.query(text);
      }),
    );
    for (const text of added) await deferred.pool.query(text);
    for (const text of [...added, ...added]) file.sqlite.exec(text);
    for (const p of [...periodsOf(visitDays(file)), { from: '2026-02-01', to: '2026-02-27', asOf: today }]) {
      const expected = await fileFigures(file, p);
      expect(await serverFigures(counted, p), `counted, ${p.from} to ${p.to}`).toEqual(expected);
      expect(await serverFigures(deferred, p), `deferred, ${p.from} to ${p.to}`).toEqual(expected);
    }
  });

  it('count what deferred work wrote before it failed, when its caller keeps it; a database error is the one told', async () => {
    const file = await seededFile({ patients: 10, seed: 5 });
    const [counted, deferred] = [await copied(file), await copied(file)];
    for (const text of added) await counted.pool.query(text);
    await onServer(deferred, async (stats, client) => {
      const failed = stats.withRollupsDeferred(async () => {
        for (const text of added) await client.query(text);
        throw new Error('the work gave up');
      });
      await expect(failed).rejects.toThrow('the work gave up');
    });
    const p = { from: '1900-01-01', to: '2999-12-31', asOf: today };
    expect(await serverFigures(deferred, p)).toEqual(await serverFigures(counted, p));
    // A statement refused inside the work aborts the transaction: its own error reaches the caller, not the catch-up's.
    const refused = onServer(deferred, (stats, client) => stats.withRollupsDeferred(() => client.query('select 1 / 0')));
    await expect(refused).rejects.toThrow('division by zero');
    expect(await serverFigures(deferred, p)).toEqual(await serverFigures(counted, p));
  });
});

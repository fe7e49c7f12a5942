/**
 * The statistics roll-ups on the practice server (drizzle/pg/0003_statistics.sql) against the
 * SQLite file's (migrations 0009 and 0012), on a real PostgreSQL server: random practices written
 * through the services on SQLite, then copied row by row into a fresh SQLite file and a fresh
 * server database, so both engines' triggers see the same rows arrive; then the same random
 * changes on both. The roll-ups must be the same rows, zero sums and all, and stay so. Also the
 * importer's deferral: the same copy deferred, then caught up, on both.
 */
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresentationInput } from '@shared/schemas';
import type { Site, TreatmentKind } from '@shared/vocabulary';
import { openStore } from '../../src/main/db/open';
import { openServerDatabase, type ServerDatabase } from '../../src/main/db/pg/migrate';
import { statsDeferral } from '../../src/main/db/records/sqlite/statsDeferral';
import { copyToFile, copyToServer } from '../support/pgCopy';
import { testDatabase } from '../support/pgDatabase';
import { assertProperty } from '../support/property';
import { addDays, followUpInput, sideOf, treatmentInput } from '../support/statsInputs';
import { tempDir, testActor as actor, testServices } from '../support/store';

const sites: Site[] = ['forehead', 'nose', 'cheek', 'chin', 'trunk', 'upper_limb'];
const kinds: TreatmentKind[] = ['observation', 'extraction', 'curettage', 'cryotherapy', 'chemical_peel', 'topical_retinoid'];
const outcomes = ['cleared', 'improved', 'unchanged', 'worsened', 'recurred'];

/** Days over about a year, few enough that visits share days and months. */
const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2025-01-20', n));

const findings = fc.record({
  presentations: fc.array(
    fc.record({ type: fc.constantFrom('primary', 'secondary'), site: fc.constantFrom(...sites), count: fc.integer({ min: 1, max: 9 }), flagged: fc.boolean() }),
    { maxLength: 2 },
  ),
  treatments: fc.array(
    fc.record({
      kind: fc.constantFrom(...kinds),
      site: fc.constantFrom(...sites),
      lesions: fc.integer({ min: 1, max: 9 }),
      by: fc.integer({ min: 0, max: 1 }),
      depth: fc.constantFrom('epidermal', 'dermal'),
    }),
    { maxLength: 4 },
  ),
  followUps: fc.array(
    fc.record({
      after: fc.integer({ min: 0, max: 60 }),
      status: fc.constantFrom('scheduled', 'completed', 'missed'),
      outcome: fc.constantFrom(...outcomes),
    }),
    { maxLength: 2 },
  ),
});

/** A visit, or (again) the same input saved over an earlier draft of the practice. */
const visit = fc.record({ patient: fc.integer({ min: 0, max: 3 }), date: day, findings, again: fc.option(fc.nat(), { freq: 4 }) });
type Visit = typeof visit extends fc.Arbitrary<infer V> ? V : never;

/** A statement on one row of `table` (its id the last "?", drawn by index), or on one visit's rows. */
const on = (table: string, text: string, values: fc.Arbitrary<(string | number)[]> = fc.constant([])) =>
  fc.record({ table: fc.constant(table), text: fc.constant(text), values, row: fc.nat() });
const one = <T extends string | number>(arbitrary: fc.Arbitrary<T>) => arbitrary.map((v): (string | number)[] => [v]);
const change = fc.oneof(
  on('treatments', 'update treatments set kind = ? where id = ?', one(fc.constantFrom(...kinds))),
  on('treatments', 'update treatments set site = ? where id = ?', one(fc.constantFrom(...sites))),
  on('treatments', 'update treatments set lesions_treated = ? where id = ?', one(fc.integer({ min: 0, max: 20 }))),
  on('treatments', 'delete from treatments where id = ?'),
  on('follow_ups', "update follow_ups set status = 'completed', outcome = ?, completed_date = due_date where id = ?", one(fc.constantFrom(...outcomes))),
  on('follow_ups', 'delete from follow_ups where id = ?'),
  on('presentations', 'update presentations set count = ? where id = ?', one(fc.integer({ min: 1, max: 9 }))),
  on('presentations', 'delete from presentations where id = ?'),
  on('follow_ups', 'update follow_ups set due_date = ? where id = ?', one(day)),
  on('visits', 'update visits set patient_id = (select max(id) from patients) where id = ?'),
  on('visits', 'update visits set date = ? where id = ?', one(day)),
  on('visits', 'delete from visits where id = ?'),
  // Several rows of one visit in one statement: PostgreSQL fires row-level AFTER triggers at the statement's end.
  on('visits', 'delete from treatments where visit_id = ?'),
  on('visits', "update follow_ups set status = 'completed', outcome = 'cleared', completed_date = due_date where visit_id = ?"),
  on('visits', "update treatments set kind = 'curettage' where visit_id = ?"),
);

/** A practice written through the services (drafts saved, some saved again), its file. */
async function practice(visits: Visit[]) {
  const s = testServices();
  const clinicians: { id: number }[] = [];
  for (const name of ['Dr Ada Okafor', 'Nurse Per Lindqvist'])
    clinicians.push(await s.clinicians.save(actor, { name, role: name.startsWith('Dr') ? 'dermatologist' : 'nurse' }));
  const patients: { id: number }[] = [];
  for (const givenName of ['Ann', 'Bea', 'Cy', 'Dee'])
    patients.push(await s.patients.create(actor, { givenName, familyName: 'Tester', dateOfBirth: '1980-01-01', sex: 'female' }));
  const saved: { id: number; patient: number }[] = [];
  for (const v of visits) {
    const f = v.findings;
    const earlier = v.again === null || saved.length === 0 ? undefined : saved[v.again % saved.length]!;
    const input = {
      ...(earlier ? { id: earlier.id } : {}),
      patientId: patients[earlier?.patient ?? v.patient]!.id,
      date: v.date,
      clinicianId: clinicians[0]!.id,
      pregnancyStatus: 'neither' as const,
      presentations: f.presentations.map(
        ({ type, site, count, flagged }) =>
          ({
            type,
            site,
            count,
            ...(sideOf(site) ? { side: sideOf(site) } : {}),
            ...(type === 'secondary' ? { triggers: ['burn'] } : {}),
            ...(flagged ? { redFlags: ['growth'], decision: 'biopsy' } : {}),
          }) as PresentationInput,
      ),
      treatments: f.treatments.map((t) => treatmentInput(t, clinicians)),
      followUps: f.followUps.map((u) => followUpInput(u, v.date)),
    };
    const { id } = await s.visits.save(actor, input);
    if (!earlier) saved.push({ id, patient: v.patient });
  }
  return s.store.sqlite;
}

const opened: { close(): void }[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

/** A new migrated SQLite file, closed after the test. */
function emptyFile(): Database.Database {
  const store = openStore(join(tempDir(), 'copy.db'), { create: true });
  opened.push(store);
  return store.sqlite;
}

async function emptyServer(): Promise<ServerDatabase> {
  return openServerDatabase(await testDatabase());
}

const rollups = 'select grain, figure, bucket, a, b, n, m, r from stats_rollups';
const days = 'select patient_id, kind, date, prev_date from stats_patient_days';

function fileTables(file: Database.Database) {
  // SQLite orders text by its bytes, as collate "C" does on the server.
  return { rollups: file.prepare(`${rollups} order by 1, 2, 3, 4, 5`).all(), days: file.prepare(`${days} order by 1, 2, 3`).all() };
}

async function serverTables({ pool }: ServerDatabase) {
  const c = ' collate "C"';
  return {
    rollups: (await pool.query(`${rollups} order by grain${c}, figure${c}, bucket${c}, a${c}, b${c}`)).rows,
    days: (await pool.query(`${days} order by patient_id, kind${c}, date${c}`)).rows,
  };
}

/** The ids of a table's rows, the same on both engines after the copy. */
const idsOf = (file: Database.Database, table: string): number[] => file.prepare(`select id from ${table} order by id`).pluck().all() as number[];

describe('statistics roll-ups on the practice server', () => {
  it('are the same rows as SQLite keeps, after the same rows arrive and the same changes', async () => {
    await assertProperty(
      fc.asyncProperty(fc.array(visit, { minLength: 3, maxLength: 12 }), fc.array(change, { minLength: 4, maxLength: 12 }), async (visits, changes) => {
        const source = await practice(visits);
        const file = emptyFile();
        copyToFile(source, file);
        const server = await emptyServer();
        try {
          await copyToServer(source, server.db);
          expect(await serverTables(server)).toEqual(fileTables(file));
          for (const { table, text, values, row } of changes) {
            const ids = idsOf(file, table);
            if (ids.length === 0) continue;
            const params = [...values, ids[row % ids.length]!];
            file.prepare(text).run(...params);
            let n = 0;
            await server.pool.query(
              text.replace(/\?/g, () => `$${++n}`),
              params,
            );
            expect(await serverTables(server), `${text} ${params.join(', ')}`).toEqual(fileTables(file));
          }
        } finally {
          await server.pool.end();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('stay the same when one statement changes several rows of one visit', async () => {
    // Curettage of 8 and 9 lesions (17111 together, 17110 apart) and two follow-ups still to come:
    // each row of these statements changes what the visit earns as a whole.
    const twice = <T>(x: T) => [x, x];
    const source = await practice([
      {
        patient: 0,
        date: '2025-03-14',
        again: null,
        findings: {
          presentations: [],
          treatments: [8, 9].map((lesions) => ({ kind: 'curettage' as const, site: 'nose' as const, lesions, by: 0, depth: 'dermal' as const })),
          followUps: twice({ after: 20, status: 'scheduled' as const, outcome: 'cleared' }),
        },
      },
    ]);
    const file = emptyFile();
    copyToFile(source, file);
    const server = await emptyServer();
    try {
      await copyToServer(source, server.db);
      for (const text of [
        "update follow_ups set status = 'completed', outcome = 'improved', completed_date = due_date",
        "update treatments set kind = 'extraction'",
        "update follow_ups set status = 'missed', outcome = null, completed_date = null",
        'delete from treatments',
      ]) {
        file.exec(text);
        await server.pool.query(text);
        expect(await serverTables(server), text).toEqual(fileTables(file));
      }
    } finally {
      await server.pool.end();
    }
  });

  it('deferred for a copy, then caught up, are the same rows as SQLite catches up', async () => {
    await assertProperty(
      fc.asyncProperty(fc.array(visit, { minLength: 1, maxLength: 12 }), day, async (visits, date) => {
        const source = await practice(visits);
        const file = emptyFile();
        const server = await emptyServer();
        // A new visit of the first patient with a curettage and a completed follow-up: new ids on
        // both engines (the server's sequences were advanced by the copy).
        const added = [
          `insert into visits (key, patient_id, date, clinician_id, created_by, updated_by)
             select 'added-' || (select count(*) from visits), min(id), '${date}', (select min(id) from clinicians), 'test', 'test' from patients`,
          `insert into treatments (visit_id, position, kind, site, lesions_treated, performed_by)
             select max(id), 0, 'curettage', 'nose', 16, (select min(id) from clinicians) from visits`,
          `insert into follow_ups (visit_id, position, due_date, status, outcome, completed_date, updated_by)
             select id, 0, date, 'completed', 'cleared', date, 'test' from visits where id = (select max(id) from visits)`,
        ];
        const newest = (file: Database.Database) => file.prepare('select coalesce(max(id), 0) from visits').pluck().get() as number;
        try {
          // The whole copy deferred, then one visit more deferred after rows already counted
          // (only what came after is caught up), then one more counted as it arrives.
          const deferral = statsDeferral(file);
          file.exec('begin');
          await deferral.withRollupsDeferred(async () => copyToFile(source, file));
          await deferral.withRollupsDeferred(async () => added.forEach((text) => file.exec(text)));
          added.forEach((text) => file.exec(text));
          file.exec('commit');
          await server.db.transaction(async (tx) => {
            await tx.execute(sql`set local milia.defer_stats = 'on'`);
            await copyToServer(source, tx);
            await tx.execute(sql`select milia_stats_catch_up(0)`);
            const since = newest(source);
            await tx.execute(sql`set local milia.defer_stats = 'on'`);
            for (const text of added) await tx.execute(sql.raw(text));
            await tx.execute(sql`select milia_stats_catch_up(${since})`);
            for (const text of added) await tx.execute(sql.raw(text));
          });
          expect(await serverTables(server)).toEqual(fileTables(file));
        } finally {
          await server.pool.end();
        }
      }),
      { numRuns: 5 },
    );
  });
});

/**
 * The practice server's schema on a real PostgreSQL server (the run's throw-away cluster): its
 * migrations, the same tables and columns as the SQLite file, the refusals its constraints and
 * triggers make, and the refusal of a database migrated by a newer version.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableColumns, getTableName, is, Table, type Column as Column_, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { Client } from 'pg';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { findMigrationsFolder, openStore, readJournal } from '../../src/main/db/open';
import { findServerMigrationsFolder, openServerDatabase, shownUrl } from '../../src/main/db/pg/migrate';
import * as pgSchema from '../../src/main/db/pg/schema';
import * as sqliteSchema from '../../src/main/db/schema';
import { testDatabase } from '../support/pgDatabase';
import { tempDir } from '../support/store';

const serverFolder = findServerMigrationsFolder();
const serverJournal = readJournal(serverFolder);

/** Runs `work` with a connection to the database at `url`. */
async function connected<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A migrated database, its URL. */
async function migrated(): Promise<string> {
  const url = await testDatabase();
  const { pool } = await openServerDatabase(url);
  await pool.end();
  return url;
}

type Column = { table: string; column: string; type: string; nullable: boolean };

/** Each table's row as drizzle selects it and as it inserts it. */
type Rows<Schema> = {
  [K in keyof Schema as Schema[K] extends Table ? K : never]: Schema[K] extends Table ? [InferSelectModel<Schema[K]>, InferInsertModel<Schema[K]>] : never;
};

async function serverColumns(client: Client): Promise<Column[]> {
  const { rows } = await client.query<{ table: string; column: string; type: string; nullable: boolean }>(
    `select table_name as table, column_name as column, data_type as type, is_nullable = 'YES' as nullable
       from information_schema.columns c
      where table_schema = 'public'
        -- The record's tables: the statistics triggers' views (drizzle/pg/0003) are not the file's.
        and exists (select 1 from information_schema.tables t where t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE')
      order by table_name, column_name`,
  );
  return rows;
}

/** The SQLite file's tables that only its own search needs: PostgreSQL searches with unaccent and pg_trgm instead. */
const sqliteSearchTables = /^(patient_search(_\w+)?|patient_words|patient_prefixes)$/;

/** Each SQLite storage class and the PostgreSQL types that hold its values here. */
const sameValues: Record<string, string[]> = { INTEGER: ['integer', 'boolean'], TEXT: ['text'], REAL: ['double precision'], BLOB: ['bytea'] };

/** The code of a refusal by PostgreSQL (SQLSTATE) with its message. */
async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string; constraint?: string }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e as { code: string; message: string; constraint?: string },
  );
  if (error === null) throw new Error('the statement was accepted');
  return { code: error.code, message: error.message, ...(error.constraint ? { constraint: error.constraint } : {}) };
}

describe('the practice server schema', () => {
  it('migrates an empty database: the extensions, then the record, then its triggers', async () => {
    const url = await migrated();
    await connected(url, async (client) => {
      const tables = (
        await client.query<{ name: string }>(
          "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
        )
      ).rows;
      expect(tables.map((t) => t.name)).toEqual([
        'addenda',
        'audit_log',
        'clinicians',
        'follow_ups',
        'handouts',
        'patients',
        'presentations',
        'settings',
        'stats_patient_days',
        'stats_rollups',
        'treatments',
        'users',
        'visits',
      ]);
      const applied = await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
      expect(applied.rows[0]!.n).toBe(serverJournal.length);
      expect(serverJournal.map((e) => e.tag)).toEqual([
        '0000_extensions',
        '0001_initial',
        '0002_integrity',
        '0003_statistics',
        '0004_patient_search',
        '0005_stats_catch_up_set',
        '0006_stats_codes_generic_plan',
      ]);
    });
  });

  it('has every table and column of a migrated SQLite file, with the same nullability and values of the same kind', async () => {
    const path = join(tempDir(), 'milia.db');
    const store = openStore(path, { create: true });
    let expected: Column[];
    try {
      const tables = store.sqlite
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name")
        .pluck()
        .all() as string[];
      expected = tables
        .filter((t) => !sqliteSearchTables.test(t))
        .flatMap((table) =>
          (store.sqlite.pragma(`table_info(${table})`) as Array<{ name: string; type: string; notnull: number; pk: number }>).map((c) => ({
            table,
            column: c.name,
            type: c.type,
            // SQLite lets an INTEGER PRIMARY KEY be given as null (it picks the id); PostgreSQL's identity does the same with NOT NULL.
            nullable: c.notnull === 0 && !(c.pk > 0),
          })),
        )
        .sort((a, b) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column));
    } finally {
      store.close();
    }
    const actual = await connected(await migrated(), serverColumns);
    expect(actual.map(({ table, column, nullable }) => ({ table, column, nullable }))).toEqual(
      expected.map(({ table, column, nullable }) => ({ table, column, nullable })),
    );
    for (const [i, column] of actual.entries()) expect(sameValues[expected[i]!.type], `${column.table}.${column.column}`).toContain(column.type);
  });

  it('gives drizzle the same tables and columns as the SQLite schema: names, codes, kinds of value, and row types', () => {
    /** What the code above sees of a column; JSON and bytes are custom columns on PostgreSQL. */
    const kind = (c: Column_) => (c.dataType === 'custom' ? (c.getSQLType() === 'bytea' ? 'buffer' : 'json') : c.dataType);
    const describeSchema = (schema: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(schema)
          .filter((entry): entry is [string, Table] => is(entry[1], Table))
          .map(([key, table]) => [
            `${key} ${getTableName(table)}`,
            Object.entries(getTableColumns(table)).map(
              ([property, c]) =>
                `${property} ${c.name} ${kind(c)} ${c.notNull ? 'not null' : 'null'}${c.hasDefault ? ' default' : ''}${c.primary ? ' primary' : ''} ${c.enumValues?.join('|') ?? ''}`,
            ),
          ]),
      );
    expect(describeSchema(pgSchema)).toEqual(describeSchema(sqliteSchema));
    // The rows the record layer reads and writes are of one type on both engines (checked by `npm run typecheck`).
    expectTypeOf<Rows<typeof pgSchema>>().toEqualTypeOf<Rows<typeof sqliteSchema>>();
  });

  it('installs unaccent and pg_trgm for patient search', async () => {
    await connected(await migrated(), async (client) => {
      const { rows } = await client.query<{ extname: string }>("select extname from pg_extension where extname in ('unaccent', 'pg_trgm') order by 1");
      expect(rows.map((r) => r.extname)).toEqual(['pg_trgm', 'unaccent']);
      const folded = await client.query<{ name: string; close: boolean }>(
        "select unaccent('Zoë Nguyễn') as name, similarity('nguyen', 'nguyenn') > 0.5 as close",
      );
      expect(folded.rows[0]).toEqual({ name: 'Zoe Nguyen', close: true });
    });
  });

  describe('refusals', () => {
    /** A migrated database holding one clinician, one patient and a draft visit, each of id 1 (the first an identity gives). */
    async function withVisit(work: (client: Client) => Promise<void>): Promise<void> {
      await connected(await migrated(), async (client) => {
        await client.query(`
          insert into clinicians (key, name, role) values ('c1', 'Dr A', 'dermatologist');
          insert into patients (mrn, given_name, family_name, search_name, date_of_birth, sex) values ('A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female');
          insert into visits (key, patient_id, date, clinician_id, created_by, updated_by) values ('v1', 1, '2026-01-02', 1, 't', 't');`);
        await work(client);
      });
    }

    it('refuses what the CHECK constraints refuse on the SQLite file', async () => {
      await withVisit(async (client) => {
        const presentation = (count: number) =>
          client.query("insert into presentations (visit_id, position, type, site, count) values (1, 0, 'primary', 'cheek', $1)", [count]);
        expect(await refusal(presentation(0))).toMatchObject({ code: '23514', constraint: 'presentations_count' });
        await presentation(500);
        expect(await refusal(client.query('update patients set fitzpatrick = 7 where id = 1'))).toMatchObject({ constraint: 'patients_fitzpatrick' });
        expect(
          await refusal(
            client.query("insert into follow_ups (visit_id, position, due_date, status, updated_by) values (1, 0, '2026-02-01', 'completed', 't')"),
          ),
        ).toMatchObject({ constraint: 'follow_ups_outcome' });
        expect(
          await refusal(
            client.query(
              "insert into handouts (visit_id, created_by, sha256, size, large_print, paper_size, pdf) values (1, 't', 'x', 1, false, 'x', '\\x25'::bytea)",
            ),
          ),
        ).toMatchObject({ code: '23514', constraint: 'handouts_paper_size' });
        expect(
          await refusal(
            client.query(
              "insert into patients (mrn, given_name, family_name, search_name, date_of_birth, sex) values ('a1', 'B', 'C', 'b c', '1990-01-01', 'male')",
            ),
          ),
        ).toMatchObject({
          code: '23505',
          constraint: 'patients_mrn',
        });
      });
    });

    it('keeps the audit trail append-only and sealed', async () => {
      await withVisit(async (client) => {
        await client.query("insert into audit_log (at, actor, action, entity, hash) values ('2026-01-02T00:00:00.000Z', 'T', 'read', 'patient', 'h1')");
        const changed = { code: 'P0001', message: 'Milia Notes: the audit trail cannot be changed.' };
        expect(await refusal(client.query("update audit_log set detail = 'x'"))).toEqual(changed);
        expect(await refusal(client.query('delete from audit_log'))).toEqual(changed);
        expect(await refusal(client.query('truncate audit_log'))).toEqual(changed);
        expect(
          await refusal(client.query("insert into audit_log (at, actor, action, entity) values ('2026-01-02T00:00:00.000Z', 'T', 'read', 'patient')")),
        ).toEqual({
          code: 'P0001',
          message: 'Milia Notes: an audit row must arrive sealed.',
        });
        const rows = await client.query<{ detail: string; hash: string }>('select detail, hash from audit_log');
        expect(rows.rows).toEqual([{ detail: '', hash: 'h1' }]);
      });
    });

    it('keeps a signed visit, its presentations and treatments, and its addenda as they are', async () => {
      await withVisit(async (client) => {
        await client.query("insert into presentations (visit_id, position, type, site, count) values (1, 0, 'primary', 'cheek', 3)");
        await client.query("update visits set signed_at = '2026-01-02T10:00:00.000Z', signature_kind = 'signed', signed_by = 'Dr A' where id = 1");
        const signed = { code: 'P0001', message: 'Milia Notes: this visit is signed and cannot change; add an addendum instead.' };
        expect(await refusal(client.query("update visits set notes = 'x' where id = 1"))).toEqual(signed);
        expect(await refusal(client.query('delete from visits where id = 1'))).toEqual(signed);
        expect(await refusal(client.query('update presentations set count = 4 where id = 1'))).toEqual(signed);
        expect(await refusal(client.query('delete from presentations where id = 1'))).toEqual(signed);
        expect(await refusal(client.query("insert into presentations (visit_id, position, type, site, count) values (1, 1, 'primary', 'cheek', 1)"))).toEqual(
          signed,
        );
        expect(
          await refusal(
            client.query("insert into treatments (visit_id, position, kind, site, lesions_treated, performed_by) values (1, 0, 'extraction', 'cheek', 1, 1)"),
          ),
        ).toEqual(signed);
        expect(
          await refusal(
            client.query(
              "insert into addenda (visit_id, text, author_name, signed_at, presentation_id) values (1, 'x', 'Dr A', '2026-01-03T00:00:00.000Z', 1)",
            ),
          ),
        ).toEqual({ code: 'P0001', message: 'Milia Notes: a decision addendum names a presentation of its own visit and the decision.' });
        await client.query(
          "insert into addenda (visit_id, text, author_name, signed_at, presentation_id, decision) values (1, 'x', 'Dr A', '2026-01-03T00:00:00.000Z', 1, 'biopsy')",
        );
        const addendum = { code: 'P0001', message: 'Milia Notes: an addendum is signed and cannot change; add another addendum instead.' };
        expect(await refusal(client.query("update addenda set text = 'y'"))).toEqual(addendum);
        expect(await refusal(client.query('delete from addenda'))).toEqual(addendum);
      });
    });
  });

  it('reads back through drizzle, and holds as text, what the SQLite file does for the same rows', async () => {
    const { pool, db } = await openServerDatabase(await testDatabase());
    const store = openStore(join(tempDir(), 'milia.db'), { create: true });
    try {
      const file = drizzleSqlite(store.sqlite, { schema: sqliteSchema });
      const pdf = Buffer.from('%PDF-1.7\n\u0000\u00ff', 'latin1');
      const rows = {
        clinician: { key: 'c1', name: 'Dr Ada Okafor', role: 'dermatologist' as const },
        patient: { mrn: 'MRN-0042', givenName: 'Zoë', familyName: 'Nguyễn', searchName: 'zoe nguyen', dateOfBirth: '1990-01-31', sex: 'female' as const },
        visit: { key: 'v1', patientId: 1, date: '2026-01-02', clinicianId: 1, createdBy: 'Dr A', updatedBy: 'Dr A' },
        presentation: { visitId: 1, position: 0, type: 'primary' as const, site: 'cheek' as const, count: 3, sizeMm: 0.1 + 0.2, redFlags: [] },
        treatment: {
          visitId: 1,
          position: 0,
          kind: 'chemical_peel' as const,
          site: 'cheek' as const,
          lesionsTreated: 3,
          performedBy: 1,
          consent: true,
          details: { z: 1, depth: 'epidermal', a: ['ü', 2] },
        },
        handout: {
          visitId: 1,
          createdBy: 'Nurse',
          sha256: 'abc',
          size: pdf.length,
          largePrint: false,
          paperSize: 'A4' as const,
          kinds: ['chemical_peel' as const],
          pdf,
        },
      };
      // The same calls on either engine: the schemas give drizzle the same row types.
      await db.insert(pgSchema.clinicians).values(rows.clinician);
      await db.insert(pgSchema.patients).values(rows.patient);
      await db.insert(pgSchema.visits).values(rows.visit);
      await db.insert(pgSchema.presentations).values(rows.presentation);
      await db.insert(pgSchema.treatments).values(rows.treatment);
      await db.insert(pgSchema.handouts).values(rows.handout);
      file.insert(sqliteSchema.clinicians).values(rows.clinician).run();
      file.insert(sqliteSchema.patients).values(rows.patient).run();
      file.insert(sqliteSchema.visits).values(rows.visit).run();
      file.insert(sqliteSchema.presentations).values(rows.presentation).run();
      file.insert(sqliteSchema.treatments).values(rows.treatment).run();
      file.insert(sqliteSchema.handouts).values(rows.handout).run();
      const server = await Promise.all([
        db.select().from(pgSchema.clinicians),
        db.select().from(pgSchema.patients),
        db.select().from(pgSchema.visits),
        db.select().from(pgSchema.presentations),
        db.select().from(pgSchema.treatments),
        db.select().from(pgSchema.handouts),
      ]);
      const local = [
        file.select().from(sqliteSchema.clinicians).all(),
        file.select().from(sqliteSchema.patients).all(),
        file.select().from(sqliteSchema.visits).all(),
        file.select().from(sqliteSchema.presentations).all(),
        file.select().from(sqliteSchema.treatments).all(),
        file.select().from(sqliteSchema.handouts).all(),
      ];
      /** A row without its times (the moment each engine wrote it), which must be written as SQLite writes them. */
      const untimed = (table: ReadonlyArray<Record<string, unknown>>) =>
        table.map(({ createdAt, updatedAt, ...rest }) => {
          for (const time of [createdAt, updatedAt]) if (time !== undefined) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          return rest;
        });
      expect(server.map((table) => table.length)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(server.map(untimed)).toEqual(local.map(untimed));
      const stored = await pool.query<{ details: string; red_flags: string }>('select t.details, p.red_flags from treatments t, presentations p');
      expect(stored.rows[0]).toEqual(store.sqlite.prepare('select t.details, p.red_flags from treatments t, presentations p').get());
    } finally {
      store.close();
      await pool.end();
    }
  });

  it('refuses, leaving it as it is, a database that holds other tables', async () => {
    const url = await testDatabase();
    await connected(url, (client) => client.query('create table notes (id integer)'));
    await expect(openServerDatabase(url)).rejects.toMatchObject({
      kind: 'conflict',
      message: `${url} is not a Milia Notes database (it holds other tables). Choose the right database.`,
    });
    await connected(url, async (client) => {
      const { rows } = await client.query<{ name: string }>(
        "select table_schema || '.' || table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
      );
      expect(rows).toEqual([{ name: 'public.notes' }]);
    });
  });

  it('is migrated once when two workstations start at the same moment', async () => {
    const url = await testDatabase();
    const opened = await Promise.all([openServerDatabase(url), openServerDatabase(url)]);
    await Promise.all(opened.map(({ pool }) => pool.end()));
    await connected(url, async (client) => {
      expect((await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')).rows[0]!.n).toBe(serverJournal.length);
    });
  });

  it('changes nothing when the migrations run again', async () => {
    const url = await migrated();
    const state = (client: Client) =>
      Promise.all([serverColumns(client), client.query('select id, hash, created_at from drizzle.__drizzle_migrations order by id').then((r) => r.rows)]);
    const before = await connected(url, state);
    const { pool } = await openServerDatabase(url);
    await pool.end();
    expect(await connected(url, state)).toEqual(before);
  });

  it('refuses, leaving it as it is, a database a newer version has migrated, in the SQLite file’s words without the password', async () => {
    const url = await migrated();
    // This version as if it knew one migration fewer than the database holds.
    const older = join(tempDir(), 'pg');
    cpSync(serverFolder, older, { recursive: true });
    const journalFile = join(older, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, -1);
    writeFileSync(journalFile, JSON.stringify(journal));

    const withPassword = new URL(url);
    withPassword.password = 'secret';
    const shown = shownUrl(withPassword.toString());
    expect(shown).toBe(url);
    await expect(openServerDatabase(withPassword.toString(), { migrationsFolder: older })).rejects.toMatchObject({
      kind: 'conflict',
      message: `${url} was written by a newer version of Milia Notes (schema ${serverJournal.length}; this version knows up to ${serverJournal.length - 1}). It has not been changed. Install the newer version to open it.`,
    });
    await connected(url, async (client) => {
      expect((await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')).rows[0]!.n).toBe(serverJournal.length);
    });
  });
});

describe('the SQLite file beside drizzle/pg', () => {
  it('reads its own migrations only: drizzle/pg is a folder its journal never names', () => {
    const folder = findMigrationsFolder();
    expect(serverFolder).toBe(join(folder, 'pg'));
    const journal = readJournal(folder);
    const migrations = readMigrationFiles({ migrationsFolder: folder });
    expect(migrations.map((m) => m.folderMillis)).toEqual(journal.map((e) => e.when));
    expect(journal.every((e) => !e.tag.includes('/'))).toBe(true);
    const store = openStore(join(tempDir(), 'milia.db'), { create: true });
    try {
      expect(store.sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get()).toBe(journal.length);
      expect(store.sqlite.pragma('user_version', { simple: true })).toBe(journal.length);
    } finally {
      store.close();
    }
  });
});

/** A new, empty database on the test server for each test, dropped after it: real PostgreSQL, never a mock. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterEach, inject } from 'vitest';
import { withDatabase } from './pgTemplate';

const drops: string[] = [];
afterEach(async () => {
  while (drops.length) await admin(`drop database if exists "${drops.pop()!}" with (force)`);
});

/** The test server's superuser URL; fails the test, saying why, when there is no server. */
export function testServerUrl(): string {
  const pg = inject('pg');
  if ('unavailable' in pg) throw new Error(pg.unavailable);
  return pg.url;
}

/** A statement on the server `url` names, in a connection of its own: the rows it gives. */
export async function query<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A statement as the test server's superuser (creating, altering and dropping databases). */
export async function admin(statement: string): Promise<void> {
  await query(testServerUrl(), statement);
}

/** A new database (`t_` and random hex), empty or a copy of a template: its name. */
async function createDatabase(template?: string): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  return name;
}

/** A new database, empty or a copy of a template, dropped after the test; its URL. */
export async function testDatabase(template?: string): Promise<string> {
  const name = await createDatabase(template);
  drops.push(name);
  return withDatabase(testServerUrl(), name);
}

/** The run's migrated template, the database the app leaves after migrating. */
function migratedTemplate(): string {
  const pg = inject('pg');
  if ('unavailable' in pg) throw new Error(pg.unavailable);
  if (!pg.template) throw new Error("This run made no migrated template: run the server engine's tests with MILIA_TEST_ENGINE=pg.");
  return pg.template;
}

/** A new database migrated as the app leaves it, copied from the run's template; its URL. */
export async function migratedTestDatabase(): Promise<string> {
  return testDatabase(migratedTemplate());
}

/** A migrated database that outlives each test, for the tests of a file that share one (made in `beforeAll`): its URL, and its dropping, the caller's. */
export async function sharedMigratedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = await createDatabase(migratedTemplate());
  return { url: withDatabase(testServerUrl(), name), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

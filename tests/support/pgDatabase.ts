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

async function admin(statement: string): Promise<void> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new database (`t_` and random hex), empty or a copy of a template, dropped after the test; its URL. */
export async function testDatabase(template?: string): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  drops.push(name);
  return withDatabase(testServerUrl(), name);
}

/** A new database migrated as the app leaves it, copied from the run's template; its URL. */
export async function migratedTestDatabase(): Promise<string> {
  const pg = inject('pg');
  if ('unavailable' in pg) throw new Error(pg.unavailable);
  if (!pg.template) throw new Error("This run made no migrated template: run the server engine's tests with MILIA_TEST_ENGINE=pg.");
  return testDatabase(pg.template);
}

/** A new, empty database on the test server for each test, dropped after it: real PostgreSQL, never a mock. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterEach, inject } from 'vitest';

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

/** The same server's URL, naming another database. */
const withDatabase = (url: string, name: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

/** A new empty database (`t_` and random hex), dropped after the test; its URL. */
export async function testDatabase(): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(`create database "${name}"`);
  drops.push(name);
  return withDatabase(testServerUrl(), name);
}

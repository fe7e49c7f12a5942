/** A migrated database for a run's tests to copy (CREATE DATABASE … TEMPLATE): a copy takes a fraction of the migrations' time. */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openServerDatabase } from '../../src/main/db/pg/migrate';

/** The same server's URL, naming another database. */
export const withDatabase = (url: string, name: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

async function admin(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createTemplate(url: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `template_${randomBytes(6).toString('hex')}`;
  await admin(url, `create database "${name}"`);
  const { pool } = await openServerDatabase(withDatabase(url, name));
  await pool.end();
  return { name, drop: () => admin(url, `drop database if exists "${name}" with (force)`) };
}

/**
 * "Nothing changed" on either engine: `contentHash` of the SQLite file, or on the practice
 * server the same fingerprint of every row of every table of the record, in a fixed order.
 * Sequences are not rows: PostgreSQL spends an id on an insert that is rolled back, as it may.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../../src/main/db/records';
import { contentHash } from './contentHash';
import { rawSql } from './engine';

export async function recordHash(store: Store, options: { except?: readonly string[] } = {}): Promise<string> {
  if (!('server' in store)) return contentHash(store, options);
  const sql = rawSql(store);
  const except = new Set(options.except ?? []);
  const hash = createHash('sha256');
  const tables = await sql.column<string>(
    `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name collate "C"`,
  );
  for (const table of tables.filter((t) => !except.has(t))) {
    const columns = await sql.value<number>('select count(*) from information_schema.columns where table_schema = current_schema() and table_name = ?', table);
    const order = Array.from({ length: columns ?? 0 }, (_, i) => i + 1).join(', ');
    hash.update(`\0table ${table}\0`);
    for (const row of await sql.all(`select * from "${table}" order by ${order}`)) {
      for (const value of Object.values(row)) {
        if (Buffer.isBuffer(value)) hash.update(`\0blob ${value.length}\0`).update(value);
        else hash.update(`\0${value === null ? 'null' : typeof value} ${String(value)}`);
      }
      hash.update('\0row');
    }
  }
  return hash.digest('hex');
}

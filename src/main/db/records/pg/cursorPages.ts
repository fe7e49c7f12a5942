/**
 * A query's rows read through a cursor on the unit's own connection, a page at a time: an
 * export of years of statistics or of the trail never holds them all. The cursor is opened when
 * the first page is asked for, so the unit's other reads (a workbook's summary) go before it,
 * and closed when the pages end or are left: the connection's next query (the unit's COMMIT or
 * ROLLBACK) would otherwise wait behind it for good.
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import type { ServerDb } from './patientSearch';

/** A unit's database: drizzle over the connection the unit holds (index.ts), which a cursor needs. */
export type UnitDb = ServerDb & { $client: PoolClient };

/** Rows a page: a few hundred kB, and few round trips even to a server across the network. */
export const pageRows = 1000;

const dialect = new PgDialect();

/** The rows of `query`, whose columns are named as `T`'s keys, in pages of `pageRows`. */
export function cursorPages<T>(db: UnitDb, query: SQL): () => AsyncGenerator<T[]> {
  const { sql, params } = dialect.sqlToQuery(query);
  return async function* pages() {
    const cursor = db.$client.query(new Cursor<T>(sql, params));
    try {
      for (;;) {
        const rows = await cursor.read(pageRows);
        if (rows.length > 0) yield rows;
        if (rows.length < pageRows) return;
      }
    } finally {
      await cursor.close();
    }
  };
}

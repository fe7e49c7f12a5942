/**
 * A query's rows read through a cursor on the unit's own connection, a page at a time: an
 * export of years of statistics or of the trail never holds them all. The cursor is opened when
 * the first page is asked for, so the unit's other reads (a workbook's summary) go before it,
 * and closed when the pages end or are left: the connection's next query (the unit's COMMIT or
 * ROLLBACK) would otherwise wait behind it for good.
 */
import { once } from 'node:events';
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
    // A cursor whose query failed, or whose connection ended, has ended itself (pg-cursor then
    // syncs the connection, or the driver drops it): a close would wait for an answer that
    // never comes. pg-cursor says so by an 'error' event, only to a listener.
    let ended = false;
    cursor.on('error', () => {
      ended = true;
    });
    try {
      for (;;) {
        const rows = await cursor.read(pageRows);
        if (rows.length > 0) yield rows;
        if (rows.length < pageRows) return;
      }
    } finally {
      if (!ended) await closed(db.$client, cursor);
    }
  };
}

/** The cursor closed, or its connection gone while it closed. */
async function closed(client: PoolClient, cursor: Cursor): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([cursor.close(), once(client, 'end', { signal: stop.signal })]);
  } finally {
    stop.abort();
  }
}

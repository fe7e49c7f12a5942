/**
 * An export's rows on the practice server come through a cursor, a page at a time
 * (src/main/db/records/pg/cursorPages.ts): years of the trail or of the statistics are never
 * held whole. An export left part-way (a full disk) closes its cursor, so its unit ends with
 * the export's own error and the connection serves the next unit: a cursor left open would
 * keep the unit's ROLLBACK, and the unit, waiting for good. A connection the server ends
 * part-way fails the unit as the server out of reach: a cursor closed then would wait for an
 * answer that never comes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { everyOf, pagesOf, type AuditFilter } from '../../src/main/db/records';
import { openServerStore, type ServerStore } from '../../src/main/db/records/pg';
import { pageRows } from '../../src/main/db/records/pg/cursorPages';
import { toEnvelopeError } from '../../src/main/api/handlers';
import { query, testDatabase, testServerUrl } from '../support/pgDatabase';

const servers: ServerStore[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.pool.end();
});

/** A server whose trail holds `rows` sealed rows, one a second from 1 November 2026 (the export reads them; nothing verifies them). */
async function serverWithTrail(rows: number): Promise<ServerStore> {
  const store = await openServerStore(await testDatabase());
  servers.push(store);
  await store.pool.query(
    `insert into audit_log (id, at, actor, action, entity, hash)
       select g, to_char(timestamp '2026-11-01' + g * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'test', 'read', 'patient', 'sealed'
       from generate_series(1, $1::int) g`,
    [rows],
  );
  return store;
}

const databaseOf = async (store: ServerStore): Promise<string> => (await store.pool.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
const endOthers = (database: string) => `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}' and pid <> pg_backend_pid()`;

const november: AuditFilter = { from: '2026-11-01', before: '2026-12-01' };

describe("an export's rows on the practice server", () => {
  it(`come a page of at most ${pageRows} rows at a time, every row once, newest first, as the count said`, async () => {
    const store = await serverWithTrail(2 * pageRows + 500);
    const { length, pages, rows } = await store.records.read(async (tx) => {
      const each = await tx.audit.each(november);
      const sizes: number[] = [];
      const ids: number[] = [];
      for await (const page of pagesOf(each)) {
        const events = [...page];
        sizes.push(events.length);
        ids.push(...events.map((event) => event.id));
      }
      return { length: each.length, pages: sizes, rows: ids };
    });
    expect(length).toBe(2 * pageRows + 500);
    expect(pages).toEqual([pageRows, pageRows, 500]);
    expect(rows).toEqual(Array.from({ length }, (_, i) => length - i));
  });

  it("when left part-way, end their unit with the export's own error, and the connection serves the next unit", async () => {
    const store = await serverWithTrail(pageRows + 1);
    const full = new Error('ENOSPC: no space left on device, write');
    const leftAfterOnePage = store.records.read(async (tx) => {
      for await (const page of pagesOf(await tx.audit.each(november))) {
        expect([...page]).toHaveLength(pageRows);
        throw full;
      }
    });
    await expect(leftAfterOnePage).rejects.toBe(full);
    // Every connection of the pool, each in a unit of its own: none waits behind a cursor.
    const counts = await Promise.all(Array.from({ length: 12 }, () => store.records.read(async (tx) => (await everyOf(await tx.audit.each(november))).length)));
    expect(counts).toEqual(Array.from({ length: 12 }, () => pageRows + 1));
  });

  it('when the server ends the connection part-way, end their unit as the server being out of reach, and the next unit reads', async () => {
    const store = await serverWithTrail(3 * pageRows);
    let read = 0;
    const cut = store.records.read(async (tx) => {
      for await (const page of pagesOf(await tx.audit.each(november))) {
        read += [...page].length;
        // Every other connection to the database ended, as a server restart ends them: the unit's among them.
        if (read === pageRows) await query(testServerUrl(), endOthers(await databaseOf(store)));
      }
    });
    expect(
      toEnvelopeError(
        await cut.then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    ).toEqual({
      ok: false,
      error: {
        kind: 'storage',
        message:
          'The practice server cannot be reached, so nothing was saved. Check the network connection and try again; if it persists, ask IT whether the server is running.',
      },
    });
    expect(read).toBe(pageRows);
    expect(await store.records.read(async (tx) => (await tx.audit.each(november)).length)).toBe(3 * pageRows);
  });
});

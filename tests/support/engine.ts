/**
 * A record on the engine of this test run (`testEngine.ts`): `npm test` runs the files that
 * use `engineServices` or `testStore` a second time with `MILIA_TEST_ENGINE=pg`, on a real
 * PostgreSQL server. Such a file is written once and proves the same rules on both engines.
 */
import { Pool, types, type CustomTypesConfig } from 'pg';
import { sqliteOf, type Records, type Store } from '../../src/main/db/records';
import type { ServerStore } from '../../src/main/db/records/pg';
import { openStore } from '../../src/main/db/open';
import { createServices } from '../../src/main/services';
import { migratedTestDatabase, sharedMigratedDatabase } from './pgDatabase';
import { testPasswordCost } from './passwords';
import { cleanup, tempDir } from './store';
import { parsingServices } from './surface';
import { testEngine } from './testEngine';
import { join } from 'node:path';

/** A new, migrated record on this run's engine, closed and removed after the test. */
export function testStore(): Store {
  if (testEngine() === 'sqlite') {
    const store = openStore(join(tempDir(), 'milia.db'), { create: true });
    cleanup(() => store.close());
    return store;
  }
  const { store, close } = serverRecord(migratedTestDatabase().then((url) => ({ url, drop: async () => undefined })));
  cleanup(close);
  return store;
}

/**
 * A new, migrated record on this run's engine that the caller closes (and removes), for the
 * tests of a file that share one record (made in `beforeAll`): a SQLite file in `dir`, or a
 * fresh database on the test server that outlives each test.
 */
export function engineStore(dir: string): { store: Store; close: () => Promise<void> } {
  if (testEngine() === 'sqlite') {
    const store = openStore(join(dir, 'milia.db'), { create: true });
    return { store, close: async () => store.close() };
  }
  return serverRecord(sharedMigratedDatabase());
}

/** A record on the server's database `database` names, as a Store; its closing ends the pool and then drops the database by `drop`. */
function serverRecord(database: Promise<{ url: string; drop: () => Promise<void> }>): { store: Store; close: () => Promise<void> } {
  // Loaded only here, so that the SQLite run never needs the server's record layer.
  const server: Promise<ServerStore> = Promise.all([database, import('../../src/main/db/records/pg')]).then(([{ url }, pg]) =>
    pg.serverStore(new Pool({ connectionString: url }), 'postgresql://test-server/'),
  );
  let open = true;
  const records: Records = {
    read: async (work) => (await server).records.read(work),
    audited: async (work) => (await server).records.audited(work),
    write: async (work) => (await server).records.write(work),
    optimize: async () => (await server).records.optimize(),
    prepareAhead: async () => (await server).records.prepareAhead(),
  };
  const close = async () => {
    if (!open) return;
    open = false;
    await server.then((s) => s.close()).catch(() => undefined);
    await (await database).drop();
  };
  const onChange: Store['onChange'] = (listener) => {
    let remove: (() => void) | null = null;
    let removed = false;
    void server.then((s) => {
      if (!removed) remove = s.onChange(listener);
    });
    return () => {
      removed = true;
      remove?.();
    };
  };
  const store = Object.assign({ path: 'postgresql://test-server/', records, onChange, isOpen: () => open, close: () => void close() }, { server });
  return { store, close };
}

/** Services over a new record on this run's engine, taking input as a surface gives it; `dir` is a folder for the test's files. */
export function engineServices() {
  const services = parsingServices(createServices(testStore(), { passwordCost: testPasswordCost }));
  return Object.assign(services, { dir: tempDir() });
}

/** Raw SQL for a test's arrangements and checks, on either engine: `?` parameters; integers as numbers and flags as 0/1, as SQLite gives them. */
export interface RawSql {
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of the first row. */
  value<T = unknown>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of every row. */
  column<T = unknown>(sql: string, ...params: unknown[]): Promise<T[]>;
  run(sql: string, ...params: unknown[]): Promise<void>;
}

/** `?` placeholders as PostgreSQL's `$1`, `$2` …, outside quoted text. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (m) => (m === '?' ? `$${++n}` : m));
}

const asSqlite: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return (v: string) => Number(v);
    if (oid === types.builtins.BOOL) return (v: string) => (v === 't' ? 1 : 0);
    return types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

export function rawSql(store: Store): RawSql {
  const rows = async (sql: string, params: unknown[], array: boolean): Promise<unknown[]> => {
    if (!('server' in store)) {
      const statement = sqliteOf(store).prepare(sql);
      if (!statement.reader) {
        statement.run(...params);
        return [];
      }
      return array ? statement.raw().all(...params) : statement.all(...params);
    }
    const { pool } = await (store as unknown as { server: Promise<ServerStore> }).server;
    const text = numbered(sql);
    if (array) return (await pool.query({ text, values: params, types: asSqlite, rowMode: 'array' })).rows;
    return (await pool.query({ text, values: params, types: asSqlite })).rows;
  };
  return {
    all: async <T>(sql: string, ...params: unknown[]) => (await rows(sql, params, false)) as T[],
    get: async <T>(sql: string, ...params: unknown[]) => (await rows(sql, params, false))[0] as T | undefined,
    value: async <T>(sql: string, ...params: unknown[]) => ((await rows(sql, params, true))[0] as unknown[] | undefined)?.[0] as T | undefined,
    column: async <T>(sql: string, ...params: unknown[]) => ((await rows(sql, params, true)) as unknown[][]).map((r) => r[0] as T),
    run: async (sql: string, ...params: unknown[]) => void (await rows(sql, params, false)),
  };
}

/** Services over another connection to the same record, as another workstation's: on the practice server, its pool serves both. */
export function anotherWorkstation(services: ReturnType<typeof engineServices>) {
  if (testEngine() === 'pg') return services;
  const store = openStore(services.store.path);
  cleanup(() => store.close());
  return parsingServices(createServices(store));
}

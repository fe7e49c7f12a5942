/**
 * The audit trail on the practice server against the SQLite record: the same entries appended
 * at the same times give the same rows, sealed alike, so searches, exports, walks and stored
 * hashes are equal and the server's chain verifies by the walk that verifies a file's. Units
 * appending at once, from two workstations, leave one chain without a gap or a fork. Times are
 * compared in the database's collation (the indexes' own), which orders them as bytes: a database
 * collated by ICU gives SQLite's results too.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemActor } from '@shared/permissions';
import type { Actor } from '@shared/types';
import { openStore, type SqliteStore, type Store } from '../../src/main/db/open';
import { ChainWalk } from '../../src/main/db/records/auditChain';
import { everyOf } from '../../src/main/db/records/counted';
import type { AuditEntry, AuditFilter, ReadTx } from '../../src/main/db/records/contract';
import { openServerStore, type ServerStore } from '../../src/main/db/records/pg/index';
import { testDatabase, testServerUrl } from '../support/pgDatabase';
import { tempDir } from '../support/store';

const servers: ServerStore[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.pool.end();
});
const files: SqliteStore[] = [];
afterEach(() => {
  while (files.length) files.pop()!.close();
});

// Only Date is faked: every append is stamped with the time the test sets, on both engines.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

async function server(url?: string): Promise<ServerStore> {
  const store = await openServerStore(url ?? (await testDatabase()));
  servers.push(store);
  return store;
}

function file(): SqliteStore {
  const store = openStore(join(tempDir(), 'milia.db'), { create: true });
  files.push(store);
  return store;
}

const user = (userId: number, username: string, name: string, role: Actor['role'], surface: Actor['surface']): Actor => ({
  userId,
  username,
  name,
  role,
  clinicianId: null,
  clinicalRole: role,
  surface,
});
const okafor = user(3, 'okafor', 'Dr Ada Okafor', 'dermatologist', 'desktop');
const okaforShouting = user(4, 'OKAFOR', 'Dr Ada Okafor', 'dermatologist', 'browser');
const umlaut = user(5, 'Ökafor', 'Öle Ökafor', 'nurse', 'desktop');
const umlautLower = user(6, 'ökafor', 'öle ökafor', 'manager', 'browser');
const cli = systemActor('root', 'cli');
const app = systemActor('Milia Notes', 'desktop');

/**
 * Entries with their times: text with lone surrogates (sealed as U+FFFD), control characters,
 * marks JSON escapes, line and paragraph separators and characters beyond U+FFFF; null and
 * given entity and patient ids; every outcome; a restore; times that tie and that cross days.
 */
const entries: Array<[string, AuditEntry]> = [
  ['2026-11-28T23:59:59.999Z', { actor: okafor, action: 'read', entity: 'patient', entityId: 12, patientId: 12 }],
  [
    '2026-11-29T00:00:00.000Z',
    { actor: okafor, action: 'search', entity: 'patient', entityId: null, detail: 'half \ud83d an emoji, \udc00 low alone, 😀 whole' },
  ],
  [
    '2026-11-29T00:00:00.000Z',
    { actor: okaforShouting, action: 'search', entity: 'patient', entityId: null, detail: 'ctl \u0001\u0008\t\n\r\u001b\u001f\u007f\u0085 end' },
  ],
  [
    '2026-11-29T08:30:00.120Z',
    { actor: umlaut, action: 'update', entity: 'visit', entityId: 7, patientId: 12, detail: 'quote " backslash \\ slash / \u2028\u2029 \u202e bidi' },
  ],
  ['2026-11-29T08:30:00.120Z', { actor: umlautLower, action: 'export', entity: 'statistics', entityId: null, patientId: null, detail: '{"json":"in text"}' }],
  ['2026-11-29T09:00:00.000Z', { actor: cli, action: 'forbidden', entity: 'audit.read', entityId: null, outcome: 'forbidden', detail: 'Not allowed.' }],
  ['2026-11-29T10:00:00.000Z', { actor: okafor, action: 'sign_in_failed', entity: 'user', entityId: 3, outcome: 'failed', detail: 'desktop: wrong password' }],
  ['2026-11-29T11:00:00.000Z', { actor: app, action: 'backup', entity: 'database', entityId: null, detail: 'automatic: milia-2026-11-29.db' }],
  ['2026-11-29T12:00:00.000Z', { actor: cli, action: 'restore', entity: 'database', entityId: null, detail: 'from milia-2026-11-28.db' }],
  ['2026-11-30T00:00:00.001Z', { actor: okafor, action: 'read', entity: 'patient', entityId: 2147483647, patientId: 2147483647, detail: '' }],
  ['2026-11-30T07:00:00.000Z', { actor: umlaut, action: 'read', entity: 'worklist', entityId: null, detail: 'Zoë Nguyễn 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \ud800\udc00 \udbff' }],
  ['2026-11-30T07:00:00.000Z', { actor: okaforShouting, action: 'sign', entity: 'visit', entityId: 9, patientId: 44, detail: 'visit 9' }],
];

/** Appends each entry at its time, one write unit each. */
async function appendAll(store: Store, list = entries): Promise<void> {
  for (const [at, entry] of list) {
    vi.setSystemTime(new Date(at));
    await store.records.write((tx) => tx.audit.append(entry));
  }
}

/** A walk that keeps the rows it is given. */
class RecordingWalk extends ChainWalk {
  readonly seen: unknown[][] = [];
  override step(row: readonly unknown[]): void {
    this.seen.push([...row]);
    super.step(row);
  }
}

/** The whole chain walked in slices of `slice` rows (all at once with -1), one read unit each, as the audit service verifies it. */
async function walked(store: Store, slice: number): Promise<RecordingWalk> {
  const walk = new RecordingWalk();
  while (await store.records.read((tx) => tx.audit.walk(walk, slice)));
  return walk;
}

const span = (from: string, before: string, only: Partial<AuditFilter> = {}): AuditFilter => ({ from, before, ...only });
const filters: AuditFilter[] = [
  span('2026-11-01', '2026-12-01'),
  span('2026-11-29', '2026-11-30'),
  span('2026-11-29T08:30:00.120Z', '2026-11-30T07:00:00.000Z'),
  span('2026-11-30', '2026-12-01'),
  span('2026-12-01', '2026-12-02'),
  span('2026-11-01', '2026-12-01', { userId: 3 }),
  span('2026-11-01', '2026-12-01', { userId: 3_000_000_000 }),
  span('2026-11-01', '2026-12-01', { username: 'OKAFOR' }),
  span('2026-11-01', '2026-12-01', { username: 'okafor' }),
  span('2026-11-01', '2026-12-01', { username: 'ökafor' }),
  span('2026-11-01', '2026-12-01', { username: 'ÖKAFOR' }),
  span('2026-11-01', '2026-12-01', { username: 'Milia Notes' }),
  span('2026-11-01', '2026-12-01', { patientId: 12 }),
  span('2026-11-01', '2026-12-01', { patientId: 2147483647 }),
  span('2026-11-01', '2026-12-01', { patientId: 9_007_199_254_740_991 }),
  span('2026-11-01', '2026-12-01', { action: 'read' }),
  span('2026-11-29', '2026-11-30', { action: 'search', username: 'okafor' }),
  span('2026-11-01', '2026-12-01', { userId: 3, patientId: 12, action: 'read' }),
];

/** Everything the trail's reads say, for one store. */
async function reads(store: Store) {
  const read = <T>(work: (tx: ReadTx) => Promise<T>) => store.records.read(work);
  const searches = [];
  for (const filter of filters) for (const limit of [1, 3, 1000]) searches.push(await read((tx) => tx.audit.search(filter, limit)));
  const all = [];
  for (const filter of filters) {
    all.push(
      await read(async (tx) => {
        const each = await tx.audit.each(filter);
        const events = await everyOf(each);
        expect(each.length).toBe(events.length);
        return events;
      }),
    );
  }
  const hashes = await read((tx) => tx.audit.storedHashes([0, 1, 2, entries.length, entries.length + 1, 3_000_000_000, 2]));
  const slices = [];
  for (const slice of [1, 5, 20_000, -1]) slices.push(await walked(store, slice));
  const unlimited = new RecordingWalk();
  const more = await read((tx) => tx.audit.walk(unlimited, -1));
  const none = new RecordingWalk();
  const empty = await read((tx) => tx.audit.walk(none, 0));
  return { searches, all, hashes: [...hashes], slices, unlimited: { more, rows: unlimited.seen }, empty: { empty, rows: none.seen } };
}

describe('the audit trail on the practice server', () => {
  it('gives the rows, pages, totals, walks and stored hashes the SQLite file gives for the same appends', async () => {
    const sqlite = file();
    const pg = await server();
    for (const store of [sqlite, pg]) expect((await walked(store, -1)).seen).toEqual([]);
    await appendAll(sqlite);
    await appendAll(pg);

    const [fromFile, fromServer] = [await reads(sqlite), await reads(pg)];
    expect(fromServer).toEqual(fromFile);

    // The same trail: every row, and the chain verified by the walk that verifies a file's.
    const [first] = fromServer.slices;
    expect(first!.problem).toBeNull();
    expect(first!.rows).toBe(entries.length);
    expect(first!.newestRestore).toBe('2026-11-29T12:00:00.000Z');
    expect(first!.seen.map((row) => row[0])).toEqual(entries.map((_, i) => i + 1));
    expect(fromServer.unlimited.more).toBe(false);
    expect(fromServer.empty).toEqual({ empty: true, rows: [] });

    // Lone surrogates are sealed and kept as U+FFFD, the rest of the text exactly.
    const texts = await pg.records.read(async (tx) => everyOf(await tx.audit.each(span('2026-11-29', '2026-11-29T00:00:00.001Z'))));
    expect(texts.map((e) => e.detail)).toEqual(['ctl \u0001\u0008\t\n\r\u001b\u001f\u007f\u0085 end', 'half \ufffd an emoji, \ufffd low alone, 😀 whole']);
    expect(texts.map((e) => [e.id, e.username, e.role, e.surface, e.outcome, e.entityId, e.patientId])).toEqual([
      [3, 'OKAFOR', 'dermatologist', 'browser', 'ok', null, null],
      [2, 'okafor', 'dermatologist', 'desktop', 'ok', null, null],
    ]);
    // A username is matched with ASCII letters folded only, as SQLite's nocase folds them.
    const byName = fromServer.all.slice(7, 11).map((events) => events.map((e) => e.username));
    expect(byName).toEqual([
      ['OKAFOR', 'okafor', 'okafor', 'OKAFOR', 'okafor', 'okafor'],
      ['OKAFOR', 'okafor', 'okafor', 'OKAFOR', 'okafor', 'okafor'],
      ['ökafor'],
      ['Ökafor', 'Ökafor'],
    ]);
    expect(fromServer.searches[0]).toEqual({ events: [expect.objectContaining({ id: 12, at: '2026-11-30T07:00:00.000Z' })], total: 12 });
  });

  it("filters and orders by time as SQLite in a database whose collation is not byte order (ICU's en-US)", async () => {
    const admin = new Client({ connectionString: testServerUrl() });
    await admin.connect();
    const name = `t_icu_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database "${name}" template template0 locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'`);
    try {
      const url = new URL(testServerUrl());
      url.pathname = `/${name}`;
      const sqlite = file();
      const pg = await server(url.toString());
      expect((await pg.pool.query<{ folded: boolean }>("select 'a' < 'B' as folded")).rows[0]!.folded).toBe(true);
      await appendAll(sqlite);
      await appendAll(pg);
      expect(await reads(pg)).toEqual(await reads(sqlite));
      await servers.pop()!.pool.end();
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });

  it('finds a row changed behind its back: the walk names it on the server as on the file', async () => {
    const sqlite = file();
    const pg = await server();
    await appendAll(sqlite);
    await appendAll(pg);
    // Past the triggers, as only the database's owner could.
    sqlite.sqlite.exec("drop trigger audit_log_append_only; update audit_log set detail = 'Forged.' where id = 4");
    await pg.pool.query("alter table audit_log disable trigger audit_log_append_only; update audit_log set detail = 'Forged.' where id = 4");
    const [fileWalk, serverWalk] = [await walked(sqlite, 5), await walked(pg, 5)];
    expect(serverWalk.problem).toBe('Audit row 4 does not match its seal: it was changed, or a row before it was removed or inserted.');
    expect(serverWalk).toEqual(fileWalk);
  });

  it('leaves one chain of consecutive rows when 20 audited units from two workstations append at once', async () => {
    const url = await testDatabase();
    const [first, second] = [await server(url), await server(url)];
    vi.setSystemTime(new Date('2026-11-30T09:00:00.000Z'));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? second : first).records.audited((tx) =>
          tx.audit.append({ actor: okafor, action: 'read', entity: 'patient', entityId: i, patientId: i + 1, detail: `unit ${i}` }),
        ),
      ),
    );
    const walk = await walked(first, 7);
    expect(walk.problem).toBeNull();
    expect(walk.seen.map((row) => row[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const details = walk.seen.map((row) => (JSON.parse(row[1] as string) as unknown[])[6]).sort();
    expect(details).toEqual(Array.from({ length: 20 }, (_, i) => `unit ${i}`).sort());
  });

  it('keeps the chain whole when the server refuses an append (a NUL, which its text cannot hold), and appends after it', async () => {
    const pg = await server();
    await appendAll(pg, entries.slice(0, 3));
    vi.setSystemTime(new Date('2026-11-30T10:00:00.000Z'));
    await expect(
      pg.records.write((tx) => tx.audit.append({ actor: okafor, action: 'search', entity: 'patient', entityId: null, detail: 'a\u0000b' })),
    ).rejects.toMatchObject({
      cause: expect.objectContaining({ code: '22021' }),
    });
    await appendAll(pg, entries.slice(3, 5));
    const walk = await walked(pg, 100);
    expect(walk.problem).toBeNull();
    expect(walk.seen.map((row) => row[0])).toEqual([1, 2, 3, 4, 5]);
  });
});

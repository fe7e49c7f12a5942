/**
 * The seal of a file found sound (db/seal.ts): written after the app closes a file and both
 * halves of the start-up checks pass again; at the next start it stands in for the checks only
 * while the file is byte for byte the one sealed, with nothing beside it. Real database files,
 * changed and damaged on purpose after sealing; real threads, their parts recorded.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../src/main/browser/server';
import { sealChecked } from '../../src/main/db/checkFile';
import { fileState, sealPathOf } from '../../src/main/db/seal';
import { seed } from '../../src/main/seed';
import { startWorkers, type Workers } from '../../src/main/workers/pool';
import type { StartupCheckInput } from '../../src/main/workers/protocol';
import { runStartupChecks, sealAfterClose } from '../../src/main/workers/startupChecks';
import { orphanVisits } from '../support/damage';
import { testActor as actor, testServices } from '../support/store';

const started: Workers[] = [];
const servers: BrowserServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
  while (started.length) await started.pop()!.close();
});

/** Real threads, with the parts asked of them in order. */
function recordingWorkers(): Workers & { parts: string[] } {
  const real = startWorkers();
  started.push(real);
  const parts: string[] = [];
  return {
    ...real,
    parts,
    startupCheck(check: StartupCheckInput) {
      parts.push(check.part);
      return real.startupCheck(check);
    },
  };
}

/** A seeded practice's file, closed by the app's store with its log folded in, then sealed as the app seals it. */
async function sealedPractice(): Promise<string> {
  const services = testServices();
  await seed(services.store.records, actor, { patients: 40, seed: 21, today: '2025-06-30' });
  expect(services.store.closeFolded()).toBe(true);
  const w = recordingWorkers();
  await expect(sealAfterClose(w, services.dbPath)).resolves.toBe(true);
  expect(w.parts.sort()).toEqual(['keys', 'pages', 'seal']);
  return services.dbPath;
}

describe('a file sealed when the app closed it', () => {
  it('passes the next start by its hash alone while it is byte for byte the file sealed', async () => {
    const path = await sealedPractice();
    const w = recordingWorkers();
    await runStartupChecks(w, path);
    expect(w.parts).toEqual(['sealed']);
  });

  it('is refused for rows another program left pointing nowhere after it was sealed: the change makes the start check it whole', async () => {
    const path = await sealedPractice();
    const orphans = orphanVisits(path);
    const w = recordingWorkers();
    await expect(runStartupChecks(w, path)).rejects.toMatchObject({
      kind: 'damaged',
      message: expect.stringContaining(`${path} is damaged (rows refer to rows that do not exist: visits rows ${orphans.slice(0, 5).join(', ')}`),
    });
    expect(w.parts.sort()).toEqual(['keys', 'pages', 'sealed']);
  });

  it('is checked whole when one byte changed without changing its size, when a log is beside it, or when another SQLite sealed it', async () => {
    const path = await sealedPractice();
    const checkedWhole = async () => {
      const w = recordingWorkers();
      await runStartupChecks(w, path);
      return w.parts.includes('pages') && w.parts.includes('keys');
    };

    // One byte of the header's reserved space, which SQLite does not read: same size, another hash.
    const bytes = readFileSync(path);
    const size = bytes.length;
    bytes[80] = bytes[80]! ^ 0xff;
    writeFileSync(path, bytes);
    expect(statSync(path).size).toBe(size);
    expect(await checkedWhole()).toBe(true);
    bytes[80] = bytes[80]! ^ 0xff;
    writeFileSync(path, bytes);
    expect(await checkedWhole()).toBe(false);

    // A write held in the log by a connection still open: the file alone is not the record.
    const writer = new Database(path);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("insert into settings (key, value) values ('seal-test', '1')").run();
    try {
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      expect(await checkedWhole()).toBe(true);
    } finally {
      writer.prepare("delete from settings where key = 'seal-test'").run();
      writer.close();
    }

    // The bytes have changed (and changed back through SQLite): sealed again, then another SQLite's seal.
    await sealAfterClose(recordingWorkers(), path);
    expect(await checkedWhole()).toBe(false);
    const seal = JSON.parse(readFileSync(sealPathOf(path), 'utf8')) as { sqlite: string };
    writeFileSync(sealPathOf(path), JSON.stringify({ ...seal, sqlite: '3.0.0' }));
    expect(await checkedWhole()).toBe(true);
    writeFileSync(sealPathOf(path), 'not a seal');
    expect(await checkedWhole()).toBe(true);
  });
});

describe('sealing', () => {
  it('is refused, and no seal written, when the checks at close find a fault', async () => {
    const services = testServices();
    await seed(services.store.records, actor, { patients: 20, seed: 5, today: '2025-06-30' });
    services.store.close();
    orphanVisits(services.dbPath);
    await expect(sealAfterClose(recordingWorkers(), services.dbPath)).rejects.toMatchObject({ kind: 'damaged' });
    expect(existsSync(sealPathOf(services.dbPath))).toBe(false);
  });

  it('writes no seal when the file changed after the checks began', async () => {
    const services = testServices();
    await seed(services.store.records, actor, { patients: 10, seed: 6, today: '2025-06-30' });
    services.store.close();
    const before = fileState(services.dbPath);
    orphanVisits(services.dbPath);
    expect(sealChecked(services.dbPath, before)).toBe(false);
    expect(existsSync(sealPathOf(services.dbPath))).toBe(false);
  });

  it('closes the store with its log folded into the file, even while another connection reads it', async () => {
    const services = testServices();
    const other = new Database(services.dbPath, { readonly: true });
    try {
      await seed(services.store.records, actor, { patients: 10, seed: 7, today: '2025-06-30' });
      other.prepare('select count(*) from patients').get();
      const wal = `${services.dbPath}-wal`;
      expect(statSync(wal).size).toBeGreaterThan(0);
      expect(services.store.closeFolded()).toBe(true);
      expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
      expect(other.prepare('select count(*) from patients').pluck().get()).toBe(10);
    } finally {
      other.close();
    }
  });

  it('is done by the browser mode as it closes a file it opened, so that its next start passes by the hash', async () => {
    const services = testServices();
    await seed(services.store.records, actor, { patients: 10, seed: 8, today: '2025-06-30' });
    services.store.close();
    const path = services.dbPath;
    const server = await startBrowserServer({ dbPath: path, staticDir: services.dir, port: 0, checksOnWorker: true });
    servers.push(server);
    await server.checked;
    expect(existsSync(sealPathOf(path))).toBe(false);
    await servers.pop()!.close();
    expect(existsSync(sealPathOf(path))).toBe(true);
    const w = recordingWorkers();
    await runStartupChecks(w, path);
    expect(w.parts).toEqual(['sealed']);
  });
});

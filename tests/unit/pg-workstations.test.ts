/**
 * Several workstations on one practice server: each hears the others' commits within moments
 * (LISTEN/NOTIFY), and their writes, made at once, all arrive, one after another.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordTopic } from '../../src/main/db/records';
import { Client } from 'pg';
import { storageFault } from '../../src/main/db/faults';
import { openServerStore, type ServerStore } from '../../src/main/db/records/pg';
import { testDatabase, testServerUrl } from '../support/pgDatabase';
import { relay } from '../support/tcp';

const stores: ServerStore[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (stores.length) stores.pop()!.close();
});

async function workstations(n: number): Promise<ServerStore[]> {
  const url = await testDatabase();
  // One at a time: the first migrates, the others find nothing to do.
  for (let i = 0; i < n; i++) stores.push(await openServerStore(url));
  return stores.slice(-n);
}

describe('workstations on one practice server', () => {
  it('hear a save made on another within a second', async () => {
    const [consulting, treatment] = await workstations(2);
    const heard: Array<{ at: number; topics: readonly RecordTopic[] }> = [];
    treatment!.onChange((topics) => heard.push({ at: Date.now(), topics }));
    await treatment!.listening();
    const committed = await consulting!.records.write(async (tx) => {
      await tx.clinicians.insert({ key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', active: true });
      return Date.now();
    });
    const until = committed + 1000;
    while (heard.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(heard.map((h) => h.topics)).toEqual([['clinicians']]);
    expect(heard[0]!.at - committed).toBeLessThan(1000);
  });

  it('write one after another under the write lock: every insert made at once is there, once', async () => {
    const stations = await workstations(3);
    await Promise.all(
      stations.flatMap((store, s) =>
        Array.from({ length: 10 }, (_, i) =>
          store.records.write(async (tx) => {
            const n = await tx.patients.highestMrnNumber('MN-');
            // Read, then write on what was read: under the lock no other workstation writes in between.
            await tx.patients.insert({
              mrn: `MN-${String(n + 1).padStart(6, '0')}`,
              givenName: `W${s}`,
              familyName: `P${i}`,
              dateOfBirth: '1980-01-01',
              sex: 'unknown',
              fitzpatrick: null,
              phone: null,
              email: null,
            });
          }),
        ),
      ),
    );
    const mrns = await stations[0]!.records.read(async (tx) => (await tx.patients.all()).map((p) => p.mrn));
    expect(mrns).toEqual(Array.from({ length: 30 }, (_, i) => `MN-${String(i + 1).padStart(6, '0')}`));
  });

  it('fail a unit whose connection the server ends midway, as unreachable, and go on with the next', async () => {
    const url = await testDatabase();
    const store = await openServerStore(url);
    stores.push(store);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Its outcome taken at once: the unit may fail before the test next looks.
    const unit = store.records
      .write(async (tx) => {
        await tx.settings.get('practice');
        await gate;
        await tx.settings.put('practice', { practiceName: 'never saved' });
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const admin = new Client({ connectionString: testServerUrl() });
    await admin.connect();
    try {
      const database = new URL(url).pathname.slice(1);
      let pid: number | undefined;
      while (pid === undefined) {
        const { rows } = await admin.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1 and state = 'idle in transaction'", [
          database,
        ]);
        pid = rows[0]?.pid;
      }
      await admin.query('select pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    release();
    const error = await unit;
    expect(storageFault(error), String(error)).toBe('unreachable');
    await store.records.write(async (tx) => tx.settings.put('practice', { practiceName: 'Harbourside' }));
    expect(await store.records.read(async (tx) => tx.settings.get('practice'))).toEqual({ practiceName: 'Harbourside' });
  });

  it("refuse a computer whose clock is minutes off the server's, saying how to fix it, and accept one within the minute", async () => {
    const url = await testDatabase();
    stores.push(await openServerStore(url));
    // Only Date is faked: the driver's own timers and sockets run as they are.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 7 * 60_000);
    await expect(openServerStore(url)).rejects.toMatchObject({
      kind: 'conflict',
      message:
        "This computer's clock is 7 minutes behind the practice server's, so what it records would be dated wrongly. Set this computer to take its date and time automatically (from the network), then start again.",
    });
    vi.setSystemTime(Date.now() + 7 * 60_000 + 3 * 3_600_000);
    await expect(openServerStore(url)).rejects.toMatchObject({
      message:
        "This computer's clock is 3 hours ahead of the practice server's, so what it records would be dated wrongly. Set this computer to take its date and time automatically (from the network), then start again.",
    });
    vi.setSystemTime(Date.now() - 3 * 3_600_000 + 20_000);
    stores.push(await openServerStore(url));
  });

  it('acknowledge nothing of a unit whose transaction an error aborted, though its work carried on', async () => {
    const [store] = await workstations(1);
    const unit = store!.records.write(async (tx) => {
      await tx.clinicians.insert({ key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', active: true });
      // A refusal the work swallows: the server has aborted the transaction, and COMMIT answers ROLLBACK.
      await tx.clinicians.insert({ key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', active: true }).catch(() => undefined);
    });
    // Refused at the notification or at the COMMIT (answered ROLLBACK), whichever comes first: never acknowledged.
    await expect(unit).rejects.toThrow(/current transaction is aborted|did not keep this work/);
    expect(await store!.records.read((tx) => tx.clinicians.byKey())).toEqual([]);
  });

  it('say that a save may have been kept when the connection is lost after its COMMIT was sent, never that nothing was saved', async () => {
    // A relay that, once a COMMIT has passed to the server, lets its answer arrive there and cuts the workstation off before it.
    let armed = false;
    const { url } = await relay(await testDatabase(), (workstation, server) => {
      let cut = false;
      return {
        toServer: (bytes) => {
          server.write(bytes);
          if (armed && bytes.includes('commit\0')) cut = true;
        },
        toWorkstation: (bytes) => {
          if (!cut) return void workstation.write(bytes);
          workstation.destroy();
          server.destroy();
        },
      };
    });
    const store = await openServerStore(url);
    stores.push(store);

    const unit = store.records.write(async (tx) => {
      armed = true;
      await tx.clinicians.insert({ key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', active: true });
    });
    await expect(unit).rejects.toMatchObject({
      kind: 'storage',
      message:
        'The practice server stopped answering as this was being saved, so it may or may not have been kept. Once the server is back, open it again to see before saving it again.',
    });
    armed = false;
    // It was kept: the server committed before its answer was lost.
    expect(await store.records.read((tx) => tx.clinicians.byKey())).toEqual([expect.objectContaining({ key: 'okafor' })]);
  });
});

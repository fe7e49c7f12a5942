/**
 * A workstation that loses the practice server knows at once, and knows when it is back: the
 * database taken offline under it (its connections ended, new ones refused), and a network that
 * goes silent without closing anything (a TCP relay that stops passing bytes), which only the
 * store's heartbeat can tell. While away a unit is refused in the unreachable sentence and
 * writes nothing; once back the listeners hear that everything may have changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recordTopics } from '@shared/changes';
import { storageFaultMessage } from '../../src/main/db/faults';
import type { RecordTopic } from '../../src/main/db/records';
import { openServerStore, type ServerStore } from '../../src/main/db/records/pg';
import { admin, testDatabase } from '../support/pgDatabase';
import { relay } from '../support/tcp';

const stores: ServerStore[] = [];
afterEach(async () => {
  while (stores.length) stores.pop()!.close();
});

/** Waits until `check` holds, or fails after `ms` saying what was awaited. */
async function until(what: string, check: () => boolean, ms: number): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - start;
}

/** A store that reports what it hears: whether the server answers, and the changes. */
async function watched(url: string) {
  const store = await openServerStore(url);
  stores.push(store);
  const reach: boolean[] = [];
  const heard: RecordTopic[][] = [];
  store.onReachability((now) => reach.push(now));
  store.onChange((topics) => heard.push([...topics]));
  await store.listening();
  return { store, reach, heard };
}

const addClinician = (store: ServerStore, key: string) =>
  store.records.write((tx) => tx.clinicians.insert({ key, name: `Dr ${key}`, role: 'dermatologist', active: true }));

describe('a workstation that loses the practice server', () => {
  it('hears at once when the database is taken offline, is refused while away, and hears everything may have changed when it is back', async () => {
    const url = await testDatabase();
    const name = new URL(url).pathname.slice(1);
    const { store, reach, heard } = await watched(url);
    await admin(`alter database "${name}" allow_connections false`);
    try {
      await admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
      expect(await until('the loss', () => reach.length > 0, 2000)).toBeLessThan(1000);
      expect(reach).toEqual([false]);
      await expect(addClinician(store, 'okafor')).rejects.toThrow(storageFaultMessage('unreachable'));
      heard.length = 0;
    } finally {
      await admin(`alter database "${name}" allow_connections true`);
    }
    await until('the return', () => reach.length > 1, 5000);
    expect(reach).toEqual([false, true]);
    expect(heard).toEqual([[...recordTopics]]);
    await addClinician(store, 'lindqvist');
    expect(await store.records.read((tx) => tx.clinicians.byKey())).toEqual([expect.objectContaining({ key: 'lindqvist' })]);
  });

  it('tells a network gone silent by its heartbeat within seconds, and its return', async () => {
    // A relay in front of the server that can stop passing bytes, as a cut cable does: no socket is closed.
    let silent = false;
    const { url, connections } = await relay(await testDatabase(), (workstation, server) => ({
      toServer: (bytes) => void (silent || server.write(bytes)),
      toWorkstation: (bytes) => void (silent || workstation.write(bytes)),
    }));
    const { reach } = await watched(url);

    silent = true;
    // Asked every 3 s, given 3 s to answer.
    const lostAfter = await until('the loss', () => reach.length > 0, 10_000);
    expect(reach).toEqual([false]);
    expect(lostAfter).toBeLessThan(7_000);
    // The network back: what was stuck stays stuck, new connections pass.
    for (const [a, b] of connections) {
      a.destroy();
      b.destroy();
    }
    silent = false;
    await until('the return', () => reach.length > 1, 10_000);
    expect(reach).toEqual([false, true]);
  });
});

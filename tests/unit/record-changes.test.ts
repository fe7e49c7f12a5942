/**
 * Every committed write is heard by the store's listeners, by the kinds of record it changed,
 * so that screens elsewhere refresh; nothing is heard of a read or of a write undone.
 */
import { describe, expect, it } from 'vitest';
import type { RecordTopic, Store } from '../../src/main/db/records';
import { testStore } from '../support/engine';

/** What the store's listeners hear from now on, and a wait for the next thing heard. */
function hearing(store: Store) {
  const heard: Array<readonly RecordTopic[]> = [];
  store.onChange((topics) => heard.push(topics));
  const next = async (count: number, withinMs = 2000): Promise<Array<readonly RecordTopic[]>> => {
    const until = Date.now() + withinMs;
    while (heard.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    return heard.slice(0, count);
  };
  return { heard, next };
}

/** On the server the listening connection is up before anything is written. */
const listening = async (store: Store) => {
  const server = (store as { server?: Promise<{ listening(): Promise<void> }> }).server;
  if (server) await (await server).listening();
};

const patient = { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female', fitzpatrick: null, phone: null, email: null } as const;

describe('changes to the record', () => {
  it('are heard once committed, by the kinds of record written', async () => {
    const store = testStore();
    const { next } = hearing(store);
    await listening(store);
    await store.records.write(async (tx) => {
      await tx.patients.insert({ ...patient, mrn: 'MN-000001' });
      await tx.settings.put('practice', { practiceName: 'Harbourside' });
    });
    expect(await next(1)).toEqual([['patients', 'settings']]);
  });

  it('are not heard of a read, an audited read or a write undone', async () => {
    const store = testStore();
    const { heard, next } = hearing(store);
    await listening(store);
    await store.records.read(async (tx) => tx.patients.any());
    await store.records.audited(async (tx) =>
      tx.audit.append({
        actor: { userId: null, username: 'test', name: 'Test', role: null, clinicianId: null, clinicalRole: null, surface: 'cli' },
        action: 'read',
        entity: 'patient',
        entityId: null,
      }),
    );
    await expect(
      store.records.write(async (tx) => {
        await tx.patients.insert({ ...patient, mrn: 'MN-000002' });
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    // A later write is heard, alone: nothing before it was.
    await store.records.write(async (tx) => tx.clinicians.insert({ key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', active: true }));
    expect(await next(1)).toEqual([['clinicians']]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([['clinicians']]);
  });
});

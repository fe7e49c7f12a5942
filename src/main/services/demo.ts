/**
 * The demo data: synthetic patients with visits, treatments and follow-ups, for trying the
 * app. Only into an empty record: demo patients mixed with real ones could be taken for them.
 */
import type { ApiParsed } from '@shared/api';
import { AppError } from '@shared/errors';
import type { ImportSummary } from '@shared/interchange';
import type { Actor } from '@shared/types';
import { authorize, type Store } from './context';
import type { Passwords } from './passwords';

export function demoService(store: Store, hashing: Passwords) {
  return {
    async load(actor: Actor, { patients }: ApiParsed<'app.loadDemo'>): Promise<ImportSummary> {
      await authorize(store, actor, 'practice.manage');
      if (await store.records.read((tx) => tx.patients.any())) {
        throw new AppError('conflict', 'The demo data can be loaded only into an empty record, and this one has patients. Nothing was added.');
      }
      // faker and its locales take a while to load: only when the demo is asked for.
      const { seed } = await import('../seed');
      return seed(store.records, actor, { patients, seed: 1, hashPassword: hashing.hash });
    },
  };
}

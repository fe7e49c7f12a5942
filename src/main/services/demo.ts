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
import { putSettings, readSettings } from './settings';

/** A made-up practice (Ofcom's numbers for drama), so that the demo prints like a real one. */
const demoPractice = {
  practiceName: 'Harbourside Dermatology (demo)',
  address: '12 Quay Street, Bristol BS1 4DJ',
  phone: '01632 960 100',
  afterHoursPhone: '01632 960 199',
};

export function demoService(store: Store, hashing: Passwords) {
  return {
    async load(actor: Actor, { patients }: ApiParsed<'app.loadDemo'>): Promise<ImportSummary> {
      await authorize(store, actor, 'practice.manage');
      const notEmpty = new AppError('conflict', 'The demo data can be loaded only into an empty record, and this one has patients. Nothing was added.');
      // Refused at once when it is plain; judged again inside the seed's write, where nothing can slip in between.
      if (await store.records.read((tx) => tx.patients.any())) throw notEmpty;
      // faker and its locales take a while to load: only when the demo is asked for.
      const { seed } = await import('../seed');
      const summary = await seed(store.records, actor, { patients, seed: 1, hashPassword: hashing.hash, emptyOnly: notEmpty });
      // Printing needs the practice's name and phone: the demo brings its own where none is set.
      await store.records.write(async (tx) => {
        const settings = await readSettings(tx);
        if (settings.practiceName && settings.phone) return;
        const filled = Object.fromEntries(Object.entries(demoPractice).map(([k, v]) => [k, settings[k as keyof typeof demoPractice] || v]));
        await putSettings(tx, { ...settings, ...filled });
        await tx.audit.append({ actor, action: 'update', entity: 'settings', entityId: null, detail: 'the demo practice' });
      });
      return summary;
    },
  };
}

import type { ApiParsed } from '@shared/api';
import { SettingsInput, type Settings } from '@shared/schemas';
import type { Actor } from '@shared/types';
import { authorize, type ReadTx, type Store, type WriteTx } from './context';

const practiceKey = 'practice';

/** Stored settings, with defaults for anything a newer version added since they were saved. */
export const readSettings = async (tx: ReadTx): Promise<Settings> => SettingsInput.parse((await tx.settings.get(practiceKey)) ?? {});
export const putSettings = (tx: WriteTx, settings: Settings): Promise<void> => tx.settings.put(practiceKey, settings);

export function settingsService(store: Store) {
  const read = (): Promise<Settings> => store.records.read(readSettings);

  return {
    read,
    async get(actor: Actor): Promise<Settings> {
      await authorize(store, actor, 'signedIn');
      return read();
    },
    async update(actor: Actor, settings: ApiParsed<'settings.update'>): Promise<Settings> {
      await authorize(store, actor, 'practice.manage');
      return store.records.write(async (tx) => {
        await tx.settings.put(practiceKey, settings);
        await tx.audit.append({ actor, action: 'update', entity: 'settings', entityId: null });
        return settings;
      });
    },
  };
}

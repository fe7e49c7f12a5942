import type { ApiParsed } from '@shared/api';
import { SettingsInput, type Settings } from '@shared/schemas';
import type { Actor } from '@shared/types';
import type { ReadTx, Store } from './context';

const practiceKey = 'practice';

/** Stored settings, with defaults for anything a newer version added since they were saved. */
export const readSettings = async (tx: ReadTx): Promise<Settings> => SettingsInput.parse((await tx.settings.get(practiceKey)) ?? {});

export function settingsService(store: Store) {
  const read = (): Promise<Settings> => store.records.read(readSettings);

  return {
    read,
    get(_actor: Actor): Promise<Settings> {
      return read();
    },
    update(actor: Actor, settings: ApiParsed<'settings.update'>): Promise<Settings> {
      return store.records.write(async (tx) => {
        await tx.settings.put(practiceKey, settings);
        await tx.audit.append({ actor, action: 'update', entity: 'settings', entityId: null });
        return settings;
      });
    },
  };
}

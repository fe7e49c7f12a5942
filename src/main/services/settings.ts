import { Empty, SettingsInput, type Settings } from '@shared/schemas';
import type { Actor } from '@shared/types';
import { audit, parse, write, type Store } from './context';

const practiceKey = 'practice';

export function settingsService(store: Store) {
  /** Stored settings, with defaults for anything a newer version added since they were saved. */
  const read = (): Settings => {
    const row = store.sqlite.prepare('select value from settings where key = ?').get(practiceKey) as { value: string } | undefined;
    return SettingsInput.parse(row ? JSON.parse(row.value) : {});
  };

  return {
    read,
    get(_actor: Actor, input: unknown = {}): Settings {
      parse(Empty, input);
      return read();
    },
    update(actor: Actor, input: unknown): Settings {
      const settings = parse(SettingsInput, input, 'the settings');
      return write(store, () => {
        store.sqlite
          .prepare('insert into settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value')
          .run(practiceKey, JSON.stringify(settings));
        audit(store, actor, 'update', 'settings', null);
        return settings;
      });
    },
  };
}

import { ClinicianInput, Empty } from '@shared/schemas';
import { foldWords } from '@shared/text';
import type { Actor, Clinician } from '@shared/types';
import type { Role } from '@shared/vocabulary';
import { AppError } from '@shared/errors';
import { audit, notFound, parse, write, type Store } from './context';

interface ClinicianRow {
  id: number;
  key: string;
  name: string;
  role: Role;
  active: number;
}

const toClinician = (r: ClinicianRow): Clinician => ({ id: r.id, key: r.key, name: r.name, role: r.role, active: r.active === 1 });

export function clinicianService(store: Store) {
  const byId = (id: number) => store.sqlite.prepare('select id, key, name, role, active from clinicians where id = ?').get(id) as ClinicianRow | undefined;

  /** A key from the name, made unique: `Dr Ada Okafor` -> `dr-ada-okafor`, `dr-ada-okafor-2`. */
  const freshKey = (name: string): string => {
    const base =
      foldWords(name)
        .join('-')
        .replace(/[^a-z0-9-]/g, '')
        .slice(0, 40) || 'clinician';
    const taken = store.sqlite.prepare('select 1 from clinicians where key = ?');
    for (let n = 1; ; n++) {
      const key = n === 1 ? base : `${base}-${n}`;
      if (!taken.get(key)) return key;
    }
  };

  return {
    list(_actor: Actor, input: unknown = {}): Clinician[] {
      parse(Empty, input);
      const rows = store.sqlite.prepare('select id, key, name, role, active from clinicians order by active desc, name').all() as ClinicianRow[];
      return rows.map(toClinician);
    },

    save(actor: Actor, input: unknown): Clinician {
      const c = parse(ClinicianInput, input, 'the clinician');
      return write(store, () => {
        if (c.id !== undefined) {
          const existing = byId(c.id);
          if (!existing) throw notFound('Clinician', c.id);
          if (c.key !== undefined && c.key !== existing.key) {
            throw new AppError('validation', 'A clinician key cannot change once given: files and exports refer to it.', [
              { path: 'key', message: 'cannot change once given' },
            ]);
          }
          store.sqlite.prepare('update clinicians set name = ?, role = ?, active = ? where id = ?').run(c.name, c.role, c.active ? 1 : 0, c.id);
          audit(store, actor, 'update', 'clinician', c.id);
          return toClinician(byId(c.id)!);
        }
        const key = c.key ?? freshKey(c.name);
        if (store.sqlite.prepare('select 1 from clinicians where key = ?').get(key)) {
          throw new AppError('conflict', `The clinician key "${key}" is taken. Choose another key.`, [{ path: 'key', message: 'is taken' }]);
        }
        const id = Number(
          store.sqlite.prepare('insert into clinicians (key, name, role, active) values (?, ?, ?, ?)').run(key, c.name, c.role, c.active ? 1 : 0)
            .lastInsertRowid,
        );
        audit(store, actor, 'create', 'clinician', id);
        return toClinician(byId(id)!);
      });
    },
  };
}

import { AppError } from '@shared/errors';
import { ClinicianInput } from '@shared/schemas';
import { foldWords } from '@shared/text';
import type { Actor, Clinician } from '@shared/types';
import { authorize, notFound, type ReadTx, type Store } from './context';

/** A key from the name, made unique: `Dr Ada Okafor` -> `dr-ada-okafor`, `dr-ada-okafor-2`. */
async function freshKey(tx: ReadTx, name: string): Promise<string> {
  const base =
    foldWords(name)
      .join('-')
      .replace(/[^a-z0-9-]/g, '')
      .slice(0, 40) || 'clinician';
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}-${n}`;
    if ((await tx.clinicians.idOfKey(key)) === undefined) return key;
  }
}

export function clinicianService(store: Store) {
  const { records } = store;
  return {
    async list(actor: Actor): Promise<Clinician[]> {
      await authorize(store, actor, 'clinicians.read');
      return records.read((tx) => tx.clinicians.list());
    },

    async save(actor: Actor, input: ClinicianInput): Promise<Clinician> {
      await authorize(store, actor, 'users.manage');
      const c = ClinicianInput.parse(input);
      return records.write(async (tx) => {
        let id: number;
        if (c.id !== undefined) {
          id = c.id;
          const existing = await tx.clinicians.get(id);
          if (!existing) throw notFound('Clinician', id);
          if (c.key !== undefined && c.key !== existing.key) {
            throw new AppError('validation', 'A clinician key cannot change once given: files and exports refer to it.', [
              { path: 'key', message: 'cannot change once given' },
            ]);
          }
          await tx.clinicians.update(id, { name: c.name, role: c.role, active: c.active });
          await tx.audit.append({ actor, action: 'update', entity: 'clinician', entityId: id });
        } else {
          const key = c.key ?? (await freshKey(tx, c.name));
          if ((await tx.clinicians.idOfKey(key)) !== undefined) {
            throw new AppError('conflict', `The clinician key "${key}" is taken. Choose another key.`, [{ path: 'key', message: 'is taken' }]);
          }
          id = await tx.clinicians.insert({ key, name: c.name, role: c.role, active: c.active });
          await tx.audit.append({ actor, action: 'create', entity: 'clinician', entityId: id });
        }
        return (await tx.clinicians.get(id))!;
      });
    },
  };
}

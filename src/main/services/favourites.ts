/**
 * Each clinician's favourites, kept in the settings store under `favourites:<userId>`: a
 * user's own preference (no migration, no table), read and written only by that user. A
 * favourite names no patient, so saving one is not a clinical record.
 */
import type { ApiParsed } from '@shared/api';
import { AppError } from '@shared/errors';
import { StoredFavourites, maxFavourites, type Favourite } from '@shared/favourites';
import type { Actor } from '@shared/types';
import { authorize, type ReadTx, type Store } from './context';

/**
 * A user's key; the operating-system account at the command line (no user, full rights) keeps
 * a list of its own, so that a script's favourites never land in a clinician's menu.
 */
const keyOf = (actor: Actor) => `favourites:${actor.userId ?? 'system'}`;

const listOf = async (tx: ReadTx, key: string): Promise<Favourite[]> => StoredFavourites.parse((await tx.settings.get(key)) ?? []);

/** Names are compared as people read them: "Lids, extraction" and "lids,  Extraction" are one favourite. */
const sameName = (a: string, b: string) => a.replace(/\s+/g, ' ').toLowerCase() === b.replace(/\s+/g, ' ').toLowerCase();

export function favouriteService(store: Store) {
  return {
    async list(actor: Actor): Promise<Favourite[]> {
      await authorize(store, actor, 'visits.document');
      const key = keyOf(actor);
      return store.records.read((tx) => listOf(tx, key));
    },

    /** Saves a new favourite, or replaces the one of the same name (keeping its place in the menu). */
    async save(actor: Actor, input: ApiParsed<'favourites.save'>): Promise<Favourite[]> {
      await authorize(store, actor, 'visits.document');
      const key = keyOf(actor);
      return store.records.write(async (tx) => {
        const list = await listOf(tx, key);
        const at = list.findIndex((f) => sameName(f.name, input.name));
        if (at < 0 && list.length >= maxFavourites) {
          throw new AppError('conflict', `You keep ${maxFavourites} favourites, the most there can be. Delete one you no longer use, then save this one.`);
        }
        const id = at >= 0 ? list[at]!.id : Math.max(0, ...list.map((f) => f.id)) + 1;
        const next = at >= 0 ? list.with(at, { ...input, id }) : [...list, { ...input, id }];
        await tx.settings.put(key, next);
        return next;
      });
    },

    /** Deleting one already gone (from another window) is done, not an error: the list is what the user wanted. */
    async delete(actor: Actor, { id }: ApiParsed<'favourites.delete'>): Promise<Favourite[]> {
      await authorize(store, actor, 'visits.document');
      const key = keyOf(actor);
      return store.records.write(async (tx) => {
        const list = await listOf(tx, key);
        const next = list.filter((f) => f.id !== id);
        if (next.length !== list.length) await tx.settings.put(key, next);
        return next;
      });
    },
  };
}

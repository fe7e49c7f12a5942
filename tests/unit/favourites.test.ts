/**
 * Favourites, through the real invoker and services on a real record (SQLite file or practice
 * server): each user keeps their own list under `favourites:<userId>` in the settings store, a
 * save is checked in plain words, a favourite of the same name is replaced, and a deleted one
 * is gone.
 */
import { describe, expect, it } from 'vitest';
import { createHandlers, createInvoker } from '../../src/main/api/handlers';
import { userActor } from '../support/actors';
import { engineServices } from '../support/engine';
import { testActor } from '../support/store';

const lids = {
  name: 'Periorbital milia, extraction',
  presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', distribution: 'grouped' }],
  treatments: [{ kind: 'extraction', site: 'upper_eyelid', side: 'left', anesthesia: 'none', details: { instrument: 'needle' } }],
};
const retinoid = { name: 'Adapalene at night', treatments: [{ kind: 'topical_retinoid', site: 'cheek', side: 'right', details: { product: 'adapalene' } }] };

async function clinic() {
  const s = engineServices();
  const invoke = createInvoker(createHandlers(s, { version: '9.9.9' }));
  const dermatologist = await userActor(s, 'dermatologist');
  const nurse = await userActor(s, 'nurse');
  const manager = await userActor(s, 'manager');
  return { s, invoke, dermatologist, nurse, manager };
}

describe('favourites', () => {
  it('are kept per user: one clinician never sees or deletes another’s', async () => {
    const { s, invoke, dermatologist, nurse } = await clinic();
    const saved = await invoke(dermatologist, 'favourites.save', lids);
    expect(saved).toEqual({
      ok: true,
      value: [
        {
          id: 1,
          name: 'Periorbital milia, extraction',
          presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', distribution: 'grouped', triggers: [] }],
          treatments: [{ kind: 'extraction', site: 'upper_eyelid', side: 'left', anesthesia: 'none', details: { instrument: 'needle' } }],
        },
      ],
    });
    await invoke(nurse, 'favourites.save', retinoid);

    expect(await invoke(nurse, 'favourites.list', {})).toMatchObject({ ok: true, value: [{ id: 1, name: 'Adapalene at night' }] });
    expect(await invoke(dermatologist, 'favourites.list', {})).toMatchObject({ ok: true, value: [{ id: 1, name: 'Periorbital milia, extraction' }] });
    // The nurse's favourite 1 is hers: deleting it leaves the dermatologist's favourite 1 alone.
    expect(await invoke(nurse, 'favourites.delete', { id: 1 })).toEqual({ ok: true, value: [] });
    expect(await invoke(dermatologist, 'favourites.list', {})).toMatchObject({ ok: true, value: [{ id: 1, name: 'Periorbital milia, extraction' }] });
    // Stored under the user's own key of the settings store.
    const stored = await s.store.records.read((tx) => tx.settings.get(`favourites:${dermatologist.userId}`));
    expect(stored).toMatchObject([{ id: 1, name: 'Periorbital milia, extraction' }]);
    expect(await s.store.records.read((tx) => tx.settings.get(`favourites:${nurse.userId}`))).toEqual([]);
  });

  it('a favourite of the same name replaces the old one in its place; a new name is added after', async () => {
    const { invoke, dermatologist } = await clinic();
    await invoke(dermatologist, 'favourites.save', lids);
    await invoke(dermatologist, 'favourites.save', retinoid);
    const replaced = await invoke(dermatologist, 'favourites.save', { ...lids, name: '  periorbital  milia, Extraction ', treatments: [] });
    expect(replaced.ok && replaced.value.map((f) => [f.id, f.name, f.treatments.length])).toEqual([
      [1, 'periorbital  milia, Extraction', 0],
      [2, 'Adapalene at night', 1],
    ]);
  });

  it('delete removes it, and deleting one already gone is not an error', async () => {
    const { invoke, dermatologist } = await clinic();
    await invoke(dermatologist, 'favourites.save', lids);
    await invoke(dermatologist, 'favourites.save', retinoid);
    expect(await invoke(dermatologist, 'favourites.delete', { id: 1 })).toMatchObject({ ok: true, value: [{ id: 2, name: 'Adapalene at night' }] });
    expect(await invoke(dermatologist, 'favourites.delete', { id: 1 })).toMatchObject({ ok: true, value: [{ id: 2 }] });
    // Ids are not reused while a later one exists: a stale menu cannot delete the wrong favourite.
    expect(await invoke(dermatologist, 'favourites.save', lids)).toMatchObject({ ok: true, value: [{ id: 2 }, { id: 3 }] });
  });

  it('a save is checked in plain words', async () => {
    const { invoke, dermatologist } = await clinic();
    expect(await invoke(dermatologist, 'favourites.save', { name: 'Nothing', presentations: [], treatments: [] })).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        message: 'Check the favourite: presentations: A favourite needs at least one presentation or treatment.',
        issues: [{ path: 'presentations', message: 'A favourite needs at least one presentation or treatment' }],
      },
    });
    expect(await invoke(dermatologist, 'favourites.save', { ...lids, name: '   ' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: 'Check the favourite: name: must not be empty.' },
    });
    const wrong = await invoke(dermatologist, 'favourites.save', {
      name: 'Wrong',
      presentations: [{ type: 'primary', site: 'upper_eyelid' }],
      treatments: [
        { kind: 'topical_retinoid', site: 'nose', anesthesia: 'topical', details: { product: 'adapalene', strengthPercent: 11 } },
        { kind: 'extraction', site: 'nose', details: { colour: 'red' } },
      ],
    });
    expect(wrong).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        message: 'Check the favourite: 4 fields need attention.',
        issues: [
          { path: 'presentations[0].side', message: 'is required for upper_eyelid (Upper eyelid), a paired site: choose left, right, bilateral' },
          { path: 'treatments[0].anesthesia', message: 'must be left out for topical retinoid, which is not a procedure' },
          { path: 'treatments[0].details.strengthPercent', message: 'must be a number from 0.001 to 10' },
          { path: 'treatments[1].details.colour', message: 'is not a known field: check its spelling' },
        ],
      },
    });
    expect(await invoke(dermatologist, 'favourites.list', {})).toEqual({ ok: true, value: [] });
  });

  it('only those who document visits keep favourites; the command line’s account keeps its own', async () => {
    const { invoke, manager, dermatologist } = await clinic();
    expect(await invoke(manager, 'favourites.save', lids)).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'Only a dermatologist or a nurse can document visits; you are signed in as a practice manager.' },
    });
    await invoke(testActor, 'favourites.save', retinoid);
    expect(await invoke(testActor, 'favourites.list', {})).toMatchObject({ ok: true, value: [{ id: 1, name: 'Adapalene at night' }] });
    expect(await invoke(dermatologist, 'favourites.list', {})).toEqual({ ok: true, value: [] });
  });

  it('a user keeps at most 50', async () => {
    const { invoke, nurse } = await clinic();
    for (let i = 1; i <= 50; i++) expect((await invoke(nurse, 'favourites.save', { ...retinoid, name: `Favourite ${i}` })).ok).toBe(true);
    expect(await invoke(nurse, 'favourites.save', { ...retinoid, name: 'One more' })).toEqual({
      ok: false,
      error: { kind: 'conflict', message: 'You keep 50 favourites, the most there can be. Delete one you no longer use, then save this one.' },
    });
    // Replacing one by its name is still allowed.
    expect((await invoke(nurse, 'favourites.save', { ...lids, name: 'Favourite 7' })).ok).toBe(true);
  });
});

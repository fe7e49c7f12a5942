/**
 * The record layer's units of work on a real SQLite file, as its one connection runs them: no
 * transaction left open after a unit, and units taken one after another (a read waits for the
 * writes queued before it). What every engine owes the contract is in records.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import type { ReadTx } from '../../src/main/db/records';
import { ann, commitsTogether, rejectedUnitsKeepNothing } from '../support/recordUnits';
import { tempDir } from '../support/store';

function store() {
  const s = openStore(join(tempDir(), 'records.db'), { create: true });
  return s;
}

const count = (s: ReturnType<typeof store>, table: string): number => s.sqlite.prepare<[], number>(`select count(*) from ${table}`).pluck().get()!;

/** A promise and the function that settles it, to hold a unit of work open. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('a unit of work', () => {
  it('commits every write of a unit together', async () => {
    const s = store();
    await commitsTogether(s, (table) => count(s, table));
    expect(s.sqlite.inTransaction).toBe(false);
    s.close();
  });

  it('keeps nothing of a unit whose work rejects, whether the work or SQLite refuses', async () => {
    const s = store();
    await rejectedUnitsKeepNothing(s, (table) => count(s, table), {
      duplicate: (unit) => expect(unit).rejects.toThrow(/UNIQUE/),
      rolledBack: () => expect(s.sqlite.inTransaction).toBe(false),
    });
    s.close();
  });

  it('runs units one after another: a second write waits for the first to finish, and a rollback takes back only its own rows', async () => {
    const s = store();
    const events: string[] = [];
    const held = gate();
    const first = s.records.write(async (tx) => {
      events.push('first begins');
      await tx.patients.insert(ann);
      await held.opened;
      events.push('first rolls back');
      throw new Error('first fails');
    });
    const second = s.records.write(async (tx) => {
      events.push('second begins');
      await tx.patients.insert({ ...ann, mrn: 'R-2', givenName: 'Bea' });
    });
    const read = s.records.read(async (tx) => {
      events.push('read begins');
      return (await tx.patients.search({ words: [], dateOfBirth: '1980-01-02', mrnPrefix: null, mrnNumber: null, includeArchived: true, limit: 10 })).map(
        (p) => p.mrn,
      );
    });
    // Let every queued microtask and I/O callback run while the first unit is held open.
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['first begins']);
    held.open();
    await expect(first).rejects.toThrow('first fails');
    await second;
    expect(await read).toEqual(['R-2']);
    expect(events).toEqual(['first begins', 'first rolls back', 'second begins', 'read begins']);
    s.close();
  });
});

describe('statements prepared ahead', () => {
  /** The first screen's reads, through five repositories. */
  const firstScreen = (tx: ReadTx) =>
    Promise.all([
      tx.users.credentials('nobody'),
      tx.clinicians.list(),
      tx.visits.drafts(null),
      tx.visits.undecidedCount(),
      tx.followUps.idsOf(1),
      tx.patients.get(1),
    ]);

  /** How many statements SQLite compiles from now on. */
  function preparesOf(s: ReturnType<typeof store>): () => number {
    let n = 0;
    const prepare = s.sqlite.prepare.bind(s.sqlite);
    s.sqlite.prepare = ((source: string) => (n++, prepare(source))) as typeof s.sqlite.prepare;
    return () => n;
  }

  it('leaves the first calls nothing to prepare, and makes a repository a turn so that a call meanwhile is answered first', async () => {
    const cold = store();
    const coldPrepares = preparesOf(cold);
    await cold.records.read(firstScreen);
    // Without it, those reads prepare their statements on their way.
    expect(coldPrepares()).toBeGreaterThan(5);
    cold.close();

    const s = store();
    const prepares = preparesOf(s);
    const preparing = s.records.prepareAhead();
    // A call two turns later waits for one repository at most, not for them all.
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    const preparedWhenAnswered = await s.records.read(async () => prepares());
    await preparing;
    const preparedAhead = prepares();
    expect(preparedWhenAnswered).toBeLessThan(preparedAhead / 2);
    await s.records.read(firstScreen);
    expect(prepares()).toBe(preparedAhead);
    s.close();
  });

  it('ends quietly on a file closed meanwhile', async () => {
    const s = store();
    const preparing = s.records.prepareAhead();
    s.close();
    await expect(preparing).resolves.toBeUndefined();
  });
});

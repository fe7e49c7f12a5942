/**
 * The permission table's calls on the backups of a SQLite file (backups.list, run, inspect and
 * restore), walked as permissions.test.ts walks the others: every role, as real users through
 * the real invoker, on a real file with a backup beside it. A call the role may make works; any
 * other answers `forbidden` with the sentence naming the roles that may, changes no row, and
 * leaves exactly one audit row saying so.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import { fileCalls, people, permissionWalk } from '../support/permissionWalk';

const permissions = permissionWalk(
  (dir) => {
    const store = openStore(join(dir, 'milia.db'), { create: true });
    return { store, close: async () => store.close() };
  },
  { backup: true },
);
beforeAll(permissions.setUp);
afterAll(permissions.tearDown);

describe.each(people)('$who', (person) => {
  it.each(fileCalls)('%s', async (name) => {
    await permissions.walk(person, name);
  });
});

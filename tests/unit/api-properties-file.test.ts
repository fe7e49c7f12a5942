/**
 * The API's calls on the backups of a SQLite file (backups.list, run, inspect and restore), as
 * api-properties.test.ts proves the others (tests/support/apiProperties.ts): whatever the input,
 * an envelope, never a throw or an 'internal' fault, a refusal changing no row, and the file
 * passing `check` at the end; a restore swaps the file and the record is opened again.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import { callProperty, fileCalls, freshSettings, setUp, tearDown } from '../support/apiProperties';

const record = (create: boolean) => (dir: string) => {
  const store = openStore(join(dir, 'milia.db'), { create });
  return { store, close: async () => store.close() };
};

beforeAll(() => setUp(record(true), record(false)));
beforeEach(freshSettings);
afterAll(tearDown);

describe('every API call, whatever its input', () => {
  for (const name of fileCalls) {
    it(`${name}: answers ok or a plain refusal, never throws, and a refusal changes no row`, async () => {
      await callProperty(name);
    });
  }
});

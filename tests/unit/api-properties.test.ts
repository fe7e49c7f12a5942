/**
 * Property tests on every call of the API table (`apiNames`: a new call is covered as soon as it
 * is added), on a real record of either engine (tests/support/apiProperties.ts says what each
 * proves): whatever the input, an envelope, never a throw or an 'internal' fault, a refusal
 * changing no row, and a sound record at the end. The backups' calls, about a SQLite file and the
 * backups beside it, are in api-properties-file.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, createInvoker } from '../../src/main/api/handlers';
import { createServices } from '../../src/main/services';
import { actor, callProperty, freshSettings, internalErrors, recordCalls, recordProblems, setUp, tearDown } from '../support/apiProperties';
import { engineStore, rawSql } from '../support/engine';
import { testPasswordCost as passwordCost, tempDir } from '../support/store';

beforeAll(() => setUp((dir) => engineStore(dir)));
beforeEach(freshSettings);
afterAll(tearDown);

describe('every API call, whatever its input', () => {
  for (const name of recordCalls) {
    it(`${name}: answers ok or a plain refusal, never throws, and a refusal changes no row`, async () => {
      await callProperty(name);
    });
  }

  it('app.loadDemo: a valid input seeds the demo patients into an empty record, and only there', async () => {
    // In a folder of its own: the backups beside the other database are not this one's.
    const { store: empty, close } = engineStore(tempDir());
    try {
      const call = createInvoker(createHandlers(createServices(empty, { passwordCost }), { version: '9.9.9' }), (error) => internalErrors.push(error));
      const patients = () => rawSql(empty).value('select count(*) from patients');
      expect(await call(actor, 'app.loadDemo', { patients: 2 })).toMatchObject({ ok: true, value: { imported: { patients: 2 } } });
      expect(await patients()).toBe(2);
      expect(await call(actor, 'app.loadDemo', { patients: 2 })).toEqual({
        ok: false,
        error: { kind: 'conflict', message: 'The demo data can be loaded only into an empty record, and this one has patients. Nothing was added.' },
      });
      expect(await patients()).toBe(2);
      expect(await recordProblems(empty)).toEqual([]);
      expect(internalErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});

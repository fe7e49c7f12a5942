/**
 * The main process parses each call's input with its schema compiled by zod (`parseInput`),
 * which runs generated code for the accepting path and hands every refusal to zod's general
 * parser. The two must agree on every input: the same value when accepted, the same refusal
 * when not. An input the compiled path accepted and the general parser refuses would let an
 * unsafe visit (a procedure without consent, a date that is no date) past the rules.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as z from 'zod';
import { api, apiNames } from '@shared/api';
import { parseInput } from '../../src/main/api/handlers';
import { validInputs, type Scene } from '../support/apiInputs';
import { arbitraryInputs } from '../support/inputArbitraries';
import { assertProperty } from '../support/property';

// Ids as a scene would give them; only the schemas judge here, never the rows.
const scene: Scene = {
  n: 7,
  dermatologist: 1,
  nurse: 2,
  archived: 3,
  handoutVisit: 4,
  handout: 5,
  patient: { id: 6, mrn: 'P-7' },
  visit: 7,
  followUps: [8, 9, 10],
  user: 11,
  job: '0b5d0c8e-3f6a-4c1e-9a7b-2d4e6f8a1c3e',
  backup: '/tmp/backup.db',
};
const bases = validInputs(scene);
const ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** What a parse gives: the value, or the issues a refusal lists. */
function outcome(schema: z.ZodType, input: unknown): unknown {
  const result = schema.safeParse(input);
  return result.success ? { value: result.data } : { issues: result.error.issues };
}

describe('each call parsed by its compiled schema', () => {
  it('parseInput accepts the valid input of every call', () => {
    for (const name of apiNames) for (const input of bases[name]) expect(() => parseInput(name, structuredClone(input)), name).not.toThrow();
  });

  for (const name of apiNames) {
    it(`${name}: the compiled schema gives what zod's general parser gives, accepted or refused, for any input`, async () => {
      const general = api[name].input;
      const compiled = z.compile(general);
      await assertProperty(
        fc.property(arbitraryInputs(bases[name], ids), (input) => {
          // Each parser gets its own copy, so that neither can change what the other judges.
          expect(outcome(compiled, structuredClone(input))).toEqual(outcome(general, structuredClone(input)));
        }),
        { numRuns: 200 },
      );
    });
  }
});

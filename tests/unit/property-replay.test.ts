/** The seeded property runner of tests/support: the same cases each run, and a failure that says how to replay it. */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assertProperty, propertySeed } from '../support/property';

const saved = { seed: process.env.FC_SEED, path: process.env.FC_PATH };
afterEach(() => {
  for (const [key, value] of [
    ['FC_SEED', saved.seed],
    ['FC_PATH', saved.path],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const drawn = async (): Promise<number[]> => {
  const seen: number[] = [];
  await assertProperty(
    fc.property(fc.integer(), (n) => {
      seen.push(n);
    }),
    { numRuns: 20 },
  );
  return seen;
};

describe('property tests', () => {
  it('draw the same cases for the same seed, and others for another', async () => {
    process.env.FC_SEED = '424242';
    const first = await drawn();
    expect(await drawn()).toEqual(first);
    process.env.FC_SEED = '424243';
    expect(await drawn()).not.toEqual(first);
  });

  it('name the seed, the counterexample and the command that replays it, which finds it again', async () => {
    delete process.env.FC_SEED;
    const failing = fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
      if (n >= 500) throw new Error(`${n} is too large`);
    });
    const error = await assertProperty(failing).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/Counterexample: \[500\]/);
    const replay = /Replay this case: FC_SEED=(-?\d+) FC_PATH=(\S+) npx vitest run tests\/unit\/property-replay\.test\.ts -t "name the seed, /.exec(
      error!.message,
    );
    expect(replay, error!.message).not.toBeNull();
    expect(Number(replay![1])).toBe(propertySeed());

    // The recorded seed and path run that one case first.
    process.env.FC_SEED = replay![1];
    process.env.FC_PATH = replay![2];
    const seen: number[] = [];
    await expect(
      assertProperty(
        fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
          seen.push(n);
          if (n >= 500) throw new Error(`${n} is too large`);
        }),
      ),
    ).rejects.toThrow(/Counterexample: \[500\]/);
    expect(seen[0]).toBe(500);
  });
});

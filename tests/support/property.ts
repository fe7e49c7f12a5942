/**
 * fast-check with a recorded seed. Every run uses FC_SEED (a fixed default otherwise, so that
 * CI runs the same cases each time); a failure names the seed, the counterexample's path and
 * the command that replays exactly that case (FC_SEED and FC_PATH).
 */
import { basename } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';

const defaultSeed = 20261122;

/** The seed of this run: FC_SEED when set (`FC_SEED=$RANDOM` explores new cases). */
export function propertySeed(): number {
  const text = process.env.FC_SEED;
  if (text === undefined || text === '') return defaultSeed;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be a whole number, not "${text}".`);
  return seed;
}

/** How to run this one case again, for a failure message. */
export function replayCommand(seed: number, path: string | null | undefined): string {
  const state = expect.getState();
  const file = state.testPath ? `tests/unit/${basename(state.testPath)}` : '';
  const name = state.currentTestName?.split(' > ').at(-1) ?? '';
  return `FC_SEED=${seed}${path ? ` FC_PATH=${path}` : ''} npx vitest run ${file} -t ${JSON.stringify(name)}`;
}

/** fc.assert for a sync or async property, seeded; FC_PATH replays one recorded counterexample. */
export async function assertProperty<Ts>(property: fc.IRawProperty<Ts>, params: fc.Parameters<Ts> = {}): Promise<void> {
  const seed = propertySeed();
  const path = process.env.FC_PATH || undefined;
  const details = await fc.check(property, { ...params, seed, ...(path ? { path } : {}) });
  if (!details.failed) return;
  const report = fc.defaultReportMessage(details) ?? `Property failed with seed ${details.seed}.`;
  const error = new Error(`${report}\n\nReplay this case: ${replayCommand(details.seed, details.counterexamplePath)}`);
  if (details.errorInstance instanceof Error) error.cause = details.errorInstance;
  throw error;
}

/**
 * A practice grown in steps: seeded through the importer (the same path as `cli seed` and a
 * practice's interchange file, every rule checked) in chunks, so that the synthetic document
 * held in memory stays one chunk's size however large the practice. Each chunk continues after
 * the highest MRN of the seed, so the new patients are other people.
 */
import type { Actor } from '@shared/types';
import type { Records } from '../src/main/db/records';
import { seed } from '../src/main/seed';
import type { Case } from './measure';

const chunk = 20_000;

/** Adds `patients` patients; returns how long it took, in seconds. */
export async function grow(records: Records, actor: Actor, patients: number): Promise<number> {
  const t0 = performance.now();
  for (let done = 0; done < patients; done += chunk) {
    const seeded = await seed(records, actor, { patients: Math.min(chunk, patients - done), seed: 1 });
    if (patients > chunk) console.error(`  … ${done + seeded.imported.patients} of ${patients} patients (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  return (performance.now() - t0) / 1000;
}

/** Each case measured at both sizes: the larger figure over the smaller, for the median and the 95th percentile. */
export function growthOf(from: Record<string, Case>, to: Record<string, Case>) {
  const ratio = (a: number, b: number) => Number((b / a).toFixed(2));
  return Object.fromEntries(
    Object.keys(to)
      .filter((name) => name in from)
      .map((name) => [name, { median: ratio(from[name]!.median_ms, to[name]!.median_ms), p95: ratio(from[name]!.p95_ms, to[name]!.p95_ms) }]),
  );
}

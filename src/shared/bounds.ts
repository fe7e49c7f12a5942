/**
 * The clinical number ranges, both ends included, written once: the zod schemas, the
 * database's CHECK constraints, `check` and the form inputs all read them. A change to a
 * range behind a CHECK constraint (fitzpatrick, count, lesionsTreated) needs a migration:
 * `npm run db:generate`.
 */
import { fitzpatrickTypes } from './vocabulary';

export type Range = { readonly min: number; readonly max: number };

export const bounds = {
  fitzpatrick: { min: Math.min(...fitzpatrickTypes), max: Math.max(...fitzpatrickTypes) },
  /** A presentation's lesions and their size. */
  count: { min: 1, max: 500 },
  sizeMm: { min: 0.1, max: 10 },
  /** Lesions a treatment treated: always 0 for observation and drugs. */
  lesionsTreated: { min: 0, max: 500 },
  /** Treatment details. */
  freezeSeconds: { min: 1, max: 60 },
  cycles: { min: 1, max: 3 },
  concentrationPercent: { min: 0.1, max: 100 },
  strengthPercent: { min: 0.001, max: 10 },
  doseMg: { min: 1, max: 500 },
  durationWeeks: { min: 1, max: 104 },
  /** The practice's follow-up interval after a treatment. */
  followUpWeeks: { min: 1, max: 104 },
} as const satisfies Record<string, Range>;

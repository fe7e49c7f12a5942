/**
 * Reading a statistics summary: counts that may be left out (a missing key is 0), sums,
 * rates always with the counts they come from, and the months of the chart.
 */
import { format, parseISO } from 'date-fns';
import type { Counts, StatsSummary } from '@shared/stats';
import { treatmentKinds, type TreatmentKind } from '@shared/vocabulary';

/** Below this many, a rate is flagged: 2 of 3 is not 200 of 300. */
export const fewThreshold = 10;

export const countIn = <K extends string>(counts: Counts<K> | undefined, key: K): number => counts?.[key] ?? 0;

export const sumOf = (counts: Partial<Record<string, number>>): number => Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);

/** `1,234` in the reader's way of writing numbers. */
export const formatCount = (n: number): string => n.toLocaleString();

/** `67%`, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  return `${Math.round((part / whole) * 100)}%`;
}

/** `67% (2 of 3)`: a rate always with the counts it comes from. */
export function rateWithCounts(part: number, whole: number): string {
  const rate = percent(part, whole);
  return rate === null ? 'none to count' : `${rate} (${formatCount(part)} of ${formatCount(whole)})`;
}

/** Codes of a table that have a count, in the vocabulary's order. */
export function presentCodes<C extends string>(codes: readonly C[], has: (code: C) => boolean): C[] {
  return codes.filter(has);
}

/** The treatment kinds with at least one treatment in the summary, in the vocabulary's order. */
export const kindsTreated = (summary: StatsSummary): TreatmentKind[] =>
  presentCodes(treatmentKinds.codes, (k) => (summary.treatmentsByKind[k]?.treatments ?? 0) > 0);

/** `Sep 2026` for `2026-09`. */
export const monthName = (month: string): string => format(parseISO(`${month}-01`), 'MMM yyyy');

/** Beyond this many months the chart and its table count by year, so bars stay readable. */
const maxMonthsShown = 36;

export interface TreatmentBucket {
  /** `2026-09`, or `2026` when counted by year. */
  key: string;
  /** `Sep 2026` or `2026`. */
  label: string;
  kinds: Counts<TreatmentKind>;
  total: number;
}

/** The chart's bars: one per month of the period, or one per year for a period of many years. */
export function treatmentBuckets(byMonth: StatsSummary['treatmentsByMonth']): { unit: 'month' | 'year'; buckets: TreatmentBucket[] } {
  if (byMonth.length <= maxMonthsShown) {
    return { unit: 'month', buckets: byMonth.map((m) => ({ key: m.month, label: monthName(m.month), kinds: m.kinds, total: sumOf(m.kinds) })) };
  }
  const years = new Map<string, Counts<TreatmentKind>>();
  for (const m of byMonth) {
    const year = m.month.slice(0, 4);
    const counts = years.get(year) ?? {};
    for (const kind of treatmentKinds.codes) {
      const n = countIn(m.kinds, kind);
      if (n > 0) counts[kind] = countIn(counts, kind) + n;
    }
    years.set(year, counts);
  }
  return { unit: 'year', buckets: [...years].map(([year, kinds]) => ({ key: year, label: year, kinds, total: sumOf(kinds) })) };
}

/** `812 bytes`, `14 KB`, `3.2 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

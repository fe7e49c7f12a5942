/**
 * A period as the roll-ups answer it: the whole years inside it, the whole months before and
 * after them, and the days before and after those. Dates are `YYYY-MM-DD` strings compared as
 * text; a span whose start is after its end is empty. Pure date code: both engines' statistics
 * read their roll-ups through it (`sqlite/statsReads.ts`, `pg/statsReads.ts`).
 */
export interface Spans {
  /** Days at the start and at the end. */
  d1: string;
  d2: string;
  d3: string;
  d4: string;
  /** Whole months before and after the whole years. */
  m1: string;
  m2: string;
  m3: string;
  m4: string;
  /** Whole years. */
  y1: string;
  y2: string;
}

/** All the period's whole months, for the figures kept by month: `:w1`..`:w2` with the end days. */
export type MonthSpans = Pick<Spans, 'd1' | 'd2' | 'd3' | 'd4'> & { w1: string; w2: string };

const shift = (month: string, by: 1 | -1): string => {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

const lastDay = (month: string): string => {
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${days}`;
};

/** An empty span: its start sorts after its end. */
const [none1, none2] = ['9', '0'];

export function monthSpansOf(from: string, to: string): MonthSpans {
  const first = from.endsWith('-01') ? from.slice(0, 7) : shift(from.slice(0, 7), 1);
  const last = to === lastDay(to.slice(0, 7)) ? to.slice(0, 7) : shift(to.slice(0, 7), -1);
  if (first > last) return { w1: none1, w2: none2, d1: from, d2: to, d3: none1, d4: none2 };
  // Days run to the 31st of the month before the whole months: no later day exists in it.
  return { w1: first, w2: last, d1: from, d2: `${shift(first, -1)}-31`, d3: `${shift(last, 1)}-01`, d4: to };
}

export function spansOf(from: string, to: string): Spans {
  const { w1, w2, ...days } = monthSpansOf(from, to);
  if (w1 > w2) return { ...days, m1: none1, m2: none2, m3: none1, m4: none2, y1: none1, y2: none2 };
  const firstYear = w1.endsWith('-01') ? Number(w1.slice(0, 4)) : Number(w1.slice(0, 4)) + 1;
  const lastYear = w2.endsWith('-12') ? Number(w2.slice(0, 4)) : Number(w2.slice(0, 4)) - 1;
  if (firstYear > lastYear) return { ...days, m1: w1, m2: w2, m3: none1, m4: none2, y1: none1, y2: none2 };
  return { ...days, m1: w1, m2: `${firstYear - 1}-12`, y1: String(firstYear), y2: String(lastYear), m3: `${lastYear + 1}-01`, m4: w2 };
}

/** The day before `day`. */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

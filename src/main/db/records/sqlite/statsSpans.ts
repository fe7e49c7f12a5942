/**
 * A period as the roll-ups answer it: the whole months inside it, and the days before and
 * after them. Dates are `YYYY-MM-DD` strings, compared as text; a span whose start is after
 * its end is empty.
 */
export interface Spans {
  m1: string;
  m2: string;
  d1: string;
  d2: string;
  d3: string;
  d4: string;
}

const shift = (month: string, by: 1 | -1): string => {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

const lastDay = (month: string): string => {
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return `${month}-${days}`;
};

const empty = { lo: '9', hi: '0' };

export function spansOf(from: string, to: string): Spans {
  const first = from.endsWith('-01') ? from.slice(0, 7) : shift(from.slice(0, 7), 1);
  const last = to === lastDay(to.slice(0, 7)) ? to.slice(0, 7) : shift(to.slice(0, 7), -1);
  if (first > last) return { m1: empty.lo, m2: empty.hi, d1: from, d2: to, d3: empty.lo, d4: empty.hi };
  // Days run to the 31st of the month before the whole months: no later day exists in it.
  return { m1: first, m2: last, d1: from, d2: `${shift(first, -1)}-31`, d3: `${shift(last, 1)}-01`, d4: to };
}

/** The day before `day`. */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The workstation's day and the moment, as the record writes them. */

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The day a moment (a `Date`, or a time as the record writes it) falls on, on this workstation's calendar, `YYYY-MM-DD`. */
export const dayOf = (moment: Date | string): string => {
  const d = typeof moment === 'string' ? new Date(moment) : moment;
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
};

/** Today on this workstation's calendar, `YYYY-MM-DD` (by hand: date-fns's `format` costs every visit save 30 µs). */
export const today = (): string => dayOf(new Date());

/** Now, ISO 8601 UTC. */
export const nowIso = (): string => new Date().toISOString();

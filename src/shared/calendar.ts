/** The workstation's day and the moment, as the record writes them. */

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Today on this workstation's calendar, `YYYY-MM-DD` (by hand: date-fns's `format` costs every visit save 30 µs). */
export const today = (): string => {
  const now = new Date();
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
};

/** Now, ISO 8601 UTC. */
export const nowIso = (): string => new Date().toISOString();

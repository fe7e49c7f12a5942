/**
 * Dates as people type them into a search box: ISO (`1987-03-14`) always, and with slashes,
 * dots or dashes in the practice's order (day/month/year or month/day/year, a setting), so
 * that `14/03/1987` in a UK practice and `3/14/1987` in a US one both find 14 March 1987.
 * Four-digit years only: a two-digit year is ambiguous across a century of birthdays.
 */
import { isValid, parse } from 'date-fns';
import { isIsoDate } from './fields';

export const dateOrders = ['dmy', 'mdy'] as const;
export type DateOrder = (typeof dateOrders)[number];
/** How each order is written, with one day (14 March 1987) in it, for the screens' hints. */
export const dateOrderForms: Record<DateOrder, { written: string; example: string }> = {
  dmy: { written: 'DD/MM/YYYY', example: '14/03/1987' },
  mdy: { written: 'MM/DD/YYYY', example: '03/14/1987' },
};
export const dateOrderLabels: Record<DateOrder, string> = {
  dmy: `Day/month/year (${dateOrderForms.dmy.example})`,
  mdy: `Month/day/year (${dateOrderForms.mdy.example})`,
};

const patterns: Record<DateOrder, string> = { dmy: 'd/M/yyyy', mdy: 'M/d/yyyy' };

/** The `YYYY-MM-DD` day a typed date means, or null when it is not a whole, real date. */
export function typedDate(text: string, order: DateOrder): string | null {
  if (isIsoDate(text)) return text;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!m) return null;
  const day = parse(`${m[1]}/${m[2]}/${m[3]}`, patterns[order], new Date(2000, 0, 1));
  if (!isValid(day)) return null;
  const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

import { differenceInMonths, differenceInWeeks, differenceInYears, format, parseISO } from 'date-fns';
import { isIsoDate } from '@shared/fields';

/** `14 Mar 1987`: day, month name and year, unambiguous in every locale. */
export const formatDate = (iso: string): string => format(parseISO(iso), 'd MMM yyyy');

/** `14 Mar 2025, 09:41`: a moment, such as when a handout was printed, in local time. */
export const formatDateTime = (iso: string): string => format(parseISO(iso), 'd MMM yyyy, HH:mm');

/**
 * `Thu 4 Jun 2026`: what a date field holds, read back in words under its label. The field
 * shows the order of the computer's language (month first on a US system), not the practice's,
 * so a day and month typed the other way round would pass unseen; in words they cannot be misread.
 */
export const readBack = (value: unknown): string | undefined =>
  typeof value === 'string' && isIsoDate(value) ? format(parseISO(value), 'EEE d MMM yyyy') : undefined;

export const todayIso = (): string => format(new Date(), 'yyyy-MM-dd');

export const addDaysIso = (iso: string, days: number): string => {
  const d = parseISO(iso);
  d.setDate(d.getDate() + days);
  return format(d, 'yyyy-MM-dd');
};

/** Age as a clinician says it: years, or months / weeks for infants. */
export function ageOn(dateOfBirth: string, on: string = todayIso()): string {
  const birth = parseISO(dateOfBirth);
  const day = parseISO(on);
  const years = differenceInYears(day, birth);
  if (years >= 2) return `${years} y`;
  const months = differenceInMonths(day, birth);
  if (months >= 3) return `${months} mo`;
  return `${differenceInWeeks(day, birth)} wk`;
}

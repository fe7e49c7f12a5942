import { differenceInMonths, differenceInWeeks, differenceInYears, format, parseISO } from 'date-fns';

/** `14 Mar 1987`: day, month name and year, unambiguous in every locale. */
export const formatDate = (iso: string): string => format(parseISO(iso), 'd MMM yyyy');

/** `14 Mar 2025, 09:41`: a moment, such as when a handout was printed, in local time. */
export const formatDateTime = (iso: string): string => format(parseISO(iso), 'd MMM yyyy, HH:mm');

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

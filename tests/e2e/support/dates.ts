/** Days as the screens show them, computed independently of the renderer's own helpers. */
import { addDays, differenceInYears, format, parseISO } from 'date-fns';

/** `YYYY-MM-DD`, `days` after today on this machine's calendar (the browser's too). */
export const isoDaysFromToday = (days: number): string => format(addDays(new Date(), days), 'yyyy-MM-dd');

/** `14 Mar 1987`. */
export const shownDate = (iso: string): string => format(parseISO(iso), 'd MMM yyyy');

/** An adult's age as the banner gives it: `39 y`. */
export const shownAge = (dateOfBirth: string): string => `${differenceInYears(new Date(), parseISO(dateOfBirth))} y`;

/** `Mon 1 Jun 2026`: a date field's value read back in words under its label. */
export const readBackDate = (iso: string): string => format(parseISO(iso), 'EEE d MMM yyyy');

/**
 * The age bands that change what is allowed and what is printed, one definition for the care
 * rules and the handouts: a baby the rules keep to observation is the baby whose handout
 * speaks to the parents, on every day, at the ends of months too.
 */
import { differenceInMonths, parseISO } from 'date-fns';

/** Babies younger than this many whole months get only observation, and only they have neonatal milia. */
export const youngBabyMonths = 3;

/** Whether a patient born on `dateOfBirth` is under 3 whole months old (date-fns's count) on `date`, both `YYYY-MM-DD`. */
export function isYoungBaby(dateOfBirth: string, date: string): boolean {
  // Calendar years 2 or more apart are 12 months or more: most visits are settled without date-fns (about 40 µs a save).
  if (Number(date.slice(0, 4)) - Number(dateOfBirth.slice(0, 4)) >= 2) return false;
  return differenceInMonths(parseISO(date), parseISO(dateOfBirth)) < youngBabyMonths;
}

/** Who is asked about pregnancy and breastfeeding at a visit: the service's rule and the editor's question share it. */
import { differenceInYears, parseISO } from 'date-fns';
import type { Sex } from './vocabulary';

/** Ages (whole years at the visit) at which a patient who is not male is asked. */
export const childbearingYears = { min: 12, max: 55 } as const;

/** Whether a visit on `date` records pregnancy and breastfeeding for this patient. */
export function asksPregnancy(patient: { dateOfBirth: string; sex: Sex }, date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < patient.dateOfBirth) return false;
  const years = differenceInYears(parseISO(date), parseISO(patient.dateOfBirth));
  return patient.sex !== 'male' && years >= childbearingYears.min && years <= childbearingYears.max;
}

/**
 * Care that is unsafe for the patient in front of us, refused when a visit is documented
 * (visits.save, so every surface obeys). Imported historical records are not judged here: the
 * rules apply to new documentation. docs/clinical-safety/hazard-log.md maps each rule to its test.
 */
import { differenceInDays, differenceInMonths, differenceInYears, parseISO } from 'date-fns';
import { isYoungBaby } from '@shared/ageBands';
import type { FieldIssue } from '@shared/errors';
import { asksPregnancy } from '@shared/pregnancy';
import type { VisitData } from '@shared/schemas';
import { retinoidProducts, type Sex } from '@shared/vocabulary';

/** Oral minocycline and topical retinoids are not given to children younger than this (years). */
const childYears = 12;
/** Retinoids contraindicated in pregnancy (their labels); retinol is a precaution the handout covers. */
const notInPregnancy: ReadonlySet<(typeof retinoidProducts.codes)[number]> = new Set(['tretinoin', 'adapalene', 'tazarotene']);

/** An age a clinician reads at a glance: days for newborns, months for babies, years after. */
export function ageWords(dateOfBirth: string, on: string): string {
  const birth = parseISO(dateOfBirth);
  const day = parseISO(on);
  const years = differenceInYears(day, birth);
  if (years >= 2) return `${years} years old`;
  const months = differenceInMonths(day, birth);
  if (months >= 2) return `${months} months old`;
  const days = differenceInDays(day, birth);
  return days === 1 ? '1 day old' : `${days} days old`;
}

/**
 * What is wrong with a visit's care for this patient on this day, one issue per field; empty
 * when the visit may be saved. `today` is the workstation's local date.
 */
export function careIssues(
  patient: { dateOfBirth: string; sex: Sex },
  v: Pick<VisitData, 'date' | 'presentations' | 'treatments' | 'pregnancyStatus' | 'retinoidOverride'>,
  today: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // The age in words (ageWords) is made only for a refusal's message: a save refused nothing never needs it.
  if (v.date > today) issues.push({ path: 'date', message: `must not be after today, ${today}: record a visit on the day it happens` });

  const baby = isYoungBaby(patient.dateOfBirth, v.date);
  // Calendar years apart settle most ages without date-fns (its parse and differences cost
  // every save ~40 µs): 13 or more is at least 12 whole years, no child. Nearer, date-fns judges.
  const yearsApart = Number(v.date.slice(0, 4)) - Number(patient.dateOfBirth.slice(0, 4));
  const child = yearsApart < 13 && differenceInYears(parseISO(v.date), parseISO(patient.dateOfBirth)) < childYears;

  v.presentations.forEach((p, i) => {
    if (p.type === 'neonatal' && !baby) {
      issues.push({
        path: `presentations[${i}].type`,
        message: `must not be neonatal milia for a patient ${ageWords(patient.dateOfBirth, v.date)} at the visit: neonatal milia are recorded for babies under 3 months only, so choose another type`,
      });
    }
  });
  const neonatal = v.presentations.some((p) => p.type === 'neonatal');

  v.treatments.forEach((t, i) => {
    const path = `treatments[${i}].kind`;
    if ((baby || neonatal) && t.kind !== 'observation') {
      const who = baby ? `a baby ${ageWords(patient.dateOfBirth, v.date)}` : 'neonatal milia';
      issues.push({ path, message: `must be observation for ${who}: milia in babies under 3 months clear by themselves and are not treated` });
    } else if (child && t.kind === 'oral_minocycline') {
      issues.push({
        path,
        message: `must not be oral minocycline for a child ${ageWords(patient.dateOfBirth, v.date)}: minocycline is not given to children under 12 (it stains growing teeth)`,
      });
    } else if (child && t.kind === 'topical_retinoid' && v.retinoidOverride === undefined) {
      issues.push({
        path,
        message: `must not be a topical retinoid for a child ${ageWords(patient.dateOfBirth, v.date)}: retinoids are not given to children under 12 unless a dermatologist records the reason to override this`,
      });
    }
  });
  issues.push(...pregnancyIssues(patient, v));
  return issues;
}

/** A retinoid or minocycline needs the pregnancy question answered, and is refused when it is unsafe. */
function pregnancyIssues(patient: { dateOfBirth: string; sex: Sex }, v: Pick<VisitData, 'date' | 'treatments' | 'pregnancyStatus'>): FieldIssue[] {
  const status = v.pregnancyStatus;
  const drugs = v.treatments.map((t, i) => [t, i] as const).filter(([t]) => t.kind === 'topical_retinoid' || t.kind === 'oral_minocycline');
  // Not asked of others: what is given is kept, as the editor shows the question only when it applies.
  if (drugs.length === 0 || !asksPregnancy(patient, v.date)) return [];
  if (status === undefined || status === 'not_asked') {
    return [
      { path: 'pregnancyStatus', message: 'must be answered (pregnant, breastfeeding or neither) before a topical retinoid or oral minocycline is saved' },
    ];
  }
  const issues: FieldIssue[] = [];
  for (const [t, i] of drugs) {
    if (t.kind === 'oral_minocycline' && (status === 'pregnant' || status === 'breastfeeding')) {
      issues.push({
        path: `treatments[${i}].kind`,
        message: `must not be oral minocycline while the patient is ${status}: it harms the baby's teeth and bones`,
      });
    } else if (t.kind === 'topical_retinoid' && status === 'pregnant' && notInPregnancy.has(t.details.product)) {
      const product = retinoidProducts.label(t.details.product).toLowerCase();
      issues.push({
        path: `treatments[${i}].details.product`,
        message: `must not be ${product} while the patient is pregnant: its label contraindicates it in pregnancy`,
      });
    } else if (t.kind === 'topical_retinoid' && status === 'pregnant' && t.details.product === 'retinol') {
      // The handout tells her to avoid retinol while pregnant (aftercare findings #4): the app does not prescribe what it prints against.
      issues.push({
        path: `treatments[${i}].details.product`,
        message: 'must not be retinol while the patient is pregnant: retinoids are avoided in pregnancy, retinol as a precaution',
      });
    }
  }
  return issues;
}

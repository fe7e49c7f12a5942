/**
 * The ages the care rules judge (services/careRules.ts): under 3 months a baby, under 12 years
 * a child, by date-fns's whole months and years. The rules settle most visits by calendar years
 * apart first; on every day of the 14 years after birthdays at the ends of months and years and
 * on 29 February, they judge exactly as date-fns's differences do.
 */
import { addDays, differenceInMonths, differenceInYears, format, parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import type { VisitData } from '@shared/schemas';
import { careIssues } from '../../src/main/services/careRules';

const treated = (kind: 'extraction' | 'oral_minocycline', date: string): VisitData =>
  ({
    date,
    presentations: [],
    treatments: [{ kind, site: 'nose', performedBy: 1, notes: '', details: {}, lesionsTreated: 0 }],
    pregnancyStatus: 'neither',
  }) as unknown as VisitData;

describe('the ages the care rules judge', () => {
  it('are date-fns whole months (a baby) and whole years (a child) on every day of 14 years', () => {
    let judged = 0;
    for (const dateOfBirth of ['2000-12-31', '2001-01-01', '2004-02-29', '2003-03-01', '2001-06-30']) {
      const birth = parseISO(dateOfBirth);
      for (let n = 0; n <= 14 * 366; n++) {
        const date = format(addDays(birth, n), 'yyyy-MM-dd');
        const baby = differenceInMonths(parseISO(date), birth) < 3;
        const child = differenceInYears(parseISO(date), birth) < 12;
        const messages = (kind: 'extraction' | 'oral_minocycline') =>
          careIssues({ dateOfBirth, sex: 'male' }, treated(kind, date), '2099-12-31').map((i) => i.message);
        expect(messages('extraction').length > 0).toBe(baby);
        expect(messages('oral_minocycline').some((m) => m.startsWith('must not be oral minocycline for a child'))).toBe(!baby && child);
        judged++;
      }
    }
    expect(judged).toBe(5 * (14 * 366 + 1));
  });
});

/**
 * The ages the care rules judge (services/careRules.ts): under 3 months a baby, under 12 years
 * a child, by date-fns's whole months and years. The rules settle most visits by calendar years
 * apart first; on every day of the 14 years after birthdays at the ends of months and years and
 * on 29 February, they judge exactly as date-fns's differences do.
 */
import { addDays, differenceInMonths, differenceInYears, format, parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import type { VisitData } from '@shared/schemas';
import { composeHandout } from '../../src/main/handouts/content';
import { careIssues } from '../../src/main/services/careRules';
import { baby, handoutSettings, visitOf } from '../support/handoutFixture';

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

  it('are the handout’s too: its words are for the parents exactly while the rules keep the baby to observation, at the ends of months too', () => {
    let parents = 0;
    for (const dateOfBirth of ['2026-08-31', '2025-11-30', '2024-01-31', '2023-12-31', '2024-02-29']) {
      for (let n = 0; n <= 200; n++) {
        const date = format(addDays(parseISO(dateOfBirth), n), 'yyyy-MM-dd');
        const observedOnly = careIssues({ dateOfBirth, sex: 'male' }, treated('extraction', date), '2099-12-31').length > 0;
        const handout = composeHandout({
          patient: { ...baby, dateOfBirth },
          visit: visitOf([['observation', 'cheek', 'left', 0]], { date }),
          settings: handoutSettings,
        });
        expect(handout.title.includes("your baby's"), `born ${dateOfBirth}, seen ${date}`).toBe(observedOnly);
        if (observedOnly) parents++;
      }
    }
    // About three months of each birthday's 201 days.
    expect(parents).toBeGreaterThan(5 * 85);
  });
});

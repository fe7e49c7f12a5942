/**
 * The periods the statistics screen offers, as pure functions of "today" (a `YYYY-MM-DD`
 * day), so that each can be worked out by hand and tested without a clock. Both days of a
 * period are included, as in `statistics.md`.
 *
 * Calendar periods are whole: "This month", "This quarter" and "This year" run to their last day, so
 * that follow-ups due later in them count as scheduled and each month's bar is the whole
 * month's. "Year to date" ends today. "Last 12 months" is the 12 whole calendar months
 * ending with the current one (1 Dec 2025 to 30 Nov 2026 when today is 5 Nov 2026): twelve
 * bars, none cut in half, the current month included.
 */
import {
  addYears,
  endOfMonth,
  endOfQuarter,
  endOfYear,
  format,
  parseISO,
  startOfMonth,
  startOfQuarter,
  startOfYear,
  subMonths,
  subQuarters,
  subYears,
} from 'date-fns';
import { isIsoDate } from '@shared/fields';
import { formatDate } from './dates';

export interface DayRange {
  from: string;
  to: string;
}

/** In the order offered; the first is the one the screen opens on. */
export const periodPresets = [
  { id: 'last-12-months', label: 'Last 12 months' },
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'this-quarter', label: 'This quarter' },
  { id: 'last-quarter', label: 'Last quarter' },
  { id: 'this-year', label: 'This year' },
  { id: 'last-year', label: 'Last year' },
  { id: 'year-to-date', label: 'Year to date' },
] as const;
export type PresetId = (typeof periodPresets)[number]['id'];
export type PeriodChoice = PresetId | 'custom';

const iso = (day: Date): string => format(day, 'yyyy-MM-dd');

/** The days a preset covers when today is `today`. */
export function presetRange(preset: PresetId, today: string): DayRange {
  const day = parseISO(today);
  switch (preset) {
    case 'this-month':
      return { from: iso(startOfMonth(day)), to: iso(endOfMonth(day)) };
    case 'last-month': {
      const last = subMonths(startOfMonth(day), 1);
      return { from: iso(last), to: iso(endOfMonth(last)) };
    }
    case 'this-quarter':
      return { from: iso(startOfQuarter(day)), to: iso(endOfQuarter(day)) };
    case 'last-quarter': {
      const last = subQuarters(startOfQuarter(day), 1);
      return { from: iso(last), to: iso(endOfQuarter(last)) };
    }
    case 'this-year':
      return { from: iso(startOfYear(day)), to: iso(endOfYear(day)) };
    case 'last-year': {
      const last = subYears(startOfYear(day), 1);
      return { from: iso(last), to: iso(endOfYear(last)) };
    }
    case 'year-to-date':
      return { from: iso(startOfYear(day)), to: today };
    case 'last-12-months':
      return { from: iso(subMonths(startOfMonth(day), 11)), to: iso(endOfMonth(day)) };
  }
}

/** `1 Sep 2026 – 30 Nov 2026`, or the one day when the period is a single day. */
export const formatPeriod = ({ from, to }: DayRange): string => (from === to ? formatDate(from) : `${formatDate(from)} – ${formatDate(to)}`);

/**
 * The longest period the screen asks for. Years of data are fine (the figures are counted
 * in the database); a typo like 0206 for 2026 would otherwise ask for centuries of months.
 */
const maxPeriodYears = 50;

export interface RangeProblems {
  from?: string;
  to?: string;
}

/** What is wrong with a custom range, field by field, in the words shown at the field; empty when it is fine. */
export function rangeProblems({ from, to }: DayRange): RangeProblems {
  const problems: RangeProblems = {};
  const dayProblem = (value: string, label: string): string | undefined => {
    if (value === '') return `${label} is required: enter a day`;
    if (!isIsoDate(value)) return `${label} must be a real day from 1900 on`;
    return undefined;
  };
  const fromProblem = dayProblem(from, 'From');
  const toProblem = dayProblem(to, 'To');
  if (fromProblem) problems.from = fromProblem;
  if (toProblem) problems.to = toProblem;
  if (fromProblem || toProblem) return problems;
  if (from > to) return { to: `To must be on or after From (${formatDate(from)}): swap the two days` };
  if (iso(addYears(parseISO(from), maxPeriodYears)) <= to) return { to: `A period can be at most ${maxPeriodYears} years long` };
  return problems;
}

export const isValidRange = (range: DayRange): boolean => Object.keys(rangeProblems(range)).length === 0;

/**
 * A draft saved by someone else after this editor opened it (another workstation, another
 * tab): what differs between their visit and the one this save would leave, field by field,
 * so that the person saving sees it and chooses. Never a silent overwrite of clinical text.
 */
import { AppError, printable, type FieldIssue } from '@shared/errors';
import type { VisitData } from '@shared/schemas';
import { followUpStatuses, pregnancyStatuses, siteLabel, treatmentKinds, type PregnancyStatus } from '@shared/vocabulary';
import { presentationKeys, treatmentKeys, type VisitRecord } from '../db/records';

/** Nothing said: the record keeps null, [] or '' where an editor may leave a field out. */
const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v).length === 0);

/** A value as JSON with its keys in order and its empty fields left out: the same content compares equal. */
function canonical(value: unknown): string {
  const tidy = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(tidy);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => !isEmpty(x))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, tidy(x)]),
      );
    }
    return v;
  };
  return JSON.stringify(tidy(value) ?? null);
}

const pick = <K extends string>(from: Partial<Record<K, unknown>>, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, from[k]]));

const followUpKeys = ['dueDate', 'reason', 'status', 'completedDate', 'outcome'] as const;

/** At most a line of someone's text, its control characters shown rather than acted on. */
const quoted = (text: string): string => `"${printable(text.length > 120 ? `${text.slice(0, 119)}…` : text)}"`;
const listed = (items: readonly string[]): string => (items.length === 0 ? 'theirs has none' : `theirs: ${items.join('; ')}`);
const pregnancy = (status: PregnancyStatus | null): string => (status === null ? 'not recorded' : pregnancyStatuses.label(status));

/** Each field where their visit and this save differ, as the editor shows a field's fault. */
export function visitDifferences(theirs: VisitRecord, mine: VisitData): FieldIssue[] {
  const out: FieldIssue[] = [];
  const differs = (path: string, same: boolean, message: string) => {
    if (!same) out.push({ path, message });
  };
  differs('date', theirs.date === mine.date, `differs: theirs is ${theirs.date}`);
  differs('clinicianId', theirs.clinicianId === mine.clinicianId, `differs: theirs is ${printable(theirs.clinicianName)}`);
  differs('notes', theirs.notes === mine.notes, theirs.notes === '' ? 'differ: theirs has none' : `differ: theirs read ${quoted(theirs.notes)}`);
  differs('pregnancyStatus', theirs.pregnancyStatus === (mine.pregnancyStatus ?? null), `differs: theirs is ${pregnancy(theirs.pregnancyStatus)}`);
  differs(
    'retinoidOverride',
    theirs.retinoidOverride === (mine.retinoidOverride ?? null),
    theirs.retinoidOverride === null ? 'differs: theirs has none' : `differs: theirs reads ${quoted(theirs.retinoidOverride)}`,
  );
  differs(
    'presentations',
    canonical(theirs.presentations.map((p) => pick(p, presentationKeys))) === canonical(mine.presentations.map((p) => pick(p, presentationKeys))),
    `differ: ${listed(theirs.presentations.map((p) => `${siteLabel(p.site, p.side)} ×${p.count}`))}`,
  );
  differs(
    'treatments',
    canonical(theirs.treatments.map((t) => pick({ ...t, performedBy: t.performedById }, treatmentKeys))) ===
      canonical(mine.treatments.map((t) => pick(t, treatmentKeys))),
    `differ: ${listed(theirs.treatments.map((t) => `${treatmentKinds.label(t.kind)}, ${siteLabel(t.site, t.side)}`))}`,
  );
  differs(
    'followUps',
    canonical(theirs.followUps.map((f) => pick(f, followUpKeys))) === canonical(mine.followUps.map((f) => pick(f, followUpKeys))),
    `differ: ${listed(theirs.followUps.map((f) => `due ${f.dueDate} (${followUpStatuses.label(f.status).toLowerCase()})`))}`,
  );
  return out;
}

/**
 * Refuses a save whose editor opened an older version of the draft, when the two differ;
 * the same content saved twice is no conflict. Without `baseUpdatedAt` (a script's call) the
 * caller has chosen not to be asked.
 */
export function refuseStaleSave(stored: VisitRecord, mine: VisitData): void {
  if (mine.baseUpdatedAt === undefined || mine.baseUpdatedAt === stored.updatedAt) return;
  const differences = visitDifferences(stored, mine);
  if (differences.length === 0) return;
  throw new AppError(
    'stale',
    `${printable(stored.updatedBy)} saved this visit after you opened it, so yours was not saved. What differs is listed: keep yours (saved over theirs) or take theirs.`,
    differences,
  );
}

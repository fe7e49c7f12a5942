/**
 * The record's changes as screens hear of them: the kinds of record a committed write changed
 * (at this workstation or, on the practice server, at any other), and which API reads show
 * each kind, to be read again. Only kinds travel, never content.
 */
import type { ApiName } from './api';

export const recordTopics = ['patients', 'clinicians', 'users', 'visits', 'followUps', 'handouts', 'settings'] as const;
export type RecordTopic = (typeof recordTopics)[number];

/** Where the browser mode streams the changes to its pages, one JSON list of topics per line. */
export const changesPath = '/changes';

/** The reads that show visits; each shows the visit's patient too. */
const visitReads: readonly ApiName[] = [
  'chart.get',
  'visits.get',
  'visits.toSign',
  'visits.toReview',
  'visits.reviewCount',
  'followUps.worklist',
  'followUps.overdueCount',
  'stats.summary',
];

/** The reads whose answers a change of each kind can alter. */
const readsOf: Record<RecordTopic, readonly ApiName[]> = {
  patients: ['patients.search', 'patients.get', ...visitReads],
  visits: visitReads,
  followUps: ['chart.get', 'visits.get', 'followUps.worklist', 'followUps.overdueCount', 'stats.summary'],
  handouts: ['chart.get', 'handouts.list'],
  clinicians: ['clinicians.list', 'users.list', 'chart.get', 'visits.get', 'visits.toSign', 'stats.summary'],
  users: ['users.list', 'clinicians.list', 'app.status'],
  settings: ['settings.get', 'app.status'],
};

/** The reads to make again after changes of these kinds. */
export function readsChangedBy(topics: readonly RecordTopic[]): Set<ApiName> {
  return new Set(topics.flatMap((topic) => readsOf[topic] ?? []));
}

/** A line of the changes stream as topics, or null for anything else (a keep-alive, a line not ours). */
export function parseTopics(line: string): RecordTopic[] | null {
  if (line.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(line);
    if (!Array.isArray(value)) return null;
    const topics = value.filter((t): t is RecordTopic => (recordTopics as readonly unknown[]).includes(t));
    return topics.length > 0 ? topics : null;
  } catch {
    return null;
  }
}

/**
 * A line of the stream saying whether the practice server answers (`{"reachable":false}` when
 * it stops, `{"reachable":true}` when it is back), or null for any other line.
 */
export function parseReachable(line: string): boolean | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'reachable' in value && typeof value.reachable === 'boolean' ? value.reachable : null;
  } catch {
    return null;
  }
}

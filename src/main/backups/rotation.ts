/**
 * Which backups to keep: 7 daily, 4 weekly and 12 monthly, as a pure function of the backups'
 * times and reasons (no files, no clock), so that it is tested over years in milliseconds.
 *
 * - A bucket is a UTC day, an ISO week (Monday to Sunday, UTC) or a UTC month: the same
 *   calendar as the backups' file names. In each bucket the newest backup stands for it.
 * - Daily keeps the newest backup of each of the 7 most recent days that have one; weekly of
 *   the 4 most recent ISO weeks; monthly of the 12 most recent months. A backup may stand for
 *   its day, its week and its month at once: it is kept once. Days without a backup (the app
 *   was not opened) do not use up a bucket, so a practice closed for a month still keeps
 *   7 daily backups.
 * - Every backup less than a day old is kept, whatever its bucket: "Back up now" or the exit
 *   backup never removes this morning's backup, which may be the way back from a mistake made
 *   at noon. Once a day old, only the newest of its day stays.
 * - Backups taken before a migration or before a restore are the way back from that one
 *   change, so they are kept outside the rotation for 30 days after they were taken, then
 *   removed; they never stand for a bucket (a pinned backup does not push out a daily one).
 */
import type { BackupReason } from '@shared/backups';

export interface RotationPolicy {
  daily: number;
  weekly: number;
  monthly: number;
  /** Days a before-migration or before-restore backup is kept, outside the rotation. */
  pinnedDays: number;
  /** Hours during which every backup is kept. */
  recentHours: number;
}

const defaultPolicy: RotationPolicy = { daily: 7, weekly: 4, monthly: 12, pinnedDays: 30, recentHours: 24 };

/** Reasons kept for `pinnedDays` outside the rotation. */
const pinnedReasons: readonly BackupReason[] = ['before-migration', 'before-restore'];

export interface Dated {
  /** ISO 8601 UTC. */
  at: string;
  reason: BackupReason;
}

export interface RotationPlan<T> {
  /** Everything to keep, newest first. */
  keep: T[];
  /** Everything to delete, newest first. */
  remove: T[];
  /** The backup standing for each kept bucket, newest first. */
  daily: T[];
  weekly: T[];
  monthly: T[];
  /** Before-migration and before-restore backups still within their days. */
  pinned: T[];
  /** The other backups less than `recentHours` old. */
  recent: T[];
}

const dayMs = 24 * 60 * 60 * 1000;

const dayKey = (at: Date): string => at.toISOString().slice(0, 10);
const monthKey = (at: Date): string => at.toISOString().slice(0, 7);

/** The ISO 8601 week of a UTC date, `2026-W05`: weeks start on Monday; week 1 holds the first Thursday. */
export function isoWeekKey(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 ... Sunday 7
  // The Thursday of this week decides the year the week belongs to.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / dayMs + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The newest item of each of the `count` most recent buckets; `items` newest first. */
function newestPerBucket<T>(items: ReadonlyArray<{ item: T; time: Date }>, key: (at: Date) => string, count: number): T[] {
  const seen = new Set<string>();
  const chosen: T[] = [];
  for (const { item, time } of items) {
    if (chosen.length >= count) break;
    const k = key(time);
    if (seen.has(k)) continue;
    seen.add(k);
    chosen.push(item);
  }
  return chosen;
}

export function planRotation<T extends Dated>(backups: readonly T[], now: Date, policy: RotationPolicy = defaultPolicy): RotationPlan<T> {
  const timed = backups
    .map((item) => ({ item, time: new Date(item.at) }))
    // Newest first; equal times keep their given order.
    .sort((a, b) => b.time.getTime() - a.time.getTime());
  const isPinned = (reason: BackupReason) => pinnedReasons.includes(reason);
  const pinned = timed.filter(({ item, time }) => isPinned(item.reason) && now.getTime() - time.getTime() < policy.pinnedDays * dayMs).map((t) => t.item);
  const rotating = timed.filter(({ item }) => !isPinned(item.reason));
  const daily = newestPerBucket(rotating, dayKey, policy.daily);
  const weekly = newestPerBucket(rotating, isoWeekKey, policy.weekly);
  const monthly = newestPerBucket(rotating, monthKey, policy.monthly);
  const recent = rotating.filter(({ time }) => now.getTime() - time.getTime() < policy.recentHours * 60 * 60 * 1000).map((t) => t.item);
  const kept = new Set<T>([...pinned, ...recent, ...daily, ...weekly, ...monthly]);
  return {
    keep: timed.filter((t) => kept.has(t.item)).map((t) => t.item),
    remove: timed.filter((t) => !kept.has(t.item)).map((t) => t.item),
    daily,
    weekly,
    monthly,
    pinned,
    recent,
  };
}

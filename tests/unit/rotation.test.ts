/** The rotation of backups: 7 daily, 4 weekly, 12 monthly, pinned backups for 30 days. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BackupReason } from '@shared/backups';
import { backupFileName, parseBackupName } from '../../src/main/backups/backup';
import { isoWeekKey, planRotation, type Dated } from '../../src/main/backups/rotation';
import { assertProperty } from '../support/property';

const dayMs = 24 * 60 * 60 * 1000;
const at = (iso: string, reason: BackupReason = 'automatic'): Dated => ({ at: new Date(iso).toISOString(), reason });
const days = (items: readonly Dated[]) => items.map((b) => b.at.slice(0, 10));

/** Simulates the app: each day a backup at start and one at exit, the rotation after each. */
function simulate(from: string, to: string): Dated[] {
  let kept: Dated[] = [];
  for (let t = Date.parse(`${from}T07:41:03Z`); t <= Date.parse(`${to}T07:41:03Z`); t += dayMs) {
    for (const [offset, reason] of [
      [0, 'automatic'],
      [10 * 60 * 60 * 1000, 'exit'],
    ] as const) {
      const now = new Date(t + offset);
      kept = planRotation([...kept, { at: now.toISOString(), reason }], now).keep;
    }
  }
  return kept;
}

describe('ISO weeks', () => {
  it('start on Monday and belong to the year of their Thursday', () => {
    expect(isoWeekKey(new Date('2026-01-01T00:00:00Z'))).toBe('2026-W01'); // a Thursday
    expect(isoWeekKey(new Date('2025-12-29T00:00:00Z'))).toBe('2026-W01'); // its Monday
    expect(isoWeekKey(new Date('2025-12-28T23:59:59Z'))).toBe('2025-W52'); // the Sunday before
    expect(isoWeekKey(new Date('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-03T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-04T00:00:00Z'))).toBe('2027-W01');
    expect(isoWeekKey(new Date('2021-01-03T00:00:00Z'))).toBe('2020-W53');
  });
});

describe('the rotation', () => {
  it('keeps exactly 7 daily, 4 weekly and 12 monthly after two years of daily backups', () => {
    const simulated = simulate('2025-01-01', '2026-12-31');
    // The last day's two backups are both less than a day old: both still kept.
    expect(simulated.map((b) => `${b.at.slice(0, 16)} ${b.reason}`).slice(0, 3)).toEqual([
      '2026-12-31T17:41 exit',
      '2026-12-31T07:41 automatic',
      '2026-12-30T17:41 exit',
    ]);
    // A day later, with no new backup, only the buckets' backups are left.
    const plan = planRotation(simulated, new Date('2027-01-01T18:00:00Z'));
    expect(plan.recent).toEqual([]);
    const kept = plan.keep;
    // The newest of each day is the exit backup.
    expect(plan.daily.map((b) => b.reason)).toEqual(Array(7).fill('exit'));
    expect(days(plan.daily)).toEqual(['2026-12-31', '2026-12-30', '2026-12-29', '2026-12-28', '2026-12-27', '2026-12-26', '2026-12-25']);
    // ISO weeks 2026-W53 (Thu 31), W52 (ends Sun 27), W51 (Sun 20), W50 (Sun 13).
    expect(days(plan.weekly)).toEqual(['2026-12-31', '2026-12-27', '2026-12-20', '2026-12-13']);
    expect(days(plan.monthly)).toEqual([
      '2026-12-31',
      '2026-11-30',
      '2026-10-31',
      '2026-09-30',
      '2026-08-31',
      '2026-07-31',
      '2026-06-30',
      '2026-05-31',
      '2026-04-30',
      '2026-03-31',
      '2026-02-28',
      '2026-01-31',
    ]);
    // One file may stand for its day, week and month: 7 + 2 more weeks + 11 more months.
    expect(kept).toHaveLength(20);
    expect(plan.remove.map((b) => `${b.at.slice(0, 16)} ${b.reason}`)).toEqual(['2026-12-31T07:41 automatic']);
    expect(days(kept)).toEqual([
      '2026-12-31',
      '2026-12-30',
      '2026-12-29',
      '2026-12-28',
      '2026-12-27',
      '2026-12-26',
      '2026-12-25',
      '2026-12-20',
      '2026-12-13',
      '2026-11-30',
      '2026-10-31',
      '2026-09-30',
      '2026-08-31',
      '2026-07-31',
      '2026-06-30',
      '2026-05-31',
      '2026-04-30',
      '2026-03-31',
      '2026-02-28',
      '2026-01-31',
    ]);
  });

  it('keeps every backup of the last 24 hours, then only the newest of its day', () => {
    const morning = at('2026-05-04T07:00:00Z');
    const manual = at('2026-05-04T12:30:00Z', 'manual');
    const exit = at('2026-05-04T18:00:00Z', 'exit');
    const lateYesterday = at('2026-05-03T19:00:00Z', 'exit');
    const earlyYesterday = at('2026-05-03T06:59:59Z');
    const backups = [morning, manual, exit, lateYesterday, earlyYesterday];
    const sameEvening = planRotation(backups, new Date('2026-05-04T18:00:00Z'));
    expect(sameEvening.recent).toEqual([exit, manual, morning, lateYesterday]);
    expect(sameEvening.remove).toEqual([earlyYesterday]);
    const nextMorning = planRotation(backups, new Date('2026-05-05T07:00:01Z'));
    expect(nextMorning.recent).toEqual([exit, manual]);
    expect(nextMorning.remove).toEqual([morning, earlyYesterday]);
  });

  it('counts only days that have a backup: a closed month still leaves 7 daily backups', () => {
    const backups = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11', '2026-04-20'].map((d) =>
      at(`${d}T08:00:00Z`),
    );
    const plan = planRotation(backups, new Date('2026-04-20T09:00:00Z'));
    expect(days(plan.daily)).toEqual(['2026-04-20', '2026-03-11', '2026-03-10', '2026-03-09', '2026-03-06', '2026-03-05', '2026-03-04']);
    expect(days(plan.remove)).toEqual(['2026-03-03', '2026-03-02']);
  });

  it('keeps before-migration and before-restore backups for 30 days outside the rotation, then removes them', () => {
    const now = new Date('2026-06-30T12:00:00Z');
    const daily = Array.from({ length: 10 }, (_, i) => at(new Date(now.getTime() - i * dayMs).toISOString()));
    const recent = at('2026-06-29T13:00:00Z', 'before-restore');
    const migration = at('2026-06-01T12:00:01Z', 'before-migration'); // 29 days, 23:59:59 ago
    const expired = at('2026-05-31T12:00:00Z', 'before-restore'); // 30 days ago
    const plan = planRotation([...daily, recent, migration, expired], now);
    expect(plan.pinned).toEqual([recent, migration]);
    expect(plan.keep).toContain(recent);
    expect(plan.keep).toContain(migration);
    expect(plan.remove).toContain(expired);
    // A pinned backup never stands for a day: the daily seven are the automatic ones.
    expect(plan.daily).toEqual(daily.slice(0, 7));
  });

  it('keeps the newest backup of every bucket, whatever the order and times given', async () => {
    const reasons: BackupReason[] = ['automatic', 'manual', 'exit'];
    const backup = fc.record({
      t: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-12-31T23:59:59Z') }),
      reason: fc.constantFrom(...reasons),
    });
    await assertProperty(
      fc.property(fc.array(backup, { maxLength: 120 }), (items) => {
        const backups = items.map(({ t, reason }) => ({ at: new Date(Math.floor(t / 1000) * 1000).toISOString(), reason }));
        const plan = planRotation(backups, new Date('2027-01-01T00:00:00Z'));
        expect(plan.keep.length + plan.remove.length).toBe(backups.length);
        const distinct = (key: (b: Dated) => string) => new Set(backups.map(key)).size;
        expect(plan.daily).toHaveLength(
          Math.min(
            7,
            distinct((b) => b.at.slice(0, 10)),
          ),
        );
        expect(plan.weekly).toHaveLength(
          Math.min(
            4,
            distinct((b) => isoWeekKey(new Date(b.at))),
          ),
        );
        expect(plan.monthly).toHaveLength(
          Math.min(
            12,
            distinct((b) => b.at.slice(0, 7)),
          ),
        );
        // The newest is always kept; a removed backup is older than the daily seven, or a
        // newer one of its own day is kept.
        if (backups.length > 0)
          expect(plan.keep[0]!.at).toBe(
            backups
              .map((b) => b.at)
              .sort()
              .at(-1),
          );
        const oldestDay = plan.daily.at(-1)?.at.slice(0, 10) ?? '';
        for (const r of plan.remove) {
          const day = r.at.slice(0, 10);
          const replaced = plan.keep.some((k) => k.at.slice(0, 10) === day && k.at >= r.at);
          expect(day < oldestDay || replaced).toBe(true);
        }
      }),
    );
  });
});

describe('backup file names', () => {
  it('name the time in UTC and the reason, and read back', () => {
    const time = new Date('2026-11-22T07:41:03.456Z');
    expect(backupFileName(time, 'automatic')).toBe('milia-notes-2026-11-22T07-41-03Z-automatic.db');
    expect(backupFileName(time, 'before-restore', 2)).toBe('milia-notes-2026-11-22T07-41-03Z-before-restore-2.db');
    expect(parseBackupName('milia-notes-2026-11-22T07-41-03Z-automatic.db')).toEqual({ at: '2026-11-22T07:41:03.000Z', reason: 'automatic', sequence: 1 });
    expect(parseBackupName('milia-notes-2026-11-22T07-41-03Z-before-restore-2.db')).toEqual({
      at: '2026-11-22T07:41:03.000Z',
      reason: 'before-restore',
      sequence: 2,
    });
    // The copy made before a migration carries milliseconds.
    expect(parseBackupName('milia-notes-2026-11-22T07-41-03.456Z-before-migration.db')).toEqual({
      at: '2026-11-22T07:41:03.456Z',
      reason: 'before-migration',
      sequence: 1,
    });
    for (const other of [
      'milia-notes.db',
      'milia-notes-2026-11-22T07-41-03Z-weekly.db',
      '.milia-notes-2026-11-22T07-41-03Z-manual.db.123-ab.tmp',
      'milia-notes-2026-11-22T07-41-03Z-manual.db.json',
      'milia-notes-2026-13-45T07-41-03Z-manual.db',
    ]) {
      expect(parseBackupName(other), other).toBeNull();
    }
  });
});

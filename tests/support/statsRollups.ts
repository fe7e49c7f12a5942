/** What the statistics triggers keep (migration 0009), and what a rebuild from the visits gives, to compare. */
import type Database from 'better-sqlite3';

/** The roll-ups as triggers kept them, and as a rebuild from the visits gives them: zero sums left out. */
export function keptAndRebuilt(sqlite: Database.Database) {
  const grains = `(select 'year' as grain, 4 as len union all select 'month', 7 union all select 'day', 10)`;
  return {
    kept: sqlite.prepare('select grain, figure, bucket, a, b, n, m, r from stats_rollups where n <> 0 or m <> 0 or r <> 0 order by 1, 2, 3, 4, 5').all(),
    rebuilt: sqlite
      .prepare(
        `select grain, figure, bucket, a, b, sum(n) as n, sum(m) as m, sum(r) as r from (
          select g.grain, f.figure, substr(f.date, 1, g.len) as bucket, f.a, cast(f.b as text) as b, f.n, f.m, f.r from stats_visit_figures f join ${grains} g
          union all
          select g.grain, 'follow_ups', substr(due_date, 1, g.len), status, '', 1, 0, 0 from follow_ups join ${grains} g
        ) group by 1, 2, 3, 4, 5 having sum(n) <> 0 or sum(m) <> 0 or sum(r) <> 0 order by 1, 2, 3, 4, 5`,
      )
      .all(),
    keptDays: sqlite.prepare('select patient_id, kind, date, prev_date from stats_patient_days order by 1, 2, 3').all(),
    rebuiltDays: sqlite
      .prepare(
        `select patient_id, kind, date, lag(date) over (partition by patient_id, kind order by date) as prev_date from (
          select patient_id, '' as kind, date from visits union select v.patient_id, t.kind, v.date from visits v join treatments t on t.visit_id = v.id
        ) order by 1, 2, 3`,
      )
      .all(),
  };
}

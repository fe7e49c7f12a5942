/**
 * Roll-ups kept once for a whole import instead of row by row. While the row of grain
 * 'deferred' is in stats_rollups the roll-up triggers (migration 0012) do nothing; at the end
 * the visits added since are summed in one pass, as migration 0009's backfill sums a file, and
 * their patients' days are rebuilt. SQLite cannot turn triggers off for one connection, and the
 * row lives only inside the unit's transaction, so no other writer ever sees it.
 */
import type Database from 'better-sqlite3';
import type { StatsWrites } from '../contract';

const grains = `(SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10)`;
const added = 'ON CONFLICT (grain, figure, bucket, a, b) DO UPDATE SET n = n + excluded.n, m = m + excluded.m, r = r + excluded.r';
const newPatients = 'SELECT patient_id FROM visits WHERE id > :since';

function statements(sqlite: Database.Database) {
  return {
    newest: sqlite.prepare('SELECT coalesce(max(id), 0) FROM visits').pluck(),
    defer: sqlite.prepare(`INSERT INTO stats_rollups (grain, figure, bucket, a, b, n, m, r) VALUES ('deferred', '', '', '', '', 0, 0, 0)`),
    resume: sqlite.prepare(`DELETE FROM stats_rollups WHERE grain = 'deferred'`),
    // The figures summed by day first, the days then put in their three grains: the view is read
    // once, and the grains sort days, not visits.
    figures: sqlite.prepare(
      `INSERT INTO stats_rollups (grain, figure, bucket, a, b, n, m, r)
       WITH d AS (SELECT figure, date, a, b, sum(n) AS n, sum(m) AS m, sum(r) AS r FROM stats_visit_figures WHERE visit_id > :since GROUP BY figure, date, a, b)
       SELECT g.grain, d.figure, substr(d.date, 1, g.len) AS bucket, d.a, d.b, sum(d.n), sum(d.m), sum(d.r)
       FROM d CROSS JOIN ${grains} g WHERE true GROUP BY g.grain, d.figure, bucket, d.a, d.b ${added}`,
    ),
    followUps: sqlite.prepare(
      `INSERT INTO stats_rollups (grain, figure, bucket, a, b, n, m, r)
       SELECT g.grain, 'follow_ups', substr(f.due_date, 1, g.len) AS bucket, f.status, '', count(*), 0, 0
       FROM follow_ups f CROSS JOIN ${grains} g WHERE f.visit_id > :since GROUP BY g.grain, bucket, f.status ${added}`,
    ),
    forgetDays: sqlite.prepare(`DELETE FROM stats_patient_days WHERE patient_id IN (${newPatients})`),
    days: sqlite.prepare(
      `INSERT INTO stats_patient_days (patient_id, kind, date, prev_date)
       SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
         SELECT v.patient_id, '' AS kind, v.date FROM visits v WHERE v.patient_id IN (${newPatients})
         UNION
         SELECT v.patient_id, t.kind, v.date FROM visits v JOIN treatments t ON t.visit_id = v.id WHERE v.patient_id IN (${newPatients})
       ) d`,
    ),
  };
}

export function statsDeferral(sqlite: Database.Database): StatsWrites {
  let prepared: ReturnType<typeof statements> | undefined;
  return {
    async withRollupsDeferred(work) {
      const s = (prepared ??= statements(sqlite));
      const since = s.newest.get() as number;
      s.defer.run();
      try {
        return await work();
      } finally {
        // Also when the work failed: whatever it wrote and its caller keeps is then counted.
        s.resume.run();
        for (const statement of [s.figures, s.followUps, s.forgetDays, s.days]) statement.run({ since });
      }
    },
  };
}

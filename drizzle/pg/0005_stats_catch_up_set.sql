-- Hand-written: the catch-up at the end of a deferral (0003's milia_stats_catch_up) sums the visits
-- after p_since in one pass over their rows, as SQLite's view stats_visit_figures does, instead of
-- reading 0003's view of the same name, whose codes come from milia_stats_codes_of called once per
-- visit (a nested loop of some ten index scans per visit, and, the statement's estimated cost
-- being high, seconds of JIT compilation). The same rows (the follow-ups and the patients' days as
-- before). After a deferred copy of 14,759 visits, in its own transaction: 3.0-4.0 s -> 0.7 s.
CREATE OR REPLACE FUNCTION milia_stats_catch_up(p_since integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('milia.defer_stats', 'off', true);
  INSERT INTO stats_rollups (grain, figure, bucket, a, b, n, m, r)
    WITH v AS (SELECT id, date FROM visits WHERE id > p_since),
    t AS (SELECT t.visit_id, v.date, t.kind, t.site, t.lesions_treated, t.performed_by, t.details FROM treatments t JOIN v ON v.id = t.visit_id),
    -- What each visit earns as a whole: milia_stats_codes_of's rules, for all the visits at once.
    codes AS (
      SELECT visit_id, date, '10040' AS code FROM t WHERE kind = 'extraction'
      UNION
      SELECT visit_id, date, CASE WHEN sum(lesions_treated) >= 15 THEN '17111' ELSE '17110' END FROM t
        WHERE kind IN ('curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation') GROUP BY visit_id, date HAVING sum(lesions_treated) >= 1
      UNION
      SELECT visit_id, date, CASE details::jsonb ->> 'depth'
          WHEN 'epidermal' THEN CASE WHEN site IN ('scalp', 'forehead', 'glabella', 'temple', 'upper_eyelid', 'lower_eyelid', 'periorbital', 'nose', 'cheek', 'ear', 'perioral', 'chin', 'jaw', 'neck') THEN '15788' ELSE '15792' END
          WHEN 'dermal' THEN CASE WHEN site IN ('scalp', 'forehead', 'glabella', 'temple', 'upper_eyelid', 'lower_eyelid', 'periorbital', 'nose', 'cheek', 'ear', 'perioral', 'chin', 'jaw', 'neck') THEN '15789' ELSE '15793' END
        END FROM t WHERE kind = 'chemical_peel'
    ), figures (figure, date, a, b, n, m, r) AS (
      SELECT 'visits', date, '', '', 1::bigint, 0::bigint, 0::bigint FROM v
      UNION ALL
      SELECT 'presentations', v.date, p.type, p.site, 1, p.count, (p.red_flags <> '[]')::integer FROM presentations p JOIN v ON v.id = p.visit_id
      UNION ALL
      SELECT 'treatments', date, kind, performed_by::text, 1, lesions_treated, 0 FROM t
      UNION ALL
      SELECT 'kinds', date, kind, '', 1, lesions_treated, 0 FROM t
      UNION ALL
      SELECT 'codes', date, code, '', 1, 0, 0 FROM codes WHERE code IS NOT NULL
      UNION ALL
      SELECT 'outcomes', t.date, t.kind, f.outcome, count(DISTINCT f.id), 0, 0
        FROM t JOIN follow_ups f ON f.visit_id = t.visit_id AND f.status = 'completed' GROUP BY t.visit_id, t.date, t.kind, f.outcome
    ), d AS (SELECT figure, date, a, b, sum(n) AS n, sum(m) AS m, sum(r) AS r FROM figures GROUP BY figure, date, a, b)
    SELECT g.grain, d.figure, substr(d.date, 1, g.len), d.a, d.b, sum(d.n), sum(d.m), sum(d.r)
    FROM d CROSS JOIN (VALUES ('year', 4), ('month', 7), ('day', 10)) g(grain, len) GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (grain, figure, bucket, a, b) DO UPDATE SET n = stats_rollups.n + excluded.n, m = stats_rollups.m + excluded.m, r = stats_rollups.r + excluded.r;
  INSERT INTO stats_rollups (grain, figure, bucket, a, b, n, m, r)
    SELECT g.grain, 'follow_ups', substr(f.due_date, 1, g.len), f.status, '', count(*), 0, 0
    FROM follow_ups f CROSS JOIN (VALUES ('year', 4), ('month', 7), ('day', 10)) g(grain, len) WHERE f.visit_id > p_since GROUP BY 1, 2, 3, 4
    ON CONFLICT (grain, figure, bucket, a, b) DO UPDATE SET n = stats_rollups.n + excluded.n, m = stats_rollups.m + excluded.m, r = stats_rollups.r + excluded.r;
  PERFORM milia_stats_days(ARRAY(SELECT DISTINCT patient_id FROM visits WHERE id > p_since), NULL);
END $$;

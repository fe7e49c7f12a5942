-- Hand-written (drizzle-kit writes no views or triggers): the statistics roll-ups of the SQLite
-- file (drizzle/0009_stats_rollups.sql, drizzle/0012_stats_triggers_deferred.sql), kept to the
-- same rows. Where PostgreSQL differs:
-- - Dates are text compared byte by byte as SQLite does: collate "C" wherever order matters,
--   whatever the database's collation.
-- - json_extract(x, '$.k') is (x::jsonb ->> 'k'); iif is CASE; a comparison counted as 0 or 1
--   is cast to integer; SQLite's '+' that keeps an index out of a plan has no meaning here.
-- - ON CONFLICT DO UPDATE may touch a key once per statement here (SQLite applies its rows one by
--   one), so sums that may share a key are grouped first: the same totals and the same keys.
-- - A trigger's WHEN cannot read a table here, so those checks are in the functions.
-- - Row-level AFTER triggers fire at the end of the statement here, not after each row as in
--   SQLite: a before/after pair around a visit's codes would, for a statement changing several rows
--   of one visit, see the statement's final rows in every "after". So the BEFORE trigger takes
--   away what the visit earns now and adds what it earns with this one row changed
--   (milia_stats_codes_of), as SQLite's pair does row by row. A BEFORE row trigger sees the rows
--   the same statement changed before it (PostgreSQL's documented behaviour).
-- - The helpers the triggers call are plpgsql, which keeps its statements' plans for the session;
--   a SQL function is planned again at each call (1.3-2x slower per write at 20,000 visits).
-- - Deferral (the importer's) is the transaction-local setting milia.defer_stats = 'on' instead of
--   SQLite's marker row: no other session ever sees it, and it ends with the transaction.
CREATE FUNCTION milia_stats_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('milia.defer_stats', true), '') = 'on'
$$;
--> statement-breakpoint
-- What one visit earns as a whole (vocabulary.md: destruction kinds and face sites spelled out as
-- in SQLite's view), from its treatments without t_out plus t_in, and its completed follow-ups
-- without f_out plus f_in: its procedure codes, and its completed follow-ups' outcomes once under
-- each distinct kind of its treatments.
CREATE FUNCTION milia_stats_codes_of(p_visit integer, t_out integer, t_in treatments, f_out integer, f_in follow_ups)
RETURNS TABLE (visit_id integer, date text, figure text, a text, b text, n bigint, m bigint, r bigint) LANGUAGE sql STABLE AS $$
  WITH t AS (
    SELECT t.visit_id, t.kind, t.site, t.lesions_treated, t.details FROM treatments t WHERE t.visit_id = p_visit AND t.id IS DISTINCT FROM t_out
    UNION ALL
    SELECT t_in.visit_id, t_in.kind, t_in.site, t_in.lesions_treated, t_in.details WHERE t_in.visit_id = p_visit
  ), f AS (
    SELECT f.id, f.outcome FROM follow_ups f WHERE f.visit_id = p_visit AND f.status = 'completed' AND f.id IS DISTINCT FROM f_out
    UNION ALL
    SELECT f_in.id, f_in.outcome WHERE f_in.visit_id = p_visit AND f_in.status = 'completed'
  )
  SELECT c.visit_id, v.date, 'codes', c.code, '', 1::bigint, 0::bigint, 0::bigint FROM (
      SELECT t.visit_id, '10040' AS code FROM t WHERE t.kind = 'extraction'
      UNION
      SELECT t.visit_id, CASE WHEN sum(t.lesions_treated) >= 15 THEN '17111' ELSE '17110' END FROM t
        WHERE t.kind IN ('curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation')
        GROUP BY t.visit_id HAVING sum(t.lesions_treated) >= 1
      UNION
      SELECT t.visit_id, CASE t.details::jsonb ->> 'depth'
          WHEN 'epidermal' THEN CASE WHEN t.site IN ('scalp', 'forehead', 'glabella', 'temple', 'upper_eyelid', 'lower_eyelid', 'periorbital', 'nose', 'cheek', 'ear', 'perioral', 'chin', 'jaw', 'neck') THEN '15788' ELSE '15792' END
          WHEN 'dermal' THEN CASE WHEN t.site IN ('scalp', 'forehead', 'glabella', 'temple', 'upper_eyelid', 'lower_eyelid', 'periorbital', 'nose', 'cheek', 'ear', 'perioral', 'chin', 'jaw', 'neck') THEN '15789' ELSE '15793' END
        END FROM t WHERE t.kind = 'chemical_peel'
    ) c JOIN visits v ON v.id = c.visit_id WHERE c.code IS NOT NULL
  UNION ALL
  SELECT t.visit_id, v.date, 'outcomes', t.kind, f.outcome, count(DISTINCT f.id), 0::bigint, 0::bigint
    FROM t CROSS JOIN f JOIN visits v ON v.id = t.visit_id
    GROUP BY t.visit_id, v.date, t.kind, f.outcome
$$;
--> statement-breakpoint
-- SQLite's view, one visit at a time through the function above (the same rows). Its visit_id is
-- the visits' own id, so that a read of some visits looks only those up.
CREATE VIEW stats_visit_codes AS
SELECT v.id AS visit_id, c.date, c.figure, c.a, c.b, c.n, c.m, c.r FROM visits v CROSS JOIN LATERAL milia_stats_codes_of(v.id, NULL, NULL, NULL, NULL) c;
--> statement-breakpoint
-- Everything one visit adds to the roll-ups: the visit; its presentations by type and site; its
-- treatments by kind and performer, and by kind alone; what it earns as a whole.
CREATE VIEW stats_visit_figures AS
SELECT v.id AS visit_id, v.date, 'visits' AS figure, '' AS a, '' AS b, 1::bigint AS n, 0::bigint AS m, 0::bigint AS r FROM visits v
UNION ALL
SELECT p.visit_id, v.date, 'presentations', p.type, p.site, count(*), sum(p.count), sum((p.red_flags <> '[]')::integer)
  FROM presentations p JOIN visits v ON v.id = p.visit_id GROUP BY p.visit_id, v.date, p.type, p.site
UNION ALL
SELECT t.visit_id, v.date, 'treatments', t.kind, t.performed_by::text, count(*), sum(t.lesions_treated), 0
  FROM treatments t JOIN visits v ON v.id = t.visit_id GROUP BY t.visit_id, v.date, t.kind, t.performed_by
UNION ALL
SELECT t.visit_id, v.date, 'kinds', t.kind, '', count(*), sum(t.lesions_treated), 0
  FROM treatments t JOIN visits v ON v.id = t.visit_id GROUP BY t.visit_id, v.date, t.kind
UNION ALL
SELECT * FROM stats_visit_codes;
--> statement-breakpoint
-- Adds sums dated by day to the year, month and day roll-ups (SQLite's upsert, grouped first).
CREATE FUNCTION milia_stats_add(p_rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_rollups (grain, figure, bucket, a, b, n, m, r)
    SELECT g.grain, x.figure, substr(x.date, 1, g.len), x.a, x.b, sum(x.n), sum(x.m), sum(x.r)
      FROM jsonb_to_recordset(p_rows) AS x(figure text, date text, a text, b text, n bigint, m bigint, r bigint)
      CROSS JOIN (VALUES ('year', 4), ('month', 7), ('day', 10)) g(grain, len)
      GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (grain, figure, bucket, a, b) DO UPDATE SET n = stats_rollups.n + excluded.n, m = stats_rollups.m + excluded.m, r = stats_rollups.r + excluded.r;
END $$;
--> statement-breakpoint
-- What the given visits earn as a whole, times p_sign, as it is (no row changed) or with one row changed.
CREATE FUNCTION milia_stats_codes(p_visits integer[], p_sign integer, t_out integer, t_in treatments, f_out integer, f_in follow_ups)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM milia_stats_add(coalesce(jsonb_agg(jsonb_build_object('figure', c.figure, 'date', c.date, 'a', c.a, 'b', c.b, 'n', p_sign * c.n, 'm', p_sign * c.m, 'r', p_sign * c.r)), '[]'))
      FROM (SELECT DISTINCT x FROM unnest(p_visits) x) v CROSS JOIN LATERAL milia_stats_codes_of(v.x, t_out, t_in, f_out, f_in) c;
END $$;
--> statement-breakpoint
-- What one visit adds as a whole, times p_sign, dated p_date (its own, or the one it moves to).
CREATE FUNCTION milia_stats_visit(p_visit integer, p_date text, p_sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM milia_stats_add(coalesce(jsonb_agg(jsonb_build_object('figure', f.figure, 'date', p_date, 'a', f.a, 'b', f.b, 'n', p_sign * f.n, 'm', p_sign * f.m, 'r', p_sign * f.r)), '[]'))
      FROM stats_visit_figures f WHERE f.visit_id = p_visit;
END $$;
--> statement-breakpoint
-- One row's own sums under its visit's date, if its visit is there (rows deleted with their visit
-- find none: the visit's own trigger took its sums away).
CREATE FUNCTION milia_stats_row(p_visit integer, p_figure text, p_a text, p_b text, p_n bigint, p_m bigint, p_r bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM milia_stats_add(jsonb_build_array(jsonb_build_object('figure', p_figure, 'date', v.date, 'a', p_a, 'b', p_b, 'n', p_n, 'm', p_m, 'r', p_r)))
      FROM visits v WHERE v.id = p_visit;
END $$;
--> statement-breakpoint
-- The patients' days rebuilt, of the given kinds ('' the visits themselves) or all of them.
CREATE FUNCTION milia_stats_days(p_patients integer[], p_kinds text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stats_patient_days WHERE patient_id = ANY (p_patients) AND (p_kinds IS NULL OR kind = ANY (p_kinds));
  INSERT INTO stats_patient_days (patient_id, kind, date, prev_date)
      SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date COLLATE "C") FROM (
        SELECT v.patient_id, '' AS kind, v.date FROM visits v WHERE v.patient_id = ANY (p_patients) AND (p_kinds IS NULL OR '' = ANY (p_kinds))
        UNION
        SELECT v.patient_id, t.kind, v.date FROM visits v JOIN treatments t ON t.visit_id = v.id WHERE v.patient_id = ANY (p_patients) AND (p_kinds IS NULL OR t.kind = ANY (p_kinds))
      ) d;
END $$;
--> statement-breakpoint
-- A patient's new day of one kind put in place: the day before it as its previous day, and it as
-- the next day's previous day (SQLite 0012's incremental insert).
CREATE FUNCTION milia_stats_day_added(p_patient integer, p_kind text, p_date text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_patient_days (patient_id, kind, date, prev_date)
      SELECT p_patient, p_kind, p_date, (SELECT max(d.date COLLATE "C") FROM stats_patient_days d WHERE d.patient_id = p_patient AND d.kind = p_kind AND d.date < p_date COLLATE "C")
      WHERE p_patient IS NOT NULL
      ON CONFLICT DO NOTHING;
  UPDATE stats_patient_days SET prev_date = p_date
      WHERE patient_id = p_patient AND kind = p_kind AND date = (
        SELECT min(d.date COLLATE "C") FROM stats_patient_days d WHERE d.patient_id = p_patient AND d.kind = p_kind AND d.date > p_date COLLATE "C");
END $$;
--> statement-breakpoint
CREATE FUNCTION milia_stats_visits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM milia_stats_add(jsonb_build_array(jsonb_build_object('figure', 'visits', 'date', NEW.date, 'a', '', 'b', '', 'n', 1, 'm', 0, 'r', 0)));
    PERFORM milia_stats_day_added(NEW.patient_id, '', NEW.date);
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' AND TG_WHEN = 'BEFORE' THEN
    PERFORM milia_stats_visit(OLD.id, OLD.date, -1);
    RETURN OLD;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM milia_stats_days(ARRAY[OLD.patient_id], NULL);
    RETURN NULL;
  ELSIF TG_WHEN = 'BEFORE' THEN
    -- A moved visit's figures only depend on its own children, which this statement leaves alone.
    IF OLD.date <> NEW.date THEN
      PERFORM milia_stats_visit(OLD.id, OLD.date, -1);
      PERFORM milia_stats_visit(OLD.id, NEW.date, 1);
    END IF;
    RETURN NEW;
  ELSE
    IF OLD.date <> NEW.date OR OLD.patient_id <> NEW.patient_id THEN
      PERFORM milia_stats_days(ARRAY[OLD.patient_id, NEW.patient_id], NULL);
    END IF;
    RETURN NULL;
  END IF;
END $$;
--> statement-breakpoint
CREATE TRIGGER visits_stats_insert AFTER INSERT ON visits FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_visits();
--> statement-breakpoint
CREATE TRIGGER visits_stats_delete BEFORE DELETE ON visits FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_visits();
--> statement-breakpoint
CREATE TRIGGER visits_stats_days_delete AFTER DELETE ON visits FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_visits();
--> statement-breakpoint
CREATE TRIGGER visits_stats_update BEFORE UPDATE OF date ON visits FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_visits();
--> statement-breakpoint
CREATE TRIGGER visits_stats_days_update AFTER UPDATE OF date, patient_id ON visits FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_visits();
--> statement-breakpoint
-- A presentation's own sums; its visit's date cannot change in the same statement, so AFTER is exact.
CREATE FUNCTION milia_stats_presentations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM milia_stats_row(OLD.visit_id, 'presentations', OLD.type, OLD.site, -1, -OLD.count, -(OLD.red_flags <> '[]')::integer);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM milia_stats_row(NEW.visit_id, 'presentations', NEW.type, NEW.site, 1, NEW.count, (NEW.red_flags <> '[]')::integer);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER presentations_stats AFTER INSERT OR DELETE OR UPDATE OF visit_id, type, site, count, red_flags ON presentations
  FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_presentations();
--> statement-breakpoint
-- A treatment changes what its visit earns as a whole only when its kind earns a code or the
-- visit has a completed follow-up (0012's shortcut, kept so the same keys are touched).
CREATE FUNCTION milia_stats_earns(p_kind text, p_visit integer) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT p_kind IN ('extraction', 'curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation', 'chemical_peel')
      OR EXISTS (SELECT 1 FROM follow_ups WHERE visit_id = p_visit AND status = 'completed'));
END $$;
--> statement-breakpoint
CREATE FUNCTION milia_stats_treatments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_WHEN = 'BEFORE' THEN
    IF TG_OP = 'INSERT' AND milia_stats_earns(NEW.kind, NEW.visit_id) THEN
      PERFORM milia_stats_codes(ARRAY[NEW.visit_id], -1, NULL, NULL, NULL, NULL);
      PERFORM milia_stats_codes(ARRAY[NEW.visit_id], 1, NULL, NEW, NULL, NULL);
    ELSIF TG_OP = 'DELETE' AND milia_stats_earns(OLD.kind, OLD.visit_id) THEN
      PERFORM milia_stats_codes(ARRAY[OLD.visit_id], -1, NULL, NULL, NULL, NULL);
      PERFORM milia_stats_codes(ARRAY[OLD.visit_id], 1, OLD.id, NULL, NULL, NULL);
    ELSIF TG_OP = 'UPDATE' THEN
      PERFORM milia_stats_codes(ARRAY[OLD.visit_id, NEW.visit_id], -1, NULL, NULL, NULL, NULL);
      PERFORM milia_stats_codes(ARRAY[OLD.visit_id, NEW.visit_id], 1, OLD.id, NEW, NULL, NULL);
    END IF;
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM milia_stats_row(OLD.visit_id, 'treatments', OLD.kind, OLD.performed_by::text, -1, -OLD.lesions_treated, 0);
    PERFORM milia_stats_row(OLD.visit_id, 'kinds', OLD.kind, '', -1, -OLD.lesions_treated, 0);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM milia_stats_row(NEW.visit_id, 'treatments', NEW.kind, NEW.performed_by::text, 1, NEW.lesions_treated, 0);
    PERFORM milia_stats_row(NEW.visit_id, 'kinds', NEW.kind, '', 1, NEW.lesions_treated, 0);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER treatments_stats_before BEFORE INSERT OR DELETE OR UPDATE OF visit_id, kind, site, lesions_treated, performed_by, details ON treatments
  FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_treatments();
--> statement-breakpoint
CREATE TRIGGER treatments_stats_after AFTER INSERT OR DELETE OR UPDATE OF visit_id, kind, site, lesions_treated, performed_by, details ON treatments
  FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_treatments();
--> statement-breakpoint
-- The patient's days of the kinds concerned. A treatment deleted with its visit finds no visit:
-- the visit's own trigger rebuilds the patient.
CREATE FUNCTION milia_stats_treatment_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM milia_stats_day_added(v.patient_id, NEW.kind, v.date) FROM visits v WHERE v.id = NEW.visit_id;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM milia_stats_days(ARRAY(SELECT patient_id FROM visits WHERE id = OLD.visit_id), ARRAY[OLD.kind]);
  ELSE
    PERFORM milia_stats_days(ARRAY(SELECT patient_id FROM visits WHERE id IN (OLD.visit_id, NEW.visit_id)), ARRAY[OLD.kind, NEW.kind]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER treatments_stats_days AFTER INSERT OR DELETE OR UPDATE OF kind, visit_id ON treatments
  FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_treatment_days();
--> statement-breakpoint
-- A follow-up counts by its due date, whether or not its visit is there; only a completed one
-- changes what its visit earns.
CREATE FUNCTION milia_stats_follow_ups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_WHEN = 'BEFORE' THEN
    IF TG_OP = 'INSERT' AND NEW.status = 'completed' THEN
      PERFORM milia_stats_codes(ARRAY[NEW.visit_id], -1, NULL, NULL, NULL, NULL);
      PERFORM milia_stats_codes(ARRAY[NEW.visit_id], 1, NULL, NULL, NULL, NEW);
    ELSIF TG_OP = 'DELETE' AND OLD.status = 'completed' THEN
      PERFORM milia_stats_codes(ARRAY[OLD.visit_id], -1, NULL, NULL, NULL, NULL);
      PERFORM milia_stats_codes(ARRAY[OLD.visit_id], 1, NULL, NULL, OLD.id, NULL);
    ELSIF TG_OP = 'UPDATE' AND 'completed' IN (OLD.status, NEW.status) THEN
      PERFORM milia_stats_codes(ARRAY[OLD.visit_id, NEW.visit_id], -1, NULL, NULL, NULL, NULL);
      PERFORM milia_stats_codes(ARRAY[OLD.visit_id, NEW.visit_id], 1, NULL, NULL, OLD.id, NEW);
    END IF;
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM milia_stats_add(jsonb_build_array(jsonb_build_object('figure', 'follow_ups', 'date', OLD.due_date, 'a', OLD.status, 'b', '', 'n', -1, 'm', 0, 'r', 0)));
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM milia_stats_add(jsonb_build_array(jsonb_build_object('figure', 'follow_ups', 'date', NEW.due_date, 'a', NEW.status, 'b', '', 'n', 1, 'm', 0, 'r', 0)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER follow_ups_stats_before BEFORE INSERT OR DELETE OR UPDATE OF visit_id, due_date, status, outcome ON follow_ups
  FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_follow_ups();
--> statement-breakpoint
CREATE TRIGGER follow_ups_stats_after AFTER INSERT OR DELETE OR UPDATE OF visit_id, due_date, status, outcome ON follow_ups
  FOR EACH ROW WHEN (NOT milia_stats_deferred()) EXECUTE FUNCTION milia_stats_follow_ups();
--> statement-breakpoint
-- The end of a deferral (src/main/db/records/sqlite/statsDeferral.ts): the triggers count again,
-- and what the visits after p_since brought is summed once, their follow-ups counted and their
-- patients' days rebuilt. The database starts empty here, so unlike SQLite's 0009 nothing is
-- summed when migrating.
CREATE FUNCTION milia_stats_catch_up(p_since integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('milia.defer_stats', 'off', true);
  -- The figures summed by day first, the days then put in their three grains.
  INSERT INTO stats_rollups (grain, figure, bucket, a, b, n, m, r)
    WITH d AS (SELECT figure, date, a, b, sum(n) AS n, sum(m) AS m, sum(r) AS r FROM stats_visit_figures WHERE visit_id > p_since GROUP BY figure, date, a, b)
    SELECT g.grain, d.figure, substr(d.date, 1, g.len), d.a, d.b, sum(d.n), sum(d.m), sum(d.r)
    FROM d CROSS JOIN (VALUES ('year', 4), ('month', 7), ('day', 10)) g(grain, len) GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (grain, figure, bucket, a, b) DO UPDATE SET n = stats_rollups.n + excluded.n, m = stats_rollups.m + excluded.m, r = stats_rollups.r + excluded.r;
  INSERT INTO stats_rollups (grain, figure, bucket, a, b, n, m, r)
    SELECT g.grain, 'follow_ups', substr(f.due_date, 1, g.len), f.status, '', count(*), 0, 0
    FROM follow_ups f CROSS JOIN (VALUES ('year', 4), ('month', 7), ('day', 10)) g(grain, len) WHERE f.visit_id > p_since GROUP BY 1, 2, 3, 4
    ON CONFLICT (grain, figure, bucket, a, b) DO UPDATE SET n = stats_rollups.n + excluded.n, m = stats_rollups.m + excluded.m, r = stats_rollups.r + excluded.r;
  PERFORM milia_stats_days(ARRAY(SELECT DISTINCT patient_id FROM visits WHERE id > p_since), NULL);
END $$;

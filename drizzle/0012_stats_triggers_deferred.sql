-- The roll-up triggers again, each with a guard: while the row of grain 'deferred' is in
-- stats_rollups (only inside an import's transaction, see src/main/db/records/sqlite/statsDeferral.ts)
-- they do nothing, and the import adds what its new visits bring once at its end, which costs
-- a fraction of the rows' triggers. And cheaper for every other write: a treatment changes what
-- its visit earns as a whole only when its kind earns a code or the visit has a completed
-- follow-up; a new visit or treatment adds its patient's day in place (the day before it, and
-- the next day's previous day moved) instead of rebuilding the patient's days.
-- The views again, as 0009 made them but for one '+': a visit's completed follow-ups are found by
-- its visit, not among every completed follow-up by status (the import's catch-up reads a range of
-- visits through them: 30 times faster; one visit's, twice).
DROP VIEW `stats_visit_figures`;
--> statement-breakpoint
DROP VIEW `stats_visit_codes`;
--> statement-breakpoint
CREATE VIEW `stats_visit_codes` (`visit_id`, `date`, `figure`, `a`, `b`, `n`, `m`, `r`) AS
SELECT c.`visit_id`, v.`date`, 'codes', c.`code`, '', 1, 0, 0 FROM (
    SELECT t.`visit_id`, '10040' AS code FROM `treatments` t WHERE t.`kind` = 'extraction'
    UNION
    SELECT t.`visit_id`, iif(sum(t.`lesions_treated`) >= 15, '17111', '17110') FROM `treatments` t
      WHERE t.`kind` IN ('curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation')
      GROUP BY t.`visit_id` HAVING sum(t.`lesions_treated`) >= 1
    UNION
    SELECT t.`visit_id`, CASE json_extract(t.`details`, '$.depth')
        WHEN 'epidermal' THEN iif(t.`site` IN ('scalp', 'forehead', 'glabella', 'temple', 'upper_eyelid', 'lower_eyelid', 'periorbital', 'nose', 'cheek', 'ear', 'perioral', 'chin', 'jaw', 'neck'), '15788', '15792')
        WHEN 'dermal' THEN iif(t.`site` IN ('scalp', 'forehead', 'glabella', 'temple', 'upper_eyelid', 'lower_eyelid', 'periorbital', 'nose', 'cheek', 'ear', 'perioral', 'chin', 'jaw', 'neck'), '15789', '15793')
      END FROM `treatments` t WHERE t.`kind` = 'chemical_peel'
  ) c JOIN `visits` v ON v.`id` = c.`visit_id` WHERE c.`code` IS NOT NULL
UNION ALL
SELECT t.`visit_id`, v.`date`, 'outcomes', t.`kind`, f.`outcome`, count(DISTINCT f.`id`), 0, 0
  FROM `treatments` t JOIN `follow_ups` f ON f.`visit_id` = t.`visit_id` AND +f.`status` = 'completed'
  JOIN `visits` v ON v.`id` = t.`visit_id`
  GROUP BY t.`visit_id`, t.`kind`, f.`outcome`;
--> statement-breakpoint
CREATE VIEW `stats_visit_figures` AS
SELECT v.`id` AS visit_id, v.`date`, 'visits' AS figure, '' AS a, '' AS b, 1 AS n, 0 AS m, 0 AS r FROM `visits` v
UNION ALL
SELECT p.`visit_id`, v.`date`, 'presentations', p.`type`, p.`site`, count(*), sum(p.`count`), sum(p.`red_flags` <> '[]')
  FROM `presentations` p JOIN `visits` v ON v.`id` = p.`visit_id` GROUP BY p.`visit_id`, p.`type`, p.`site`
UNION ALL
SELECT t.`visit_id`, v.`date`, 'treatments', t.`kind`, t.`performed_by`, count(*), sum(t.`lesions_treated`), 0
  FROM `treatments` t JOIN `visits` v ON v.`id` = t.`visit_id` GROUP BY t.`visit_id`, t.`kind`, t.`performed_by`
UNION ALL
SELECT t.`visit_id`, v.`date`, 'kinds', t.`kind`, '', count(*), sum(t.`lesions_treated`), 0
  FROM `treatments` t JOIN `visits` v ON v.`id` = t.`visit_id` GROUP BY t.`visit_id`, t.`kind`
UNION ALL
SELECT * FROM `stats_visit_codes`;
--> statement-breakpoint
DROP TRIGGER `visits_stats_insert`;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_insert` AFTER INSERT ON `visits` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'visits', substr(new.`date`, 1, g.len), '', '', 1, 0, 0
  FROM (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `visits_stats_delete`;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_delete` BEFORE DELETE ON `visits` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `visits_stats_update_before`;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_update_before` BEFORE UPDATE OF `date` ON `visits` WHEN (old.`date` <> new.`date`) AND NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `visits_stats_update_after`;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_update_after` AFTER UPDATE OF `date` ON `visits` WHEN (old.`date` <> new.`date`) AND NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `presentations_stats_insert`;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_insert` AFTER INSERT ON `presentations` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'presentations', substr(v.`date`, 1, g.len), new.`type`, new.`site`, 1, new.`count`, (new.`red_flags` <> '[]')
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = new.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `presentations_stats_delete`;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_delete` AFTER DELETE ON `presentations` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'presentations', substr(v.`date`, 1, g.len), old.`type`, old.`site`, -1, -old.`count`, -(old.`red_flags` <> '[]')
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = old.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `presentations_stats_update`;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_update` AFTER UPDATE OF `visit_id`, `type`, `site`, `count`, `red_flags` ON `presentations` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'presentations', substr(v.`date`, 1, g.len), old.`type`, old.`site`, -1, -old.`count`, -(old.`red_flags` <> '[]')
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = old.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'presentations', substr(v.`date`, 1, g.len), new.`type`, new.`site`, 1, new.`count`, (new.`red_flags` <> '[]')
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = new.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `treatments_stats_insert_before`;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_insert_before` BEFORE INSERT ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') AND (new.`kind` IN ('extraction', 'curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation', 'chemical_peel') OR EXISTS (SELECT 1 FROM `follow_ups` WHERE `visit_id` = new.`visit_id` AND `status` = 'completed')) BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `treatments_stats_insert_after`;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_insert_after` AFTER INSERT ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`) AND (new.`kind` IN ('extraction', 'curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation', 'chemical_peel') OR EXISTS (SELECT 1 FROM `follow_ups` WHERE `visit_id` = new.`visit_id` AND `status` = 'completed'))
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'treatments', substr(v.`date`, 1, g.len), new.`kind`, new.`performed_by`, 1, new.`lesions_treated`, 0
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = new.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'kinds', substr(v.`date`, 1, g.len), new.`kind`, '', 1, new.`lesions_treated`, 0
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = new.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `treatments_stats_delete_before`;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_delete_before` BEFORE DELETE ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') AND (old.`kind` IN ('extraction', 'curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation', 'chemical_peel') OR EXISTS (SELECT 1 FROM `follow_ups` WHERE `visit_id` = old.`visit_id` AND `status` = 'completed')) BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `treatments_stats_delete_after`;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_delete_after` AFTER DELETE ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`) AND (old.`kind` IN ('extraction', 'curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation', 'chemical_peel') OR EXISTS (SELECT 1 FROM `follow_ups` WHERE `visit_id` = old.`visit_id` AND `status` = 'completed'))
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'treatments', substr(v.`date`, 1, g.len), old.`kind`, old.`performed_by`, -1, -old.`lesions_treated`, -0
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = old.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'kinds', substr(v.`date`, 1, g.len), old.`kind`, '', -1, -old.`lesions_treated`, -0
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = old.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `treatments_stats_update_before`;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_update_before` BEFORE UPDATE OF `visit_id`, `kind`, `site`, `lesions_treated`, `performed_by`, `details` ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'treatments', substr(v.`date`, 1, g.len), old.`kind`, old.`performed_by`, -1, -old.`lesions_treated`, -0
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = old.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'kinds', substr(v.`date`, 1, g.len), old.`kind`, '', -1, -old.`lesions_treated`, -0
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = old.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `treatments_stats_update_after`;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_update_after` AFTER UPDATE OF `visit_id`, `kind`, `site`, `lesions_treated`, `performed_by`, `details` ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'treatments', substr(v.`date`, 1, g.len), new.`kind`, new.`performed_by`, 1, new.`lesions_treated`, 0
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = new.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'kinds', substr(v.`date`, 1, g.len), new.`kind`, '', 1, new.`lesions_treated`, 0
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = new.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `follow_ups_stats_insert_before`;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_insert_before` BEFORE INSERT ON `follow_ups` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`) AND new.`status` = 'completed'
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `follow_ups_stats_insert_after`;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_insert_after` AFTER INSERT ON `follow_ups` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`) AND new.`status` = 'completed'
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'follow_ups', substr(new.`due_date`, 1, g.len), new.`status`, '', 1, 0, 0
  FROM (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `follow_ups_stats_delete_before`;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_delete_before` BEFORE DELETE ON `follow_ups` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`) AND old.`status` = 'completed'
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `follow_ups_stats_delete_after`;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_delete_after` AFTER DELETE ON `follow_ups` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`) AND old.`status` = 'completed'
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'follow_ups', substr(old.`due_date`, 1, g.len), old.`status`, '', -1, -0, -0
  FROM (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `follow_ups_stats_update_before`;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_update_before` BEFORE UPDATE OF `visit_id`, `due_date`, `status`, `outcome` ON `follow_ups` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`) AND 'completed' IN (old.`status`, new.`status`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'follow_ups', substr(old.`due_date`, 1, g.len), old.`status`, '', -1, -0, -0
  FROM (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `follow_ups_stats_update_after`;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_update_after` AFTER UPDATE OF `visit_id`, `due_date`, `status`, `outcome` ON `follow_ups` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`) AND 'completed' IN (old.`status`, new.`status`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'follow_ups', substr(new.`due_date`, 1, g.len), new.`status`, '', 1, 0, 0
  FROM (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
DROP TRIGGER `visits_patient_days_insert`;
--> statement-breakpoint
CREATE TRIGGER `visits_patient_days_insert` AFTER INSERT ON `visits` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT new.`patient_id`, '', new.`date`, (SELECT max(d.`date`) FROM `stats_patient_days` d WHERE d.`patient_id` = new.`patient_id` AND d.`kind` = '' AND d.`date` < new.`date`) WHERE true
  ON CONFLICT DO NOTHING;
UPDATE `stats_patient_days` SET `prev_date` = new.`date`
  WHERE `patient_id` = new.`patient_id` AND `kind` = '' AND `date` = (SELECT min(d.`date`) FROM `stats_patient_days` d WHERE d.`patient_id` = new.`patient_id` AND d.`kind` = '' AND d.`date` > new.`date`);
END;
--> statement-breakpoint
DROP TRIGGER `visits_patient_days_delete`;
--> statement-breakpoint
CREATE TRIGGER `visits_patient_days_delete` AFTER DELETE ON `visits` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN (old.`patient_id`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN (old.`patient_id`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN (old.`patient_id`)
  ) d;
END;
--> statement-breakpoint
DROP TRIGGER `visits_patient_days_update`;
--> statement-breakpoint
CREATE TRIGGER `visits_patient_days_update` AFTER UPDATE OF `date`, `patient_id` ON `visits` WHEN (old.`date` <> new.`date` OR old.`patient_id` <> new.`patient_id`) AND NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN (old.`patient_id`, new.`patient_id`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN (old.`patient_id`, new.`patient_id`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN (old.`patient_id`, new.`patient_id`)
  ) d;
END;
--> statement-breakpoint
DROP TRIGGER `treatments_patient_days_insert`;
--> statement-breakpoint
CREATE TRIGGER `treatments_patient_days_insert` AFTER INSERT ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT v.`patient_id`, new.`kind`, v.`date`, (SELECT max(d.`date`) FROM `stats_patient_days` d WHERE d.`patient_id` = v.`patient_id` AND d.`kind` = new.`kind` AND d.`date` < v.`date`)
  FROM `visits` v WHERE v.`id` = new.`visit_id`
  ON CONFLICT DO NOTHING;
UPDATE `stats_patient_days` SET `prev_date` = (SELECT `date` FROM `visits` WHERE `id` = new.`visit_id`)
  WHERE `patient_id` = (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`) AND `kind` = new.`kind` AND `date` = (
    SELECT min(d.`date`) FROM `stats_patient_days` d JOIN `visits` v ON v.`id` = new.`visit_id` WHERE d.`patient_id` = v.`patient_id` AND d.`kind` = new.`kind` AND d.`date` > v.`date`);
END;
--> statement-breakpoint
DROP TRIGGER `treatments_patient_days_delete`;
--> statement-breakpoint
CREATE TRIGGER `treatments_patient_days_delete` AFTER DELETE ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`)) AND `kind` IN (old.`kind`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`)) AND '' IN (old.`kind`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`)) AND t.`kind` IN (old.`kind`)
  ) d;
END;
--> statement-breakpoint
DROP TRIGGER `treatments_patient_days_update`;
--> statement-breakpoint
CREATE TRIGGER `treatments_patient_days_update` AFTER UPDATE OF `kind`, `visit_id` ON `treatments` WHEN NOT EXISTS (SELECT 1 FROM `stats_rollups` WHERE `grain` = 'deferred') BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND `kind` IN (old.`kind`, new.`kind`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND '' IN (old.`kind`, new.`kind`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND t.`kind` IN (old.`kind`, new.`kind`)
  ) d;
END;


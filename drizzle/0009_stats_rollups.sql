CREATE TABLE `stats_patient_days` (
	`patient_id` integer NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`prev_date` text,
	PRIMARY KEY(`patient_id`, `kind`, `date`)
);
--> statement-breakpoint
CREATE INDEX `stats_patient_days_period` ON `stats_patient_days` (`kind`,`date`,`prev_date`);--> statement-breakpoint
-- WITHOUT ROWID added by hand (drizzle-kit cannot say it): the key orders the rows, so a period
-- reads its sums from one b-tree.
CREATE TABLE `stats_rollups` (
	`grain` text NOT NULL,
	`bucket` text NOT NULL,
	`figure` text NOT NULL,
	`a` text NOT NULL,
	`b` text NOT NULL,
	`n` integer NOT NULL,
	`m` integer NOT NULL,
	`r` integer NOT NULL,
	PRIMARY KEY(`grain`, `figure`, `bucket`, `a`, `b`)
) WITHOUT ROWID;
--> statement-breakpoint
-- What a visit earns as a whole (vocabulary.md, destruction kinds and face sites spelled out as the
-- vocabulary has them): its procedure codes, and its completed follow-ups' outcomes once under
-- each distinct kind of its treatments. Recomputed around any change to its treatments or follow-ups.
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
  FROM `treatments` t JOIN `follow_ups` f ON f.`visit_id` = t.`visit_id` AND f.`status` = 'completed'
  JOIN `visits` v ON v.`id` = t.`visit_id`
  GROUP BY t.`visit_id`, t.`kind`, f.`outcome`;
--> statement-breakpoint
-- Everything one visit adds to the roll-ups (read by src/main/db/records/sqlite/statsSql.ts): the
-- visit; its presentations by type and site; its treatments by kind and performer, and by kind alone
-- (kept by month for the by-month table); what it earns as a whole.
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
-- Every write keeps the roll-ups in its own statement. A presentation, a treatment and a follow-up
-- add their own row's sums; what a visit earns as a whole is taken away before a change to its
-- treatments or follow-ups and put back after; a visit that moves or goes takes all it added. The
-- rows deleted with their visit find no visit: the visit's own trigger took its sums away. A
-- follow-up counts by its due date, whether or not its visit is there; only a completed one changes
-- what its visit earns.
CREATE TRIGGER `visits_stats_insert` AFTER INSERT ON `visits` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'visits', substr(new.`date`, 1, g.len), '', '', 1, 0, 0
  FROM (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_delete` BEFORE DELETE ON `visits` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_update_before` BEFORE UPDATE OF `date` ON `visits` WHEN old.`date` <> new.`date` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_update_after` AFTER UPDATE OF `date` ON `visits` WHEN old.`date` <> new.`date` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_insert` AFTER INSERT ON `presentations` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'presentations', substr(v.`date`, 1, g.len), new.`type`, new.`site`, 1, new.`count`, (new.`red_flags` <> '[]')
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = new.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_delete` AFTER DELETE ON `presentations` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'presentations', substr(v.`date`, 1, g.len), old.`type`, old.`site`, -1, -old.`count`, -(old.`red_flags` <> '[]')
  FROM `visits` v JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE v.`id` = old.`visit_id`
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_update` AFTER UPDATE OF `visit_id`, `type`, `site`, `count`, `red_flags` ON `presentations` BEGIN
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
CREATE TRIGGER `treatments_stats_insert_before` BEFORE INSERT ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_insert_after` AFTER INSERT ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
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
CREATE TRIGGER `treatments_stats_delete_before` BEFORE DELETE ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_delete_after` AFTER DELETE ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
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
CREATE TRIGGER `treatments_stats_update_before` BEFORE UPDATE OF `visit_id`, `kind`, `site`, `lesions_treated`, `performed_by`, `details` ON `treatments` BEGIN
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
CREATE TRIGGER `treatments_stats_update_after` AFTER UPDATE OF `visit_id`, `kind`, `site`, `lesions_treated`, `performed_by`, `details` ON `treatments` BEGIN
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
CREATE TRIGGER `follow_ups_stats_insert_before` BEFORE INSERT ON `follow_ups` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`) AND new.`status` = 'completed'
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_insert_after` AFTER INSERT ON `follow_ups` BEGIN
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
CREATE TRIGGER `follow_ups_stats_delete_before` BEFORE DELETE ON `follow_ups` BEGIN
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len), f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_codes` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`) AND old.`status` = 'completed'
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_delete_after` AFTER DELETE ON `follow_ups` BEGIN
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
CREATE TRIGGER `follow_ups_stats_update_before` BEFORE UPDATE OF `visit_id`, `due_date`, `status`, `outcome` ON `follow_ups` BEGIN
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
CREATE TRIGGER `follow_ups_stats_update_after` AFTER UPDATE OF `visit_id`, `due_date`, `status`, `outcome` ON `follow_ups` BEGIN
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
-- The patient's days, rebuilt after any write that can change them: a new visit, its day seen; a
-- treatment, the patient's days of its kind; a visit moved or gone, all of them (a patient has a
-- few dozen at most). A treatment deleted with its visit finds no visit: the visit's own trigger,
-- which runs after, rebuilds the patient.
CREATE TRIGGER `visits_patient_days_insert` AFTER INSERT ON `visits` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN (new.`patient_id`) AND `kind` IN ('');
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN (new.`patient_id`) AND '' IN ('')
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN (new.`patient_id`) AND t.`kind` IN ('')
  ) d;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_patient_days_delete` AFTER DELETE ON `visits` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN (old.`patient_id`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN (old.`patient_id`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN (old.`patient_id`)
  ) d;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_patient_days_update` AFTER UPDATE OF `date`, `patient_id` ON `visits` WHEN old.`date` <> new.`date` OR old.`patient_id` <> new.`patient_id` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN (old.`patient_id`, new.`patient_id`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN (old.`patient_id`, new.`patient_id`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN (old.`patient_id`, new.`patient_id`)
  ) d;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_patient_days_insert` AFTER INSERT ON `treatments` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND `kind` IN (new.`kind`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND '' IN (new.`kind`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND t.`kind` IN (new.`kind`)
  ) d;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_patient_days_delete` AFTER DELETE ON `treatments` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`)) AND `kind` IN (old.`kind`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`)) AND '' IN (old.`kind`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`)) AND t.`kind` IN (old.`kind`)
  ) d;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_patient_days_update` AFTER UPDATE OF `kind`, `visit_id` ON `treatments` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND `kind` IN (old.`kind`, new.`kind`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND '' IN (old.`kind`, new.`kind`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`)) AND t.`kind` IN (old.`kind`, new.`kind`)
  ) d;
END;
--> statement-breakpoint
-- What the database already holds, added up once.
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, f.figure, substr(f.`date`, 1, g.len) AS bucket, f.a, f.b, sum(f.n), sum(f.m), sum(f.r)
  FROM `stats_visit_figures` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g GROUP BY g.grain, f.figure, bucket, f.a, f.b;
--> statement-breakpoint
INSERT INTO `stats_rollups` (`grain`, `figure`, `bucket`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, 'follow_ups', substr(f.`due_date`, 1, g.len) AS bucket, f.`status`, '', count(*), 0, 0
  FROM `follow_ups` f JOIN (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) g GROUP BY g.grain, bucket, f.`status`;
--> statement-breakpoint
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id`
  ) d;

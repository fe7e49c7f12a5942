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
-- What one visit adds to the statistics, by figure (read by src/main/db/records/sqlite/statsSql.ts):
-- the visit; its presentations by type and site; its treatments by kind and performer; the
-- procedure codes it earns (vocabulary.md: destruction kinds and face sites spelled out as
-- the vocabulary has them); its completed follow-ups' outcomes once under each distinct kind.
CREATE VIEW `stats_visit_figures` AS
SELECT v.`id` AS visit_id, v.`date`, 'visits' AS figure, '' AS a, '' AS b, 1 AS n, 0 AS m, 0 AS r FROM `visits` v
UNION ALL
SELECT p.`visit_id`, v.`date`, 'presentations', p.`type`, p.`site`, count(*), sum(p.`count`), sum(p.`red_flags` <> '[]')
  FROM `presentations` p JOIN `visits` v ON v.`id` = p.`visit_id` GROUP BY p.`visit_id`, p.`type`, p.`site`
UNION ALL
SELECT t.`visit_id`, v.`date`, 'treatments', t.`kind`, t.`performed_by`, count(*), sum(t.`lesions_treated`), 0
  FROM `treatments` t JOIN `visits` v ON v.`id` = t.`visit_id` GROUP BY t.`visit_id`, t.`kind`, t.`performed_by`
UNION ALL
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
-- Every write keeps the roll-ups: what a visit added is taken away before a change to it or to
-- one of its rows, and what it adds now is put back after (a deleted visit's rows find no visit:
-- the visit's own trigger took its figures away).
CREATE TRIGGER `visits_stats_insert` AFTER INSERT ON `visits` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_delete` BEFORE DELETE ON `visits` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_update_before` BEFORE UPDATE OF `date` ON `visits` WHEN old.`date` <> new.`date` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_stats_update_after` AFTER UPDATE OF `date` ON `visits` WHEN old.`date` <> new.`date` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_insert_before` BEFORE INSERT ON `presentations` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_insert_after` AFTER INSERT ON `presentations` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_delete_before` BEFORE DELETE ON `presentations` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_delete_after` AFTER DELETE ON `presentations` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_update_before` BEFORE UPDATE OF `visit_id`, `type`, `site`, `count`, `red_flags` ON `presentations` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `presentations_stats_update_after` AFTER UPDATE OF `visit_id`, `type`, `site`, `count`, `red_flags` ON `presentations` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_insert_before` BEFORE INSERT ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_insert_after` AFTER INSERT ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_delete_before` BEFORE DELETE ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_delete_after` AFTER DELETE ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_update_before` BEFORE UPDATE OF `visit_id`, `kind`, `site`, `lesions_treated`, `performed_by`, `details` ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_stats_update_after` AFTER UPDATE OF `visit_id`, `kind`, `site`, `lesions_treated`, `performed_by`, `details` ON `treatments` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_insert_before` BEFORE INSERT ON `follow_ups` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_insert_after` AFTER INSERT ON `follow_ups` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(new.`due_date`, 1, g.len), 'follow_ups', new.`status`, '', 1, 0, 0 FROM (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_delete_before` BEFORE DELETE ON `follow_ups` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(old.`due_date`, 1, g.len), 'follow_ups', old.`status`, '', -1, 0, 0 FROM (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_delete_after` AFTER DELETE ON `follow_ups` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_update_before` BEFORE UPDATE OF `visit_id`, `status`, `outcome`, `due_date` ON `follow_ups` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, -f.n, -f.m, -f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(old.`due_date`, 1, g.len), 'follow_ups', old.`status`, '', -1, 0, 0 FROM (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_stats_update_after` AFTER UPDATE OF `visit_id`, `status`, `outcome`, `due_date` ON `follow_ups` BEGIN
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len), f.figure, f.a, f.b, f.n, f.m, f.r
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE f.visit_id IN (old.`visit_id`, new.`visit_id`)
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`, `m` = `m` + excluded.`m`, `r` = `r` + excluded.`r`;
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(new.`due_date`, 1, g.len), 'follow_ups', new.`status`, '', 1, 0, 0 FROM (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g WHERE true
  ON CONFLICT (`grain`, `figure`, `bucket`, `a`, `b`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
-- What the database already holds, added up once.
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`date`, 1, g.len) AS bucket, f.figure, f.a, f.b, sum(f.n), sum(f.m), sum(f.r)
  FROM `stats_visit_figures` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g GROUP BY g.grain, bucket, f.figure, f.a, f.b;
--> statement-breakpoint
INSERT INTO `stats_rollups` (`grain`, `bucket`, `figure`, `a`, `b`, `n`, `m`, `r`)
  SELECT g.grain, substr(f.`due_date`, 1, g.len) AS bucket, 'follow_ups', f.`status`, '', count(*), 0, 0
  FROM `follow_ups` f JOIN (SELECT 'month' AS grain, 7 AS len UNION ALL SELECT 'day', 10) g GROUP BY g.grain, bucket, f.`status`;
--> statement-breakpoint
-- The patient's days, rebuilt whole after any write that can change them (a patient has a few
-- dozen at most). A treatment deleted with its visit finds no visit: the visit's own trigger,
-- which runs after, rebuilds the patient.
CREATE TRIGGER `visits_patient_days_insert` AFTER INSERT ON `visits` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN (new.`patient_id`);
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN (new.`patient_id`)
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN (new.`patient_id`)
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
DELETE FROM `stats_patient_days` WHERE `patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`));
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`))
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`))
  ) d;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_patient_days_delete` AFTER DELETE ON `treatments` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`));
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`))
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`))
  ) d;
END;
--> statement-breakpoint
CREATE TRIGGER `treatments_patient_days_update` AFTER UPDATE OF `kind`, `visit_id` ON `treatments` BEGIN
DELETE FROM `stats_patient_days` WHERE `patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`));
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`))
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id` WHERE v.`patient_id` IN ((SELECT `patient_id` FROM `visits` WHERE `id` = old.`visit_id`), (SELECT `patient_id` FROM `visits` WHERE `id` = new.`visit_id`))
  ) d;
END;
--> statement-breakpoint
INSERT INTO `stats_patient_days` (`patient_id`, `kind`, `date`, `prev_date`)
  SELECT d.patient_id, d.kind, d.date, lag(d.date) OVER (PARTITION BY d.patient_id, d.kind ORDER BY d.date) FROM (
    SELECT v.`patient_id`, '' AS kind, v.`date` FROM `visits` v
    UNION
    SELECT v.`patient_id`, t.`kind`, v.`date` FROM `visits` v JOIN `treatments` t ON t.`visit_id` = v.`id`
  ) d;

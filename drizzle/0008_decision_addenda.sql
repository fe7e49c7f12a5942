ALTER TABLE `addenda` ADD `presentation_id` integer REFERENCES presentations(id);--> statement-breakpoint
ALTER TABLE `addenda` ADD `decision` text;--> statement-breakpoint
CREATE INDEX `addenda_presentation` ON `addenda` (`presentation_id`);--> statement-breakpoint
-- A decision addendum decides one presentation of its own visit, and names the decision.
CREATE TRIGGER `addenda_decision_matches` BEFORE INSERT ON `addenda`
WHEN (NEW.`presentation_id` IS NULL) <> (NEW.`decision` IS NULL)
  OR (NEW.`presentation_id` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM `presentations` WHERE `id` = NEW.`presentation_id` AND `visit_id` = NEW.`visit_id`))
BEGIN SELECT RAISE(ABORT, 'Milia Notes: a decision addendum names a presentation of its own visit and the decision.'); END;

DROP INDEX `presentations_visit`;--> statement-breakpoint
CREATE INDEX `presentations_visit` ON `presentations` (`visit_id`,`position`,`type`,`site`,`count`,`red_flags`);--> statement-breakpoint
DROP INDEX `treatments_visit`;--> statement-breakpoint
CREATE INDEX `treatments_visit` ON `treatments` (`visit_id`,`position`,`kind`,`lesions_treated`,`performed_by`);--> statement-breakpoint
DROP INDEX `visits_date`;--> statement-breakpoint
CREATE INDEX `visits_date` ON `visits` (`date`,`patient_id`);
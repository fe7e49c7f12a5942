DROP INDEX `visits_date`;--> statement-breakpoint
CREATE INDEX `visits_date` ON `visits` (`date`,`patient_id`);--> statement-breakpoint
CREATE INDEX `presentations_type_site` ON `presentations` (`type`,`site`,`visit_id`,`count`,`red_flags`);--> statement-breakpoint
CREATE INDEX `treatments_kind` ON `treatments` (`kind`,`performed_by`,`visit_id`,`lesions_treated`);
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer,
	`detail` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `clinicians` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clinicians_key` ON `clinicians` (`key`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` integer PRIMARY KEY NOT NULL,
	`visit_id` integer NOT NULL,
	`position` integer NOT NULL,
	`due_date` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`completed_date` text,
	`outcome` text,
	`notes` text DEFAULT '' NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "follow_ups_outcome" CHECK(("follow_ups"."status" = 'completed') = ("follow_ups"."outcome" is not null and "follow_ups"."completed_date" is not null))
);
--> statement-breakpoint
CREATE INDEX `follow_ups_status_due` ON `follow_ups` (`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `follow_ups_visit` ON `follow_ups` (`visit_id`,`position`);--> statement-breakpoint
CREATE INDEX `follow_ups_due` ON `follow_ups` (`due_date`);--> statement-breakpoint
CREATE TABLE `patients` (
	`id` integer PRIMARY KEY NOT NULL,
	`mrn` text NOT NULL,
	`given_name` text NOT NULL,
	`family_name` text NOT NULL,
	`search_name` text NOT NULL,
	`date_of_birth` text NOT NULL,
	`sex` text NOT NULL,
	`fitzpatrick` integer,
	`phone` text,
	`email` text,
	`archived_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "patients_fitzpatrick" CHECK("patients"."fitzpatrick" is null or "patients"."fitzpatrick" between 1 and 6)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patients_mrn` ON `patients` ("mrn" collate nocase);--> statement-breakpoint
CREATE INDEX `patients_dob` ON `patients` (`date_of_birth`);--> statement-breakpoint
CREATE INDEX `patients_family` ON `patients` (`family_name`);--> statement-breakpoint
CREATE TABLE `presentations` (
	`id` integer PRIMARY KEY NOT NULL,
	`visit_id` integer NOT NULL,
	`position` integer NOT NULL,
	`type` text NOT NULL,
	`site` text NOT NULL,
	`side` text,
	`count` integer NOT NULL,
	`size_mm` real,
	`distribution` text,
	`triggers` text DEFAULT '[]' NOT NULL,
	`red_flags` text DEFAULT '[]' NOT NULL,
	`differentials` text DEFAULT '[]' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`decision` text,
	`decision_note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "presentations_count" CHECK("presentations"."count" between 1 and 500)
);
--> statement-breakpoint
CREATE INDEX `presentations_visit` ON `presentations` (`visit_id`,`position`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `treatments` (
	`id` integer PRIMARY KEY NOT NULL,
	`visit_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`site` text NOT NULL,
	`side` text,
	`lesions_treated` integer NOT NULL,
	`anesthesia` text,
	`consent` integer,
	`performed_by` integer NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`performed_by`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "treatments_lesions" CHECK("treatments"."lesions_treated" between 0 and 500)
);
--> statement-breakpoint
CREATE INDEX `treatments_visit` ON `treatments` (`visit_id`,`position`);--> statement-breakpoint
CREATE INDEX `treatments_performed_by` ON `treatments` (`performed_by`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`patient_id` integer NOT NULL,
	`date` text NOT NULL,
	`clinician_id` integer NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_by` text NOT NULL,
	`updated_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clinician_id`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visits_key` ON `visits` (`key`);--> statement-breakpoint
CREATE INDEX `visits_patient_date` ON `visits` (`patient_id`,`date`);--> statement-breakpoint
CREATE INDEX `visits_date` ON `visits` (`date`);
CREATE TABLE `addenda` (
	`id` integer PRIMARY KEY NOT NULL,
	`visit_id` integer NOT NULL,
	`text` text NOT NULL,
	`author_name` text NOT NULL,
	`author_user` integer,
	`signed_at` text NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `addenda_visit` ON `addenda` (`visit_id`,`id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`clinician_id` integer,
	`password_hash` text,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`clinician_id`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username` ON `users` ("username" collate nocase);--> statement-breakpoint
CREATE UNIQUE INDEX `users_clinician` ON `users` (`clinician_id`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `user_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `username` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `role` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `surface` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `patient_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `outcome` text DEFAULT 'ok' NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_patient` ON `audit_log` (`patient_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_user` ON `audit_log` (`user_id`,`at`);--> statement-breakpoint
ALTER TABLE `clinicians` ADD `title` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `clinicians` ADD `registration_number` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `visits` ADD `signed_at` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `signature_kind` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `signed_by` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `signed_by_user` integer;--> statement-breakpoint
CREATE INDEX `visits_drafts` ON `visits` (`clinician_id`,`date`) WHERE "visits"."signed_at" is null;--> statement-breakpoint
-- Hand-written below (drizzle-kit writes no triggers or data moves). Every clinician becomes a
-- user with that clinician profile and no password: an administrator sets one before they
-- sign in. Visits keep naming the clinician profile, so no visit changes.
INSERT INTO `users` (`username`, `name`, `role`, `active`, `clinician_id`) SELECT lower(`key`), `name`, `role`, `active`, `id` FROM `clinicians` ORDER BY `id`;--> statement-breakpoint
-- A signed visit is final: no surface can change or remove it, its presentations or its
-- treatments, whatever the services do. Follow-up outcomes stay writable (they are new facts).
CREATE TRIGGER `visits_signed_final` BEFORE UPDATE ON `visits` WHEN old.`signed_at` IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: this visit is signed and cannot change; add an addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `visits_signed_kept` BEFORE DELETE ON `visits` WHEN old.`signed_at` IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: this visit is signed and cannot change; add an addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `presentations_signed_insert` BEFORE INSERT ON `presentations` WHEN (SELECT `signed_at` FROM `visits` WHERE `id` = new.`visit_id`) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: this visit is signed and cannot change; add an addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `presentations_signed_update` BEFORE UPDATE ON `presentations` WHEN (SELECT `signed_at` FROM `visits` WHERE `id` = old.`visit_id`) IS NOT NULL OR (SELECT `signed_at` FROM `visits` WHERE `id` = new.`visit_id`) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: this visit is signed and cannot change; add an addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `presentations_signed_delete` BEFORE DELETE ON `presentations` WHEN (SELECT `signed_at` FROM `visits` WHERE `id` = old.`visit_id`) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: this visit is signed and cannot change; add an addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `treatments_signed_insert` BEFORE INSERT ON `treatments` WHEN (SELECT `signed_at` FROM `visits` WHERE `id` = new.`visit_id`) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: this visit is signed and cannot change; add an addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `treatments_signed_update` BEFORE UPDATE ON `treatments` WHEN (SELECT `signed_at` FROM `visits` WHERE `id` = old.`visit_id`) IS NOT NULL OR (SELECT `signed_at` FROM `visits` WHERE `id` = new.`visit_id`) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: this visit is signed and cannot change; add an addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `treatments_signed_delete` BEFORE DELETE ON `treatments` WHEN (SELECT `signed_at` FROM `visits` WHERE `id` = old.`visit_id`) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: this visit is signed and cannot change; add an addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `addenda_final_update` BEFORE UPDATE ON `addenda`
BEGIN SELECT RAISE(ABORT, 'Milia Notes: an addendum is signed and cannot change; add another addendum instead.'); END;--> statement-breakpoint
CREATE TRIGGER `addenda_final_delete` BEFORE DELETE ON `addenda`
BEGIN SELECT RAISE(ABORT, 'Milia Notes: an addendum is signed and cannot change; add another addendum instead.'); END;--> statement-breakpoint
-- The audit trail is append-only. A row arrives sealed (its hash set); only the rows written
-- before the chain existed (no hash) may be sealed, once, when this version first opens them.
CREATE TRIGGER `audit_log_append_only` BEFORE UPDATE ON `audit_log` WHEN old.`hash` IS NOT NULL OR new.`id` IS NOT old.`id`
BEGIN SELECT RAISE(ABORT, 'Milia Notes: the audit trail cannot be changed.'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_kept` BEFORE DELETE ON `audit_log`
BEGIN SELECT RAISE(ABORT, 'Milia Notes: the audit trail cannot be changed.'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_sealed` BEFORE INSERT ON `audit_log` WHEN new.`hash` IS NULL
BEGIN SELECT RAISE(ABORT, 'Milia Notes: an audit row must arrive sealed.'); END;

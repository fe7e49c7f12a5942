CREATE TABLE `handouts` (
	`id` integer PRIMARY KEY NOT NULL,
	`visit_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`created_by` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`large_print` integer NOT NULL,
	`paper_size` text NOT NULL,
	`template_versions` text DEFAULT '{}' NOT NULL,
	`kinds` text DEFAULT '[]' NOT NULL,
	`pdf` blob NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "handouts_paper_size" CHECK("handouts"."paper_size" in ('A4', 'Letter'))
);
--> statement-breakpoint
CREATE INDEX `handouts_visit` ON `handouts` (`visit_id`,`created_at`);
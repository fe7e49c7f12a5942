ALTER TABLE `visits` ADD `original_signed_by` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `original_signed_at` text;
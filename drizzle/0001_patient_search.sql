-- Full-text index over the folded patient names (custom migration: drizzle-kit does not model
-- virtual tables). External content: the rows live in `patients.search_name`, which the
-- patients service fills; these triggers keep the index in step in the same transaction.
CREATE VIRTUAL TABLE `patient_search` USING fts5(search_name, content='patients', content_rowid='id', tokenize="unicode61 remove_diacritics 2", prefix='1 2 3');
--> statement-breakpoint
CREATE TRIGGER `patients_search_insert` AFTER INSERT ON `patients` BEGIN
  INSERT INTO patient_search(rowid, search_name) VALUES (new.id, new.search_name);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_search_delete` AFTER DELETE ON `patients` BEGIN
  INSERT INTO patient_search(patient_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_search_update` AFTER UPDATE OF search_name ON `patients` BEGIN
  INSERT INTO patient_search(patient_search, rowid, search_name) VALUES ('delete', old.id, old.search_name);
  INSERT INTO patient_search(rowid, search_name) VALUES (new.id, new.search_name);
END;
--> statement-breakpoint
-- Index the patients that existed before this migration.
INSERT INTO `patient_search`(`patient_search`) VALUES ('rebuild');

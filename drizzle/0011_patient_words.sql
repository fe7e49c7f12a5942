-- Each word of a patient's folded names, keyed in the order the search gives names (family
-- then given name, case ignored as NOCASE does, then id): a search reads a word's patients in
-- index order and stops at its limit instead of ranking every match. WITHOUT ROWID, which
-- drizzle-kit does not model, hence SQL written by hand. search_name holds only letters,
-- digits and single spaces (foldText), so it splits into a JSON array by quoting around spaces.
CREATE TABLE `patient_words` (
  `word` text NOT NULL,
  `sort_key` text NOT NULL,
  `patient_id` integer NOT NULL,
  PRIMARY KEY (`word`, `sort_key`, `patient_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `patients_words_insert` AFTER INSERT ON `patients` BEGIN
  INSERT OR IGNORE INTO patient_words(word, sort_key, patient_id)
    SELECT value, lower(new.family_name) || char(1) || lower(new.given_name), new.id
    FROM json_each('["' || replace(new.search_name, ' ', '","') || '"]') WHERE value <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `patients_words_delete` AFTER DELETE ON `patients` BEGIN
  DELETE FROM patient_words
    WHERE word IN (SELECT value FROM json_each('["' || replace(old.search_name, ' ', '","') || '"]'))
      AND sort_key = lower(old.family_name) || char(1) || lower(old.given_name) AND patient_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `patients_words_update` AFTER UPDATE OF search_name, family_name, given_name ON `patients` BEGIN
  DELETE FROM patient_words
    WHERE word IN (SELECT value FROM json_each('["' || replace(old.search_name, ' ', '","') || '"]'))
      AND sort_key = lower(old.family_name) || char(1) || lower(old.given_name) AND patient_id = old.id;
  INSERT OR IGNORE INTO patient_words(word, sort_key, patient_id)
    SELECT value, lower(new.family_name) || char(1) || lower(new.given_name), new.id
    FROM json_each('["' || replace(new.search_name, ' ', '","') || '"]') WHERE value <> '';
END;
--> statement-breakpoint
-- The patients that existed before this migration.
INSERT OR IGNORE INTO patient_words(word, sort_key, patient_id)
  SELECT w.value, lower(p.family_name) || char(1) || lower(p.given_name), p.id
  FROM patients p, json_each('["' || replace(p.search_name, ' ', '","') || '"]') w WHERE w.value <> '';

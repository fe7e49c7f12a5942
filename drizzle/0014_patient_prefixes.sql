-- The first one, two and three letters of each word of a patient's folded names that is longer
-- than that, keyed like patient_words (family then given name without case, then id): a search
-- of a short prefix ("m", "ma", "mar") reads one list in name order instead of one list per
-- word it starts (hundreds), so it costs the same whatever the practice's vocabulary. Longer
-- prefixes start few words and are read from patient_words. WITHOUT ROWID, hence SQL written
-- by hand; lengths count characters, as substr does.
CREATE TABLE `patient_prefixes` (
  `prefix` text NOT NULL,
  `sort_key` text NOT NULL,
  `patient_id` integer NOT NULL,
  PRIMARY KEY (`prefix`, `sort_key`, `patient_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `patients_prefixes_insert` AFTER INSERT ON `patients` BEGIN
  INSERT OR IGNORE INTO patient_prefixes(prefix, sort_key, patient_id)
    SELECT substr(w.value, 1, n.value), lower(new.family_name) || char(1) || lower(new.given_name), new.id
    FROM json_each('["' || replace(new.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n WHERE length(w.value) > n.value;
END;
--> statement-breakpoint
CREATE TRIGGER `patients_prefixes_delete` AFTER DELETE ON `patients` BEGIN
  DELETE FROM patient_prefixes
    WHERE prefix IN (SELECT substr(w.value, 1, n.value) FROM json_each('["' || replace(old.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n)
      AND sort_key = lower(old.family_name) || char(1) || lower(old.given_name) AND patient_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `patients_prefixes_update` AFTER UPDATE OF search_name, family_name, given_name ON `patients` BEGIN
  DELETE FROM patient_prefixes
    WHERE prefix IN (SELECT substr(w.value, 1, n.value) FROM json_each('["' || replace(old.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n)
      AND sort_key = lower(old.family_name) || char(1) || lower(old.given_name) AND patient_id = old.id;
  INSERT OR IGNORE INTO patient_prefixes(prefix, sort_key, patient_id)
    SELECT substr(w.value, 1, n.value), lower(new.family_name) || char(1) || lower(new.given_name), new.id
    FROM json_each('["' || replace(new.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n WHERE length(w.value) > n.value;
END;
--> statement-breakpoint
-- The patients that existed before this migration.
INSERT OR IGNORE INTO patient_prefixes(prefix, sort_key, patient_id)
  SELECT substr(w.value, 1, n.value), lower(p.family_name) || char(1) || lower(p.given_name), p.id
  FROM patients p, json_each('["' || replace(p.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n WHERE length(w.value) > n.value;

-- patient_words and patient_prefixes (0011, 0014) carry what a search shows of each patient
-- (MRN, names, date of birth, sex, archived) and the folded name it checks, kept by the same
-- triggers in the same statement as the patient: the 25 patients a search gives come from the
-- one or two pages of the list that hold them, instead of a page of the patients table each
-- (when the file is not in memory, a read each). The update triggers follow those columns too.
DROP TRIGGER `patients_words_insert`;
--> statement-breakpoint
DROP TRIGGER `patients_words_delete`;
--> statement-breakpoint
DROP TRIGGER `patients_words_update`;
--> statement-breakpoint
DROP TRIGGER `patients_prefixes_insert`;
--> statement-breakpoint
DROP TRIGGER `patients_prefixes_delete`;
--> statement-breakpoint
DROP TRIGGER `patients_prefixes_update`;
--> statement-breakpoint
DROP TABLE `patient_words`;
--> statement-breakpoint
DROP TABLE `patient_prefixes`;
--> statement-breakpoint
CREATE TABLE `patient_words` (
  `word` text NOT NULL,
  `sort_key` text NOT NULL,
  `patient_id` integer NOT NULL,
  `mrn` text NOT NULL,
  `given_name` text NOT NULL,
  `family_name` text NOT NULL,
  `date_of_birth` text NOT NULL,
  `sex` text NOT NULL,
  `archived_at` text,
  `search_name` text NOT NULL,
  PRIMARY KEY (`word`, `sort_key`, `patient_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `patient_prefixes` (
  `prefix` text NOT NULL,
  `sort_key` text NOT NULL,
  `patient_id` integer NOT NULL,
  `mrn` text NOT NULL,
  `given_name` text NOT NULL,
  `family_name` text NOT NULL,
  `date_of_birth` text NOT NULL,
  `sex` text NOT NULL,
  `archived_at` text,
  `search_name` text NOT NULL,
  PRIMARY KEY (`prefix`, `sort_key`, `patient_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `patients_words_insert` AFTER INSERT ON `patients` BEGIN
  INSERT OR IGNORE INTO patient_words(word, sort_key, patient_id, mrn, given_name, family_name, date_of_birth, sex, archived_at, search_name)
    SELECT value, lower(new.family_name) || char(1) || lower(new.given_name), new.id,
      new.mrn, new.given_name, new.family_name, new.date_of_birth, new.sex, new.archived_at, new.search_name
    FROM json_each('["' || replace(new.search_name, ' ', '","') || '"]') WHERE value <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `patients_words_delete` AFTER DELETE ON `patients` BEGIN
  DELETE FROM patient_words
    WHERE word IN (SELECT value FROM json_each('["' || replace(old.search_name, ' ', '","') || '"]'))
      AND sort_key = lower(old.family_name) || char(1) || lower(old.given_name) AND patient_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `patients_words_update` AFTER UPDATE OF search_name, family_name, given_name, mrn, date_of_birth, sex, archived_at ON `patients` BEGIN
  DELETE FROM patient_words
    WHERE word IN (SELECT value FROM json_each('["' || replace(old.search_name, ' ', '","') || '"]'))
      AND sort_key = lower(old.family_name) || char(1) || lower(old.given_name) AND patient_id = old.id;
  INSERT OR IGNORE INTO patient_words(word, sort_key, patient_id, mrn, given_name, family_name, date_of_birth, sex, archived_at, search_name)
    SELECT value, lower(new.family_name) || char(1) || lower(new.given_name), new.id,
      new.mrn, new.given_name, new.family_name, new.date_of_birth, new.sex, new.archived_at, new.search_name
    FROM json_each('["' || replace(new.search_name, ' ', '","') || '"]') WHERE value <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `patients_prefixes_insert` AFTER INSERT ON `patients` BEGIN
  INSERT OR IGNORE INTO patient_prefixes(prefix, sort_key, patient_id, mrn, given_name, family_name, date_of_birth, sex, archived_at, search_name)
    SELECT substr(w.value, 1, n.value), lower(new.family_name) || char(1) || lower(new.given_name), new.id,
      new.mrn, new.given_name, new.family_name, new.date_of_birth, new.sex, new.archived_at, new.search_name
    FROM json_each('["' || replace(new.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n WHERE length(w.value) > n.value;
END;
--> statement-breakpoint
CREATE TRIGGER `patients_prefixes_delete` AFTER DELETE ON `patients` BEGIN
  DELETE FROM patient_prefixes
    WHERE prefix IN (SELECT substr(w.value, 1, n.value) FROM json_each('["' || replace(old.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n)
      AND sort_key = lower(old.family_name) || char(1) || lower(old.given_name) AND patient_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `patients_prefixes_update` AFTER UPDATE OF search_name, family_name, given_name, mrn, date_of_birth, sex, archived_at ON `patients` BEGIN
  DELETE FROM patient_prefixes
    WHERE prefix IN (SELECT substr(w.value, 1, n.value) FROM json_each('["' || replace(old.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n)
      AND sort_key = lower(old.family_name) || char(1) || lower(old.given_name) AND patient_id = old.id;
  INSERT OR IGNORE INTO patient_prefixes(prefix, sort_key, patient_id, mrn, given_name, family_name, date_of_birth, sex, archived_at, search_name)
    SELECT substr(w.value, 1, n.value), lower(new.family_name) || char(1) || lower(new.given_name), new.id,
      new.mrn, new.given_name, new.family_name, new.date_of_birth, new.sex, new.archived_at, new.search_name
    FROM json_each('["' || replace(new.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n WHERE length(w.value) > n.value;
END;
--> statement-breakpoint
-- The patients there are, each list written in its key's order.
INSERT INTO patient_words(word, sort_key, patient_id, mrn, given_name, family_name, date_of_birth, sex, archived_at, search_name)
  SELECT DISTINCT w.value, lower(p.family_name) || char(1) || lower(p.given_name), p.id,
    p.mrn, p.given_name, p.family_name, p.date_of_birth, p.sex, p.archived_at, p.search_name
  FROM patients p, json_each('["' || replace(p.search_name, ' ', '","') || '"]') w WHERE w.value <> ''
  ORDER BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO patient_prefixes(prefix, sort_key, patient_id, mrn, given_name, family_name, date_of_birth, sex, archived_at, search_name)
  SELECT DISTINCT substr(w.value, 1, n.value), lower(p.family_name) || char(1) || lower(p.given_name), p.id,
    p.mrn, p.given_name, p.family_name, p.date_of_birth, p.sex, p.archived_at, p.search_name
  FROM patients p, json_each('["' || replace(p.search_name, ' ', '","') || '"]') w, json_each('[1,2,3]') n WHERE length(w.value) > n.value
  ORDER BY 1, 2, 3;

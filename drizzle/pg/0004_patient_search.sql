-- Patient search on the server (src/main/db/records/pg/patientSearch.ts), giving the SQLite
-- file's results in its order. search_name is already folded by the app (foldText: lower case,
-- marks removed, ø spelled o, punctuation made spaces) on every write, and the words typed are
-- folded alike, so the search compares search_name as stored: unaccent is not used, as its rules
-- are not foldText's (it leaves case, fullwidth letters and punctuation) and would find other patients.
--
-- A word typed matches the start of a word of the name. The starts of every word of a name
-- (li, lin, lind … for lindqvist), indexed by GIN, answer each word typed with one seek of the
-- index and several words with one intersection of their lists. Trigrams (pg_trgm) answer it too,
-- but the trigrams of a word's start are shared by much of the practice: on 20,000 patients a
-- four-letter start read the trigram index slower than the table, and this index 15 times faster.
-- Immutable as it reads nothing but its argument; the order of the starts does not matter to GIN.
CREATE FUNCTION patient_word_starts(name text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(left(w, n)), '{}') FROM unnest(string_to_array(name, ' ')) AS w, generate_series(1, length(w)) AS n $$;
--> statement-breakpoint
CREATE INDEX "patients_word_starts" ON "patients" USING gin (patient_word_starts("search_name"));
--> statement-breakpoint
-- An MRN's number typed alone, read one length at a time in byte order as SQLite reads its
-- patients_mrn_number: the base index compares in the database's collation, which may not be C.
-- MRN prefixes and dates of birth are read from the base schema's patients_mrn and patients_dob.
CREATE INDEX "patients_mrn_number_bytes" ON "patients" USING btree (
  length(ltrim(substr("mrn", length(rtrim("mrn", '0123456789')) + 1), '0')),
  (ltrim(substr("mrn", length(rtrim("mrn", '0123456789')) + 1), '0')) COLLATE "C",
  "mrn" COLLATE "C"
);

-- Patient search on the server folds accents with unaccent and matches words and their starts
-- with trigram indexes (pg_trgm). Both are trusted extensions (PostgreSQL 13 and later): the
-- database's owner creates them, no superuser needed.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A search of digits alone seeks the number an MRN ends with, by its length. Written by hand:
-- drizzle-kit cuts an index expression at its commas (the snapshot holds it whole).
CREATE INDEX `patients_mrn_number` ON `patients` (length(ltrim(substr("mrn", length(rtrim("mrn", '0123456789')) + 1), '0')),ltrim(substr("mrn", length(rtrim("mrn", '0123456789')) + 1), '0'),`mrn`);

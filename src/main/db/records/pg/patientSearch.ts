/**
 * Patient search on the practice server: the SQLite record's `search` (sqlite/patients.ts),
 * the same patients in the same order for every query. Its orders are SQLite's: names compared
 * as `collate nocase` (ASCII letters folded, then bytes), MRNs and numbers as bytes, so every
 * comparison here names the "C" collation rather than the database's. Names are matched on
 * `search_name`, which the app folds on write, through the indexes of drizzle/pg/0004.
 */
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { PatientSummary } from '@shared/types';
import type * as pgSchema from '../../pg/schema';
import { patients } from '../../pg/schema';
import type { PatientQuery } from '../contract';
import { toSummary } from '../patientRows';

export type ServerDb = NodePgDatabase<typeof pgSchema>;

const summary = {
  id: patients.id,
  mrn: patients.mrn,
  givenName: patients.givenName,
  familyName: patients.familyName,
  dateOfBirth: patients.dateOfBirth,
  sex: patients.sex,
  archivedAt: patients.archivedAt,
};
type SummaryRow = Pick<typeof patients.$inferSelect, keyof typeof summary>;

/** SQLite's `collate nocase`: lower() under "C" folds ASCII letters only, and compares bytes. */
const nocase = (value: AnyPgColumn): SQL => sql`lower(${value} collate "C")`;

/** SQLite's tie-break for names: family, then given name without case, then id. */
const byName = [asc(nocase(patients.familyName)), asc(nocase(patients.givenName)), asc(patients.id)];

const shown = (q: PatientQuery): SQL | undefined => (q.includeArchived ? undefined : isNull(patients.archivedAt));

/** The name with a space before each word: ' word' is found at the start of a word. */
const spaced = sql`(' ' || ${patients.searchName})`;

/** The patients with, for each word typed, a word of their name starting with it: one lookup of patients_word_starts. */
const startingWords = (words: readonly string[]): SQL =>
  sql`patient_word_starts(${patients.searchName}) @> array[${sql.join(
    words.map((w) => sql`${w}`),
    sql`, `,
  )}]::text[]`;

/** How many of the words typed are whole words of the name: more rank first ("li" puts Li before Lindqvist). */
const wholeWords = (words: readonly string[]): SQL =>
  sql.join(
    words.map((w) => sql`(strpos(${spaced} || ' ', ${` ${w} `}) > 0)::int`),
    sql` + `,
  );

/** The number an MRN ends with, leading zeros dropped, spelled as the index patients_mrn_number_bytes. */
const mrnNumber = sql`ltrim(substr(${patients.mrn}, length(rtrim(${patients.mrn}, '0123456789')) + 1), '0')`;
const numberBytes = sql`${mrnNumber} collate "C"`;

/**
 * Patients whose MRN's number starts with the digits typed: the exact number first, then the
 * longer numbers, shortest first, each length in byte order (the MRN breaking ties); one seek
 * per length, as SQLite reads them.
 */
async function byMrnNumber(db: ServerDb, q: PatientQuery, digits: string): Promise<SummaryRow[]> {
  const [longest] = await db
    .select({ length: sql<number>`length(${mrnNumber})` })
    .from(patients)
    .orderBy(desc(sql`length(${mrnNumber})`))
    .limit(1);
  const found: SummaryRow[] = [];
  for (let length = digits.length; length <= (longest?.length ?? 0) && found.length < q.limit; length++)
    found.push(
      ...(await db
        .select(summary)
        .from(patients)
        .where(and(sql`length(${mrnNumber}) = ${length}`, sql`${numberBytes} >= ${digits}`, sql`${numberBytes} < ${`${digits}:`}`, shown(q)))
        .orderBy(asc(numberBytes), asc(sql`${patients.mrn} collate "C"`))
        .limit(q.limit - found.length)),
    );
  return found;
}

/** MRNs starting with what was typed, case ignored (ASCII letters, as SQLite's nocase), from the index patients_mrn. */
const mrnStarting = (prefix: string): SQL => {
  const folded = prefix.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return sql`${nocase(patients.mrn)} >= ${folded}::text collate "C" and ${nocase(patients.mrn)} < ${`${folded}\u{10ffff}`}::text collate "C"`;
};

/** The patients a query finds: MRN matches first, then names with more whole words, then the rest, by name. */
export async function searchPatients(db: ServerDb, q: PatientQuery): Promise<PatientSummary[]> {
  const found = q.mrnNumber === null ? [] : await byMrnNumber(db, q, q.mrnNumber);
  const limited = (where: SQL | undefined, ...order: SQL[]) =>
    db
      .select(summary)
      .from(patients)
      .where(and(where, shown(q)))
      .orderBy(...order)
      .limit(q.limit);
  if (q.words.length === 0) {
    // SQLite orders a date of birth alone by the names' bytes, case kept, and ties by id as it reads patients_dob.
    if (q.dateOfBirth !== null)
      found.push(
        ...(await limited(
          eq(patients.dateOfBirth, q.dateOfBirth),
          asc(sql`${patients.familyName} collate "C"`),
          asc(sql`${patients.givenName} collate "C"`),
          asc(patients.id),
        )),
      );
  } else {
    if (q.mrnPrefix !== null) found.push(...(await limited(mrnStarting(q.mrnPrefix), ...byName)));
    const named = and(startingWords(q.words), q.dateOfBirth === null ? undefined : eq(patients.dateOfBirth, q.dateOfBirth));
    found.push(...(await limited(named, desc(wholeWords(q.words)), ...byName)));
  }
  const seen = new Set<number>();
  return found
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .slice(0, q.limit)
    .map(toSummary);
}

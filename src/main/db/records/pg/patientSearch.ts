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

const shown = (includeArchived: boolean): SQL | undefined => (includeArchived ? undefined : isNull(patients.archivedAt));

/** The name with a space before each word: ' word' is found at the start of a word. */
const spaced = sql`(' ' || ${patients.searchName})`;

/** The placeholder of the n-th word typed (`w0`, `w1` …) and of that word between spaces (`s0` …). */
const word = (n: number) => sql.placeholder(`w${n}`);
const wholeWord = (n: number) => sql.placeholder(`s${n}`);
const indices = (count: number) => Array.from({ length: count }, (_, n) => n);

/** The patients with, for each word typed, a word of their name starting with it: one lookup of patients_word_starts. */
const startingWords = (count: number): SQL =>
  sql`patient_word_starts(${patients.searchName}) @> array[${sql.join(
    indices(count).map((n) => sql`${word(n)}`),
    sql`, `,
  )}]::text[]`;

/** How many of the words typed are whole words of the name: more rank first ("li" puts Li before Lindqvist). */
const wholeWords = (count: number): SQL =>
  sql.join(
    indices(count).map((n) => sql`(strpos(${spaced} || ' ', ${wholeWord(n)}) > 0)::int`),
    sql` + `,
  );

/** The number an MRN ends with, leading zeros dropped, spelled as the index patients_mrn_number_bytes. */
const mrnNumber = sql`ltrim(substr(${patients.mrn}, length(rtrim(${patients.mrn}, '0123456789')) + 1), '0')`;
const numberBytes = sql`${mrnNumber} collate "C"`;

/** MRNs from `from` up to `before`, case ignored (ASCII letters, as SQLite's nocase), from the index patients_mrn. */
const mrnBetween = sql`${nocase(patients.mrn)} >= ${sql.placeholder('from')}::text collate "C" and ${nocase(patients.mrn)} < ${sql.placeholder('before')}::text collate "C"`;

/**
 * The search's statements over one connection, each prepared on the server the first time its
 * shape is used (how many words, a date of birth or not, archived patients shown or not): a
 * search is the call made most, and building and planning its SQL cost more than running it.
 */
function statements(db: ServerDb) {
  const kept = new Map<string, { execute(values: Record<string, unknown>): Promise<SummaryRow[]> }>();
  const limited = (name: string, where: SQL | undefined, order: SQL[]) => {
    let statement = kept.get(name);
    if (!statement) {
      statement = db
        .select(summary)
        .from(patients)
        .where(where)
        .orderBy(...order)
        .limit(sql.placeholder('limit'))
        .prepare(`patients.search.${name}`);
      kept.set(name, statement);
    }
    return statement;
  };
  const longest = db
    .select({ length: sql<number>`length(${mrnNumber})` })
    .from(patients)
    .orderBy(desc(sql`length(${mrnNumber})`))
    .limit(1)
    .prepare('patients.search.longestNumber');
  return {
    longest,
    /** Patients whose MRN's number has `length` digits and starts with `from`. */
    numbered: (archived: boolean) =>
      limited(
        `number.${archived}`,
        and(
          sql`length(${mrnNumber}) = ${sql.placeholder('length')}`,
          sql`${numberBytes} >= ${sql.placeholder('from')}`,
          sql`${numberBytes} < ${sql.placeholder('before')}`,
          shown(archived),
        ),
        [asc(numberBytes), asc(sql`${patients.mrn} collate "C"`)],
      ),
    // SQLite orders a date of birth alone by the names' bytes, case kept, and ties by id as it reads patients_dob.
    born: (archived: boolean) =>
      limited(`born.${archived}`, and(eq(patients.dateOfBirth, sql.placeholder('dateOfBirth')), shown(archived)), [
        asc(sql`${patients.familyName} collate "C"`),
        asc(sql`${patients.givenName} collate "C"`),
        asc(patients.id),
      ]),
    mrnStarting: (archived: boolean) => limited(`mrn.${archived}`, and(mrnBetween, shown(archived)), byName),
    named: (words: number, born: boolean, archived: boolean) =>
      limited(
        `named.${words}.${born}.${archived}`,
        and(startingWords(words), born ? eq(patients.dateOfBirth, sql.placeholder('dateOfBirth')) : undefined, shown(archived)),
        [desc(wholeWords(words)), ...byName],
      ),
  };
}

const ofConnection = new WeakMap<ServerDb, ReturnType<typeof statements>>();

/**
 * Patients whose MRN's number starts with the digits typed: the exact number first, then the
 * longer numbers, shortest first, each length in byte order (the MRN breaking ties); one seek
 * per length, as SQLite reads them.
 */
async function byMrnNumber(s: ReturnType<typeof statements>, q: PatientQuery, digits: string): Promise<SummaryRow[]> {
  const [longest] = await s.longest.execute();
  const found: SummaryRow[] = [];
  for (let length = digits.length; length <= (longest?.length ?? 0) && found.length < q.limit; length++)
    found.push(...(await s.numbered(q.includeArchived).execute({ length, from: digits, before: `${digits}:`, limit: q.limit - found.length })));
  return found;
}

/** The patients a query finds: MRN matches first, then names with more whole words, then the rest, by name. */
export async function searchPatients(db: ServerDb, q: PatientQuery): Promise<PatientSummary[]> {
  let s = ofConnection.get(db);
  if (!s) ofConnection.set(db, (s = statements(db)));
  const found = q.mrnNumber === null ? [] : await byMrnNumber(s, q, q.mrnNumber);
  const { limit, includeArchived: archived } = q;
  if (q.words.length === 0) {
    if (q.dateOfBirth !== null) found.push(...(await s.born(archived).execute({ dateOfBirth: q.dateOfBirth, limit })));
  } else {
    if (q.mrnPrefix !== null) {
      const folded = q.mrnPrefix.replace(/[A-Z]/g, (c) => c.toLowerCase());
      found.push(...(await s.mrnStarting(archived).execute({ from: folded, before: `${folded}\u{10ffff}`, limit })));
    }
    const words = Object.fromEntries(
      q.words.flatMap((w, n) => [
        [`w${n}`, w],
        [`s${n}`, ` ${w} `],
      ]),
    );
    const dateOfBirth = q.dateOfBirth === null ? {} : { dateOfBirth: q.dateOfBirth };
    found.push(...(await s.named(q.words.length, q.dateOfBirth !== null, archived).execute({ ...words, ...dateOfBirth, limit })));
  }
  const seen = new Set<number>();
  return found
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .slice(0, limit)
    .map(toSummary);
}

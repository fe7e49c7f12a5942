/** Patients and clinicians in SQLite. */
import type Database from 'better-sqlite3';
import { asc, desc, eq, getTableColumns, like, sql } from 'drizzle-orm';
import type { Clinician } from '@shared/types';
import { nowIso } from '@shared/calendar';
import { clinicians, patients } from '../../schema';
import type {
  ClinicianChange,
  ClinicianReads,
  ClinicianWrites,
  NewClinician,
  NewPatientArchived,
  PatientQuery,
  PatientReads,
  PatientWrites,
} from '../contract';
import { searchName } from '../labels';
import { toPatient, toPatientRecord, toSummary } from '../patientRows';
import { patientWords } from './patientWords';
import { preparedInsert, preparedSelect, preparedUpdate, type Db } from './statements';

type PatientRow = typeof patients.$inferSelect;
type SummaryRow = Pick<PatientRow, 'id' | 'mrn' | 'givenName' | 'familyName' | 'dateOfBirth' | 'sex' | 'archivedAt'>;

/** An FTS5 query matching every word as a prefix, in any order. */
const ftsQuery = (words: readonly string[]): string => words.map((w) => `"${w}"*`).join(' ');

/** Fewer patients than this having every word of several are ranked whole. */
const fewest = 200;

const summaryColumns =
  'p.id, p.mrn, p.given_name as givenName, p.family_name as familyName, p.date_of_birth as dateOfBirth, p.sex, p.archived_at as archivedAt';
/** The same, from the name search's lists w, which hold them for each patient (migration 0015). */
const listedColumns =
  'w.patient_id as id, w.mrn, w.given_name as givenName, w.family_name as familyName, w.date_of_birth as dateOfBirth, w.sex, w.archived_at as archivedAt';

type SearchParams = Record<string, string | number | null>;

/**
 * The searches that SQL answers alone, each shape (how many words, archived included)
 * prepared once: a date of birth alone, the MRNs starting with what was typed, and the
 * patients born on a date (few) whose names hold the words, whole words first.
 */
function searchStatements(sqlite: Database.Database) {
  const cache = new Map<string, Database.Statement<[SearchParams], SummaryRow>>();
  const prepared = (shape: string, text: () => string) => {
    let statement = cache.get(shape);
    if (!statement) cache.set(shape, (statement = sqlite.prepare<[SearchParams], SummaryRow>(text())));
    return statement;
  };
  const archived = (q: PatientQuery) => (q.includeArchived ? '' : 'and p.archived_at is null');
  return {
    born: (q: PatientQuery) =>
      prepared(
        `born|${q.includeArchived}`,
        () => `select ${summaryColumns} from patients p where p.date_of_birth = :dob ${archived(q)} order by p.family_name, p.given_name limit :limit`,
      ),
    mrn: (q: PatientQuery) =>
      prepared(
        `mrn|${q.includeArchived}`,
        () => `select ${summaryColumns} from patients p
          where p.mrn >= :mrn collate nocase and p.mrn < (:mrn || char(1114111)) collate nocase ${archived(q)}
          order by familyName collate nocase, givenName collate nocase, id limit :limit`,
      ),
    /** How many patients have every word, counted no further than `:most`: FTS5 intersects the words' lists. */
    fewNamed: sqlite
      .prepare<[{ match: string; most: number }], number>('select count(*) from (select 1 from patient_search where patient_search match :match limit :most)')
      .pluck(),
    named: (q: PatientQuery) =>
      prepared(`named|${q.words.length}|${q.includeArchived}`, () => {
        const exact = q.words.map((_, i) => `(instr(' ' || p.search_name || ' ', :w${i}) > 0)`).join(' + ');
        return `select ${summaryColumns} from patient_search join patients p on p.id = patient_search.rowid
          where patient_search match :match ${archived(q)}
          order by ${exact} desc, familyName collate nocase, givenName collate nocase, id limit :limit`;
      }),
    bornNamed: (q: PatientQuery) =>
      prepared(`bornNamed|${q.words.length}|${q.includeArchived}`, () => {
        // Whole-word hits rank first: "li" puts Li before Lindqvist.
        const exact = q.words.map((_, i) => `(instr(' ' || p.search_name || ' ', :w${i}) > 0)`).join(' + ');
        const starts = q.words.map((_, i) => `and instr(' ' || p.search_name, :p${i}) > 0`).join(' ');
        return `select ${summaryColumns} from patients p where p.date_of_birth = :dob ${starts} ${archived(q)}
          order by ${exact} desc, familyName collate nocase, givenName collate nocase, id limit :limit`;
      }),
  };
}

/**
 * The number an MRN ends with, leading zeros dropped ("MN-000030" → "30"; "" when it ends in
 * no digit), in SQL. Spelled exactly as the expression index `patients_mrn_number` over
 * (length of the number, the number, mrn), which is what lets SQLite use it.
 */
export const mrnNumberSql = (mrn: string): string => `ltrim(substr(${mrn}, length(rtrim(${mrn}, '0123456789')) + 1), '0')`;

/**
 * Patients whose MRN's number starts with the digits typed: the exact number first, then the
 * longer numbers, shortest first, each length in numeric order (an MRN's own order breaking
 * ties). One seek of the index per length up to the longest number held, each read only as
 * far as the limit: the cost grows with log n, not with the practice.
 */
function byMrnNumber(sqlite: Database.Database) {
  const number = mrnNumberSql('p.mrn');
  const statements = [false, true].map((includeArchived) =>
    sqlite.prepare<[{ length: number; digits: string; limit: number }], SummaryRow>(
      `select ${summaryColumns} from patients p
        where length(${number}) = :length and ${number} >= :digits and ${number} < :digits || ':' ${includeArchived ? '' : 'and p.archived_at is null'}
        order by ${number}, p.mrn limit :limit`,
    ),
  );
  const longest = sqlite.prepare<[], number | null>(`select length(${number}) from patients p order by length(${number}) desc limit 1`).pluck();
  return (q: PatientQuery & { mrnNumber: string }): SummaryRow[] => {
    const statement = statements[q.includeArchived ? 1 : 0]!;
    const found: SummaryRow[] = [];
    const last = longest.get() ?? 0;
    for (let length = q.mrnNumber.length; length <= last && found.length < q.limit; length++)
      found.push(...statement.all({ length, digits: q.mrnNumber, limit: q.limit - found.length }));
    return found;
  };
}

export function patientRepository(db: Db, sqlite: Database.Database): PatientReads & PatientWrites {
  const patientColumns = getTableColumns(patients);
  const one = preparedSelect(
    db,
    patientColumns,
    db
      .select(patientColumns)
      .from(patients)
      .where(eq(patients.id, sql.placeholder('id'))),
  );
  const byMrn = db
    .select({ id: patients.id })
    .from(patients)
    .where(sql`${patients.mrn} = ${sql.placeholder('mrn')} collate nocase`)
    .prepare();
  const highest = db
    .select({ n: sql<number | null>`max(cast(substr(${patients.mrn}, ${sql.placeholder('from')}) as integer))` })
    .from(patients)
    .where(like(patients.mrn, sql.placeholder('pattern')))
    .prepare();
  const first = db.select({ id: patients.id }).from(patients).limit(1).prepare();
  const everyone = db
    .select()
    .from(patients)
    .orderBy(sql`${patients.mrn} collate nocase`, asc(patients.mrn))
    .prepare();
  const search = searchStatements(sqlite);
  const numbered = byMrnNumber(sqlite);
  const named = patientWords<SummaryRow>(sqlite, listedColumns);
  const insert = preparedInsert(db, patients, [
    'mrn',
    'givenName',
    'familyName',
    'searchName',
    'dateOfBirth',
    'sex',
    'fitzpatrick',
    'phone',
    'email',
    'archivedAt',
  ]);
  const update = preparedUpdate(db, patients, [
    'mrn',
    'givenName',
    'familyName',
    'searchName',
    'dateOfBirth',
    'sex',
    'fitzpatrick',
    'phone',
    'email',
    'updatedAt',
  ]);
  const archive = preparedUpdate(db, patients, ['archivedAt', 'updatedAt']);

  return {
    async get(id) {
      const row = one.get({ id });
      return row && toPatient(row);
    },
    async search(q) {
      const seen = new Set<number>();
      const found = q.mrnNumber === null ? [] : numbered({ ...q, mrnNumber: q.mrnNumber });
      if (q.words.length === 0) found.push(...search.born(q).all({ dob: q.dateOfBirth, limit: q.limit }));
      else {
        if (q.mrnPrefix !== null) found.push(...search.mrn(q).all({ mrn: q.mrnPrefix, limit: q.limit }));
        if (q.dateOfBirth !== null) {
          const params: SearchParams = { dob: q.dateOfBirth, limit: q.limit };
          q.words.forEach((w, i) => ((params[`w${i}`] = ` ${w} `), (params[`p${i}`] = ` ${w}`)));
          found.push(...search.bornNamed(q).all(params));
        } else {
          // Several words rarely name many patients: FTS5 intersects their lists and so few are
          // ranked whole; when they name more, the word lists are read in order instead.
          const match = ftsQuery(q.words);
          if (q.words.length > 1 && (search.fewNamed.get({ match, most: fewest }) ?? 0) < fewest) {
            const params: SearchParams = { match, limit: q.limit };
            q.words.forEach((w, i) => (params[`w${i}`] = ` ${w} `));
            found.push(...search.named(q).all(params));
          } else found.push(...named(q.words, q.limit, q.includeArchived));
        }
      }
      return found
        .filter((r) => !seen.has(r.id) && seen.add(r.id))
        .slice(0, q.limit)
        .map(toSummary);
    },
    async idOfMrn(mrn) {
      return byMrn.get({ mrn })?.id;
    },
    async highestMrnNumber(prefix) {
      return highest.get({ from: prefix.length + 1, pattern: `${prefix}%` })?.n ?? 0;
    },
    async any() {
      return first.get() !== undefined;
    },
    async all() {
      return everyone.all().map(toPatientRecord);
    },
    async insert(p: NewPatientArchived) {
      return insert({ ...p, searchName: searchName(p.givenName, p.familyName), archivedAt: p.archivedAt ?? null });
    },
    async update(id, p) {
      update(id, { ...p, searchName: searchName(p.givenName, p.familyName), updatedAt: nowIso() });
    },
    async setArchived(id, archived) {
      const at = nowIso();
      archive(id, { archivedAt: archived ? at : null, updatedAt: at });
    },
  };
}

export function clinicianRepository(db: Db): ClinicianReads & ClinicianWrites {
  const columns = { id: clinicians.id, key: clinicians.key, name: clinicians.name, role: clinicians.role, active: clinicians.active };
  // Run by better-sqlite3 itself: every chart, visit opened and signing reads the list for its signing blockers.
  const list = preparedSelect(db, columns, db.select(columns).from(clinicians).orderBy(desc(clinicians.active), asc(clinicians.name)));
  const byKey = db.select(columns).from(clinicians).orderBy(asc(clinicians.key)).prepare();
  const withId = eq(clinicians.id, sql.placeholder('id'));
  // Run by better-sqlite3 itself too: a save looks up the few clinicians it names, one by one.
  const one = preparedSelect(db, columns, db.select(columns).from(clinicians).where(withId));
  const ofKey = db
    .select({ id: clinicians.id })
    .from(clinicians)
    .where(eq(clinicians.key, sql.placeholder('key')))
    .prepare();
  const idColumn = { id: clinicians.id };
  const exists = preparedSelect(db, idColumn, db.select(idColumn).from(clinicians).where(withId));
  const insert = preparedInsert(db, clinicians, ['key', 'name', 'role', 'active']);
  const update = preparedUpdate(db, clinicians, ['name', 'role', 'active']);

  return {
    async list(): Promise<Clinician[]> {
      return list.all();
    },
    async byKey() {
      return byKey.all();
    },
    async get(id) {
      return one.get({ id });
    },
    async named(ids) {
      const found: Clinician[] = [];
      for (const id of ids) {
        const clinician = one.get({ id });
        if (clinician) found.push(clinician);
      }
      return found;
    },
    async idOfKey(key) {
      return ofKey.get({ key })?.id;
    },
    async exists(id) {
      return exists.get({ id }) !== undefined;
    },
    async insert(c: NewClinician) {
      return insert(c);
    },
    async update(id, change: ClinicianChange) {
      update(id, change);
    },
  };
}

/**
 * Patients and clinicians on the practice server: the SQLite record's (sqlite/patients.ts),
 * call for call. SQLite's `collate nocase` is `lower(… collate "C")` here (ASCII letters folded,
 * then bytes), and every text order names "C", so orders are SQLite's whatever the database's
 * collation. The server keeps no search tables: `search_name`, folded by the app on every
 * insert and update, is what the indexes of drizzle/pg/0004 read.
 */
import { asc, desc, eq, getTableColumns, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { nowIso } from '@shared/calendar';
import type { Clinician } from '@shared/types';
import { clinicians, patients } from '../../pg/schema';
import type { ClinicianChange, ClinicianReads, ClinicianWrites, NewClinician, NewPatient, NewPatientArchived, PatientReads, PatientWrites } from '../contract';
import { searchName } from '../labels';
import { toPatient, toPatientRecord } from '../patientRows';
import { searchPatients, type ServerDb } from './patientSearch';

/** SQLite's `collate nocase`: lower() under "C" folds ASCII letters only, and compares bytes. */
const nocase = (value: SQLWrapper): SQL => sql`lower(${value} collate "C")`;
const bytes = (column: SQLWrapper): SQL => sql`${column} collate "C"`;

/**
 * SQLite's `cast(text as integer)`: the longest integer the text starts with (ASCII white space
 * before it skipped, a sign allowed), 0 when it starts with none, held within 64 bits; "12a" is 12,
 * "1.5" is 1, "1e5" is 1.
 */
const sqliteInteger = (text: SQL): SQL =>
  sql`greatest(least(coalesce(substring(${text} from '^[ \\t\\n\\v\\f\\r]*([+-]?[0-9]+)')::numeric, 0), 9223372036854775807), -9223372036854775808)`;

/** The columns a patient is written with, and no others, whatever else the object given holds. */
const patientValues = (p: NewPatient) => ({
  mrn: p.mrn,
  givenName: p.givenName,
  familyName: p.familyName,
  searchName: searchName(p.givenName, p.familyName),
  dateOfBirth: p.dateOfBirth,
  sex: p.sex,
  fitzpatrick: p.fitzpatrick,
  phone: p.phone,
  email: p.email,
});

/** The id a prepared statement is run with. */
const one = sql.placeholder('id');

export function patientRepository(db: ServerDb): PatientReads & PatientWrites {
  const columns = getTableColumns(patients);
  // Read by every chart and every save: prepared once per connection, as visits.ts's reads.
  const byId = db.select(columns).from(patients).where(eq(patients.id, one)).prepare('patients.get');
  return {
    async get(id) {
      const [row] = await byId.execute({ id });
      return row && toPatient(row);
    },
    search: (q) => searchPatients(db, q),
    async idOfMrn(mrn) {
      const [row] = await db
        .select({ id: patients.id })
        .from(patients)
        .where(sql`${nocase(patients.mrn)} = ${nocase(sql`${mrn}::text`)}`);
      return row?.id;
    },
    async highestMrnNumber(prefix) {
      // SQLite's LIKE: ASCII case ignored, '%' and '_' in the prefix still wildcards, no escape character.
      const [row] = await db
        .select({ n: sql<string | null>`max(${sqliteInteger(sql`substr(${patients.mrn}, ${prefix.length + 1})`)})` })
        .from(patients)
        .where(sql`${nocase(patients.mrn)} like ${nocase(sql`${`${prefix}%`}::text`)} escape ''`);
      return row?.n == null ? 0 : Number(row.n);
    },
    async any() {
      const found = await db.select({ id: patients.id }).from(patients).limit(1);
      return found.length > 0;
    },
    async all() {
      const rows = await db
        .select(columns)
        .from(patients)
        .orderBy(asc(nocase(patients.mrn)), asc(bytes(patients.mrn)));
      return rows.map(toPatientRecord);
    },
    async insert(p: NewPatientArchived) {
      const [row] = await db
        .insert(patients)
        .values({ ...patientValues(p), archivedAt: p.archivedAt ?? null })
        .returning({ id: patients.id });
      return row!.id;
    },
    async update(id, p) {
      await db
        .update(patients)
        .set({ ...patientValues(p), updatedAt: nowIso() })
        .where(eq(patients.id, id));
    },
    async setArchived(id, archived) {
      const at = nowIso();
      await db
        .update(patients)
        .set({ archivedAt: archived ? at : null, updatedAt: at })
        .where(eq(patients.id, id));
    },
  };
}

export function clinicianRepository(db: ServerDb): ClinicianReads & ClinicianWrites {
  const columns = { id: clinicians.id, key: clinicians.key, name: clinicians.name, role: clinicians.role, active: clinicians.active };
  // Read by every chart and signing (the list), and every save (those it names): prepared once per connection.
  // Equal names in the order SQLite leaves them, which is the table's: by id.
  const listed = db
    .select(columns)
    .from(clinicians)
    .orderBy(desc(clinicians.active), asc(bytes(clinicians.name)), asc(clinicians.id))
    .prepare('clinicians.list');
  const named = db
    .select(columns)
    .from(clinicians)
    .where(sql`${clinicians.id} = any(${sql.placeholder('ids')})`)
    .prepare('clinicians.named');
  return {
    async list(): Promise<Clinician[]> {
      return listed.execute();
    },
    async byKey() {
      return db
        .select(columns)
        .from(clinicians)
        .orderBy(asc(bytes(clinicians.key)));
    },
    async get(id) {
      const [row] = await db.select(columns).from(clinicians).where(eq(clinicians.id, id));
      return row;
    },
    async named(ids) {
      return named.execute({ ids: [...ids] });
    },
    async idOfKey(key) {
      const [row] = await db.select({ id: clinicians.id }).from(clinicians).where(eq(clinicians.key, key));
      return row?.id;
    },
    async exists(id) {
      const found = await db.select({ id: clinicians.id }).from(clinicians).where(eq(clinicians.id, id));
      return found.length > 0;
    },
    async insert(c: NewClinician) {
      const [row] = await db.insert(clinicians).values({ key: c.key, name: c.name, role: c.role, active: c.active }).returning({ id: clinicians.id });
      return row!.id;
    },
    async update(id, change: ClinicianChange) {
      await db.update(clinicians).set({ name: change.name, role: change.role, active: change.active }).where(eq(clinicians.id, id));
    },
  };
}

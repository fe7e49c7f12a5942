/**
 * The database schema. drizzle-kit generates the migrations in `drizzle/` from this file;
 * `npm run db:check` fails when the two disagree. Codes are stored as the vocabulary's text
 * codes, dates as `YYYY-MM-DD`, times as ISO 8601 UTC, lists as JSON arrays.
 */
import { bounds, type Range } from '@shared/bounds';
import { sql } from 'drizzle-orm';
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
  type SQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import { paperSizes } from '@shared/schemas';
import {
  anesthesias,
  distributions,
  followUpStatuses,
  miliaTypes,
  outcomes,
  pregnancyStatuses,
  reviewDecisions,
  roles,
  sexes,
  sides,
  sites,
  treatmentKinds,
  type Differential,
  type RedFlag,
  type TreatmentKind,
  type Trigger,
} from '@shared/vocabulary';

/** `column between min and max` with the numbers written out: a CHECK constraint takes no parameters. */
const within = (column: SQLiteColumn, { min, max }: Range) => sql`${column} between ${sql.raw(String(min))} and ${sql.raw(String(max))}`;

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);
const updatedAt = () =>
  text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const clinicians = sqliteTable(
  'clinicians',
  {
    id: integer('id').primaryKey(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    /** The clinical role the profile gives: dermatologist or nurse (older records may hold another). */
    role: text('role', { enum: roles.codes }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    title: text('title').notNull().default(''),
    registrationNumber: text('registration_number').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('clinicians_key').on(t.key)],
);

/**
 * The people who sign in. A clinician is a user with a clinician profile (`clinician_id`);
 * visits name the profile, so every visit keeps its clinician and performer. A password is
 * stored only as its Argon2id hash (an earlier version's scrypt hash until its next sign-in);
 * none until one is set (users carried over from before sign-in existed, and imported
 * clinicians).
 */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey(),
    username: text('username').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: roles.codes }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    clinicianId: integer('clinician_id').references(() => clinicians.id),
    passwordHash: text('password_hash'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: text('locked_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username').on(sql`${t.username} collate nocase`), uniqueIndex('users_clinician').on(t.clinicianId)],
);

const mrnNumber = (mrn: AnySQLiteColumn) => sql`ltrim(substr(${mrn}, length(rtrim(${mrn}, '0123456789')) + 1), '0')`;

export const patients = sqliteTable(
  'patients',
  {
    id: integer('id').primaryKey(),
    mrn: text('mrn').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    /** Folded name words (lower case, no accents) kept by the service for search. */
    searchName: text('search_name').notNull(),
    dateOfBirth: text('date_of_birth').notNull(),
    sex: text('sex', { enum: sexes.codes }).notNull(),
    fitzpatrick: integer('fitzpatrick'),
    phone: text('phone'),
    email: text('email'),
    archivedAt: text('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patients_mrn').on(sql`${t.mrn} collate nocase`),
    index('patients_dob').on(t.dateOfBirth),
    index('patients_family').on(t.familyName),
    // The number an MRN ends with, leading zeros dropped, by its length: a search of digits alone seeks it (records/sqlite/patients.ts spells the same expression).
    index('patients_mrn_number').on(sql`length(${mrnNumber(t.mrn)})`, mrnNumber(t.mrn), t.mrn),
    check('patients_fitzpatrick', sql`${t.fitzpatrick} is null or ${within(t.fitzpatrick, bounds.fitzpatrick)}`),
  ],
);

export const visits = sqliteTable(
  'visits',
  {
    id: integer('id').primaryKey(),
    key: text('key').notNull(),
    patientId: integer('patient_id')
      .notNull()
      .references(() => patients.id),
    date: text('date').notNull(),
    clinicianId: integer('clinician_id')
      .notNull()
      .references(() => clinicians.id),
    notes: text('notes').notNull().default(''),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /**
     * Null while a draft. Once set, triggers refuse any change to the visit, its
     * presentations and its treatments (see the migration that adds them).
     */
    signedAt: text('signed_at'),
    /** `signed` by a dermatologist, or `import`: historical, signed by the importing user. */
    signatureKind: text('signature_kind', { enum: ['signed', 'import'] }),
    signedBy: text('signed_by'),
    /** The signer's user id (null for the operating-system account); added by ALTER, so without a foreign key. */
    signedByUser: integer('signed_by_user'),
    /**
     * A visit imported signed: the signature it carried in the record it came from (its own
     * signature is the import's). An export writes this one, so the signer is never lost.
     */
    originalSignedBy: text('original_signed_by'),
    originalSignedAt: text('original_signed_at'),
    /** Pregnant, breastfeeding, neither or not asked; null when not recorded (not asked, or not applicable). */
    pregnancyStatus: text('pregnancy_status', { enum: pregnancyStatuses.codes }),
    /** A dermatologist's reason to give a topical retinoid to a child under 12: audited, printed nowhere. */
    retinoidOverride: text('retinoid_override'),
  },
  (t) => [
    uniqueIndex('visits_key').on(t.key),
    index('visits_patient_date').on(t.patientId, t.date),
    index('visits_date').on(t.date, t.patientId),
    // The "To sign" lists: drafts only, by clinician.
    index('visits_drafts')
      .on(t.clinicianId, t.date)
      .where(sql`${t.signedAt} is null`),
  ],
);

/** Corrections after signing: each signed by its author when written; never updated or deleted (triggers). */
export const addenda = sqliteTable(
  'addenda',
  {
    id: integer('id').primaryKey(),
    visitId: integer('visit_id')
      .notNull()
      .references(() => visits.id),
    text: text('text').notNull(),
    authorName: text('author_name').notNull(),
    authorUser: integer('author_user').references(() => users.id),
    signedAt: text('signed_at').notNull(),
    /** A decision addendum: the presentation of the signed visit it decides, and the decision. */
    presentationId: integer('presentation_id').references((): AnySQLiteColumn => presentations.id),
    decision: text('decision', { enum: reviewDecisions.codes }),
  },
  (t) => [index('addenda_visit').on(t.visitId, t.id), index('addenda_presentation').on(t.presentationId)],
);

/**
 * A presentation that may need a dermatologist's decision, as far as its text can say (the
 * Review list's reads confirm the differentials with json_each): the condition of the partial
 * index the list is read from, and of the list's query, which must state it the same way.
 */
export const reviewCandidate = (t: { redFlags: AnySQLiteColumn; type: AnySQLiteColumn; differentials: AnySQLiteColumn }) =>
  sql`(${t.redFlags} <> '[]' or ${t.type} = 'milia_en_plaque' or ${t.differentials} like '%basal_cell_carcinoma%')`;

export const presentations = sqliteTable(
  'presentations',
  {
    id: integer('id').primaryKey(),
    visitId: integer('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    type: text('type', { enum: miliaTypes.codes }).notNull(),
    site: text('site', { enum: sites.codes }).notNull(),
    side: text('side', { enum: sides.codes }),
    count: integer('count').notNull(),
    sizeMm: real('size_mm'),
    distribution: text('distribution', { enum: distributions.codes }),
    triggers: text('triggers', { mode: 'json' }).$type<Trigger[]>().notNull().default([]),
    redFlags: text('red_flags', { mode: 'json' }).$type<RedFlag[]>().notNull().default([]),
    differentials: text('differentials', { mode: 'json' }).$type<Differential[]>().notNull().default([]),
    notes: text('notes').notNull().default(''),
    decision: text('decision', { enum: reviewDecisions.codes }),
    decisionNote: text('decision_note').notNull().default(''),
  },
  (t) => [
    // Covers the statistics as well as the chart's order: a period's presentations come from the index alone.
    index('presentations_visit').on(t.visitId, t.position, t.type, t.site, t.count, t.redFlags),
    // The Review list's candidates: the few undecided presentations that may need a decision.
    index('presentations_review')
      .on(t.visitId)
      .where(sql`${t.decision} is null and ${reviewCandidate(t)}`),
    check('presentations_count', within(t.count, bounds.count)),
  ],
);

export const treatments = sqliteTable(
  'treatments',
  {
    id: integer('id').primaryKey(),
    visitId: integer('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: treatmentKinds.codes }).notNull(),
    site: text('site', { enum: sites.codes }).notNull(),
    side: text('side', { enum: sides.codes }),
    lesionsTreated: integer('lesions_treated').notNull(),
    anesthesia: text('anesthesia', { enum: anesthesias.codes }),
    consent: integer('consent', { mode: 'boolean' }),
    performedBy: integer('performed_by')
      .notNull()
      .references(() => clinicians.id),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    notes: text('notes').notNull().default(''),
  },
  (t) => [
    // Covers the statistics as well as the chart's order: a period's treatments come from the index alone.
    index('treatments_visit').on(t.visitId, t.position, t.kind, t.lesionsTreated, t.performedBy),
    index('treatments_performed_by').on(t.performedBy),
    check('treatments_lesions', within(t.lesionsTreated, bounds.lesionsTreated)),
  ],
);

export const followUps = sqliteTable(
  'follow_ups',
  {
    id: integer('id').primaryKey(),
    visitId: integer('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    dueDate: text('due_date').notNull(),
    reason: text('reason').notNull().default(''),
    status: text('status', { enum: followUpStatuses.codes }).notNull(),
    completedDate: text('completed_date'),
    outcome: text('outcome', { enum: outcomes.codes }),
    notes: text('notes').notNull().default(''),
    updatedBy: text('updated_by').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('follow_ups_status_due').on(t.status, t.dueDate),
    index('follow_ups_visit').on(t.visitId, t.position),
    index('follow_ups_due').on(t.dueDate),
    check('follow_ups_outcome', sql`(${t.status} = 'completed') = (${t.outcome} is not null and ${t.completedDate} is not null)`),
  ],
);

/** Practice settings as one validated JSON document per key. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
});

/**
 * Who did what, when: every read of a chart, every write, sign-in, print, export, backup and
 * refusal leaves one row. Append-only (triggers refuse UPDATE and DELETE), and each row
 * carries `hash`, the SHA-256 over its own content and the previous row's hash, so that a
 * row changed, removed or inserted behind the app's back breaks the chain. Rows written
 * before the chain existed arrive with no hash and are sealed once, in order, when the
 * database is first opened by a version that keeps the chain.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: text('at').notNull(),
    /** The user as people read them: "Dr Ada Okafor (dermatologist)". */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id'),
    detail: text('detail').notNull().default(''),
    userId: integer('user_id'),
    username: text('username').notNull().default(''),
    role: text('role').notNull().default(''),
    surface: text('surface').notNull().default(''),
    patientId: integer('patient_id'),
    outcome: text('outcome').notNull().default('ok'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_log_entity').on(t.entity, t.entityId),
    index('audit_log_at').on(t.at),
    index('audit_log_patient').on(t.patientId, t.at),
    index('audit_log_user').on(t.userId, t.at),
  ],
);

/**
 * Handouts as printed: the PDF is kept so a reprint is the same document byte for byte,
 * with its SHA-256 and what it was made from (template versions, treatment kinds).
 */
export const handouts = sqliteTable(
  'handouts',
  {
    id: integer('id').primaryKey(),
    visitId: integer('visit_id')
      .notNull()
      .references(() => visits.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    createdBy: text('created_by').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    largePrint: integer('large_print', { mode: 'boolean' }).notNull(),
    paperSize: text('paper_size', { enum: paperSizes }).notNull(),
    templateVersions: text('template_versions', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    kinds: text('kinds', { mode: 'json' }).$type<TreatmentKind[]>().notNull().default([]),
    pdf: blob('pdf', { mode: 'buffer' }).notNull(),
  },
  (t) => [index('handouts_visit').on(t.visitId, t.createdAt), check('handouts_paper_size', sql`${t.paperSize} in ('A4', 'Letter')`)],
);

/**
 * What the statistics add up, kept by triggers in the same statement as every write of a
 * visit, its presentations, treatments and follow-ups (migration 0009), per year, month and
 * day: a period reads its whole years, the months and then the days at its ends, never its visits. `figure`
 * names what `a` and `b` hold and what `n`, `m` and `r` count (see `statsSql.ts`).
 */
export const statsRollups = sqliteTable(
  'stats_rollups',
  {
    grain: text('grain', { enum: ['year', 'month', 'day'] }).notNull(),
    /** `YYYY` for a year, `YYYY-MM` for a month, `YYYY-MM-DD` for a day. */
    bucket: text('bucket').notNull(),
    figure: text('figure').notNull(),
    a: text('a').notNull(),
    b: text('b').notNull(),
    n: integer('n').notNull(),
    m: integer('m').notNull(),
    r: integer('r').notNull(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.figure, t.bucket, t.a, t.b] })],
);

/**
 * The days each patient was seen (`kind` ''), and was given each kind of treatment, with the
 * day before that it last happened: a patient counts once in a period on the first such day
 * in it (`prev_date` before the period), so distinct patients are counted without a join.
 * Rebuilt for the patient by triggers on every write of their visits and treatments (migration 0009).
 */
export const statsPatientDays = sqliteTable(
  'stats_patient_days',
  {
    patientId: integer('patient_id').notNull(),
    kind: text('kind').notNull(),
    date: text('date').notNull(),
    prevDate: text('prev_date'),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.kind, t.date] }), index('stats_patient_days_period').on(t.kind, t.date, t.prevDate)],
);

/**
 * Visits with their presentations, treatments and follow-ups, and handouts, on the practice
 * server: sqlite/visits.ts call for call, the rows made into records by ../visitRows.ts.
 * Reads are named prepared statements, parsed once per connection; text is ordered as bytes
 * (`collate "C"`), as SQLite orders it, whatever the database's collation. The times a write
 * stamps are the server's (the columns' default, the statement's time), so every workstation
 * stamps by one clock. A change to a signed visit is refused by the triggers of
 * drizzle/pg/0002 (SQLSTATE P0001), and the error goes up as it came.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { HandoutRecord } from '@shared/handouts';
import type { TreatmentKind } from '@shared/vocabulary';
import { addenda, clinicians, followUps, handouts, patients, presentations, treatments, visits } from '../../pg/schema';
import type {
  DraftRecord,
  FollowUpReads,
  FollowUpWrites,
  HandoutReads,
  HandoutWrites,
  ReviewRecord,
  VisitReads,
  VisitRecord,
  VisitScope,
  VisitWrites,
} from '../contract';
import { draftRecords, presentationKeys, reviewRecord, treatmentKeys, visitRecords, worklistItem } from '../visitRows';
import type { ServerDb } from './patientSearch';

const one = sql.placeholder('id');

/** A text column compared as bytes, as SQLite compares it. */
const bytes = (column: PgColumn): SQL => sql`${column} collate "C"`;

/** The column's own default (null where it has none); also the time a write stamps. */
const byDefault = sql`default`;

/**
 * The columns named, from a row that may carry more (a form's presentation keeps its id);
 * a value null or left out is the column's default, as statements.ts fills the SQLite file's.
 */
function given<T extends object, K extends keyof T & string>(row: T, keys: readonly K[]): { [P in K]: NonNullable<T[P]> | SQL } {
  const out = {} as { [P in K]: NonNullable<T[P]> | SQL };
  for (const key of keys) out[key] = row[key] ?? byDefault;
  return out;
}

const followUpColumns = {
  id: followUps.id,
  visitId: followUps.visitId,
  dueDate: followUps.dueDate,
  reason: followUps.reason,
  status: followUps.status,
  completedDate: followUps.completedDate,
  outcome: followUps.outcome,
  notes: followUps.notes,
};

/** Picks rows by their visit: the condition on a table's `visit_id` column. */
type Within = (visitId: PgColumn) => SQL;

export function visitRepository(db: ServerDb): VisitReads & VisitWrites {
  const visitColumns = {
    id: visits.id,
    key: visits.key,
    patientId: visits.patientId,
    date: visits.date,
    clinicianId: visits.clinicianId,
    clinicianName: clinicians.name,
    notes: visits.notes,
    pregnancyStatus: visits.pregnancyStatus,
    retinoidOverride: visits.retinoidOverride,
    createdBy: visits.createdBy,
    updatedBy: visits.updatedBy,
    createdAt: visits.createdAt,
    updatedAt: visits.updatedAt,
    signedAt: visits.signedAt,
    signatureKind: visits.signatureKind,
    signedBy: visits.signedBy,
    originalSignedBy: visits.originalSignedBy,
    originalSignedAt: visits.originalSignedAt,
  };
  const presentationColumns = {
    visitId: presentations.visitId,
    id: presentations.id,
    type: presentations.type,
    site: presentations.site,
    side: presentations.side,
    count: presentations.count,
    sizeMm: presentations.sizeMm,
    distribution: presentations.distribution,
    triggers: presentations.triggers,
    redFlags: presentations.redFlags,
    differentials: presentations.differentials,
    notes: presentations.notes,
    decision: presentations.decision,
    decisionNote: presentations.decisionNote,
  };
  const treatmentColumns = {
    visitId: treatments.visitId,
    id: treatments.id,
    kind: treatments.kind,
    site: treatments.site,
    side: treatments.side,
    lesionsTreated: treatments.lesionsTreated,
    anesthesia: treatments.anesthesia,
    consent: treatments.consent,
    performedById: treatments.performedBy,
    performedByName: clinicians.name,
    details: treatments.details,
    notes: treatments.notes,
  };
  const addendumColumns = {
    id: addenda.id,
    visitId: addenda.visitId,
    text: addenda.text,
    authorName: addenda.authorName,
    signedAt: addenda.signedAt,
    presentationId: addenda.presentationId,
    decision: addenda.decision,
  };
  const draftColumns = {
    visitId: visits.id,
    date: visits.date,
    clinicianName: clinicians.name,
    createdBy: visits.createdBy,
    updatedAt: visits.updatedAt,
    patientId: patients.id,
    mrn: patients.mrn,
    givenName: patients.givenName,
    familyName: patients.familyName,
    dateOfBirth: patients.dateOfBirth,
    sex: patients.sex,
    archivedAt: patients.archivedAt,
  };

  // The rows under the visits a condition picks, by visit, in their order; `name` names the statements.
  const childrenOf = (name: string, within: Within) => ({
    presentations: db
      .select(presentationColumns)
      .from(presentations)
      .where(within(presentations.visitId))
      .orderBy(asc(presentations.visitId), asc(presentations.position))
      .prepare(`${name}.presentations`),
    treatments: db
      .select(treatmentColumns)
      .from(treatments)
      .innerJoin(clinicians, eq(clinicians.id, treatments.performedBy))
      .where(within(treatments.visitId))
      .orderBy(asc(treatments.visitId), asc(treatments.position))
      .prepare(`${name}.treatments`),
    followUps: db
      .select(followUpColumns)
      .from(followUps)
      .where(within(followUps.visitId))
      .orderBy(asc(followUps.visitId), asc(followUps.position))
      .prepare(`${name}.followUps`),
    addenda: db.select(addendumColumns).from(addenda).where(within(addenda.visitId)).orderBy(asc(addenda.visitId), asc(addenda.id)).prepare(`${name}.addenda`),
  });

  /** The reads of a scope: a patient's visits, or one visit. */
  const scoped = (patientScope: boolean) => {
    const name = patientScope ? 'visits.ofPatient' : 'visits.one';
    const ofPatient = db.select({ id: visits.id }).from(visits).where(eq(visits.patientId, one));
    const within: Within = patientScope ? (visitId) => inArray(visitId, ofPatient) : (visitId) => eq(visitId, one);
    return {
      visits: db
        .select(visitColumns)
        .from(visits)
        .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
        .where(patientScope ? eq(visits.patientId, one) : eq(visits.id, one))
        .orderBy(desc(bytes(visits.date)), desc(visits.id))
        .prepare(name),
      ...childrenOf(name, within),
    };
  };
  const scopes = { patient: scoped(true), visit: scoped(false) };

  /** The drafts of one clinician (`id`), or every draft: the partial index `visits_drafts` holds exactly these. */
  const draftsOf = (byClinician: boolean) => {
    const name = byClinician ? 'visits.draftsOf' : 'visits.drafts';
    const isDraft = () => (byClinician ? and(isNull(visits.signedAt), eq(visits.clinicianId, one))! : isNull(visits.signedAt));
    const ids = db.select({ id: visits.id }).from(visits).where(isDraft());
    const { presentations, treatments } = childrenOf(name, (visitId) => inArray(visitId, ids));
    return {
      visits: db
        .select(draftColumns)
        .from(visits)
        .innerJoin(patients, eq(patients.id, visits.patientId))
        .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
        .where(isDraft())
        .orderBy(desc(bytes(visits.date)), desc(visits.id))
        .prepare(name),
      presentations,
      treatments,
    };
  };
  const drafts = { ofClinician: draftsOf(true), all: draftsOf(false) };

  // The candidates for the Review list; `undecided` (src/shared/decisions.ts) has the last word.
  // The condition of the partial index `presentations_review` written as the index states it
  // (literals, not parameters), so that the planner may read that index alone; the jsonb
  // containment then has the last word on the differentials, as json_each has in SQLite.
  const reviewColumns = {
    ...draftColumns,
    signatureKind: visits.signatureKind,
    position: presentations.position,
    type: presentations.type,
    site: presentations.site,
    side: presentations.side,
    redFlags: presentations.redFlags,
    differentials: presentations.differentials,
  };
  const waitsForDecision = and(
    isNull(presentations.decision),
    sql`(${presentations.redFlags} <> '[]' or ${presentations.type} = 'milia_en_plaque' or ${presentations.differentials} like '%basal_cell_carcinoma%')`,
    sql`not exists (select 1 from ${addenda} where ${addenda.presentationId} = ${presentations.id})`,
    or(
      sql`${presentations.redFlags} <> '[]'`,
      sql`${presentations.type} = 'milia_en_plaque'`,
      sql`${presentations.differentials}::jsonb @> '["basal_cell_carcinoma"]'`,
    ),
  );
  const reviewCandidates = db
    .select(reviewColumns)
    .from(presentations)
    .innerJoin(visits, eq(visits.id, presentations.visitId))
    .innerJoin(patients, eq(patients.id, visits.patientId))
    .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
    .where(waitsForDecision)
    .orderBy(asc(bytes(visits.date)), asc(visits.id), asc(presentations.position))
    .prepare('visits.review');
  // Their number alone, from that index alone (every presentation has its visit, patient and clinician: foreign keys).
  const reviewCount = db.select({ n: count() }).from(presentations).where(waitsForDecision).prepare('visits.reviewCount');

  const owner = db.select({ patientId: visits.patientId }).from(visits).where(eq(visits.id, one)).prepare('visits.owner');
  const withKey = db
    .select({ id: visits.id })
    .from(visits)
    .where(eq(visits.key, sql.placeholder('key')))
    .limit(1)
    .prepare('visits.withKey');
  const earliest = db
    .select({ date: sql<string | null>`min(${bytes(visits.date)})` })
    .from(visits)
    .where(eq(visits.patientId, one))
    .prepare('visits.earliest');
  const deletePresentations = db.delete(presentations).where(eq(presentations.visitId, one)).prepare('visits.deletePresentations');
  const deleteTreatments = db.delete(treatments).where(eq(treatments.visitId, one)).prepare('visits.deleteTreatments');

  const newVisit = (v: Parameters<VisitWrites['insert']>[0]) =>
    db
      .insert(visits)
      .values({
        ...given(v, ['key', 'patientId', 'date', 'clinicianId', 'notes', 'pregnancyStatus', 'retinoidOverride', 'createdBy']),
        updatedBy: v.createdBy,
      })
      .returning({ id: visits.id, createdAt: visits.createdAt, updatedAt: visits.updatedAt });

  return {
    async load(scope: VisitScope): Promise<VisitRecord[]> {
      const [q, id] = 'patientId' in scope ? [scopes.patient, scope.patientId] : [scopes.visit, scope.visitId];
      const rows = await q.visits.execute({ id });
      if (rows.length === 0) return [];
      // One after another: a connection runs one query at a time.
      return visitRecords(rows, {
        presentations: await q.presentations.execute({ id }),
        treatments: await q.treatments.execute({ id }),
        followUps: await q.followUps.execute({ id }),
        addenda: await q.addenda.execute({ id }),
      });
    },
    async drafts(clinicianId): Promise<DraftRecord[]> {
      const q = clinicianId === null ? drafts.all : drafts.ofClinician;
      const values = { id: clinicianId };
      const rows = await q.visits.execute(values);
      return draftRecords(rows, { presentations: await q.presentations.execute(values), treatments: await q.treatments.execute(values) });
    },
    async undecided(): Promise<ReviewRecord[]> {
      return (await reviewCandidates.execute()).map(reviewRecord);
    },
    async undecidedCount() {
      return (await reviewCount.execute())[0]?.n ?? 0;
    },
    async patientOf(visitId) {
      return (await owner.execute({ id: visitId }))[0]?.patientId;
    },
    async keyTaken(key) {
      return (await withKey.execute({ key })).length > 0;
    },
    async firstDate(patientId) {
      return (await earliest.execute({ id: patientId }))[0]?.date ?? null;
    },
    async insert(v) {
      return (await newVisit(v))[0]!.id;
    },
    async create(v) {
      return (await newVisit(v))[0]!;
    },
    async update(id, change) {
      const [row] = await db
        .update(visits)
        .set({
          ...given(change, ['date', 'clinicianId', 'notes', 'pregnancyStatus', 'retinoidOverride', 'updatedBy']),
          updatedAt: byDefault,
        })
        .where(eq(visits.id, id))
        .returning({ updatedAt: visits.updatedAt });
      // SQLite stamps the time whether or not the visit is there; the server stamps a row, so none means no visit.
      if (!row) throw new Error(`Visit ${id} is not in the record.`);
      return row.updatedAt;
    },
    async insertFindings(visitId, ps, ts) {
      // One statement per table, returning each row's position with its id: the ids in the order given.
      const inOrder = (rows: Array<{ id: number; position: number }>) => rows.sort((a, b) => a.position - b.position).map((r) => r.id);
      const found =
        ps.length === 0
          ? []
          : await db
              .insert(presentations)
              .values(ps.map((p, position) => ({ ...given(p, presentationKeys), visitId, position })))
              .returning({ id: presentations.id, position: presentations.position });
      const done =
        ts.length === 0
          ? []
          : await db
              .insert(treatments)
              .values(ts.map((t, position) => ({ ...given(t, treatmentKeys), visitId, position })))
              .returning({ id: treatments.id, position: treatments.position });
      return { presentations: inOrder(found), treatments: inOrder(done) };
    },
    async deleteFindings(visitId) {
      await deletePresentations.execute({ id: visitId });
      await deleteTreatments.execute({ id: visitId });
    },
    async sign(visitId, { kind, byName, byUser, at, original }) {
      await db
        .update(visits)
        .set({
          signedAt: at,
          signatureKind: kind,
          signedBy: byName,
          signedByUser: byUser,
          originalSignedBy: original?.byName ?? null,
          originalSignedAt: original?.at ?? null,
        })
        .where(eq(visits.id, visitId));
    },
    async insertAddendum(a) {
      const [row] = await db
        .insert(addenda)
        .values(given(a, ['visitId', 'text', 'authorName', 'authorUser', 'signedAt', 'presentationId', 'decision']))
        .returning({ id: addenda.id });
      return row!.id;
    },
  };
}

export function followUpRepository(db: ServerDb): FollowUpReads & FollowUpWrites {
  const get = db.select(followUpColumns).from(followUps).where(eq(followUps.id, one)).prepare('followUps.get');
  // In the order of the index SQLite reads them by (follow_ups_visit).
  const ids = db
    .select({ id: followUps.id })
    .from(followUps)
    .where(eq(followUps.visitId, one))
    .orderBy(asc(followUps.position), asc(followUps.id))
    .prepare('followUps.ids');
  const visitDate = db
    .select({ date: visits.date })
    .from(followUps)
    .innerJoin(visits, eq(visits.id, followUps.visitId))
    .where(eq(followUps.id, one))
    .prepare('followUps.visitDate');
  const item = {
    followUp: followUpColumns,
    patient: {
      id: patients.id,
      mrn: patients.mrn,
      givenName: patients.givenName,
      familyName: patients.familyName,
      dateOfBirth: patients.dateOfBirth,
      sex: patients.sex,
      archivedAt: patients.archivedAt,
    },
    visitDate: visits.date,
    clinicianName: clinicians.name,
    // The visit's treatment kinds, each once, in code order (a text[], which node-postgres reads as an array).
    kinds: sql<TreatmentKind[]>`array(select distinct t.kind collate "C" from ${treatments} t where t.visit_id = ${visits.id} order by 1)`,
  };
  const listed = (due: SQL) => sql`${followUps.status} = 'scheduled' and ${patients.archivedAt} is null and ${due}`;
  const worklist = (name: string, due: SQL) =>
    db
      .select(item)
      .from(followUps)
      .innerJoin(visits, eq(visits.id, followUps.visitId))
      .innerJoin(patients, eq(patients.id, visits.patientId))
      .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
      .where(listed(due))
      .orderBy(asc(bytes(followUps.dueDate)), asc(bytes(patients.familyName)), asc(patients.id))
      .limit(sql.placeholder('limit'))
      .prepare(name);
  const overdueBefore = sql`${followUps.dueDate} < ${sql.placeholder('asOf')}`;
  const overdue = worklist('followUps.overdue', overdueBefore);
  // The list's joins and condition, from a day on.
  const overdueCount = db
    .select({ n: count() })
    .from(followUps)
    .innerJoin(visits, eq(visits.id, followUps.visitId))
    .innerJoin(patients, eq(patients.id, visits.patientId))
    .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
    .where(and(listed(overdueBefore), gte(followUps.dueDate, sql.placeholder('from'))))
    .prepare('followUps.overdueCount');
  const due = worklist('followUps.due', sql`${followUps.dueDate} between ${sql.placeholder('from')} and ${sql.placeholder('to')}`);
  const remove = db.delete(followUps).where(eq(followUps.id, one)).prepare('followUps.delete');

  return {
    async get(id) {
      return (await get.execute({ id }))[0];
    },
    async idsOf(visitId) {
      return (await ids.execute({ id: visitId })).map((r) => r.id);
    },
    async visitDate(id) {
      return (await visitDate.execute({ id }))[0]?.date;
    },
    async overdue(asOf, limit) {
      return (await overdue.execute({ asOf, limit })).map(worklistItem);
    },
    async overdueCount(from, asOf) {
      return (await overdueCount.execute({ from, asOf }))[0]?.n ?? 0;
    },
    async due(from, to, limit) {
      return (await due.execute({ from, to, limit })).map(worklistItem);
    },
    async insert(visitId, position, f, by) {
      const [row] = await db
        .insert(followUps)
        .values({ ...given(f, ['dueDate', 'reason', 'status', 'completedDate', 'outcome', 'notes']), visitId, position, updatedBy: by })
        .returning({ id: followUps.id });
      return row!.id;
    },
    async update(id, position, f, by) {
      await db
        .update(followUps)
        .set({ ...given(f, ['dueDate', 'reason', 'status', 'completedDate', 'outcome']), position, updatedBy: by, updatedAt: byDefault })
        .where(eq(followUps.id, id));
    },
    async transition(id, change, by) {
      await db
        .update(followUps)
        .set({ ...given(change, ['status', 'outcome', 'completedDate', 'notes']), updatedBy: by, updatedAt: byDefault })
        .where(eq(followUps.id, id));
    },
    async delete(id) {
      await remove.execute({ id });
    },
  };
}

export function handoutRepository(db: ServerDb): HandoutReads & HandoutWrites {
  const record = {
    id: handouts.id,
    visitId: handouts.visitId,
    createdAt: handouts.createdAt,
    createdBy: handouts.createdBy,
    sha256: handouts.sha256,
    sizeBytes: handouts.size,
    largePrint: handouts.largePrint,
    paperSize: handouts.paperSize,
    templateVersions: handouts.templateVersions,
    kinds: handouts.kinds,
  };
  const get = db.select(record).from(handouts).where(eq(handouts.id, one)).prepare('handouts.get');
  const pdf = db.select({ pdf: handouts.pdf }).from(handouts).where(eq(handouts.id, one)).prepare('handouts.pdf');
  const ofVisit = db
    .select(record)
    .from(handouts)
    .where(eq(handouts.visitId, one))
    .orderBy(desc(bytes(handouts.createdAt)), desc(handouts.id))
    .prepare('handouts.ofVisit');
  return {
    async get(id): Promise<HandoutRecord | undefined> {
      return (await get.execute({ id }))[0];
    },
    async pdf(id) {
      return (await pdf.execute({ id }))[0]?.pdf;
    },
    async ofVisit(visitId) {
      return ofVisit.execute({ id: visitId });
    },
    async insert(h) {
      const [row] = await db
        .insert(handouts)
        .values(given(h, ['visitId', 'createdBy', 'sha256', 'size', 'largePrint', 'paperSize', 'templateVersions', 'kinds', 'pdf']))
        .returning({ id: handouts.id });
      return row!.id;
    },
  };
}

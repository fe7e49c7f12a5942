/** Visits with their presentations, treatments and follow-ups, and handouts, in SQLite. */
import { and, asc, count, desc, eq, gte, inArray, isNull, min, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { HandoutRecord } from '@shared/handouts';
import { nowIso } from '@shared/calendar';
import type { WorklistItem } from '@shared/types';
import { addenda, clinicians, followUps, handouts, patients, presentations, reviewCandidate, treatments, visits } from '../../schema';
import type {
  DraftRecord,
  ReviewRecord,
  FollowUpReads,
  FollowUpWrites,
  HandoutReads,
  HandoutWrites,
  NewVisit,
  StampedVisit,
  VisitReads,
  VisitRecord,
  VisitScope,
  VisitWrites,
} from '../contract';
import { draftRecords, presentationKeys, reviewRecord, treatmentKeys, visitRecords, worklistItem } from '../visitRows';
import { preparedInsert, preparedRun, preparedSelect, preparedUpdate, type Db } from './statements';

const one = sql.placeholder('id');

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
type Within = (visitId: SQLiteColumn) => SQL;

export function visitRepository(db: Db): VisitReads & VisitWrites {
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

  // The rows under the visits a condition picks, by visit, in their order.
  const presentationsOf = (within: Within) =>
    preparedSelect(
      db,
      presentationColumns,
      db.select(presentationColumns).from(presentations).where(within(presentations.visitId)).orderBy(asc(presentations.visitId), asc(presentations.position)),
    );
  const treatmentsOf = (within: Within) =>
    preparedSelect(
      db,
      treatmentColumns,
      db
        .select(treatmentColumns)
        .from(treatments)
        .innerJoin(clinicians, eq(clinicians.id, treatments.performedBy))
        .where(within(treatments.visitId))
        .orderBy(asc(treatments.visitId), asc(treatments.position)),
    );
  const followUpsOf = (within: Within) =>
    preparedSelect(
      db,
      followUpColumns,
      db.select(followUpColumns).from(followUps).where(within(followUps.visitId)).orderBy(asc(followUps.visitId), asc(followUps.position)),
    );
  const addendaOf = (within: Within) =>
    preparedSelect(db, addendumColumns, db.select(addendumColumns).from(addenda).where(within(addenda.visitId)).orderBy(asc(addenda.visitId), asc(addenda.id)));

  /** The reads of a scope: a patient's visits, or one visit. */
  const scoped = (patientScope: boolean) => {
    const ofPatient = db.select({ id: visits.id }).from(visits).where(eq(visits.patientId, one));
    const within: Within = patientScope ? (visitId) => inArray(visitId, ofPatient) : (visitId) => eq(visitId, one);
    return {
      visits: preparedSelect(
        db,
        visitColumns,
        db
          .select(visitColumns)
          .from(visits)
          .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
          .where(patientScope ? eq(visits.patientId, one) : eq(visits.id, one))
          .orderBy(desc(visits.date), desc(visits.id)),
      ),
      presentations: presentationsOf(within),
      treatments: treatmentsOf(within),
      followUps: followUpsOf(within),
      addenda: addendaOf(within),
    };
  };
  const scopes = { patient: scoped(true), visit: scoped(false) };

  /** The drafts of one clinician (`id`), or every draft: the partial index `visits_drafts` holds exactly these. */
  const draftsOf = (byClinician: boolean) => {
    const isDraft = () => (byClinician ? and(isNull(visits.signedAt), eq(visits.clinicianId, one))! : isNull(visits.signedAt));
    const ids = db.select({ id: visits.id }).from(visits).where(isDraft());
    const within: Within = (visitId) => inArray(visitId, ids);
    return {
      visits: preparedSelect(
        db,
        draftColumns,
        db
          .select(draftColumns)
          .from(visits)
          .innerJoin(patients, eq(patients.id, visits.patientId))
          .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
          .where(isDraft())
          .orderBy(desc(visits.date), desc(visits.id)),
      ),
      presentations: presentationsOf(within),
      treatments: treatmentsOf(within),
    };
  };
  const drafts = { ofClinician: draftsOf(true), all: draftsOf(false) };

  // The candidates for the Review list; `undecided` (src/shared/decisions.ts) has the last word.
  // Read from the presentations (a cross join keeps them the outer loop), the few found then
  // sorted: walking every visit by date to reach them read each one's patient and clinician
  // (1 s at 150,000 visits, against 0.05 s). The condition written as the partial index
  // `presentations_review` states it (literals, not parameters) lets SQLite read that index
  // alone; json_each then has the last word on the differentials.
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
    reviewCandidate(presentations),
    sql`not exists (select 1 from ${addenda} where ${addenda.presentationId} = ${presentations.id})`,
    or(
      sql`${presentations.redFlags} <> '[]'`,
      sql`${presentations.type} = 'milia_en_plaque'`,
      sql`exists (select 1 from json_each(${presentations.differentials}) where value = 'basal_cell_carcinoma')`,
    ),
  );
  const reviewCandidates = preparedSelect(
    db,
    reviewColumns,
    db
      .select(reviewColumns)
      .from(presentations)
      .crossJoin(visits)
      .innerJoin(patients, eq(patients.id, visits.patientId))
      .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
      .where(and(eq(visits.id, presentations.visitId), waitsForDecision))
      .orderBy(asc(visits.date), asc(visits.id), asc(presentations.position)),
  );
  // Their number alone, from that index alone (every presentation has its visit, patient and clinician: foreign keys).
  const countColumns = { n: count() };
  const reviewCount = preparedSelect(db, countColumns, db.select(countColumns).from(presentations).where(waitsForDecision));

  const ownerColumns = { patientId: visits.patientId };
  const owner = preparedSelect(db, ownerColumns, db.select(ownerColumns).from(visits).where(eq(visits.id, one)));
  const withKey = db
    .select({ id: visits.id })
    .from(visits)
    .where(eq(visits.key, sql.placeholder('key')))
    .prepare();
  const earliest = db
    .select({ date: min(visits.date) })
    .from(visits)
    .where(eq(visits.patientId, one))
    .prepare();
  // Stamped here, as an update is, rather than returned by SQLite: a RETURNING clause costs every save more than the clock.
  const insertVisit = preparedInsert(
    db,
    visits,
    ['key', 'patientId', 'date', 'clinicianId', 'notes', 'pregnancyStatus', 'retinoidOverride', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt'],
    ['updatedBy', 'createdAt', 'updatedAt'],
  );
  const stampedVisit = (v: NewVisit): StampedVisit => {
    const at = nowIso();
    return { id: insertVisit(v, { updatedBy: v.createdBy, createdAt: at, updatedAt: at }), createdAt: at, updatedAt: at };
  };
  const updateVisit = preparedUpdate(db, visits, ['date', 'clinicianId', 'notes', 'pregnancyStatus', 'retinoidOverride', 'updatedBy', 'updatedAt']);
  const signVisit = preparedUpdate(db, visits, ['signedAt', 'signatureKind', 'signedBy', 'signedByUser', 'originalSignedBy', 'originalSignedAt']);
  const insertAddendum = preparedInsert(db, addenda, ['visitId', 'text', 'authorName', 'authorUser', 'signedAt', 'presentationId', 'decision']);
  const insertPresentation = preparedInsert(db, presentations, ['visitId', 'position', ...presentationKeys], ['visitId', 'position']);
  const insertTreatment = preparedInsert(db, treatments, ['visitId', 'position', ...treatmentKeys], ['visitId', 'position']);
  const deletePresentations = preparedRun(db, db.delete(presentations).where(eq(presentations.visitId, one)));
  const deleteTreatments = preparedRun(db, db.delete(treatments).where(eq(treatments.visitId, one)));

  return {
    async load(scope: VisitScope): Promise<VisitRecord[]> {
      const [q, id] = 'patientId' in scope ? [scopes.patient, scope.patientId] : [scopes.visit, scope.visitId];
      const rows = q.visits.all({ id });
      if (rows.length === 0) return [];
      return visitRecords(rows, {
        presentations: q.presentations.all({ id }),
        treatments: q.treatments.all({ id }),
        followUps: q.followUps.all({ id }),
        addenda: q.addenda.all({ id }),
      });
    },
    async drafts(clinicianId): Promise<DraftRecord[]> {
      const q = clinicianId === null ? drafts.all : drafts.ofClinician;
      const values = { id: clinicianId };
      return draftRecords(q.visits.all(values), { presentations: q.presentations.all(values), treatments: q.treatments.all(values) });
    },
    async undecided(): Promise<ReviewRecord[]> {
      return reviewCandidates.all({}).map(reviewRecord);
    },
    async undecidedCount() {
      return reviewCount.get({})?.n ?? 0;
    },
    async patientOf(visitId) {
      return owner.get({ id: visitId })?.patientId;
    },
    async keyTaken(key) {
      return withKey.get({ key }) !== undefined;
    },
    async firstDate(patientId) {
      return earliest.get({ id: patientId })?.date ?? null;
    },
    async insert(v) {
      return stampedVisit(v).id;
    },
    async create(v) {
      return stampedVisit(v);
    },
    async update(id, change) {
      const updatedAt = nowIso();
      updateVisit(id, { ...change, updatedAt });
      return updatedAt;
    },
    async insertFindings(visitId, ps, ts) {
      return {
        presentations: ps.map((p, position) => insertPresentation(p, { visitId, position })),
        treatments: ts.map((t, position) => insertTreatment(t, { visitId, position })),
      };
    },
    async deleteFindings(visitId) {
      deletePresentations({ id: visitId });
      deleteTreatments({ id: visitId });
    },
    async sign(visitId, { kind, byName, byUser, at, original }) {
      signVisit(visitId, {
        signedAt: at,
        signatureKind: kind,
        signedBy: byName,
        signedByUser: byUser,
        originalSignedBy: original?.byName ?? null,
        originalSignedAt: original?.at ?? null,
      });
    },
    async insertAddendum(a) {
      return insertAddendum(a);
    },
  };
}

export function followUpRepository(db: Db): FollowUpReads & FollowUpWrites {
  const get = db.select(followUpColumns).from(followUps).where(eq(followUps.id, one)).prepare();
  const ids = db.select({ id: followUps.id }).from(followUps).where(eq(followUps.visitId, one)).prepare();
  const visitDate = db.select({ date: visits.date }).from(followUps).innerJoin(visits, eq(visits.id, followUps.visitId)).where(eq(followUps.id, one)).prepare();
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
    // The visit's treatment kinds, each once, in code order.
    kinds: sql`(select json_group_array(kind) from (select distinct kind from treatments t where t.visit_id = ${visits.id} order by kind))`.mapWith(
      (json: string): WorklistItem['kinds'] => JSON.parse(json),
    ),
  };
  const listed = (due: SQL) => sql`${followUps.status} = 'scheduled' and ${patients.archivedAt} is null and ${due}`;
  const worklist = (due: SQL) =>
    db
      .select(item)
      .from(followUps)
      .innerJoin(visits, eq(visits.id, followUps.visitId))
      .innerJoin(patients, eq(patients.id, visits.patientId))
      .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
      .where(listed(due))
      .orderBy(asc(followUps.dueDate), asc(patients.familyName), asc(patients.id))
      .limit(sql.placeholder('limit'))
      .prepare();
  const overdueBefore = sql`${followUps.dueDate} < ${sql.placeholder('asOf')}`;
  const overdue = worklist(overdueBefore);
  const countColumns = { n: count() };
  // The list's joins and condition, from a day on.
  const overdueCount = preparedSelect(
    db,
    countColumns,
    db
      .select(countColumns)
      .from(followUps)
      .innerJoin(visits, eq(visits.id, followUps.visitId))
      .innerJoin(patients, eq(patients.id, visits.patientId))
      .innerJoin(clinicians, eq(clinicians.id, visits.clinicianId))
      .where(and(listed(overdueBefore), gte(followUps.dueDate, sql.placeholder('from')))),
  );
  const due = worklist(sql`${followUps.dueDate} between ${sql.placeholder('from')} and ${sql.placeholder('to')}`);
  const insert = preparedInsert(
    db,
    followUps,
    ['visitId', 'position', 'dueDate', 'reason', 'status', 'completedDate', 'outcome', 'notes', 'updatedBy'],
    ['visitId', 'position', 'updatedBy'],
  );
  const update = preparedUpdate(db, followUps, ['position', 'dueDate', 'reason', 'status', 'completedDate', 'outcome', 'updatedBy', 'updatedAt']);
  const transition = preparedUpdate(db, followUps, ['status', 'outcome', 'completedDate', 'notes', 'updatedBy', 'updatedAt']);
  const remove = db.delete(followUps).where(eq(followUps.id, one)).prepare();

  return {
    async get(id) {
      return get.get({ id });
    },
    async idsOf(visitId) {
      return ids.all({ id: visitId }).map((r) => r.id);
    },
    async visitDate(id) {
      return visitDate.get({ id })?.date;
    },
    async overdue(asOf, limit) {
      return overdue.all({ asOf, limit }).map(worklistItem);
    },
    async overdueCount(from, asOf) {
      return overdueCount.get({ from, asOf })?.n ?? 0;
    },
    async due(from, to, limit) {
      return due.all({ from, to, limit }).map(worklistItem);
    },
    async insert(visitId, position, f, by) {
      return insert(f, { visitId, position, updatedBy: by });
    },
    async update(id, position, f, by) {
      update(id, {
        position,
        dueDate: f.dueDate,
        reason: f.reason,
        status: f.status,
        completedDate: f.completedDate ?? null,
        outcome: f.outcome ?? null,
        updatedBy: by,
        updatedAt: nowIso(),
      });
    },
    async transition(id, change, by) {
      transition(id, { ...change, updatedBy: by, updatedAt: nowIso() });
    },
    async delete(id) {
      remove.run({ id });
    },
  };
}

export function handoutRepository(db: Db): HandoutReads & HandoutWrites {
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
  const get = db.select(record).from(handouts).where(eq(handouts.id, one)).prepare();
  const pdf = db.select({ pdf: handouts.pdf }).from(handouts).where(eq(handouts.id, one)).prepare();
  const ofVisit = db.select(record).from(handouts).where(eq(handouts.visitId, one)).orderBy(desc(handouts.createdAt), desc(handouts.id)).prepare();
  const insert = preparedInsert(db, handouts, [
    'visitId',
    'createdAt',
    'createdBy',
    'sha256',
    'size',
    'largePrint',
    'paperSize',
    'templateVersions',
    'kinds',
    'pdf',
  ]);
  return {
    async get(id): Promise<HandoutRecord | undefined> {
      return get.get({ id });
    },
    async pdf(id) {
      return pdf.get({ id })?.pdf;
    },
    async ofVisit(visitId) {
      return ofVisit.all({ id: visitId });
    },
    async insert(h) {
      return insert({ ...h, createdAt: nowIso() });
    },
  };
}

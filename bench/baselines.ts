/**
 * The same work as the services, written by hand against better-sqlite3: no validation, no
 * mapping beyond what SQL returns. The ratio service/baseline is the cost of the layers.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { foldWords } from '@shared/text';

export function rawSearch(db: Database.Database, query: string): unknown[] {
  if (/\d/.test(query)) {
    return db
      .prepare('select id, mrn, given_name, family_name from patients where mrn >= ? collate nocase and mrn < ? || char(1114111) collate nocase limit 25')
      .all(query, query);
  }
  const match = foldWords(query)
    .map((w) => `"${w}"*`)
    .join(' ');
  return db
    .prepare(
      'select p.id, p.mrn, p.given_name, p.family_name from patient_search join patients p on p.id = patient_search.rowid where patient_search match ? order by p.family_name limit 25',
    )
    .all(match);
}

const mrnNumber = `ltrim(substr(mrn, length(rtrim(mrn, '0123456789')) + 1), '0')`;

/** An MRN's number typed alone: the numbers starting with it, shortest first, 25 of them. */
export function rawMrnNumber(db: Database.Database, digits: string): unknown[] {
  const longest = db.prepare(`select length(${mrnNumber}) from patients order by length(${mrnNumber}) desc limit 1`).pluck().get() as number;
  const statement = db.prepare(
    `select id, mrn, given_name, family_name from patients where length(${mrnNumber}) = ? and ${mrnNumber} >= ? and ${mrnNumber} < ? || ':' order by ${mrnNumber}, mrn limit ?`,
  );
  const found: unknown[] = [];
  for (let length = digits.length; length <= longest && found.length < 25; length++) found.push(...statement.all(length, digits, digits, 25 - found.length));
  return found;
}

export function rawChart(db: Database.Database, patientId: number): unknown {
  return {
    patient: db.prepare('select * from patients where id = ?').get(patientId),
    visits: db.prepare('select * from visits where patient_id = ? order by date desc').all(patientId),
    presentations: db.prepare('select * from presentations where visit_id in (select id from visits where patient_id = ?)').all(patientId),
    treatments: db.prepare('select * from treatments where visit_id in (select id from visits where patient_id = ?)').all(patientId),
    followUps: db.prepare('select * from follow_ups where visit_id in (select id from visits where patient_id = ?)').all(patientId),
  };
}

interface VisitLike {
  patientId: number;
  date: string;
  clinicianId: number;
  notes: string;
  presentations: Array<{ type: string; site: string; side?: string; count: number; triggers?: string[] }>;
  treatments: Array<{
    kind: string;
    site: string;
    side?: string;
    lesionsTreated: number;
    anesthesia?: string;
    consent?: boolean;
    performedBy: number;
    details?: object;
  }>;
  followUps: Array<{ dueDate: string; status: string; reason?: string }>;
}

/** Statements prepared once, as a careful hand-written data layer would. */
function saveStatements(db: Database.Database) {
  return {
    visit: db.prepare('insert into visits (key, patient_id, date, clinician_id, notes, created_by, updated_by) values (?, ?, ?, ?, ?, ?, ?)'),
    presentation: db.prepare('insert into presentations (visit_id, position, type, site, side, count, triggers) values (?, ?, ?, ?, ?, ?, ?)'),
    treatment: db.prepare(
      'insert into treatments (visit_id, position, kind, site, side, lesions_treated, anesthesia, consent, performed_by, details) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    followUp: db.prepare('insert into follow_ups (visit_id, position, due_date, reason, status, updated_by) values (?, ?, ?, ?, ?, ?)'),
    newestAudit: db.prepare('select id, hash from audit_log order by id desc limit 1'),
    audit: db.prepare(
      'insert into audit_log (id, at, actor, action, entity, entity_id, detail, user_id, username, role, surface, patient_id, outcome, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
}
const prepared = new WeakMap<Database.Database, ReturnType<typeof saveStatements>>();

export function rawSaveVisit(db: Database.Database, v: VisitLike, i: number): void {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = saveStatements(db)));
  const q = s;
  db.transaction(() => {
    const visitId = q.visit.run(`raw-${process.pid}-${i}-${performance.now()}`, v.patientId, v.date, v.clinicianId, v.notes, 'bench', 'bench').lastInsertRowid;
    v.presentations.forEach((x, n) => q.presentation.run(visitId, n, x.type, x.site, x.side ?? null, x.count, JSON.stringify(x.triggers ?? [])));
    v.treatments.forEach((x, n) =>
      q.treatment.run(
        visitId,
        n,
        x.kind,
        x.site,
        x.side ?? null,
        x.lesionsTreated,
        x.anesthesia ?? null,
        x.consent ? 1 : 0,
        x.performedBy,
        JSON.stringify(x.details ?? {}),
      ),
    );
    v.followUps.forEach((x, n) => q.followUp.run(visitId, n, x.dueDate, x.reason ?? '', x.status, 'bench'));
    // Sealed after the newest row, as the trigger demands.
    const last = q.newestAudit.get() as { id: number; hash: string } | undefined;
    const row = [
      (last?.id ?? 0) + 1,
      new Date().toISOString(),
      'bench (system)',
      'create',
      'visit',
      visitId,
      '',
      null,
      'bench',
      'system',
      'cli',
      v.patientId,
      'ok',
    ];
    const hash = createHash('sha256')
      .update(`${last?.hash ?? '0'.repeat(64)}\n${JSON.stringify(row)}`)
      .digest('hex');
    q.audit.run(...row, hash);
  }).immediate();
}

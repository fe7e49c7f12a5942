/**
 * The audit trail's events beyond writes, each made by a real user on a real database: reading
 * a chart, a visit or a patient, searching, the follow-up list, printing and reprinting a
 * handout, a statistics export, an interchange export and import, on either engine (a backup and
 * a restore, which are about the SQLite file, are in audit-events-file.test.ts).
 * Each leaves exactly one row (one per handout in a batch) naming the user, their role, the
 * surface, the action and the patient.
 */
import { describe, expect, it } from 'vitest';
import { userActor } from '../support/actors';
import { engineServices, rawSql } from '../support/engine';
import { setPracticeContact } from '../support/surface';
import { auditClinic, by, type Row } from '../support/auditClinic';

type TestServices = ReturnType<typeof engineServices>;

const clinic = () => auditClinic(engineServices());

/** The rows a piece of work appended to the audit log. */
async function appended(s: TestServices, work: () => Promise<unknown>): Promise<Row[]> {
  const sql = rawSql(s.store);
  const last = await sql.value('select coalesce(max(id), 0) from audit_log');
  await work();
  return await sql.all<Row>(
    'select user_id as "userId", username, role, surface, action, entity, entity_id as "entityId", patient_id as "patientId", outcome, detail from audit_log where id > ? order by id',
    last,
  );
}

describe('reads', () => {
  it('a chart, a visit and a patient read each leave one row naming the patient, in the unit that read them', async () => {
    const { s, nurse, dermatologist, zoe, visit } = await clinic();
    expect(await appended(s, () => s.chart.get(nurse, { id: zoe.id }))).toEqual([
      { ...by(nurse), action: 'read', entity: 'chart', entityId: zoe.id, patientId: zoe.id, detail: '' },
    ]);
    expect(await appended(s, () => s.visits.get(dermatologist, { id: visit.id }))).toEqual([
      { ...by(dermatologist), action: 'read', entity: 'visit', entityId: visit.id, patientId: zoe.id, detail: '' },
    ]);
    expect(await appended(s, () => s.patients.get(nurse, { id: zoe.id }))).toEqual([
      { ...by(nurse), action: 'read', entity: 'patient', entityId: zoe.id, patientId: zoe.id, detail: '' },
    ]);
    // Nothing was read, so nothing is logged as read.
    expect(await appended(s, () => expect(s.chart.get(nurse, { id: 999 })).rejects.toThrow('Patient 999 does not exist'))).toEqual([]);
  });

  it('a search leaves one row with its query, not its results; an empty box searches nothing', async () => {
    const { s, dermatologist } = await clinic();
    const rows = await appended(s, async () => expect(await s.patients.search(dermatologist, { query: '  nguyen zoe ' })).toHaveLength(1));
    expect(rows).toEqual([{ ...by(dermatologist), action: 'search', entity: 'patient', entityId: null, patientId: null, detail: '  nguyen zoe ' }]);
    expect(await appended(s, () => s.patients.search(dermatologist, { query: '   ' }))).toEqual([]);
  });

  it('the follow-up list leaves one row with its range; the practice manager gets it without the clinical reason and notes', async () => {
    const { s, nurse, manager } = await clinic();
    const range = { from: '2025-06-01', to: '2025-12-31', asOf: '2025-06-15' };
    const detail = '2025-06-01 to 2025-12-31, as of 2025-06-15: 0 overdue, 3 due';

    let forNurse: Awaited<ReturnType<typeof s.followUps.worklist>> | undefined;
    expect(await appended(s, async () => (forNurse = await s.followUps.worklist(nurse, range)))).toEqual([
      { ...by(nurse), action: 'read', entity: 'worklist', entityId: null, patientId: null, detail },
    ]);
    expect(forNurse!.due.map((i) => i.followUp.reason)).toEqual(['Check clearance', '', '']);
    let forManager: typeof forNurse;
    expect(await appended(s, async () => (forManager = await s.followUps.worklist(manager, range)))).toEqual([
      { ...by(manager), action: 'read', entity: 'worklist', entityId: null, patientId: null, detail },
    ]);
    // Who and when stay; the reason and notes are the clinicians' only.
    expect(forManager!.due.map((i) => [i.patient.id, i.followUp.dueDate, i.followUp.reason, i.followUp.notes])).toEqual(
      forNurse!.due.map((i) => [i.patient.id, i.followUp.dueDate, '', '']),
    );
  });

  it('the overdue count beside the menu leaves no row: it shows no patient, and every workstation asks it again after each change', async () => {
    const { s, nurse } = await clinic();
    const asOf = '2026-01-01';
    const overdue = (await s.followUps.worklist(nurse, { from: asOf, to: asOf, asOf })).overdue.length;
    expect(overdue).toBeGreaterThan(0);
    expect(await appended(s, async () => expect(await s.followUps.overdueCount(nurse, { asOf })).toBe(overdue))).toEqual([]);
  });
});

describe('handouts', () => {
  it('a print leaves one row, a reprint one, and a batch reprint one per handout, each naming the patient', async () => {
    const { s, invoke, nurse, dermatologist, admin, zoe, visit } = await clinic();
    await setPracticeContact(s, admin);
    let first = 0;
    const printed = await appended(s, async () => (first = (await s.handouts.create(nurse, { visitId: visit.id })).id));
    expect(printed).toEqual([
      {
        ...by(nurse),
        action: 'create',
        entity: 'handout',
        entityId: first,
        patientId: zoe.id,
        detail: expect.stringMatching(/^visit \d+, sha256 [0-9a-f]{64}$/),
      },
    ]);

    expect(await appended(s, () => invoke(nurse, 'handouts.show', { ids: [first] }))).toEqual([
      { ...by(nurse), action: 'reprint', entity: 'handout', entityId: first, patientId: zoe.id, detail: `visit ${visit.id}` },
    ]);
    const second = (await s.handouts.create(dermatologist, { visitId: visit.id, largePrint: true })).id;
    expect(await appended(s, () => invoke(dermatologist, 'handouts.show', { ids: [first, second] }))).toEqual([
      { ...by(dermatologist), action: 'reprint', entity: 'handout', entityId: first, patientId: zoe.id, detail: `visit ${visit.id}` },
      { ...by(dermatologist), action: 'reprint', entity: 'handout', entityId: second, patientId: zoe.id, detail: `visit ${visit.id}` },
    ]);
  });
});

describe('exports, imports and backups', () => {
  it('a statistics export leaves one row with its format, period and size', async () => {
    const { s, invoke, manager } = await clinic();
    const rows = await appended(s, async () =>
      expect(await invoke(manager, 'stats.export', { from: '2025-01-01', to: '2025-12-31', format: 'csv' })).toMatchObject({ ok: true }),
    );
    expect(rows).toEqual([
      { ...by(manager), action: 'export', entity: 'statistics', entityId: null, patientId: null, detail: 'csv, 2025-01-01 to 2025-12-31, 3 treatments' },
    ]);
  });

  it('an interchange export leaves one row with its counts; importing it elsewhere, one row there', async () => {
    const { s, admin } = await clinic();
    let doc: unknown;
    expect(await appended(s, async () => (doc = await s.interchange.export(admin)))).toEqual([
      {
        ...by(admin),
        action: 'interchange_export',
        entity: 'interchange',
        entityId: null,
        patientId: null,
        detail: '{"clinicians":2,"patients":1,"visits":1}',
      },
    ]);

    const other = engineServices();
    const otherAdmin = await userActor(other, 'admin');
    const rows = await appended(other, () => other.interchange.import(otherAdmin, doc));
    expect(rows).toEqual([
      { ...by(otherAdmin), action: 'import', entity: 'interchange', entityId: null, patientId: null, detail: expect.stringContaining('"patients":1') },
    ]);
  });
});

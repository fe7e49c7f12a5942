/**
 * The visit, follow-up and handout repositories on the practice server against the SQLite
 * file's: the same calls, in the same units of work, give the same answers on both engines.
 * The times each database stamps are masked before comparing, their shape checked first.
 */
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { decisionWords } from '@shared/decisions';
import { triggerRefusal } from '../../src/main/db/faults';
import { openStore } from '../../src/main/db/open';
import { openServerDatabase } from '../../src/main/db/pg/migrate';
import * as pgSchema from '../../src/main/db/pg/schema';
import type { NewPresentation, NewTreatment, Store, WriteTx } from '../../src/main/db/records';
import { openServerStore } from '../../src/main/db/records/pg';
import { visitRepository } from '../../src/main/db/records/pg/visits';
import { testDatabase } from '../support/pgDatabase';
import { tempDir } from '../support/store';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** Both engines, each a new, migrated record, closed after the test. */
async function engines(): Promise<{ file: Store; server: Store }> {
  const file = openStore(join(tempDir(), 'milia.db'), { create: true });
  closers.push(async () => file.close());
  const server = await openServerStore(await testDatabase());
  closers.push(async () => {
    await server.pool.end();
    server.close();
  });
  return { file, server };
}

const stamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const stampedKeys = new Set(['createdAt', 'updatedAt']);

/** The value with every time a database stamped (createdAt, updatedAt) checked for its shape and masked. */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (!stampedKeys.has(k)) return [k, masked(v)];
      expect(v, k).toMatch(stamp);
      return [k, '(stamped)'];
    }),
  );
}

/** What a unit that must be refused was refused with: the trigger's sentence, or the error's message when it was not a trigger. */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return triggerRefusal(error) ?? `not a trigger: ${(error as Error).message}`;
  }
  return 'not refused';
}

const presentation = (over: Partial<NewPresentation> = {}): NewPresentation => ({
  type: 'primary',
  site: 'cheek',
  side: 'left',
  count: 3,
  sizeMm: 1.5,
  distribution: 'grouped',
  triggers: [],
  redFlags: [],
  differentials: [],
  notes: '',
  decision: null,
  decisionNote: '',
  ...over,
});

const treatment = (performedBy: number, over: Partial<NewTreatment> = {}): NewTreatment => ({
  kind: 'extraction',
  site: 'cheek',
  side: 'left',
  lesionsTreated: 3,
  anesthesia: 'topical',
  consent: true,
  performedBy,
  details: { instrument: 'needle' },
  notes: '',
  ...over,
});

/** Two clinicians and four patients, one archived; family names whose byte order is not their alphabetical order. */
async function practice(tx: WriteTx) {
  const ada = await tx.clinicians.insert({ key: 'ada', name: 'Dr Ada Okafor', role: 'dermatologist', active: true });
  const per = await tx.clinicians.insert({ key: 'per', name: 'Per Lindqvist', role: 'nurse', active: true });
  const patient = (mrn: string, givenName: string, familyName: string) =>
    tx.patients.insert({ mrn, givenName, familyName, dateOfBirth: '1980-05-01', sex: 'female', fitzpatrick: null, phone: null, email: null });
  const zoe = await patient('MN-1', 'Zoë', 'Nguyễn');
  const ivan = await patient('MN-2', 'Иван', 'Petrov');
  const bea = await patient('MN-3', 'Bea', 'berg');
  const arne = await patient('MN-4', 'Arne', 'Berg');
  await tx.patients.setArchived(arne, true);
  return { ada, per, zoe, ivan, bea, arne };
}

/** One engine's answers to the same calls, in order, each named. */
async function transcript(store: Store) {
  const said: Array<[string, unknown]> = [];
  const say = (name: string, value: unknown) => said.push([name, value]);
  const { records } = store;
  const who = await records.write(practice);
  const { ada, per, zoe, ivan, bea, arne } = who;

  // Visits: two on one day (the later id first), a draft of each clinician, findings in order.
  const made = await records.write(async (tx) => {
    const first = await tx.visits.create({
      key: 'visit-a',
      patientId: zoe,
      date: '2026-01-10',
      clinicianId: ada,
      notes: 'First',
      pregnancyStatus: 'neither',
      retinoidOverride: null,
      createdBy: 'Dr Ada Okafor (dermatologist)',
    });
    const second = await tx.visits.insert({
      key: 'visit-b',
      patientId: zoe,
      date: '2026-01-10',
      clinicianId: per,
      notes: '',
      pregnancyStatus: null,
      retinoidOverride: 'asked for by the parents',
      createdBy: 'Per Lindqvist (nurse)',
    });
    const plaque = await tx.visits.insert({
      key: 'visit-c',
      patientId: ivan,
      date: '2026-02-01',
      clinicianId: ada,
      notes: 'Plaque',
      pregnancyStatus: null,
      retinoidOverride: null,
      createdBy: 'Dr Ada Okafor (dermatologist)',
    });
    const archived = await tx.visits.insert({
      key: 'visit-d',
      patientId: arne,
      date: '2026-01-05',
      clinicianId: ada,
      notes: '',
      pregnancyStatus: null,
      retinoidOverride: null,
      createdBy: 'Dr Ada Okafor (dermatologist)',
    });
    const later = await tx.visits.insert({
      key: 'visit-e',
      patientId: bea,
      date: '2025-12-01',
      clinicianId: per,
      notes: '',
      pregnancyStatus: null,
      retinoidOverride: null,
      createdBy: 'Per Lindqvist (nurse)',
    });
    const findingsA = await tx.visits.insertFindings(
      first.id,
      [
        presentation({ redFlags: ['growth', 'pain'], triggers: ['burn'] }),
        presentation({ site: 'nose', side: null, sizeMm: null, distribution: null }),
        presentation({ differentials: ['syringoma', 'basal_cell_carcinoma'], notes: 'pearly' }),
        // A form's presentation may carry more than its columns: its old id is not written.
        { ...presentation({ type: 'secondary', decision: 'proceed', decisionNote: 'seen before', redFlags: ['colour_change'] }), id: 1 } as NewPresentation,
      ],
      [treatment(ada), treatment(per, { kind: 'observation', anesthesia: null, consent: null, details: {}, site: 'nose', side: null })],
    );
    const findingsC = await tx.visits.insertFindings(
      plaque,
      [presentation({ type: 'milia_en_plaque', site: 'upper_eyelid', side: 'bilateral' }), presentation({ differentials: ['other'] })],
      [treatment(ada, { kind: 'cryotherapy' }), treatment(ada, { kind: 'cryotherapy', site: 'nose', side: null }), treatment(per, { kind: 'curettage' })],
    );
    const none = await tx.visits.insertFindings(second, [], []);
    const followUps = {
      a0: await tx.followUps.insert(first.id, 0, { dueDate: '2026-02-01', reason: 'check', status: 'scheduled' }, 'Dr Ada Okafor (dermatologist)'),
      a1: await tx.followUps.insert(first.id, 1, { dueDate: '2026-01-20', status: 'scheduled', notes: 'call first' }, 'Dr Ada Okafor (dermatologist)'),
      c0: await tx.followUps.insert(plaque, 0, { dueDate: '2026-01-25', reason: 'plaque', status: 'scheduled' }, 'Per Lindqvist (nurse)'),
      d0: await tx.followUps.insert(archived, 0, { dueDate: '2026-01-01', status: 'scheduled' }, 'Per Lindqvist (nurse)'),
      e0: await tx.followUps.insert(later, 0, { dueDate: '2026-01-20', status: 'scheduled' }, 'Per Lindqvist (nurse)'),
      e1: await tx.followUps.insert(
        later,
        1,
        { dueDate: '2025-12-20', status: 'completed', outcome: 'cleared', completedDate: '2025-12-20' },
        'Per Lindqvist (nurse)',
      ),
    };
    return { first, second, plaque, archived, later, findingsA, findingsC, none, followUps };
  });
  const { first, second, plaque, archived, later, findingsA, followUps } = made;
  say('created', made);
  expect(findingsA.presentations).toHaveLength(4);
  expect([...findingsA.presentations].sort((a, b) => a - b)).toEqual(findingsA.presentations);

  const reads = () =>
    records.read(async (tx) => ({
      ofPatient: await tx.visits.load({ patientId: zoe }),
      plaque: await tx.visits.load({ visitId: plaque }),
      none: await tx.visits.load({ visitId: 999_999 }),
      nobody: await tx.visits.load({ patientId: 999_999 }),
      drafts: await tx.visits.drafts(null),
      draftsOfAda: await tx.visits.drafts(ada),
      draftsOfPer: await tx.visits.drafts(per),
      undecided: await tx.visits.undecided(),
      patientOf: [await tx.visits.patientOf(second), await tx.visits.patientOf(999_999)],
      keyTaken: [await tx.visits.keyTaken('visit-c'), await tx.visits.keyTaken('visit-z')],
      firstDate: [await tx.visits.firstDate(zoe), await tx.visits.firstDate(bea), await tx.visits.firstDate(999_999)],
    }));
  const before = await reads();
  say('reads', before);
  // What create stamped is what the visit reads with.
  const loadedFirst = before.ofPatient.find((v) => v.id === first.id)!;
  expect([loadedFirst.createdAt, loadedFirst.updatedAt]).toEqual([first.createdAt, first.updatedAt]);

  // A draft saved again: its columns changed, its findings replaced.
  const saved = await records.write(async (tx) => {
    const updatedAt = await tx.visits.update(first.id, {
      date: '2026-01-11',
      clinicianId: ada,
      notes: 'First, again',
      pregnancyStatus: null,
      retinoidOverride: null,
      updatedBy: 'Dr Ada Okafor (dermatologist)',
    });
    await tx.visits.deleteFindings(first.id);
    const findings = await tx.visits.insertFindings(first.id, [presentation({ redFlags: ['ulceration'] })], [treatment(per, { lesionsTreated: 5 })]);
    return { updatedAt, findings, visit: (await tx.visits.load({ visitId: first.id }))[0]! };
  });
  say('saved', saved);
  expect(saved.visit.updatedAt).toBe(saved.updatedAt);

  // Signed: C by a dermatologist, D on import with its original signature.
  await records.write(async (tx) => {
    await tx.visits.sign(plaque, { kind: 'signed', byName: 'Dr Ada Okafor', byUser: null, at: '2026-02-01T12:00:00.000Z', original: null });
    await tx.visits.sign(archived, {
      kind: 'import',
      byName: 'Importer',
      byUser: null,
      at: '2026-02-02T08:00:00.000Z',
      original: { byName: 'Dr Elsewhere', at: '2026-01-05T17:00:00.000Z' },
    });
  });
  const signedC = await records.read(async (tx) => tx.visits.load({ visitId: plaque }));
  say('signed', [signedC, await records.read(async (tx) => tx.visits.load({ visitId: archived }))]);

  // A signed visit refuses every change, and the refused unit leaves it as it was.
  const change = {
    date: '2026-02-02',
    clinicianId: ada,
    notes: 'changed',
    pregnancyStatus: null,
    retinoidOverride: null,
    updatedBy: 'Per Lindqvist (nurse)',
  };
  say('refused', [
    await refusal(records.write((tx) => tx.visits.update(plaque, change))),
    await refusal(records.write((tx) => tx.visits.deleteFindings(plaque))),
    await refusal(records.write((tx) => tx.visits.insertFindings(plaque, [presentation()], []))),
    await refusal(records.write((tx) => tx.visits.insertFindings(plaque, [], [treatment(ada)]))),
    await refusal(
      records.write((tx) => tx.visits.sign(plaque, { kind: 'signed', byName: 'Someone', byUser: null, at: '2026-03-01T00:00:00.000Z', original: null })),
    ),
  ]);
  expect(await records.read(async (tx) => tx.visits.load({ visitId: plaque }))).toEqual(signedC);

  // Decided after signing: the decision addendum's decision and note read on the presentation; a plain addendum does not decide.
  const plaqueFinding = signedC[0]!.presentations[0]!;
  const decided = await records.write(async (tx) => {
    const plain = await tx.visits.insertAddendum({
      visitId: plaque,
      text: 'Photographs taken.',
      authorName: 'Per Lindqvist',
      authorUser: null,
      signedAt: '2026-02-03T09:00:00.000Z',
      presentationId: null,
      decision: null,
    });
    const decision = await tx.visits.insertAddendum({
      visitId: plaque,
      text: `${decisionWords(1, plaqueFinding, 'biopsy')} Punch biopsy booked.`,
      authorName: 'Dr Ada Okafor',
      authorUser: null,
      signedAt: '2026-02-03T10:00:00.000Z',
      presentationId: plaqueFinding.id,
      decision: 'biopsy',
    });
    return { plain, decision };
  });
  // A decision addendum names a presentation of its own visit. Refused last of its table: a
  // refused insert leaves a gap in the server's ids (a sequence is not rolled back), where
  // SQLite gives the next row the same id again.
  say(
    'refused addendum',
    await refusal(
      records.write((tx) =>
        tx.visits.insertAddendum({
          visitId: plaque,
          text: 'Wrong visit',
          authorName: 'Dr Ada Okafor',
          authorUser: null,
          signedAt: '2026-02-03T11:00:00.000Z',
          presentationId: saved.findings.presentations[0]!,
          decision: 'biopsy',
        }),
      ),
    ),
  );
  say('addenda', decided);
  const afterDecision = await records.read(async (tx) => ({ plaque: await tx.visits.load({ visitId: plaque }), undecided: await tx.visits.undecided() }));
  say('decided', afterDecision);
  expect(afterDecision.plaque[0]!.presentations[0]).toMatchObject({ decision: 'biopsy', decisionNote: 'Punch biopsy booked.' });
  expect(afterDecision.undecided.map((r) => r.visitId)).not.toContain(plaque);

  // Follow-ups: the worklists' orders (due date, then family name as bytes, then patient) and limits, the archived patient's left out.
  const worklists = () =>
    records.read(async (tx) => ({
      overdue: await tx.followUps.overdue('2026-01-26', 10),
      overdueFirst: await tx.followUps.overdue('2026-01-26', 1),
      due: await tx.followUps.due('2026-01-20', '2026-02-01', 10),
      dueTwo: await tx.followUps.due('2026-01-20', '2026-02-01', 2),
      none: await tx.followUps.due('2027-01-01', '2027-12-31', 10),
      get: [await tx.followUps.get(followUps.a1), await tx.followUps.get(999_999)],
      idsOf: [await tx.followUps.idsOf(first.id), await tx.followUps.idsOf(later), await tx.followUps.idsOf(second)],
      visitDate: [await tx.followUps.visitDate(followUps.c0), await tx.followUps.visitDate(999_999)],
    }));
  say('worklists', await worklists());
  await records.write(async (tx) => {
    await tx.followUps.update(
      followUps.a0,
      1,
      { dueDate: '2026-01-30', reason: 'check again', status: 'completed', outcome: 'improved', completedDate: '2026-01-30' },
      'Per Lindqvist (nurse)',
    );
    await tx.followUps.update(followUps.a1, 0, { dueDate: '2026-01-21', status: 'scheduled' }, 'Per Lindqvist (nurse)');
    // A signed visit's follow-up still moves on: its outcome is a new fact.
    await tx.followUps.transition(followUps.c0, { status: 'missed', outcome: null, completedDate: null, notes: 'no answer' }, 'Per Lindqvist (nurse)');
    await tx.followUps.delete(followUps.e0);
  });
  say('worklists changed', await worklists());

  // Handouts: the PDF's bytes as written, a visit's handouts newest first.
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0a, 0x80, 0x00]);
  const handouts = await records.write(async (tx) => {
    const handout = (pdf: Buffer, largePrint: boolean) =>
      tx.handouts.insert({
        visitId: first.id,
        createdBy: 'Per Lindqvist (nurse)',
        sha256: 'ab'.repeat(32),
        size: pdf.length,
        largePrint,
        paperSize: largePrint ? 'A4' : 'Letter',
        templateVersions: { extraction: '3', cryotherapy: '1' },
        kinds: ['extraction', 'cryotherapy'],
        pdf,
      });
    return [await handout(bytes, false), await handout(Buffer.alloc(0), true)];
  });
  const printed = await records.read(async (tx) => ({
    get: [await tx.handouts.get(handouts[0]!), await tx.handouts.get(999_999)],
    pdf: [await tx.handouts.pdf(handouts[0]!), await tx.handouts.pdf(handouts[1]!), await tx.handouts.pdf(999_999)],
    ofVisit: await tx.handouts.ofVisit(first.id),
    ofOther: await tx.handouts.ofVisit(plaque),
  }));
  say('handouts', { handouts, printed });
  expect(Buffer.isBuffer(printed.pdf[0])).toBe(true);
  expect(printed.pdf[0]!.equals(bytes)).toBe(true);
  expect(printed.ofVisit.map((h) => h.id)).toEqual([...handouts].reverse());

  return { said };
}

describe('visit records on both engines', () => {
  it('answer every call alike: visits, drafts, the Review list, signing and its refusals, decision addenda, follow-ups and handouts', async () => {
    const { file, server } = await engines();
    const sqlite = await transcript(file);
    const pg = await transcript(server);
    expect(pg.said.map(([name]) => name)).toEqual(sqlite.said.map(([name]) => name));
    for (let i = 0; i < sqlite.said.length; i++) {
      const [name, expected] = sqlite.said[i]!;
      expect(masked(pg.said[i]![1]), name).toEqual(masked(expected));
    }
    // The refusals are the triggers' own sentences on both engines.
    const said = new Map(sqlite.said);
    expect(said.get('refused')).toEqual(Array(5).fill('This visit is signed and cannot change; add an addendum instead.'));
    expect(said.get('refused addendum')).toBe('A decision addendum names a presentation of its own visit and the decision.');
  });
});

describe('the Review list on the practice server', () => {
  it('reads its candidates from the partial index presentations_review, not every presentation', async () => {
    const { pool, db } = await openServerDatabase(await testDatabase());
    closers.push(() => pool.end());
    const [clinician] = await db
      .insert(pgSchema.clinicians)
      .values({ key: 'ada', name: 'Dr Ada Okafor', role: 'dermatologist' })
      .returning({ id: pgSchema.clinicians.id });
    const [patient] = await db
      .insert(pgSchema.patients)
      .values({ mrn: 'MN-1', givenName: 'Zoë', familyName: 'Nguyễn', searchName: 'zoe nguyen', dateOfBirth: '1980-05-01', sex: 'female' })
      .returning({ id: pgSchema.patients.id });
    const visitIds = await db
      .insert(pgSchema.visits)
      .values(
        Array.from({ length: 1000 }, (_, i) => ({
          key: `v${i}`,
          patientId: patient!.id,
          date: `20${String(10 + (i % 16)).padStart(2, '0')}-01-01`,
          clinicianId: clinician!.id,
          createdBy: 'Test',
          updatedBy: 'Test',
        })),
      )
      .returning({ id: pgSchema.visits.id });
    // Three presentations a visit; one visit in a hundred has one that needs a decision.
    const rows = visitIds.flatMap(({ id }, i) =>
      [0, 1, 2].map((position) => ({
        visitId: id,
        position,
        type: 'primary' as const,
        site: 'cheek' as const,
        count: 2,
        redFlags: i % 100 === 0 && position === 1 ? ['growth' as const] : [],
        differentials: position === 2 ? ['syringoma' as const] : [],
      })),
    );
    for (let i = 0; i < rows.length; i += 1000) await db.insert(pgSchema.presentations).values(rows.slice(i, i + 1000));
    await pool.query('analyze');

    const statements: { text: string; params: unknown[] }[] = [];
    const logged = drizzle(pool, { schema: pgSchema, logger: { logQuery: (text, params) => statements.push({ text, params }) } });
    expect(await visitRepository(logged).undecided()).toHaveLength(10);
    expect(statements).toHaveLength(1);
    const { text, params } = statements[0]!;
    const plan = (await pool.query<{ 'QUERY PLAN': string }>(`explain ${text}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/presentations_review/);
    expect(plan).not.toMatch(/Seq Scan on presentations/);
  });
});

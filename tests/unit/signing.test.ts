/**
 * Signed visits: a dermatologist signs a draft nothing blocks, and from then on the visit is
 * final, refused by the services (any surface, the command line too) and by the database's
 * triggers; corrections are addenda, each signed by its author, in order. Real users, made
 * as an administrator makes them, on a real record of either engine (the command line, which
 * takes a SQLite file, in signing-file.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { today } from '@shared/calendar';
import type { VisitInput } from '@shared/schemas';
import { userActor } from '../support/actors';
import { engineServices, rawSql } from '../support/engine';
import { recordHash } from '../support/recordHash';
import { testActor as commandLine } from '../support/store';
import { refusal } from '../support/refusal';
import { signingClinic } from '../support/signingClinic';

const clinic = () => signingClinic(engineServices());

const finalVisit = 'Milia Notes: this visit is signed and cannot change; add an addendum instead.';

describe('signing a visit', () => {
  it('records who signed and when; until then the visit is a draft', async () => {
    const { s, okafor, nurse, zoe, input } = await clinic();
    const draft = await s.visits.save(nurse, input());
    expect(draft.signature).toBeNull();
    expect(draft.signBlockers).toEqual([]);

    const before = new Date().toISOString();
    const visit = await s.signing.sign(okafor, { id: draft.id });
    expect(visit.signature).toEqual({ kind: 'signed', byName: 'Dr Ada Okafor', at: expect.any(String), original: null });
    expect(visit.signature!.at >= before && visit.signature!.at <= new Date().toISOString()).toBe(true);
    expect(await s.visits.get(okafor, { id: draft.id })).toEqual(visit);
    expect((await s.chart.get(okafor, { id: zoe.id })).visits[0]!.signature).toEqual(visit.signature);

    const sql = rawSql(s.store);
    expect(await sql.get('select signature_kind, signed_by, signed_by_user from visits')).toEqual({
      signature_kind: 'signed',
      signed_by: 'Dr Ada Okafor',
      signed_by_user: okafor.userId,
    });
    expect(await sql.all("select username, role, patient_id, entity, entity_id from audit_log where action = 'sign'")).toEqual([
      { username: okafor.username, role: 'dermatologist', patient_id: zoe.id, entity: 'visit', entity_id: draft.id },
    ]);
    expect((await refusal(() => s.signing.sign(okafor, { id: draft.id }))).message).toBe(`This visit was already signed by Dr Ada Okafor on ${today()}.`);
  });

  it('lets an administrator with a dermatologist profile sign, but not a nurse, a manager, or the command line, which is nobody', async () => {
    const { s, nurse, input } = await clinic();
    const admin = await userActor(s, 'admin', { clinical: 'dermatologist', name: 'Dr Ines Ward' });
    const manager = await userActor(s, 'manager', { surface: 'browser' });
    const draft = await s.visits.save(nurse, input());
    const unchanged = await recordHash(s.store, { except: ['audit_log'] });

    const asNurse = await refusal(() => s.signing.sign(nurse, { id: draft.id }));
    expect([asNurse.kind, asNurse.message]).toEqual([
      'forbidden',
      'Only a dermatologist can sign visits, write addenda or decide red flags; you are signed in as a nurse.',
    ]);
    const asManager = await refusal(() => s.signing.sign(manager, { id: draft.id }));
    expect(asManager.message).toBe('Only a dermatologist can sign visits, write addenda or decide red flags; you are signed in as a practice manager.');
    const asCommandLine = await refusal(() => s.signing.sign(commandLine, { id: draft.id }));
    expect([asCommandLine.kind, asCommandLine.message]).toEqual(['forbidden', "Signing needs a dermatologist's own account. Use --as USERNAME."]);
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(unchanged);
    expect(await rawSql(s.store).all("select username, outcome from audit_log where action = 'forbidden' order by id")).toEqual([
      { username: nurse.username, outcome: 'forbidden' },
      { username: manager.username, outcome: 'forbidden' },
      { username: 'Test Runner', outcome: 'forbidden' },
    ]);

    const signed = await s.signing.sign(admin, { id: draft.id });
    expect(signed.signature).toMatchObject({ kind: 'signed', byName: 'Dr Ines Ward' });
  });

  it('lists what blocks signing, naming each presentation and treatment, and signs once they are settled', async () => {
    const { s, okafor, nurse, zoe, input } = await clinic();
    const berg = await s.clinicians.save(commandLine, { name: 'Nurse Bo Berg', role: 'nurse' });
    const draft = await s.visits.save(nurse, {
      ...input(),
      presentations: [
        { type: 'primary', site: 'nose', count: 1 },
        { type: 'secondary', site: 'cheek', side: 'right', count: 3 },
      ],
      treatments: [
        { kind: 'topical_retinoid', site: 'nose', lesionsTreated: 0, performedBy: nurse.clinicianId!, details: { product: 'adapalene' } },
        { kind: 'curettage', site: 'cheek', side: 'right', lesionsTreated: 3, anesthesia: 'topical', consent: true, performedBy: berg.id, details: {} },
      ],
    });
    // A record from before consent was required and before an undecided red flag held back curettage, and a performer who has since left.
    await rawSql(s.store).run('update treatments set consent = null where visit_id = ? and kind = ?', draft.id, 'curettage');
    await rawSql(s.store).run(`update presentations set red_flags = '["growth"]' where visit_id = ? and site = ?`, draft.id, 'cheek');
    await s.clinicians.save(commandLine, { id: berg.id, name: berg.name, role: 'nurse', active: false });

    const blockers = [
      'Presentation 2 (Secondary (traumatic) milia, Cheek, right) has a red flag with no decision yet: choose biopsy, referral or proceed.',
      "Treatment 2 (Curettage, Cheek, right) has no recorded consent: record the patient's consent.",
      'Treatment 2 (Curettage, Cheek, right) was performed by Nurse Bo Berg, whose profile is inactive: correct the performer, or ask an administrator to reactivate them.',
    ];
    expect((await s.visits.get(okafor, { id: draft.id })).signBlockers).toEqual(blockers);
    expect((await s.chart.get(okafor, { id: zoe.id })).visits[0]!.signBlockers).toEqual(blockers);
    expect((await s.signing.toSign(okafor, {}))[0]!.signBlockers).toEqual(blockers);
    const unchanged = await recordHash(s.store, { except: ['audit_log'] });
    const refused = await refusal(() => s.signing.sign(okafor, { id: draft.id }));
    expect([refused.kind, refused.message]).toEqual(['conflict', `This visit cannot be signed yet. ${blockers.join(' ')}`]);
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(unchanged);

    const settled = await s.visits.save(okafor, {
      ...input({ id: draft.id, followUps: [] }),
      presentations: [
        { type: 'primary', site: 'nose', count: 1 },
        {
          type: 'secondary',
          site: 'cheek',
          side: 'right',
          count: 3,
          redFlags: ['growth'],
          decision: 'proceed',
          decisionNote: 'Stable for years on photographs.',
        },
      ],
      treatments: [
        {
          kind: 'curettage',
          site: 'cheek',
          side: 'right',
          lesionsTreated: 3,
          anesthesia: 'topical',
          consent: true,
          performedBy: okafor.clinicianId!,
          details: {},
        },
      ],
    });
    expect(settled.signBlockers).toEqual([]);
    expect((await s.signing.sign(okafor, { id: draft.id })).signature).toMatchObject({ kind: 'signed' });
  });

  it('still records a follow-up outcome on a signed visit: it is a new fact', async () => {
    const { s, okafor, nurse, signed } = await clinic();
    const visit = await signed();
    const done = await s.followUps.complete(nurse, { id: visit.followUps[0]!.id, outcome: 'cleared', completedDate: '2026-03-12' });
    expect(done).toMatchObject({ status: 'completed', outcome: 'cleared' });
    const after = await s.visits.get(okafor, { id: visit.id });
    expect(after.signature).toEqual(visit.signature);
    expect(after.followUps[0]).toMatchObject({ status: 'completed', outcome: 'cleared', completedDate: '2026-03-12' });
  });
});

describe('addenda', () => {
  it('are appended under a signed visit in order, each signed by its author, and shown with the visit', async () => {
    const { s, okafor, moreau, zoe, signed } = await clinic();
    const visit = await signed();
    const first = await s.signing.addAddendum(okafor, { visitId: visit.id, text: '  Histology: milium, no atypia.  ' });
    expect(first.addenda).toEqual([
      {
        id: expect.any(Number),
        visitId: visit.id,
        text: 'Histology: milium, no atypia.',
        authorName: 'Dr Ada Okafor',
        signedAt: expect.any(String),
        presentationId: null,
        decision: null,
      },
    ]);
    const second = await s.signing.addAddendum(moreau, { visitId: visit.id, text: 'Reviewed the photographs.\nNo change of plan.' });
    expect(second.addenda.map((a) => [a.authorName, a.text])).toEqual([
      ['Dr Ada Okafor', 'Histology: milium, no atypia.'],
      ['Dr Léa Moreau', 'Reviewed the photographs.\nNo change of plan.'],
    ]);
    expect(second.addenda[0]!.signedAt <= second.addenda[1]!.signedAt).toBe(true);
    // What was signed stays as it was.
    expect({ ...second, addenda: [] }).toEqual({ ...visit, addenda: [] });
    expect((await s.chart.get(moreau, { id: zoe.id })).visits[0]!.addenda).toEqual(second.addenda);
    expect(await rawSql(s.store).column('select author_user from addenda order by id')).toEqual([okafor.userId, moreau.userId]);
    expect(await rawSql(s.store).all("select username, entity, entity_id, patient_id from audit_log where action = 'addendum' order by id")).toEqual([
      { username: okafor.username, entity: 'visit', entity_id: visit.id, patient_id: zoe.id },
      { username: moreau.username, entity: 'visit', entity_id: visit.id, patient_id: zoe.id },
    ]);
  });

  it('are refused on a draft, for a nurse, for the command line, and when empty or too long', async () => {
    const { s, okafor, nurse, input, signed } = await clinic();
    const draft = await s.visits.save(nurse, input());
    const visit = await signed();
    const unchanged = await recordHash(s.store, { except: ['audit_log'] });
    const onDraft = await refusal(() => s.signing.addAddendum(okafor, { visitId: draft.id, text: 'Too early.' }));
    expect([onDraft.kind, onDraft.message]).toEqual(['conflict', 'This visit is still a draft: correct it directly. Addenda are for signed visits.']);
    expect((await refusal(() => s.signing.addAddendum(nurse, { visitId: visit.id, text: 'A note.' }))).kind).toBe('forbidden');
    expect((await refusal(() => s.signing.addAddendum(commandLine, { visitId: visit.id, text: 'A note.' }))).message).toBe(
      "Signing needs a dermatologist's own account. Use --as USERNAME.",
    );
    expect((await refusal(() => s.signing.addAddendum(okafor, { visitId: visit.id, text: '   ' }))).issues).toEqual([
      { path: 'text', message: 'must not be empty' },
    ]);
    expect((await refusal(() => s.signing.addAddendum(okafor, { visitId: visit.id, text: 'x'.repeat(10_001) }))).issues).toEqual([
      { path: 'text', message: 'must be text of at most 10000 characters' },
    ]);
    expect((await refusal(() => s.signing.addAddendum(okafor, { visitId: 999, text: 'Lost.' }))).kind).toBe('not_found');
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(unchanged);
  });
});

describe('the "To sign" list', () => {
  it("gives each dermatologist the drafts of their visits, their own and the nurses', newest first; the command line every draft", async () => {
    const { s, okafor, moreau, nurse, zoe, ivan, input, signed } = await clinic();
    await signed();
    const own = await s.visits.save(okafor, input({ date: '2026-02-01', followUps: [] }));
    const nurses = await s.visits.save(nurse, input({ patientId: ivan.id, date: '2026-02-03', followUps: [] }));
    const other = await s.visits.save(nurse, input({ date: '2026-02-02', clinicianId: moreau.clinicianId!, followUps: [] }));

    const list = await s.signing.toSign(okafor, {});
    expect(list.map((d) => d.visitId)).toEqual([nurses.id, own.id]);
    expect(list[0]).toEqual({
      visitId: nurses.id,
      patient: { id: ivan.id, mrn: ivan.mrn, givenName: 'Иван', familyName: 'Петров', dateOfBirth: '1970-06-01', sex: 'male', archived: false },
      date: '2026-02-03',
      clinicianName: 'Dr Ada Okafor',
      createdBy: 'Nurse Per Lindqvist (nurse)',
      updatedAt: nurses.updatedAt,
      signBlockers: [],
    });
    expect((await s.signing.toSign(moreau, {})).map((d) => [d.visitId, d.patient.id])).toEqual([[other.id, zoe.id]]);
    expect((await s.signing.toSign(commandLine, {})).map((d) => d.visitId)).toEqual([nurses.id, other.id, own.id]);
    expect((await refusal(() => s.signing.toSign(nurse, {}))).kind).toBe('forbidden');

    await s.signing.sign(okafor, { id: own.id });
    expect((await s.signing.toSign(okafor, {})).map((d) => d.visitId)).toEqual([nurses.id]);
  });
});

describe('red-flag decisions', () => {
  it("are a dermatologist's: a nurse documents the red flag and keeps the decision as it was", async () => {
    const { s, okafor, nurse, input, resave } = await clinic();
    type Presentations = NonNullable<VisitInput['presentations']>;
    const flagged: Presentations[number] = { type: 'primary', site: 'cheek', side: 'left', count: 2, redFlags: ['growth'] };
    const decided: Presentations[number] = { ...flagged, decision: 'biopsy', decisionNote: 'Punch biopsy booked.' };
    const rule = 'Only a dermatologist can decide a red flag; leave the decision for them.';
    const before = await recordHash(s.store, { except: ['audit_log'] });
    const deciding = await refusal(() => s.visits.save(nurse, input({ presentations: [decided] })));
    expect([deciding.kind, deciding.message]).toEqual(['forbidden', rule]);
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(before);
    expect(await rawSql(s.store).all("select username, entity, outcome, detail from audit_log where action = 'forbidden'")).toEqual([
      { username: nurse.username, entity: 'visits.sign', outcome: 'forbidden', detail: rule },
    ]);

    // Nothing is extracted until the dermatologist has decided.
    const draft = await s.visits.save(nurse, input({ presentations: [flagged], treatments: [] }));
    expect(draft.pendingReview).toBe(1);
    const reviewed = await s.visits.save(okafor, { ...resave(draft), presentations: [decided] });
    expect(reviewed.presentations[0]).toMatchObject({ decision: 'biopsy', decisionNote: 'Punch biopsy booked.' });

    // The nurse may save the visit again with the decision as the dermatologist left it, and add findings.
    const kept = await s.visits.save(nurse, { ...resave(reviewed), presentations: [{ type: 'primary', site: 'nose', count: 1 }, decided] });
    expect(kept.presentations.map((p) => p.decision)).toEqual([null, 'biopsy']);
    const changes: Presentations[] = [[{ ...decided, decision: 'referral' }], [flagged], [{ ...decided, decisionNote: 'Changed my mind.' }]];
    for (const presentations of changes) {
      const changing = await refusal(() => s.visits.save(nurse, { ...resave(kept), presentations }));
      expect(changing.message).toBe(rule);
    }
    expect((await s.visits.get(okafor, { id: draft.id })).presentations).toEqual(kept.presentations);
  });
});

describe('the database keeps a signed visit final, whatever writes to it', () => {
  it('refuses to change or delete a signed visit, its presentations and treatments, or an addendum', async () => {
    const { s, okafor, input, signed } = await clinic();
    const visit = await signed();
    await s.signing.addAddendum(okafor, { visitId: visit.id, text: 'Histology: milium.' });
    const draft = await s.visits.save(okafor, input({ followUps: [] }));
    const sql = rawSql(s.store);
    const before = await recordHash(s.store);
    const attempts: Array<[string, string]> = [
      [`update visits set notes = 'Forged.' where id = ${visit.id}`, finalVisit],
      [`update visits set signed_at = null where id = ${visit.id}`, finalVisit],
      [`delete from visits where id = ${visit.id}`, finalVisit],
      [`update presentations set count = 60 where visit_id = ${visit.id}`, finalVisit],
      [`delete from presentations where visit_id = ${visit.id}`, finalVisit],
      [`update presentations set visit_id = ${visit.id} where visit_id = ${draft.id}`, finalVisit],
      [`insert into presentations (visit_id, position, type, site, count) values (${visit.id}, 1, 'primary', 'nose', 1)`, finalVisit],
      [`update treatments set consent = false where visit_id = ${visit.id}`, finalVisit],
      [`delete from treatments where visit_id = ${visit.id}`, finalVisit],
      [
        `insert into treatments (visit_id, position, kind, site, lesions_treated, performed_by) values (${visit.id}, 1, 'observation', 'nose', 0, ${okafor.clinicianId})`,
        finalVisit,
      ],
      ["update addenda set text = 'Forged.'", 'Milia Notes: an addendum is signed and cannot change; add another addendum instead.'],
      ['delete from addenda', 'Milia Notes: an addendum is signed and cannot change; add another addendum instead.'],
    ];
    for (const [statement, message] of attempts) await expect(sql.run(statement), statement).rejects.toThrow(message);
    expect(await recordHash(s.store)).toBe(before);
    // A draft stays free to change.
    await sql.run(`update visits set notes = 'Corrected.' where id = ${draft.id}`);
  });
});

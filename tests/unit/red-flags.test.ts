/**
 * Red flags, milia en plaque and a possible basal cell carcinoma wait for a dermatologist's
 * decision: until then nothing destroys the lesion on that visit (through the service and the
 * command line alike), the visit cannot be signed, and the presentation is on the Review list.
 * Real users and a real record of either engine (the command line, which takes a SQLite file,
 * in red-flags-file.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { needsDecision } from '@shared/decisions';
import type { PresentationInput, TreatmentInput } from '@shared/schemas';
import type { Differential, MiliaType, RedFlag } from '@shared/vocabulary';
import { seed } from '../../src/main/seed';
import { engineServices, rawSql } from '../support/engine';
import { recordHash } from '../support/recordHash';
import { testActor as commandLine } from '../support/store';
import { importedRedFlag, redFlagClinic, ulcerated, waitSentence } from '../support/redFlagClinic';
import { refusal } from '../support/refusal';

const clinic = () => redFlagClinic(engineServices());

const observation = (performedBy: number): TreatmentInput => ({ kind: 'observation', site: 'cheek', side: 'left', lesionsTreated: 0, performedBy });

describe('destroying a lesion before the decision', () => {
  it('is refused for every destructive kind (a chemical peel too) while a presentation has a red flag, saving nothing; creams and observation are allowed', async () => {
    const { s, okafor, nurse, ivan, procedure, visit } = await clinic();
    const before = await recordHash(s.store, { except: ['audit_log'] });
    for (const [kind, details] of [
      ['extraction', { instrument: 'needle' }],
      ['curettage', {}],
      ['electrodesiccation', {}],
      ['cryotherapy', { method: 'spray' }],
      ['laser_ablation', { laser: 'co2' }],
      // A peel takes off the skin over the lesion, the upper dermis too at medium depth.
      ['chemical_peel', { agent: 'glycolic', depth: 'epidermal' }],
      ['chemical_peel', { agent: 'tca', depth: 'dermal' }],
    ] as const) {
      for (const actor of [okafor, nurse]) {
        const refused = await refusal(() => s.visits.save(actor, visit([ulcerated], [procedure(kind, details)])));
        expect([refused.kind, refused.message]).toEqual(['validation', waitSentence]);
        expect(refused.issues).toEqual([{ path: 'treatments[0].kind', message: waitSentence.slice('Check the visit: treatments[0].kind: '.length, -1) }]);
      }
    }
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(before);

    const cream: TreatmentInput = {
      kind: 'topical_retinoid',
      site: 'cheek',
      side: 'left',
      lesionsTreated: 0,
      performedBy: okafor.clinicianId!,
      details: { product: 'adapalene' },
    };
    // Ivan: a man in his fifties, whom no pregnancy question holds back from a cream.
    const kept = await s.visits.save(nurse, visit([ulcerated], [observation(okafor.clinicianId!), cream], { patientId: ivan.id }));
    expect(kept.treatments.map((t) => t.kind)).toEqual(['observation', 'topical_retinoid']);
    expect(kept.pendingReview).toBe(1);
  });

  it('is refused when another presentation of the visit waits: milia en plaque, or basal cell carcinoma in the differentials', async () => {
    const { s, okafor, procedure, visit } = await clinic();
    const before = await recordHash(s.store, { except: ['audit_log'] });
    const nose: PresentationInput = { type: 'primary', site: 'nose', count: 1 };
    const cases: Array<[PresentationInput, string]> = [
      [{ type: 'milia_en_plaque', site: 'ear', side: 'right', count: 30 }, 'Milia en plaque, Ear and periauricular skin, right), which is milia en plaque'],
      [
        { type: 'primary', site: 'forehead', count: 1, differentials: ['basal_cell_carcinoma'] },
        'Primary milia, Forehead), which has basal cell carcinoma among its differentials',
      ],
    ];
    for (const [waiting, named] of cases) {
      const refused = await refusal(() => s.visits.save(okafor, visit([nose, waiting], [observation(okafor.clinicianId!), procedure('curettage')])));
      expect(refused.message).toBe(
        `Check the visit: treatments[1].kind: must wait for the decision on presentation 2 (${named}: record a biopsy, a referral or the reason to proceed first.`,
      );
    }
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(before);
  });

  it('is allowed once a dermatologist has decided, and the visit can then be signed', async () => {
    const { s, okafor, procedure, visit } = await clinic();
    const decided: PresentationInput = {
      ...ulcerated,
      decision: 'proceed',
      decisionNote: 'Histology of the neighbouring lesion was a milium; curette and send.',
    };
    const saved = await s.visits.save(
      okafor,
      visit([decided, { type: 'milia_en_plaque', site: 'ear', side: 'right', count: 30, decision: 'referral' }], [procedure('curettage')]),
    );
    expect(saved.treatments.map((t) => t.kind)).toEqual(['curettage']);
    expect(saved.pendingReview).toBe(0);
    expect(saved.signBlockers).toEqual([]);
    expect((await s.signing.sign(okafor, { id: saved.id })).signature).toMatchObject({ kind: 'signed', byName: 'Dr Ada Okafor' });
  });
});

describe('signing before the decision', () => {
  it('is blocked by milia en plaque and by a possible basal cell carcinoma, as by a red flag', async () => {
    const { s, okafor, nurse, visit } = await clinic();
    const draft = await s.visits.save(
      nurse,
      visit(
        [
          { type: 'milia_en_plaque', site: 'ear', side: 'right', count: 30 },
          { type: 'primary', site: 'forehead', count: 1, differentials: ['syringoma', 'basal_cell_carcinoma'] },
          { type: 'primary', site: 'nose', count: 1, differentials: ['syringoma'] },
          { type: 'secondary', site: 'chin', count: 2, triggers: ['burn'], redFlags: ['growth'] },
        ],
        [],
      ),
    );
    const blockers = [
      'Presentation 1 (Milia en plaque, Ear and periauricular skin, right) is milia en plaque with no decision yet: choose biopsy, referral or proceed.',
      'Presentation 2 (Primary milia, Forehead) has basal cell carcinoma among its differentials with no decision yet: choose biopsy, referral or proceed.',
      'Presentation 4 (Secondary (traumatic) milia, Chin) has a red flag with no decision yet: choose biopsy, referral or proceed.',
    ];
    expect(draft.signBlockers).toEqual(blockers);
    expect(draft.pendingReview).toBe(3);
    const before = await recordHash(s.store, { except: ['audit_log'] });
    const refused = await refusal(() => s.signing.sign(okafor, { id: draft.id }));
    expect([refused.kind, refused.message]).toEqual(['conflict', `This visit cannot be signed yet. ${blockers.join(' ')}`]);
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(before);
  });

  it('takes a decision only where one is needed', async () => {
    const { s, okafor, visit } = await clinic();
    const refused = await refusal(() =>
      s.visits.save(okafor, visit([{ type: 'primary', site: 'nose', count: 1, differentials: ['syringoma'], decision: 'biopsy' }], [])),
    );
    expect(refused.message).toBe(
      'Check the visit: presentations[0].decision: is only recorded for a presentation with a red flag, milia en plaque or basal cell carcinoma among its differentials.',
    );
    const plaque = await s.visits.save(okafor, visit([{ type: 'milia_en_plaque', site: 'ear', side: 'left', count: 30, decision: 'biopsy' }], []));
    expect(plaque.presentations[0]!.decision).toBe('biopsy');
  });
});

describe('the Review list', () => {
  it('lists every undecided presentation of every patient, oldest visit first, and counts them without reading them, for dermatologists only', async () => {
    const { s, okafor, nurse, zoe, ivan, visit } = await clinic();
    const later = await s.visits.save(nurse, visit([{ type: 'primary', site: 'nose', count: 1 }, ulcerated], [], { date: '2026-02-01' }));
    const earlier = await s.visits.save(
      nurse,
      visit([{ type: 'milia_en_plaque', site: 'ear', side: 'right', count: 30 }], [], { patientId: ivan.id, date: '2025-11-20' }),
    );
    await s.visits.save(okafor, visit([{ ...ulcerated, decision: 'biopsy' }], [], { date: '2025-10-01' }));

    const list = await s.signing.toReview(okafor, {});
    expect(list).toEqual([
      {
        visitId: earlier.id,
        patient: expect.objectContaining({ id: ivan.id, familyName: 'Петров' }),
        date: '2025-11-20',
        clinicianName: 'Dr Ada Okafor',
        number: 1,
        type: 'milia_en_plaque',
        site: 'ear',
        side: 'right',
        redFlags: [],
        differentials: [],
        reason: 'is milia en plaque',
        signed: null,
      },
      {
        visitId: later.id,
        patient: expect.objectContaining({ id: zoe.id, familyName: 'Nguyễn' }),
        date: '2026-02-01',
        clinicianName: 'Dr Ada Okafor',
        number: 2,
        type: 'primary',
        site: 'cheek',
        side: 'left',
        redFlags: ['ulceration'],
        differentials: ['basal_cell_carcinoma'],
        reason: 'has a red flag',
        signed: null,
      },
    ]);
    expect(await s.signing.toReview(commandLine, {})).toEqual(list);
    expect(await s.signing.reviewCount(okafor, {})).toBe(2);
    for (const call of [() => s.signing.toReview(nurse, {}), () => s.signing.reviewCount(nurse, {})]) {
      const asNurse = await refusal(call);
      expect([asNurse.kind, asNurse.message]).toEqual([
        'forbidden',
        'Only a dermatologist can sign visits, write addenda or decide red flags; you are signed in as a nurse.',
      ]);
    }

    // Deciding takes the presentation off the list.
    await s.visits.save(okafor, {
      ...visit([{ type: 'milia_en_plaque', site: 'ear', side: 'right', count: 30, decision: 'referral' }], [], { patientId: ivan.id, date: '2025-11-20' }),
      id: earlier.id,
    });
    expect((await s.signing.toReview(okafor, {})).map((r) => r.visitId)).toEqual([later.id]);
    expect(await s.signing.reviewCount(okafor, {})).toBe(1);
  });

  it('counts what it lists: a possible carcinoma alone is listed and counted, a decided presentation neither', async () => {
    const { s, okafor, nurse, visit } = await clinic();
    const suspected: PresentationInput = { type: 'primary', site: 'nose', count: 1, differentials: ['basal_cell_carcinoma'] };
    await s.visits.save(nurse, visit([suspected, { type: 'primary', site: 'chin', count: 2 }], []));
    await s.visits.save(okafor, visit([{ ...suspected, decision: 'biopsy' }], [], { date: '2025-10-01' }));
    const list = await s.signing.toReview(okafor, {});
    expect(list.map((r) => [r.number, r.reason])).toEqual([[1, 'has basal cell carcinoma among its differentials']]);
    expect(await s.signing.reviewCount(okafor, {})).toBe(1);
  });

  it('lists imported visits, signed on import with no decision, as every other', async () => {
    const { s, okafor } = await clinic();
    await seed(s.store.records, commandLine, { patients: 30, seed: 3, today: '2025-06-30' });
    type Row = { visitId: number; date: string; position: number; type: MiliaType; redFlags: string; differentials: string };
    const rows = await rawSql(s.store).all<Row>(
      `select v.id as "visitId", v.date, p.position, p.type, p.red_flags as "redFlags", p.differentials
       from presentations p join visits v on v.id = p.visit_id where p.decision is null order by v.date, v.id, p.position`,
    );
    const waiting = rows.filter((r) =>
      needsDecision({ type: r.type, redFlags: JSON.parse(r.redFlags) as RedFlag[], differentials: JSON.parse(r.differentials) as Differential[] }),
    );
    expect(waiting.length).toBeGreaterThan(0);
    const list = await s.signing.toReview(okafor, {});
    expect(list.map((r) => [r.visitId, r.number])).toEqual(waiting.map((r) => [r.visitId, r.position + 1]));
    expect(await s.signing.reviewCount(okafor, {})).toBe(waiting.length);
    expect(new Set(list.map((r) => r.signed))).toEqual(new Set(['import']));
    expect(list.map((r) => r.date)).toEqual([...list.map((r) => r.date)].sort());
  });
});

describe('deciding a signed visit by addendum', () => {
  const imported = () => importedRedFlag(() => engineServices());

  it('takes an imported visit off the Review list; the visit reads decided, the addendum says what was decided and the audit trail records it', async () => {
    const { s, okafor, waiting } = await imported();
    expect([waiting.signed, waiting.number, waiting.reason]).toEqual(['import', 2, 'has a red flag']);

    const visit = await s.signing.addAddendum(okafor, {
      visitId: waiting.visitId,
      text: 'Shave biopsy booked for 3 December.',
      decision: { presentation: 2, decision: 'biopsy' },
    });
    expect(visit.addenda.at(-1)).toMatchObject({
      text: 'Decision on presentation 2 (Primary milia, Cheek, left): Biopsy. Shave biopsy booked for 3 December.',
      authorName: 'Dr Ada Okafor',
      presentationId: visit.presentations[1]!.id,
      decision: 'biopsy',
    });
    expect(visit.presentations[1]).toMatchObject({ decision: 'biopsy', decisionNote: 'Shave biopsy booked for 3 December.' });
    expect(visit.pendingReview).toBe(0);
    expect(await s.signing.toReview(okafor, {})).toEqual([]);
    expect(await s.signing.reviewCount(okafor, {})).toBe(0);
    const { events } = await s.audit.search(commandLine, { from: '2000-01-01', to: '2100-01-01', action: 'addendum', limit: 10 });
    expect(events).toEqual([
      expect.objectContaining({
        actor: 'Dr Ada Okafor (dermatologist)',
        patientId: waiting.patient.id,
        entityId: waiting.visitId,
        outcome: 'ok',
        detail: expect.stringMatching(/^addendum \d+, decision biopsy on presentation 2$/),
      }),
    ]);
  });
});

/**
 * A destructive treatment before the decision, and a decision addendum refused, through the
 * command line (`call` with `--db FILE`): on the SQLite file only. red-flags.test.ts runs the
 * other red-flag tests on both engines.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { testServices } from '../support/store';
import { importedRedFlag, redFlagClinic, ulcerated, waitSentence } from '../support/redFlagClinic';
import { refusal } from '../support/refusal';

const clinic = () => redFlagClinic(testServices());

describe('destroying a lesion before the decision', () => {
  it('is refused through `npm run cli -- call visits.save` with the same sentence, exit 2, nothing saved', async () => {
    const { s, procedure, visit } = await clinic();
    const before = contentHash(s.store);
    const input = JSON.stringify(visit([ulcerated], [procedure('extraction', { instrument: 'needle' })]));
    const run = await runCli(['call', 'visits.save', '--input', '-', '--db', s.dbPath], { input });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { kind: 'validation', message: waitSentence } });
    expect(run.stderr).toBe('');
    expect(contentHash(s.store)).toBe(before);
  });
});

describe('deciding a signed visit by addendum', () => {
  const imported = () => importedRedFlag(() => testServices());

  it('is refused, saving nothing, on a draft, for a presentation that needs none or was decided, for a wrong number, to proceed without a reason, and for a nurse', async () => {
    const { s, okafor, nurse, waiting } = await imported();
    const draft = await s.visits.save(okafor, {
      patientId: waiting.patient.id,
      date: '2026-01-20',
      clinicianId: okafor.clinicianId!,
      presentations: [ulcerated],
      treatments: [],
    });
    const before = contentHash(s.store, { except: ['audit_log'] });
    const tries: Array<[() => Promise<unknown>, string, string]> = [
      [
        () => s.signing.addAddendum(okafor, { visitId: draft.id, text: '', decision: { presentation: 1, decision: 'biopsy' } }),
        'conflict',
        'This visit is still a draft: record the decision on the visit form. Decision addenda are for signed visits.',
      ],
      [
        () => s.signing.addAddendum(okafor, { visitId: waiting.visitId, text: '', decision: { presentation: 1, decision: 'biopsy' } }),
        'conflict',
        'Presentation 1 (Primary milia, Nose) has no red flag, is not milia en plaque and has no possible basal cell carcinoma: it needs no decision.',
      ],
      [
        () => s.signing.addAddendum(okafor, { visitId: waiting.visitId, text: '', decision: { presentation: 3, decision: 'biopsy' } }),
        'validation',
        'This visit has no presentation 3: choose one of its 2 by number.',
      ],
      [
        () => s.signing.addAddendum(nurse, { visitId: waiting.visitId, text: 'Refer.', decision: { presentation: 2, decision: 'referral' } }),
        'forbidden',
        'Only a dermatologist can sign visits, write addenda or decide red flags; you are signed in as a nurse.',
      ],
    ];
    for (const [work, kind, message] of tries) {
      const refused = await refusal(work);
      expect([refused.kind, refused.message]).toEqual([kind, message]);
    }
    const input = JSON.stringify({ visitId: waiting.visitId, text: ' ', decision: { presentation: 2, decision: 'proceed' } });
    const run = await runCli(['call', 'visits.addAddendum', '--input', '-', '--as', okafor.username, '--db', s.dbPath], { input });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'text', message: 'must give the reason to proceed despite the red flag' }] },
    });
    expect(contentHash(s.store, { except: ['audit_log'] })).toBe(before);
    expect((await s.signing.toReview(okafor, {})).map((r) => [r.visitId, r.number])).toEqual([
      [waiting.visitId, 2],
      [draft.id, 1],
    ]);

    await s.signing.addAddendum(okafor, { visitId: waiting.visitId, text: '', decision: { presentation: 2, decision: 'referral' } });
    const again = await refusal(() => s.signing.addAddendum(okafor, { visitId: waiting.visitId, text: '', decision: { presentation: 2, decision: 'biopsy' } }));
    expect([again.kind, again.message]).toEqual(['conflict', 'Presentation 2 (Primary milia, Cheek, left) was already decided: Referral.']);
  });
});

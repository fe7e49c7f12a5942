/**
 * A signed visit is refused through the service and through `call visits.save` at the command
 * line, which works on a SQLite file (`--db FILE`): on that file only. signing.test.ts runs
 * the other signing tests on both engines.
 */
import { describe, expect, it } from 'vitest';
import { today } from '@shared/calendar';
import { runCli } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { testServices } from '../support/store';
import { refusal } from '../support/refusal';
import { signingClinic } from '../support/signingClinic';

const clinic = () => signingClinic(testServices());

describe('signing a visit', () => {
  it('refuses any change to a signed visit through the service, and through the command line, changing nothing', async () => {
    const { s, okafor, nurse, resave, signed } = await clinic();
    const visit = await signed();
    const sentence = `This visit was signed by Dr Ada Okafor on ${today()} and cannot change. Add an addendum instead.`;
    const before = contentHash(s.store);
    for (const actor of [nurse, okafor]) {
      const refused = await refusal(() => s.visits.save(actor, { ...resave(visit), notes: 'Seven milia, not six.' }));
      expect([refused.kind, refused.message]).toEqual(['conflict', sentence]);
    }
    expect(contentHash(s.store)).toBe(before);

    const edit = JSON.stringify({ ...resave(visit), notes: 'Seven milia, not six.' });
    const run = await runCli(['call', 'visits.save', '--input', '-', '--db', s.dbPath], { input: edit });
    expect([run.status, JSON.parse(run.stdout), run.stderr]).toEqual([2, { ok: false, error: { kind: 'conflict', message: sentence } }, '']);
    expect(contentHash(s.store)).toBe(before);
  });
});

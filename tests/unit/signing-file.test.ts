/**
 * A signed visit is refused through the service and through `call visits.save` at the command
 * line, which works on a SQLite file (`--db FILE`): on that file only. signing.test.ts runs
 * the other signing tests on both engines.
 */
import { describe, expect, it } from 'vitest';
import { today } from '@shared/calendar';
import { AppError } from '@shared/errors';
import type { VisitInput } from '@shared/schemas';
import type { Visit } from '@shared/types';
import { userActor } from '../support/actors';
import { runCli } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { testServices } from '../support/store';
import { lidExtraction } from '../support/visitInputs';

async function clinic() {
  const s = testServices();
  const okafor = await userActor(s, 'dermatologist', { name: 'Dr Ada Okafor' });
  const moreau = await userActor(s, 'dermatologist', { name: 'Dr Léa Moreau' });
  const nurse = await userActor(s, 'nurse', { name: 'Nurse Per Lindqvist' });
  const zoe = await s.patients.create(okafor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const ivan = await s.patients.create(okafor, { givenName: 'Иван', familyName: 'Петров', dateOfBirth: '1970-06-01', sex: 'male' });

  /** A visit of Zoë's with Dr Okafor: an extraction by the nurse and a follow-up. */
  const input = (extra: Partial<VisitInput> = {}): VisitInput => ({
    patientId: zoe.id,
    date: '2026-01-15',
    clinicianId: okafor.clinicianId!,
    pregnancyStatus: 'neither',
    notes: 'Six milia left upper lid for a year.',
    presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 }],
    treatments: [lidExtraction(nurse.clinicianId!)],
    followUps: [{ dueDate: '2026-03-12', reason: 'Check clearance', status: 'scheduled' }],
    ...extra,
  });
  /** The input that saves a visit made from `input` again: its stored presentations (decisions too) and follow-ups kept. */
  const resave = (v: Visit): VisitInput =>
    input({
      id: v.id,
      patientId: v.patientId,
      date: v.date,
      clinicianId: v.clinicianId,
      notes: v.notes,
      presentations: v.presentations.map(({ id: _, side, sizeMm: __, distribution: ___, decision, ...p }) => ({
        ...p,
        ...(side !== null && { side }),
        ...(decision !== null && { decision }),
      })),
      followUps: v.followUps.map((f) => ({ id: f.id, dueDate: f.dueDate, reason: f.reason, status: f.status })),
    });
  /** A visit the nurse documented and Dr Okafor signed. */
  const signed = async () => s.signing.sign(okafor, { id: (await s.visits.save(nurse, input())).id });
  return { s, okafor, moreau, nurse, zoe, ivan, input, resave, signed };
}

async function refusal(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('it was not refused');
}

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

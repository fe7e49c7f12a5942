/**
 * Two people editing the same draft (two workstations, or two tabs): the later save, made on
 * the version its editor opened, is refused with what differs, and writes nothing; the person
 * then keeps theirs or takes the other. Never a silent overwrite (hazard log VISIT-CONFLICT).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import type { VisitInput } from '@shared/schemas';
import { userActor } from '../support/actors';
import { engineServices, rawSql } from '../support/engine';
import { lidExtraction } from '../support/visitInputs';

async function twoEditors() {
  const s = engineServices();
  const okafor = await userActor(s, 'dermatologist', { name: 'Dr Ada Okafor' });
  const nurse = await userActor(s, 'nurse', { name: 'Per Lindqvist' });
  const zoe = await s.patients.create(okafor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1961-03-14', sex: 'female' });
  const input = (extra: Partial<VisitInput> = {}): VisitInput => ({
    patientId: zoe.id,
    date: '2026-11-30',
    clinicianId: okafor.clinicianId!,
    notes: 'Six milia left upper lid for a year.',
    presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 }],
    treatments: [lidExtraction(okafor.clinicianId!)],
    ...extra,
  });
  const draft = await s.visits.save(okafor, input());
  // Both open the draft as it is now.
  const opened = (await s.visits.get(okafor, { id: draft.id })).updatedAt;
  return { s, okafor, nurse, input, draft, opened };
}

const refusal = async (saving: Promise<unknown>): Promise<AppError> => {
  const error = await saving.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('a draft saved by someone else since it was opened', () => {
  it('refuses the later save, says who saved and what differs, and writes nothing', async () => {
    const { s, okafor, nurse, input, draft, opened } = await twoEditors();
    await s.visits.save(okafor, input({ id: draft.id, baseUpdatedAt: opened, notes: 'Seven milia; one deroofed.' }));
    const linesBefore = await rawSql(s.store).value<number>('select count(*) from audit_log');

    const error = await refusal(
      s.visits.save(
        nurse,
        input({ id: draft.id, baseUpdatedAt: opened, date: '2026-11-29', presentations: [{ type: 'primary', site: 'cheek', side: 'right', count: 2 }] }),
      ),
    );
    expect(error.kind).toBe('stale');
    expect(error.message).toBe(
      'Dr Ada Okafor (dermatologist) saved this visit after you opened it, so yours was not saved. What differs is listed: keep yours (saved over theirs) or take theirs.',
    );
    expect(error.issues).toEqual([
      { path: 'date', message: 'differs: theirs is 2026-11-30' },
      { path: 'notes', message: 'differ: theirs read "Seven milia; one deroofed."' },
      { path: 'presentations', message: 'differ: theirs: Upper eyelid, left ×6' },
    ]);
    const stored = await s.visits.get(okafor, { id: draft.id });
    expect([stored.date, stored.notes, stored.presentations.map((p) => p.site)]).toEqual(['2026-11-30', 'Seven milia; one deroofed.', ['upper_eyelid']]);
    // Nothing of the refused save, not even its audit line (the read above added one).
    expect(await rawSql(s.store).value<number>("select count(*) from audit_log where action = 'update'")).toBe(1);
    expect(await rawSql(s.store).value<number>('select count(*) from audit_log')).toBe(linesBefore! + 1);
  });

  it('saves over theirs once the person has seen them (the save names the version they saw)', async () => {
    const { s, okafor, nurse, input, draft, opened } = await twoEditors();
    const theirs = await s.visits.save(okafor, input({ id: draft.id, baseUpdatedAt: opened, notes: 'Seven milia.' }));
    await refusal(s.visits.save(nurse, input({ id: draft.id, baseUpdatedAt: opened, notes: 'Eight milia.' })));
    const mine = await s.visits.save(nurse, input({ id: draft.id, baseUpdatedAt: theirs.updatedAt, notes: 'Eight milia.' }));
    expect(mine.notes).toBe('Eight milia.');
  });

  it('lists follow-ups, treatments and the clinician when they differ, and takes the same content saved twice as no conflict', async () => {
    const { s, okafor, nurse, input, draft, opened } = await twoEditors();
    const other = await userActor(s, 'dermatologist', { name: 'Dr Lena Weiß' });
    await s.visits.save(okafor, input({ id: draft.id, baseUpdatedAt: opened, followUps: [{ dueDate: '2026-12-28', reason: '', status: 'scheduled' }] }));
    const error = await refusal(s.visits.save(nurse, input({ id: draft.id, baseUpdatedAt: opened, clinicianId: other.clinicianId!, treatments: [] })));
    expect(error.issues).toEqual([
      { path: 'clinicianId', message: 'differs: theirs is Dr Ada Okafor' },
      { path: 'treatments', message: 'differ: theirs: De-roofing and expression, Upper eyelid, left' },
      { path: 'followUps', message: 'differ: theirs: due 2026-12-28 (scheduled)' },
    ]);
    // The same visit as theirs, from an editor that opened the older version: nothing would be lost.
    const same = await s.visits.save(
      nurse,
      input({
        id: draft.id,
        baseUpdatedAt: opened,
        followUps: [{ dueDate: '2026-12-28', reason: '', status: 'scheduled', id: (await s.visits.get(okafor, { id: draft.id })).followUps[0]!.id }],
      }),
    );
    expect(same.followUps.map((f) => f.dueDate)).toEqual(['2026-12-28']);
  });

  it('refuses a version named for a new visit', async () => {
    const { s, okafor, input, opened } = await twoEditors();
    const error = await refusal(s.visits.save(okafor, input({ baseUpdatedAt: opened })));
    expect(error.kind).toBe('validation');
    expect(error.issues).toEqual([{ path: 'baseUpdatedAt', message: 'is only given with the id of the visit it updates' }]);
  });
});

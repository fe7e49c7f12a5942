import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import type { VisitInput } from '@shared/schemas';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor } from '../support/store';
import { twoSiteVisit, visitPeople } from '../support/visitClinic';

async function clinic() {
  const s = engineServices();
  const people = await visitPeople(s);
  const visit = (extra: Partial<VisitInput> = {}) => twoSiteVisit(people, extra);
  const count = async (table: string) => await rawSql(s.store).value<number>(`select count(*) from ${table}`);
  const counts = async () =>
    Object.fromEntries(await Promise.all(['visits', 'presentations', 'treatments', 'follow_ups'].map(async (t) => [t, await count(t)])));
  return { s, ...people, visit, counts };
}

describe('saving a visit', () => {
  it('stores the visit with every presentation, treatment and follow-up, in order', async () => {
    const { s, visit, nurse } = await clinic();
    const saved = await s.visits.save(actor, visit());
    expect(saved.key).toMatch(/^mn-[0-9a-f-]{36}$/);
    expect(saved.presentations.map((p) => [p.site, p.side, p.count])).toEqual([
      ['upper_eyelid', 'left', 6],
      ['cheek', 'right', 3],
    ]);
    expect(saved.treatments.map((t) => [t.kind, t.consent, t.anesthesia, t.details])).toEqual([
      ['extraction', true, 'none', { instrument: 'needle' }],
      ['topical_retinoid', null, null, { product: 'adapalene' }],
    ]);
    expect(saved.treatments[1]!.performedByName).toBe(nurse.name);
    expect(saved.followUps.map((f) => [f.dueDate, f.status])).toEqual([['2026-03-12', 'scheduled']]);
    expect(await s.visits.get(actor, { id: saved.id })).toEqual(saved);
  });

  it('replaces the findings on update and keeps follow-ups by id', async () => {
    const { s, visit, counts } = await clinic();
    const first = await s.visits.save(actor, visit());
    const followUpId = first.followUps[0]!.id;
    const updated = await s.visits.save(actor, {
      ...visit({ id: first.id, presentations: [{ type: 'primary', site: 'nose', count: 2 }], treatments: [] }),
      followUps: [
        { id: followUpId, dueDate: '2026-04-01', status: 'scheduled' },
        { dueDate: '2026-06-01', status: 'scheduled' },
      ],
    });
    expect(updated.presentations.map((p) => p.site)).toEqual(['nose']);
    expect(updated.followUps.map((f) => [f.id === followUpId, f.dueDate])).toEqual([
      [true, '2026-04-01'],
      [false, '2026-06-01'],
    ]);
    expect(await counts()).toEqual({ visits: 1, presentations: 1, treatments: 0, follow_ups: 2 });
  });

  it('refuses a treatment by an unknown clinician, saving nothing', async () => {
    const { s, visit, counts } = await clinic();
    await s.visits.save(actor, visit());
    const before = await counts();
    const bad = visit({
      treatments: [
        { kind: 'curettage', site: 'nose', lesionsTreated: 2, anesthesia: 'topical', consent: true, performedBy: 1 },
        { kind: 'curettage', site: 'nose', lesionsTreated: 2, anesthesia: 'topical', consent: true, performedBy: 999 },
      ],
    });
    await expect(s.visits.save(actor, bad)).rejects.toThrow(/treatments\[1\]\.performedBy: is not a known clinician/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a procedure without consent, a count of 0 and a paired site without a side, saving nothing', async () => {
    const { s, visit, counts, okafor } = await clinic();
    let error: AppError | undefined;
    try {
      await s.visits.save(
        actor,
        visit({
          presentations: [{ type: 'primary', site: 'cheek', count: 0 }],
          treatments: [{ kind: 'extraction', site: 'nose', lesionsTreated: 1, anesthesia: 'none', performedBy: okafor.id } as never],
        }),
      );
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.kind).toBe('validation');
    expect(error?.issues).toEqual([
      { path: 'presentations[0].count', message: 'must be a whole number from 1 to 500' },
      { path: 'presentations[0].side', message: 'is required for cheek (Cheek), a paired site: choose left, right, bilateral' },
      { path: 'treatments[0].consent', message: "must be true: a procedure needs the patient's recorded consent" },
    ]);
    expect(await counts()).toEqual({ visits: 0, presentations: 0, treatments: 0, follow_ups: 0 });
  });

  it('refuses dates before birth and follow-ups before the visit', async () => {
    const { s, visit } = await clinic();
    await expect(s.visits.save(actor, visit({ date: '1980-01-01' }))).rejects.toThrow(/date: must not be before the date of birth, 1987-03-14/);
    await expect(s.visits.save(actor, visit({ followUps: [{ dueDate: '2026-01-01', status: 'scheduled' }] }))).rejects.toThrow(
      /followUps\[0\]\.dueDate: must not be before the visit/,
    );
  });

  it('refuses a visit for an archived patient and one moved to another patient', async () => {
    const { s, visit, zoe } = await clinic();
    const saved = await s.visits.save(actor, visit());
    const other = await s.patients.create(actor, { givenName: 'A', familyName: 'B', dateOfBirth: '1990-01-01', sex: 'male' });
    await expect(s.visits.save(actor, visit({ id: saved.id, patientId: other.id }))).rejects.toThrow(/cannot move between patients/);
    await s.patients.archive(actor, { id: zoe.id, archived: true });
    await expect(s.visits.save(actor, visit())).rejects.toThrow(/archived/);
  });

  it('counts presentations still waiting for a decision: red-flagged, milia en plaque, possible basal cell carcinoma', async () => {
    const { s, visit } = await clinic();
    const flagged = await s.visits.save(
      actor,
      visit({
        presentations: [
          { type: 'primary', site: 'nose', count: 1, redFlags: ['growth'] },
          { type: 'primary', site: 'chin', count: 1, redFlags: ['ulceration'], decision: 'biopsy' },
          { type: 'milia_en_plaque', site: 'ear', side: 'left', count: 20 },
          { type: 'primary', site: 'forehead', count: 1, differentials: ['basal_cell_carcinoma'] },
          { type: 'primary', site: 'glabella', count: 1, differentials: ['syringoma'] },
        ],
        treatments: [],
      }),
    );
    expect(flagged.pendingReview).toBe(3);
  });
});

describe('follow-up suggestion', () => {
  it('takes the longest interval of the visit’s treatment kinds from the practice settings', async () => {
    const { s } = await clinic();
    expect(await s.visits.suggestFollowUp(actor, { date: '2026-01-15', kinds: ['extraction'] })).toEqual({
      dueDate: '2026-02-12',
      weeks: 4,
      basis: 'extraction',
    });
    expect(await s.visits.suggestFollowUp(actor, { date: '2026-01-15', kinds: ['extraction', 'observation', 'laser_ablation'] })).toEqual({
      dueDate: '2026-04-09',
      weeks: 12,
      basis: 'observation',
    });
    expect(await s.visits.suggestFollowUp(actor, { date: '2026-01-15', kinds: [] })).toEqual({ dueDate: null, weeks: null, basis: null });
    await s.settings.update(actor, { followUpWeeks: { extraction: 2 } });
    expect((await s.visits.suggestFollowUp(actor, { date: '2026-01-15', kinds: ['extraction'] })).dueDate).toBe('2026-01-29');
  });
});

describe('the chart', () => {
  it('lists visits newest first with the lesion history per site, oldest first', async () => {
    const { s, visit, zoe } = await clinic();
    await s.visits.save(actor, visit());
    await s.visits.save(
      actor,
      visit({
        date: '2026-03-12',
        presentations: [
          { type: 'primary', site: 'upper_eyelid', side: 'left', count: 1 },
          { type: 'primary', site: 'upper_eyelid', side: 'left', count: 1 },
        ],
        treatments: [],
        followUps: [],
      }),
    );
    const chart = await s.chart.get(actor, { id: zoe.id });
    expect(chart.patient.givenName).toBe('Zoë');
    expect(chart.visits.map((v) => v.date)).toEqual(['2026-03-12', '2026-01-15']);
    expect(chart.lesionHistory.map((h) => [h.site, h.side, h.points.map((p) => [p.date, p.count])])).toEqual([
      [
        'upper_eyelid',
        'left',
        [
          ['2026-01-15', 6],
          ['2026-03-12', 2],
        ],
      ],
      ['cheek', 'right', [['2026-01-15', 3]]],
    ]);
  });
});

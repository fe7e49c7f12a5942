/**
 * The statistics from roll-ups (migration 0009; drizzle/pg/0003 on the practice server) against
 * the slow reference SQL they replaced (tests/support/statsReference.ts), on a real record of
 * either engine: random practices written through the services, edited and with drafts deleted
 * behind them, and random periods, many of which cut a month at one end or both. Also: what the
 * triggers keep equals a rebuild from the visits. A database file written before 0009 getting
 * its roll-ups from the migration is in stats-fast-file.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PresentationInput } from '@shared/schemas';
import type { Site, TreatmentKind } from '@shared/vocabulary';
import { summarise } from '../../src/main/stats/summary';
import { engineServices, rawSql } from '../support/engine';
import { assertProperty } from '../support/property';
import { keptAndRebuiltOn, referenceOn } from '../support/statsOnEngine';
import { addDays, followUpInput, sideOf, treatmentInput } from '../support/statsInputs';
import { testActor as actor } from '../support/store';

const sites: Site[] = ['forehead', 'nose', 'cheek', 'chin', 'neck', 'scalp', 'trunk', 'upper_limb', 'genital', 'oral_mucosa'];
const kinds: TreatmentKind[] = [
  'observation',
  'extraction',
  'curettage',
  'electrodesiccation',
  'cryotherapy',
  'laser_ablation',
  'chemical_peel',
  'topical_retinoid',
  'other',
];

/** Month ends and starts, where a period's whole months meet its end days. */
const edges = ['2024-10-31', '2024-11-01', '2024-12-31', '2025-01-01', '2025-02-28', '2025-03-01', '2025-11-30', '2025-12-31', '2026-01-01', '2026-06-30'];

/** Days from 2024-06-01 (none after today): the practice's visits fall in about two years, a whole calendar year among them. */
const day = fc.oneof(
  fc.integer({ min: 0, max: 820 }).map((n) => addDays('2024-06-01', n)),
  fc.constantFrom(...edges),
);

const presentation = fc
  .record({
    type: fc.constantFrom('primary', 'secondary', 'milia_en_plaque'),
    site: fc.constantFrom(...sites),
    count: fc.integer({ min: 1, max: 12 }),
    flagged: fc.boolean(),
  })
  .map(
    ({ type, site, count, flagged }): PresentationInput =>
      ({
        type,
        site,
        count,
        ...(sideOf(site) ? { side: sideOf(site) } : {}),
        ...(type === 'secondary' ? { triggers: ['burn'] } : {}),
        ...(flagged ? { redFlags: ['growth'], decision: 'biopsy' } : type === 'milia_en_plaque' ? { decision: 'referral' } : {}),
      }) as PresentationInput,
  );

/** A treatment by one of the three clinicians (index), with lesions up to 9 so visits fall both sides of 14/15. */
const treatment = fc.record({
  kind: fc.constantFrom(...kinds),
  site: fc.constantFrom(...sites),
  lesions: fc.integer({ min: 0, max: 9 }),
  by: fc.integer({ min: 0, max: 2 }),
  depth: fc.constantFrom('epidermal', 'dermal'),
});

const followUp = fc.record({
  after: fc.integer({ min: 0, max: 70 }),
  status: fc.constantFrom('scheduled', 'scheduled', 'completed', 'missed', 'cancelled'),
  outcome: fc.constantFrom('cleared', 'improved', 'unchanged', 'worsened', 'recurred'),
});

const findings = fc.record({
  presentations: fc.array(presentation, { maxLength: 3 }),
  treatments: fc.array(treatment, { maxLength: 4 }),
  followUps: fc.array(followUp, { maxLength: 2 }),
});

const visit = fc.record({ patient: fc.integer({ min: 0, max: 4 }), date: day, findings });

/** After the visits: a draft saved again (new date and findings), or deleted behind the services. */
const edit = fc.oneof(fc.record({ visit: fc.nat(), date: day, findings }), fc.record({ visit: fc.nat(), remove: fc.constant(true) }));

/** A period that often starts or ends inside a month, sometimes on month bounds, sometimes within one month. */
const period = fc
  .record({ start: fc.integer({ min: -20, max: 830 }), length: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 900 })), asOf: day })
  .map(({ start, length, asOf }) => ({ from: addDays('2024-06-01', start), to: addDays('2024-06-01', start + length), asOf }));

/** A period from one month edge to another. */
const edgeToEdge = fc
  .record({ a: fc.constantFrom(...edges), b: fc.constantFrom(...edges), asOf: day })
  .map(({ a, b, asOf }) => (a <= b ? { from: a, to: b, asOf } : { from: b, to: a, asOf }));

const wholeMonths = fc.record({ first: fc.integer({ min: 0, max: 26 }), months: fc.integer({ min: 1, max: 24 }), asOf: day }).map(({ first, months, asOf }) => {
  const start = new Date(Date.UTC(2024, 5 + first, 1));
  const end = new Date(Date.UTC(2024, 5 + first + months, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10), asOf };
});

type Drawn<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Findings = { presentations: PresentationInput[]; treatments: Drawn<typeof treatment>[]; followUps: Drawn<typeof followUp>[] };

async function practice() {
  const s = engineServices();
  const clinicians: { id: number }[] = [];
  for (const name of ['Dr Ada Okafor', 'Nurse Per Lindqvist', 'Dr Ben Mensah']) {
    clinicians.push(await s.clinicians.save(actor, { name, role: name.startsWith('Dr') ? 'dermatologist' : 'nurse' }));
  }
  const patients: { id: number }[] = [];
  for (const givenName of ['Ann', 'Bea', 'Cy', 'Dee', 'Eve']) {
    patients.push(await s.patients.create(actor, { givenName, familyName: 'Tester', dateOfBirth: '1980-01-01', sex: 'female' }));
  }
  const input = (patient: number, date: string, f: Findings, id?: number) => ({
    ...(id === undefined ? {} : { id }),
    patientId: patients[patient]!.id,
    date,
    clinicianId: clinicians[0]!.id,
    pregnancyStatus: 'neither' as const,
    presentations: f.presentations,
    treatments: f.treatments.map((t) => treatmentInput(t, clinicians)),
    followUps: f.followUps.map((u) => followUpInput(u, date)),
  });
  return { s, input };
}

type Period = { from: string; to: string; asOf: string };

async function expectSameFigures(s: ReturnType<typeof engineServices>, periods: Period[]) {
  const reference = await referenceOn(s.store, periods);
  for (const [i, p] of periods.entries()) {
    const slow = summarise(p, reference[i]!);
    expect(await s.stats.summary(actor, p), `${p.from} to ${p.to}, asOf ${p.asOf}`).toEqual(slow);
  }
}

describe('statistics from roll-ups', () => {
  it('agree with the reference SQL on random practices, edits and periods', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.array(visit, { minLength: 1, maxLength: 30 }),
        fc.array(edit, { maxLength: 6 }),
        fc.array(fc.oneof(period, wholeMonths, edgeToEdge), { minLength: 1, maxLength: 6 }),
        async (visits, edits, periods) => {
          const { s, input } = await practice();
          const saved: { id: number; patient: number }[] = [];
          for (const v of visits) saved.push({ id: (await s.visits.save(actor, input(v.patient, v.date, v.findings))).id, patient: v.patient });
          for (const e of edits) {
            const target = saved[e.visit % saved.length]!;
            if ('remove' in e) await rawSql(s.store).run('delete from visits where id = ?', target.id);
            else if (await rawSql(s.store).get('select 1 from visits where id = ?', target.id))
              await s.visits.save(actor, input(target.patient, e.date, e.findings, target.id));
          }
          await expectSameFigures(s, periods);
          const { kept, rebuilt, keptDays, rebuiltDays } = await keptAndRebuiltOn(s.store);
          expect(kept).toEqual(rebuilt);
          expect(keptDays).toEqual(rebuiltDays);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reads a period that cuts both its months, one inside a month, and one of whole months, as the reference does', async () => {
    const { s, input } = await practice();
    const f = (kind: TreatmentKind, lesions: number): Findings => ({
      presentations: [{ type: 'primary', site: 'nose', count: 3 } as PresentationInput],
      treatments: [{ kind, site: 'nose', lesions, by: 0, depth: 'dermal' }],
      followUps: [{ after: 10, status: 'completed', outcome: 'cleared' }],
    });
    // The last day of a month, the first of the next, and days inside months, by the same patient and another.
    for (const [patient, date, kind, lesions] of [
      [0, '2025-10-31', 'curettage', 9],
      [0, '2025-11-01', 'extraction', 2],
      [1, '2025-11-15', 'chemical_peel', 1],
      [1, '2025-12-31', 'cryotherapy', 9],
      [2, '2026-01-01', 'cryotherapy', 9],
      [0, '2026-02-28', 'laser_ablation', 3],
    ] as const)
      await s.visits.save(actor, input(patient, date, f(kind, lesions)));
    await expectSameFigures(s, [
      { from: '2025-10-31', to: '2026-01-01', asOf: '2025-11-12' },
      { from: '2025-11-02', to: '2025-11-30', asOf: '2026-03-01' },
      { from: '2025-11-01', to: '2026-02-28', asOf: '2025-11-01' },
      { from: '2025-10-01', to: '2025-12-31', asOf: '2026-01-01' },
      { from: '2025-11-15', to: '2025-11-15', asOf: '2025-11-15' },
    ]);
  });
});

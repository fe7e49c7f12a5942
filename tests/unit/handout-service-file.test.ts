/**
 * Aftercare is not printed by the command line (`handout` and `call handouts.create`, which
 * take a SQLite file) until the practice's name and phone are set: on that file only.
 * handout-service.test.ts runs the service on both engines.
 */
import { describe, expect, it } from 'vitest';
import type { VisitInput } from '@shared/schemas';
import { isProcedure, peelAgents, peelDepths, retinoidProducts, type TreatmentKind } from '@shared/vocabulary';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, runCli } from '../support/cli';
import { tempDir, testActor as actor, testServices } from '../support/store';

const details: Partial<Record<TreatmentKind, object>> = {
  chemical_peel: { agent: peelAgents.codes[0], depth: peelDepths.codes[0] },
  topical_retinoid: { product: retinoidProducts.codes[0] },
};

/** A practice with a dermatologist and a patient; its name and phones set unless `contact` is false (as a new practice's settings are). */
async function clinic({ contact = true } = {}) {
  const s = testServices();
  if (contact) {
    await s.settings.update(actor, {
      ...(await s.settings.read()),
      practiceName: 'Harbourside Dermatology',
      phone: '0117 496 0123',
      afterHoursPhone: '0117 496 0999',
    });
  }
  const okafor = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const patient = await s.patients.create(actor, { givenName: 'Thị Ánh', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const treatment = (kind: TreatmentKind) =>
    isProcedure(kind)
      ? { kind, site: 'cheek', side: 'left', lesionsTreated: 2, anesthesia: 'none', consent: true, performedBy: okafor.id, details: details[kind] ?? {} }
      : { kind, site: 'cheek', side: 'left', lesionsTreated: 0, performedBy: okafor.id, details: details[kind] ?? {} };
  const visit = async (kinds: TreatmentKind[]) =>
    await s.visits.save(actor, {
      patientId: patient.id,
      date: '2026-01-15',
      clinicianId: okafor.id,
      notes: '',
      pregnancyStatus: 'neither',
      presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 2 }],
      treatments: kinds.map(treatment),
      followUps: [{ dueDate: '2026-03-12', reason: 'Check clearance', status: 'scheduled' }],
    } as VisitInput);
  return { s, patient, visit };
}

describe("printing without the practice's name and phone", () => {
  const both =
    "Aftercare cannot be printed until the practice's name and phone number are set, so that every handout says whom to call: an administrator sets them in Settings → Practice.";

  it('is refused by `npm run cli -- handout` and `call handouts.create` with exit 2 and the same sentence, writing no file', async () => {
    const { s, visit } = await clinic({ contact: false });
    const v = await visit(['cryotherapy']);
    const out = join(tempDir(), 'aftercare.pdf');
    const [written, called] = await Promise.all([
      cli('handout', '--visit', String(v.id), '--out', out, '--db', s.dbPath),
      runCli(['call', 'handouts.create', '--input', '-', '--db', s.dbPath], { input: JSON.stringify({ visitId: v.id }) }),
    ]);
    expect(written).toEqual({ status: 2, stdout: '', stderr: `${both}\n` });
    expect(existsSync(out)).toBe(false);
    expect(called.status).toBe(2);
    expect(called.stderr).toBe('');
    expect(JSON.parse(called.stdout)).toEqual({ ok: false, error: { kind: 'validation', message: both } });
    expect(s.store.sqlite.prepare('select count(*) from handouts').pluck().get()).toBe(0);
  });
});

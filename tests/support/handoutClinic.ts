/**
 * The practice of the handout-service tests, and its visits by treatment kind: shared by
 * handout-service.test.ts (both engines) and handout-service-file.test.ts (the command line over the SQLite file).
 */
import type { VisitInput } from '@shared/schemas';
import { isProcedure, peelAgents, peelDepths, retinoidProducts, type TreatmentKind } from '@shared/vocabulary';
import { testActor as actor } from './store';
import type { ParsingServices } from './surface';

const details: Partial<Record<TreatmentKind, object>> = {
  chemical_peel: { agent: peelAgents.codes[0], depth: peelDepths.codes[0] },
  topical_retinoid: { product: retinoidProducts.codes[0] },
};

/** Over the services `s`: a practice with a dermatologist and a patient; its name and phones set unless `contact` is false (as a new practice's settings are). */
export async function handoutClinic<S extends ParsingServices>(s: S, { contact = true } = {}) {
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

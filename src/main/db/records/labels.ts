/** How the record writes who acted, a patient's columns, and what a patient's name is searched by. */
import { foldText } from '@shared/text';
import type { Actor } from '@shared/types';
import type { NewPatient } from './contract';

/** The actor as `created_by`, `updated_by` and the audit log name them; without a role, the operating-system account at the command line or the app itself (an automatic backup). */
export const actorLabel = (actor: Actor): string => `${actor.name} (${actor.role ?? (actor.surface === 'cli' ? 'command line' : 'system')})`;

/** The folded words of a patient's names, as the search index holds them. */
export const searchName = (givenName: string, familyName: string): string => foldText(`${givenName} ${familyName}`);

/** What the API and the interchange file say of a patient; the optional fields may be left out. */
type PatientFields = Pick<NewPatient, 'givenName' | 'familyName' | 'dateOfBirth' | 'sex'> & {
  [K in 'fitzpatrick' | 'phone' | 'email']?: NewPatient[K] | undefined;
};

/** A patient's columns, a field left out stored as null: the services and the importer write a patient alike. */
export const patientRow = (p: PatientFields, mrn: string): NewPatient => ({
  mrn,
  givenName: p.givenName,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  sex: p.sex,
  fitzpatrick: p.fitzpatrick ?? null,
  phone: p.phone ?? null,
  email: p.email ?? null,
});

/**
 * People's names set apart from the text around them. Each name is its own `<bdi>`, so a
 * right-to-left name (Arabic, Hebrew) reads in its own direction and never drags the comma,
 * date of birth or MRN beside it into its order: "Born 01/10/1990 · MRN MN-000001" stays as
 * written whatever the name. (The services refuse the override characters that could reorder
 * a name from inside; this guards the ordinary right-to-left names they accept.)
 */
import type { PatientSummary } from '@shared/types';

/** A clinician's, a user's or any one-part name. */
export const PersonName = ({ name }: { name: string }) => <bdi>{name}</bdi>;

/**
 * `NGUYEN, Zoë`: the family name first and in capitals, as charts and wristbands show it. Each
 * part is isolated, so a family name in one script and a given name in another keep that order.
 */
export function PatientName({ patient }: { patient: Pick<PatientSummary, 'familyName' | 'givenName'> }) {
  return (
    <>
      <bdi>{patient.familyName.toLocaleUpperCase()}</bdi>, <bdi>{patient.givenName}</bdi>
    </>
  );
}

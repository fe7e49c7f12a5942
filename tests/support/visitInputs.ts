/** The treatment most tests document: six milia of the left upper eyelid expressed with a needle, with consent. */
import type { TreatmentInput } from '@shared/schemas';

export function lidExtraction(performedBy: number): TreatmentInput {
  return {
    kind: 'extraction',
    site: 'upper_eyelid',
    side: 'left',
    lesionsTreated: 6,
    anesthesia: 'none',
    consent: true,
    performedBy,
    details: { instrument: 'needle' },
  };
}

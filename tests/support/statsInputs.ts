/**
 * Random visits' drawn findings made into the services' input, for the property tests of the
 * statistics (stats-fast.test.ts on both engines, pg-stats-rollups.test.ts across them), so that
 * both write their practices alike.
 */
import type { FollowUpInput, TreatmentInput } from '@shared/schemas';
import type { Side, Site, TreatmentKind } from '@shared/vocabulary';

/** The day `days` after the ISO day `iso`. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The side the drawn findings are on: the left, on the sites that have sides. */
export const sideOf = (site: Site): Side | undefined => (site === 'cheek' || site === 'upper_limb' ? 'left' : undefined);

/** A drawn treatment: performed by the clinician at index `by`; a peel of `depth`. */
export interface DrawnTreatment {
  kind: TreatmentKind;
  site: Site;
  lesions: number;
  by: number;
  depth: string;
}

/** A drawn follow-up: due `after` days after the visit. */
export interface DrawnFollowUp {
  after: number;
  status: string;
  outcome: string;
}

/** A drawn treatment as a visit's input, performed by one of `clinicians`. */
export function treatmentInput({ kind, site, lesions, by, depth }: DrawnTreatment, clinicians: readonly { id: number }[]): TreatmentInput {
  const base = { kind, site, ...(sideOf(site) ? { side: sideOf(site) } : {}), performedBy: clinicians[by]!.id };
  if (kind === 'observation' || kind === 'topical_retinoid')
    return { ...base, lesionsTreated: 0, ...(kind === 'topical_retinoid' ? { details: { product: 'tretinoin' } } : {}) } as TreatmentInput;
  return {
    ...base,
    lesionsTreated: lesions,
    anesthesia: 'none',
    consent: true,
    ...(kind === 'chemical_peel' ? { details: { agent: 'salicylic', depth } } : {}),
  } as TreatmentInput;
}

/** A drawn follow-up of a visit on `date` as its input: a completed one completed on its due day. */
export function followUpInput({ after, status, outcome }: DrawnFollowUp, date: string): FollowUpInput {
  const dueDate = addDays(date, after);
  return status === 'completed' ? ({ dueDate, status, outcome, completedDate: dueDate } as FollowUpInput) : ({ dueDate, status } as FollowUpInput);
}

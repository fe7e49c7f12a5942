/**
 * Clinical records in words, for reading a chart or a worklist at a glance. Every label comes
 * from the vocabulary; these helpers only join them.
 */
import type { PatientSummary, Treatment } from '@shared/types';
import { cryoMethods, extractionInstruments, lasers, peelAgents, peelDepths, retinoidProducts } from '@shared/vocabulary';

/** `NGUYEN, Zoë`: family name first and in capitals, as charts and wristbands show it. */
export const patientName = (p: Pick<PatientSummary, 'familyName' | 'givenName'>): string => `${p.familyName.toLocaleUpperCase()}, ${p.givenName}`;

// A first letter of a script written right to left.
const startsRightToLeft = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/**
 * A window title that begins with a right-to-left name opens with a left-to-right mark, so the
 * title bar keeps "NAME, Given · Milia Notes" in that order. A title cannot hold a `<bdi>`, and
 * the isolate characters (FSI, PDI) show as boxes in some title bars; the mark shows nowhere.
 */
export const leftToRightTitle = (title: string): string => (startsRightToLeft.test(title) ? `\u200e${title}` : title);

/** `1 lesion`, `3 lesions`. */
export const countOf = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

type Details = Record<string, unknown>;
const num = (d: Details, key: string): number | undefined => (typeof d[key] === 'number' ? (d[key] as number) : undefined);
const str = (d: Details, key: string): string | undefined => (typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : undefined);

/** A code from one of the detail tables as its label, when the stored code is one of them. */
function labelIn<C extends string>(table: { labels: Record<C, string> }, value: string | undefined): string | undefined {
  return value !== undefined && Object.hasOwn(table.labels, value) ? table.labels[value as C] : undefined;
}

const describers: Record<Treatment['kind'], (d: Details) => Array<string | undefined>> = {
  observation: () => [],
  curettage: () => [],
  electrodesiccation: () => [],
  other: () => [],
  extraction: (d) => [labelIn(extractionInstruments, str(d, 'instrument')), d.extractor === true ? 'comedone extractor used' : undefined],
  cryotherapy: (d) => {
    const seconds = num(d, 'freezeSeconds');
    const cycles = num(d, 'cycles');
    return [labelIn(cryoMethods, str(d, 'method')), seconds ? `${seconds} s freeze` : undefined, cycles ? countOf(cycles, 'cycle') : undefined];
  },
  laser_ablation: (d) => [labelIn(lasers, str(d, 'laser')), str(d, 'settings')],
  chemical_peel: (d) => {
    const percent = num(d, 'concentrationPercent');
    const agent = labelIn(peelAgents, str(d, 'agent'));
    const depth = labelIn(peelDepths, str(d, 'depth'));
    return [agent && percent ? `${agent} ${percent}%` : agent, depth ? `${depth.toLocaleLowerCase()} depth` : undefined];
  },
  topical_retinoid: (d) => {
    const strength = num(d, 'strengthPercent');
    const product = labelIn(retinoidProducts, str(d, 'product'));
    return [product && strength ? `${product} ${strength}%` : product, str(d, 'frequency')];
  },
  oral_minocycline: (d) => {
    const dose = num(d, 'doseMg');
    const weeks = num(d, 'durationWeeks');
    return [dose ? `${dose} mg` : undefined, weeks ? `for ${countOf(weeks, 'week')}` : undefined];
  },
};

/** A treatment's kind-specific details as short phrases: `Spray`, `10 s freeze`, `2 cycles`. */
export function treatmentDetails(t: Pick<Treatment, 'kind' | 'details'>): string[] {
  return describers[t.kind](t.details).filter((s): s is string => s !== undefined);
}

/** The details one kind of treatment records, and only those. */
import { NativeSelect, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useFormContext } from 'react-hook-form';
import { bounds } from '@shared/bounds';
import { cryoMethods, extractionInstruments, lasers, peelAgents, peelDepths, retinoidProducts, type TreatmentKind } from '@shared/vocabulary';
import { fieldError } from '../../lib/messages';
import { optionsOf } from '../../lib/selects';
import { detailLabels, type DetailValues, type VisitValues } from './visitForm';

const extractorOptions = [
  { value: '', label: 'Not recorded' },
  { value: 'yes', label: 'Used' },
  { value: 'no', label: 'Not used' },
];

type Field = { name: keyof DetailValues } & (
  | { select: Array<{ value: string; label: string }>; required?: boolean }
  | { number: { min: number; max: number; step: number } }
  | { text: true; placeholder?: string }
);

const notRecorded = 'Not recorded';
const fieldsByKind: Partial<Record<TreatmentKind, Field[]>> = {
  extraction: [
    { name: 'instrument', select: optionsOf(extractionInstruments, notRecorded) },
    { name: 'extractor', select: extractorOptions },
  ],
  cryotherapy: [
    { name: 'method', select: optionsOf(cryoMethods, notRecorded) },
    { name: 'freezeSeconds', number: { ...bounds.freezeSeconds, step: 1 } },
    { name: 'cycles', number: { ...bounds.cycles, step: 1 } },
  ],
  laser_ablation: [
    { name: 'laser', select: optionsOf(lasers, notRecorded) },
    { name: 'settings', text: true, placeholder: 'e.g. 2 mJ, 1 pass' },
  ],
  chemical_peel: [
    { name: 'agent', select: optionsOf(peelAgents, 'Choose…'), required: true },
    { name: 'concentrationPercent', number: { ...bounds.concentrationPercent, step: 0.1 } },
    { name: 'depth', select: optionsOf(peelDepths, 'Choose…'), required: true },
  ],
  topical_retinoid: [
    { name: 'product', select: optionsOf(retinoidProducts, 'Choose…'), required: true },
    { name: 'strengthPercent', number: { ...bounds.strengthPercent, step: 0.001 } },
    { name: 'frequency', text: true, placeholder: 'e.g. every night' },
  ],
  oral_minocycline: [
    { name: 'doseMg', number: { ...bounds.doseMg, step: 1 } },
    { name: 'durationWeeks', number: { ...bounds.durationWeeks, step: 1 } },
  ],
};

/** Whether a kind requires one of its details (so that they are not tucked away). */
export const hasRequiredDetails = (kind: TreatmentKind): boolean => (fieldsByKind[kind] ?? []).some((f) => 'required' in f && f.required === true);

export function TreatmentDetailsFields({ kind, index }: { kind: TreatmentKind; index: number }) {
  const {
    register,
    formState: { errors },
  } = useFormContext<VisitValues>();
  const fields = fieldsByKind[kind];
  if (!fields) return null;
  const detailErrors = errors.treatments?.[index]?.details;

  const input = (f: Field): ReactNode => {
    const label = detailLabels[f.name];
    const props = { label, ...register(`treatments.${index}.details.${f.name}`), error: fieldError(detailErrors?.[f.name], label) };
    if ('select' in f) return <NativeSelect key={f.name} data={f.select} required={f.required} {...props} />;
    if ('number' in f) return <TextInput key={f.name} type="number" inputMode="decimal" {...f.number} {...props} />;
    return <TextInput key={f.name} placeholder={f.placeholder} {...props} />;
  };
  return <div className="visit-fields">{fields.map(input)}</div>;
}

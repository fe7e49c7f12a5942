/** The details one kind of treatment records, and only those. */
import { NativeSelect, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useFormContext } from 'react-hook-form';
import { bounds } from '@shared/bounds';
import { cryoMethods, extractionInstruments, lasers, peelAgents, peelDepths, retinoidProducts, type TreatmentKind } from '@shared/vocabulary';
import { fieldError } from '../../lib/messages';
import { optionsOf } from '../../lib/selects';
import type { DetailValues, VisitValues } from './visitForm';

const extractorOptions = [
  { value: '', label: 'Not recorded' },
  { value: 'yes', label: 'Used' },
  { value: 'no', label: 'Not used' },
];

type Field = { name: keyof DetailValues; label: string } & (
  | { select: Array<{ value: string; label: string }>; required?: boolean }
  | { number: { min: number; max: number; step: number } }
  | { text: true; placeholder?: string }
);

const notRecorded = 'Not recorded';
const fieldsByKind: Partial<Record<TreatmentKind, Field[]>> = {
  extraction: [
    { name: 'instrument', label: 'Instrument', select: optionsOf(extractionInstruments, notRecorded) },
    { name: 'extractor', label: 'Comedone extractor', select: extractorOptions },
  ],
  cryotherapy: [
    { name: 'method', label: 'Method', select: optionsOf(cryoMethods, notRecorded) },
    { name: 'freezeSeconds', label: 'Freeze (seconds)', number: { ...bounds.freezeSeconds, step: 1 } },
    { name: 'cycles', label: 'Cycles', number: { ...bounds.cycles, step: 1 } },
  ],
  laser_ablation: [
    { name: 'laser', label: 'Laser', select: optionsOf(lasers, notRecorded) },
    { name: 'settings', label: 'Settings', text: true, placeholder: 'e.g. 2 mJ, 1 pass' },
  ],
  chemical_peel: [
    { name: 'agent', label: 'Agent', select: optionsOf(peelAgents, 'Choose…'), required: true },
    { name: 'concentrationPercent', label: 'Concentration (%)', number: { ...bounds.concentrationPercent, step: 0.1 } },
    { name: 'depth', label: 'Depth', select: optionsOf(peelDepths, 'Choose…'), required: true },
  ],
  topical_retinoid: [
    { name: 'product', label: 'Product', select: optionsOf(retinoidProducts, 'Choose…'), required: true },
    { name: 'strengthPercent', label: 'Strength (%)', number: { ...bounds.strengthPercent, step: 0.001 } },
    { name: 'frequency', label: 'Frequency', text: true, placeholder: 'e.g. every night' },
  ],
  oral_minocycline: [
    { name: 'doseMg', label: 'Dose (mg)', number: { ...bounds.doseMg, step: 1 } },
    { name: 'durationWeeks', label: 'Duration (weeks)', number: { ...bounds.durationWeeks, step: 1 } },
  ],
};

export function TreatmentDetailsFields({ kind, index }: { kind: TreatmentKind; index: number }) {
  const {
    register,
    formState: { errors },
  } = useFormContext<VisitValues>();
  const fields = fieldsByKind[kind];
  if (!fields) return null;
  const detailErrors = errors.treatments?.[index]?.details;

  const input = (f: Field): ReactNode => {
    const props = { label: f.label, ...register(`treatments.${index}.details.${f.name}`), error: fieldError(detailErrors?.[f.name], f.label) };
    if ('select' in f) return <NativeSelect key={f.name} data={f.select} required={f.required} {...props} />;
    if ('number' in f) return <TextInput key={f.name} type="number" inputMode="decimal" {...f.number} {...props} />;
    return <TextInput key={f.name} placeholder={f.placeholder} {...props} />;
  };
  return <div className="visit-fields">{fields.map(input)}</div>;
}

/**
 * The visit's procedure defaults: the anaesthesia and the consent each new procedure starts
 * with, so that two treated sites are not asked twice. Changing a default carries it to the
 * treatments that still had the previous default (as the visit's clinician carries to
 * "Performed by"); one changed by hand keeps its own.
 */
import { Checkbox, Fieldset, NativeSelect } from '@mantine/core';
import { useRef } from 'react';
import { useFormContext } from 'react-hook-form';
import { anesthesias, isProcedure } from '@shared/vocabulary';
import { optionsOf } from '../../lib/selects';
import type { VisitValues } from './visitForm';

const anesthesiaOptions = optionsOf(anesthesias, 'Choose per treatment');

export function ProcedureDefaults() {
  const { register, getValues, setValue } = useFormContext<VisitValues>();
  const previous = useRef({ anesthesia: getValues('defaultAnesthesia'), consent: getValues('defaultConsent') });

  const followAnesthesia = (next: string) => {
    getValues('treatments').forEach((t, i) => {
      if (t.kind !== '' && isProcedure(t.kind) && t.anesthesia === previous.current.anesthesia)
        setValue(`treatments.${i}.anesthesia`, next as VisitValues['defaultAnesthesia'], { shouldDirty: true });
    });
    previous.current.anesthesia = next as VisitValues['defaultAnesthesia'];
  };
  const followConsent = (next: boolean) => {
    getValues('treatments').forEach((t, i) => {
      if (t.consent === previous.current.consent)
        setValue(`treatments.${i}.consent`, next, { shouldDirty: true, shouldValidate: getValues(`treatments.${i}.kind`) !== '' });
    });
    previous.current.consent = next;
  };

  return (
    <Fieldset legend="Procedure defaults" className="visit-defaults">
      <NativeSelect
        label="Anaesthesia for new procedures"
        data={anesthesiaOptions}
        {...register('defaultAnesthesia', { onChange: (event: { target: HTMLSelectElement }) => followAnesthesia(event.target.value) })}
      />
      <Checkbox
        label="Consent obtained for today's procedures"
        {...register('defaultConsent', { onChange: (event: { target: HTMLInputElement }) => followConsent(event.target.checked) })}
      />
    </Fieldset>
  );
}

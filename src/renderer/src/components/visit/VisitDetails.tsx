/** Who saw the patient, on which day, and the visit's own notes. */
import { NativeSelect, Paper, Textarea, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { asksPregnancy } from '@shared/pregnancy';
import type { Clinician, Patient } from '@shared/types';
import { pregnancyStatuses } from '@shared/vocabulary';
import { fieldError } from '../../lib/messages';
import { clinicianOptions } from './clinicians';
import type { VisitValues } from './visitForm';

export function VisitDetails({ clinicians, patient }: { clinicians: readonly Clinician[]; patient: Patient }) {
  const {
    register,
    getValues,
    setValue,
    control,
    formState: { errors },
  } = useFormContext<VisitValues>();
  // Asked only of those it applies to on the visit's date; the service refuses a retinoid or minocycline until it is answered.
  const asked = asksPregnancy(patient, useWatch({ control, name: 'date' }));
  // The visit's own clinician stays listed even if no longer active.
  const [options] = useState(() => clinicianOptions(clinicians, [getValues('clinicianId')]));
  const previous = useRef(getValues('clinicianId'));

  /** Treatments still credited to the previous clinician move with the visit to the new one. */
  const followClinician = (next: string) => {
    getValues('treatments').forEach((t, i) => {
      if (t.performedBy === previous.current) setValue(`treatments.${i}.performedBy`, next, { shouldDirty: true });
    });
    previous.current = next;
  };

  return (
    <Paper withBorder p="md" className="visit-details">
      <NativeSelect
        label="Clinician"
        required
        data={options}
        {...register('clinicianId', { onChange: (event: { target: HTMLSelectElement }) => followClinician(event.target.value) })}
        error={fieldError(errors.clinicianId, 'Clinician')}
      />
      <TextInput label="Visit date" type="date" required {...register('date')} error={fieldError(errors.date, 'Visit date')} />
      {asked && (
        <NativeSelect
          label="Pregnant or breastfeeding"
          description="Asked before a retinoid or minocycline"
          data={[{ value: '', label: 'Not recorded' }, ...pregnancyStatuses.codes.map((code) => ({ value: code, label: pregnancyStatuses.label(code) }))]}
          {...register('pregnancyStatus')}
          error={fieldError(errors.pregnancyStatus, 'Pregnant or breastfeeding')}
        />
      )}
      <Textarea
        className="visit-details__notes"
        label="Notes"
        autosize
        minRows={1}
        maxRows={8}
        {...register('notes')}
        error={fieldError(errors.notes, 'Notes')}
      />
    </Paper>
  );
}

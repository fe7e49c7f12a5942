/** Who saw the patient, on which day, and the visit's own notes. */
import { NativeSelect, Paper, Textarea, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import type { Clinician } from '@shared/types';
import { fieldError } from '../../lib/messages';
import { clinicianOptions } from './clinicians';
import type { VisitValues } from './visitForm';

export function VisitDetails({ clinicians }: { clinicians: readonly Clinician[] }) {
  const {
    register,
    getValues,
    setValue,
    formState: { errors },
  } = useFormContext<VisitValues>();
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

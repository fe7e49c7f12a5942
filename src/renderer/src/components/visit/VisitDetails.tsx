/** Who saw the patient, on which day, and the visit's own notes. */
import { NativeSelect, Paper, Textarea, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { differenceInYears, parseISO } from 'date-fns';
import { asksPregnancy } from '@shared/pregnancy';
import type { Clinician, Patient } from '@shared/types';
import { pregnancyStatuses } from '@shared/vocabulary';
import { readBack } from '../../lib/dates';
import { fieldError } from '../../lib/messages';
import { useMay } from '../../session/context';
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
  const date = useWatch({ control, name: 'date' });
  const asked = asksPregnancy(patient, date);
  // A topical retinoid for a child under 12 needs a dermatologist's reason (audited, printed nowhere); others see it read-only.
  const may = useMay();
  const retinoid = useWatch({ control, name: 'treatments' }).some((t) => t.kind === 'topical_retinoid');
  const child = /^\d{4}-\d{2}-\d{2}$/.test(date) && differenceInYears(parseISO(date), parseISO(patient.dateOfBirth)) < 12;
  const override = useWatch({ control, name: 'retinoidOverride' });
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
      <TextInput label="Visit date" type="date" required description={readBack(date)} {...register('date')} error={fieldError(errors.date, 'Visit date')} />
      {asked && (
        <NativeSelect
          label="Pregnant or breastfeeding"
          description="Asked before a retinoid or minocycline"
          data={[{ value: '', label: 'Not recorded' }, ...pregnancyStatuses.codes.map((code) => ({ value: code, label: pregnancyStatuses.label(code) }))]}
          {...register('pregnancyStatus')}
          error={fieldError(errors.pregnancyStatus, 'Pregnant or breastfeeding')}
        />
      )}
      {((child && retinoid) || override !== '') && (
        <TextInput
          label="Reason to give a retinoid under 12"
          description="Dermatologists only; recorded in the audit trail, never printed"
          readOnly={!may('visits.sign')}
          {...register('retinoidOverride')}
          error={fieldError(errors.retinoidOverride, 'Reason to give a retinoid under 12')}
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

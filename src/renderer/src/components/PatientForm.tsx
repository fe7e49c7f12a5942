/**
 * A patient's identity and contact details, new or existing. Checked on saving (and then
 * again as each fault is corrected) with the service's own schema, so the message at a field
 * is the one the service would give; what only the service can know (an MRN already taken,
 * a birth date in the future) comes back from it and is shown at the same field.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { isIsoDate } from '@shared/fields';
import { PatientCreate } from '@shared/schemas';
import type { Patient } from '@shared/types';
import { fitzpatrickTypes, sexes } from '@shared/vocabulary';
import { useApiMutation } from '../api';
import { ageOn, formatDate, todayIso } from '../lib/dates';
import { showFailure } from '../lib/forms';
import { fieldError } from '../lib/messages';
import { blankIsMissing, optionsOf } from '../lib/selects';

type Values = z.input<typeof PatientCreate>;
type Parsed = z.output<typeof PatientCreate>;

const sexOptions = optionsOf(sexes, 'Choose…');
const fitzpatrickOptions = [{ value: '', label: 'Not recorded' }, ...fitzpatrickTypes.map((n) => ({ value: String(n), label: `Type ${n}` }))];

const toValues = (p: Patient): Values => ({
  mrn: p.mrn,
  givenName: p.givenName,
  familyName: p.familyName,
  dateOfBirth: p.dateOfBirth,
  sex: p.sex,
  fitzpatrick: p.fitzpatrick ?? undefined,
  phone: p.phone ?? '',
  email: p.email ?? '',
});

interface PatientFormProps {
  /** The patient to edit; a new patient when absent. */
  patient?: Patient;
  onSaved(patient: Patient): void;
  onCancel(): void;
}

export function PatientForm({ patient, onSaved, onCancel }: PatientFormProps) {
  const create = useApiMutation('patients.create');
  const update = useApiMutation('patients.update');
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, Parsed>({
    resolver: zodResolver(PatientCreate),
    defaultValues: patient ? toValues(patient) : { phone: '', email: '' },
  });

  const save = async (values: Parsed) => {
    setFailure(null);
    try {
      const saved = patient ? await update.mutateAsync({ ...values, id: patient.id, mrn: values.mrn ?? patient.mrn }) : await create.mutateAsync(values);
      onSaved(saved);
    } catch (error) {
      setFailure(showFailure(error, setError));
    }
  };

  const dateOfBirth = watch('dateOfBirth');
  // The date in words (the field's order is the computer's, not the practice's), and the age it gives.
  const born = typeof dateOfBirth === 'string' && isIsoDate(dateOfBirth) ? formatDate(dateOfBirth) : undefined;
  const age = born && dateOfBirth <= todayIso() ? `${born}, age today ${ageOn(dateOfBirth)}` : born;

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(save)(event)}>
      <Stack gap="md">
        {failure && (
          <Alert color="red" variant="light" role="alert" title="The patient was not saved">
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          <TextInput label="Given name" required autoComplete="off" {...register('givenName')} error={fieldError(errors.givenName, 'Given name')} />
          <TextInput label="Family name" required autoComplete="off" {...register('familyName')} error={fieldError(errors.familyName, 'Family name')} />
          <TextInput
            label="Date of birth"
            type="date"
            required
            max={todayIso()}
            description={age}
            {...register('dateOfBirth', { setValueAs: blankIsMissing })}
            error={fieldError(errors.dateOfBirth, 'Date of birth')}
          />
          <NativeSelect label="Sex" required data={sexOptions} {...register('sex', { setValueAs: blankIsMissing })} error={fieldError(errors.sex, 'Sex')} />
          <TextInput
            label="MRN"
            description={patient ? 'The medical record number; it must stay unique' : 'Leave empty to give the next number'}
            required={Boolean(patient)}
            autoComplete="off"
            spellCheck={false}
            {...register('mrn', { setValueAs: patient ? undefined : blankIsMissing })}
            error={fieldError(errors.mrn, 'MRN')}
          />
          <NativeSelect
            label="Fitzpatrick skin type"
            data={fitzpatrickOptions}
            {...register('fitzpatrick', { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) })}
            error={fieldError(errors.fitzpatrick, 'Fitzpatrick skin type')}
          />
          <TextInput label="Phone" type="tel" autoComplete="off" {...register('phone')} error={fieldError(errors.phone, 'Phone')} />
          <TextInput label="Email" type="email" autoComplete="off" {...register('email')} error={fieldError(errors.email, 'Email')} />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit" loading={isSubmitting}>
            Save patient
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

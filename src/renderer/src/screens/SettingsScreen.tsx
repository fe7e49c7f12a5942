/**
 * The practice's settings: how it is named on handouts, which diagnosis code it uses, how
 * long after each kind of treatment a follow-up is suggested, how long an unused screen
 * stays unlocked, and where backups go; below
 * the form, where the record is (this computer or the practice server), and the backups
 * themselves (taken now, listed, restored).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useSearchParams } from 'react-router';
import { bounds } from '@shared/bounds';
import { paperSizes, SettingsInput, type Settings } from '@shared/schemas';
import { dateOrderLabels, dateOrders } from '@shared/typedDates';
import { diagnosisCodes, snomedMilia, treatmentKinds } from '@shared/vocabulary';
import { useApiMutation, useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { BackupFolderField } from '../components/settings/BackupFolderField';
import { BackupsPanel } from '../components/settings/BackupsPanel';
import { RecordPanel } from '../components/settings/RecordPanel';
import { notifySaved } from '../lib/notify';
import { useUnsavedChanges } from '../lib/unsaved';
import { showFailure } from '../lib/forms';
import { fieldError } from '../lib/messages';
import { optionsOf } from '../lib/selects';

const paperOptions = paperSizes.map((size) => ({ value: size, label: size }));

export function SettingsScreen() {
  useDocumentTitle('Settings · Milia Notes');
  const settings = useApiQuery('settings.get', {});
  if (settings.isPending) return <Loading label="Loading the settings…" />;
  if (settings.isError) return <LoadFailure title="The settings could not be loaded" error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <Stack gap="lg" maw={820}>
      <SettingsForm settings={settings.data} />
      <RecordPanel />
      <BackupsPanel />
    </Stack>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const update = useApiMutation('settings.update');
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    setFocus,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<SettingsInput, unknown, Settings>({ resolver: zodResolver(SettingsInput), defaultValues: settings });
  // Signing out or switching user asks first while there are unsaved changes.
  useUnsavedChanges(isDirty);

  // Sent here by the failed-backup banner: the backup folder is what to check.
  const [params] = useSearchParams();
  const section = params.get('section');
  useEffect(() => {
    if (section === 'backups') setFocus('backupFolder');
  }, [section, setFocus]);

  const save = async (values: Settings) => {
    setFailure(null);
    try {
      reset(await update.mutateAsync(values));
      notifySaved('Settings saved.');
    } catch (error) {
      setFailure(showFailure(error, setError));
    }
  };

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(save)(event)}>
      <Stack gap="lg">
        <Title order={2}>Settings</Title>
        {failure && (
          <Alert color="red" variant="light" role="alert" title="The settings were not saved">
            {failure}
          </Alert>
        )}
        <Fieldset legend="Practice">
          <Text size="sm" c="dimmed" mb="sm">
            Printed at the top of aftercare handouts, with the after-hours number patients should call with a problem.
          </Text>
          <Stack gap="sm">
            <TextInput label="Practice name" {...register('practiceName')} error={fieldError(errors.practiceName, 'Practice name')} />
            <Textarea label="Address" autosize minRows={2} maxRows={5} {...register('address')} error={fieldError(errors.address, 'Address')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput label="Phone" type="tel" {...register('phone')} error={fieldError(errors.phone, 'Phone')} />
              <TextInput
                label="After-hours phone"
                type="tel"
                {...register('afterHoursPhone')}
                error={fieldError(errors.afterHoursPhone, 'After-hours phone')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend="Coding and printing">
          {/* Bottom-aligned, so that the two boxes line up whatever their descriptions' length. */}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" style={{ alignItems: 'end' }}>
            <NativeSelect
              label="Diagnosis code"
              description={`Some coders prefer the second code for neonatal and eruptive milia. The SNOMED CT concept is always ${snomedMilia} “Milia”.`}
              data={optionsOf(diagnosisCodes)}
              {...register('diagnosisCode')}
              error={fieldError(errors.diagnosisCode, 'Diagnosis code')}
            />
            <NativeSelect
              label="Paper size"
              description="For printed handouts."
              data={paperOptions}
              {...register('paperSize')}
              error={fieldError(errors.paperSize, 'Paper size')}
            />
            <NativeSelect
              label="Typed dates"
              description="How the patient search reads a date of birth typed with slashes; 1987-03-14 always works."
              data={dateOrders.map((order) => ({ value: order, label: dateOrderLabels[order] }))}
              {...register('dateOrder')}
              error={fieldError(errors.dateOrder, 'Typed dates')}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Follow-up intervals">
          <Text size="sm" c="dimmed" mb="sm">
            When a visit is saved, a follow-up is suggested this many weeks later, going by the treatment with the longest interval. From{' '}
            {bounds.followUpWeeks.min} to {bounds.followUpWeeks.max} weeks.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            {treatmentKinds.codes.map((kind) => {
              const label = `${treatmentKinds.label(kind)} (weeks)`;
              return (
                <TextInput
                  key={kind}
                  label={label}
                  type="number"
                  {...bounds.followUpWeeks}
                  step={1}
                  {...register(`followUpWeeks.${kind}`, { valueAsNumber: true })}
                  error={fieldError(errors.followUpWeeks?.[kind], label)}
                />
              );
            })}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Sign-in">
          <TextInput
            label="Lock after (minutes without use)"
            description="A signed-in screen left alone this long locks, hiding every patient detail until its user's password is given. From 1 to 120."
            type="number"
            min={1}
            max={120}
            step={1}
            maw={420}
            {...register('idleMinutes', { valueAsNumber: true })}
            error={fieldError(errors.idleMinutes, 'Lock after')}
          />
        </Fieldset>
        <BackupFolderField field={register('backupFolder')} error={fieldError(errors.backupFolder, 'Backup folder')} />
        <Group gap="sm">
          <Button type="submit" loading={isSubmitting}>
            Save settings
          </Button>
          <Text size="sm" c="dimmed" aria-live="polite">
            {isDirty ? 'You have unsaved changes.' : ''}
          </Text>
        </Group>
      </Stack>
    </form>
  );
}

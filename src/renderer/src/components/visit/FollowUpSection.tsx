/**
 * When to see the patient again. Once a treatment is added the follow-up is ticked and its
 * date proposed from the practice's intervals (the longest interval among the treatments);
 * the proposal follows the visit date and the treatments until the user types a date, after
 * which theirs stands and the proposal is offered beside it.
 */
import { Badge, Button, Checkbox, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { isIsoDate } from '@shared/fields';
import { followUpStatuses, treatmentKinds, type TreatmentKind } from '@shared/vocabulary';
import { useApiQuery } from '../../api';
import { formatDate, readBack } from '../../lib/dates';
import { countOf } from '../../lib/describe';
import { fieldError } from '../../lib/messages';
import type { FollowUpSuggestion } from '@shared/types';
import type { VisitValues } from './visitForm';

const statusColor = { scheduled: 'blue', completed: 'teal', missed: 'red', cancelled: 'gray' } as const;

/** "4 weeks after De-roofing and expression". */
const why = (s: FollowUpSuggestion): string => (s.weeks && s.basis ? `${countOf(s.weeks, 'week')} after ${treatmentKinds.label(s.basis)}` : '');

export function FollowUpSection() {
  const {
    register,
    getValues,
    setValue,
    formState: { errors },
  } = useFormContext<VisitValues>();
  // The form's own follow-up is the last; the ones before it were saved earlier.
  const [index] = useState(() => getValues('followUps').length - 1);
  const due = `followUps.${index}.dueDate` as const;
  const [date, treatments, schedule, dueDate] = useWatch<VisitValues, ['date', 'treatments', 'scheduleFollowUp', typeof due]>({
    name: ['date', 'treatments', 'scheduleFollowUp', due],
  });
  const kept = getValues('followUps').slice(0, index);

  const kinds = [...new Set(treatments.map((t) => t.kind).filter((k): k is TreatmentKind => k !== ''))].sort();
  const suggestion = useApiQuery(
    'visits.suggestFollowUp',
    { date, kinds },
    { enabled: isIsoDate(date) && kinds.length > 0, placeholderData: keepPreviousData },
  );
  const proposal = kinds.length > 0 && suggestion.data?.dueDate ? suggestion.data : null;
  const proposed = proposal?.dueDate ?? null;

  // Whether the user typed a date: then the proposal no longer overwrites it.
  const [typed, setTyped] = useState(false);
  useEffect(() => {
    if (schedule && !typed && proposed && getValues(due) !== proposed) setValue(due, proposed, { shouldDirty: true, shouldValidate: true });
  }, [schedule, typed, proposed, due, getValues, setValue]);

  // The box ticks itself with the first treatment (and clears with the last) until the user sets it.
  const hasTreatment = treatments.length > 0;
  const hadTreatment = useRef(hasTreatment);
  const [scheduleSet, setScheduleSet] = useState(false);
  useEffect(() => {
    if (hadTreatment.current !== hasTreatment && !scheduleSet && kept.length === 0) setValue('scheduleFollowUp', hasTreatment, { shouldDirty: true });
    hadTreatment.current = hasTreatment;
  }, [hasTreatment, scheduleSet, kept.length, setValue]);

  const acceptProposal = (proposed: string) => {
    setValue(due, proposed, { shouldDirty: true, shouldValidate: true });
    setTyped(false);
  };
  const e = errors.followUps?.[index];

  return (
    <section aria-labelledby="visit-follow-up">
      <Title order={3} size="h4" id="visit-follow-up" mb="xs">
        Follow-up
      </Title>
      <Paper withBorder p="md">
        <Stack gap="sm">
          {kept.length > 0 && (
            <List spacing={4} size="sm" listStyleType="none" aria-label="Follow-ups of this visit">
              {kept.map((f, i) => (
                <List.Item key={f.id}>
                  <Group gap="xs">
                    <Text size="sm">
                      Due {formatDate(f.dueDate)}
                      {f.reason && ` · ${f.reason}`}
                    </Text>
                    <Badge size="sm" variant="light" color={statusColor[f.status]}>
                      {followUpStatuses.label(f.status)}
                    </Badge>
                    {errors.followUps?.[i]?.dueDate && (
                      <Text size="sm" c="red" role="alert">
                        {fieldError(errors.followUps[i].dueDate, 'Due date')}
                      </Text>
                    )}
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
          <Checkbox label="Schedule a follow-up" {...register('scheduleFollowUp', { onChange: () => setScheduleSet(true) })} />
          {schedule && (
            <div className="visit-fields">
              <TextInput
                label="Follow-up due"
                type="date"
                required
                description={[readBack(dueDate), proposal && !typed ? why(proposal) : ''].filter(Boolean).join(', ') || undefined}
                {...register(due, { onChange: () => setTyped(true) })}
                error={fieldError(e?.dueDate, 'Follow-up due')}
              />
              <TextInput label="Reason" {...register(`followUps.${index}.reason`)} error={fieldError(e?.reason, 'Reason')} />
            </div>
          )}
          {schedule && typed && proposal && proposed && proposed !== dueDate && (
            <Group gap="sm">
              <Text size="sm" c="dimmed">
                Suggested: {formatDate(proposed)} ({why(proposal)})
              </Text>
              <Button size="compact-sm" variant="default" onClick={() => acceptProposal(proposed)}>
                Use suggestion
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
    </section>
  );
}

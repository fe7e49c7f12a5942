/**
 * The worklist's filters: the clinician of the visit, the due range and words of the reason.
 * They narrow every tab at once; the counts on the tabs follow them.
 */
import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import type { WorklistItem } from '@shared/types';
import { readBack } from '../../lib/dates';

export interface Filters {
  clinician: string;
  dueFrom: string;
  dueTo: string;
  reason: string;
}

export const noFilters: Filters = { clinician: '', dueFrom: '', dueTo: '', reason: '' };

/** Whether an item passes the filters; the reason matches regardless of case. */
export function passes(filters: Filters): (item: WorklistItem) => boolean {
  const words = filters.reason.trim().toLocaleLowerCase();
  return (item) =>
    (filters.clinician === '' || item.clinicianName === filters.clinician) &&
    (filters.dueFrom === '' || item.followUp.dueDate >= filters.dueFrom) &&
    (filters.dueTo === '' || item.followUp.dueDate <= filters.dueTo) &&
    (words === '' || item.followUp.reason.toLocaleLowerCase().includes(words));
}

interface WorklistFiltersProps {
  value: Filters;
  onChange(value: Filters): void;
  /** The clinicians the list's visits name, to choose from. */
  clinicians: string[];
  /** Whether the reason is shown to this user (a practice manager's list has none). */
  reasons: boolean;
}

export function WorklistFilters({ value, onChange, clinicians, reasons }: WorklistFiltersProps) {
  const set = (field: keyof Filters) => (event: { currentTarget: { value: string } }) => onChange({ ...value, [field]: event.currentTarget.value });
  const filtered = Object.values(value).some((v) => v !== '');
  return (
    <Group gap="sm" align="flex-end" role="search" aria-label="Filter the follow-ups">
      <NativeSelect
        label="Clinician"
        size="xs"
        data={[{ value: '', label: 'Any clinician' }, ...clinicians.map((c) => ({ value: c, label: c }))]}
        value={value.clinician}
        onChange={set('clinician')}
      />
      <TextInput label="Due from" type="date" size="xs" value={value.dueFrom} description={readBack(value.dueFrom)} onChange={set('dueFrom')} />
      <TextInput label="Due to" type="date" size="xs" value={value.dueTo} description={readBack(value.dueTo)} onChange={set('dueTo')} />
      {reasons && <TextInput label="Reason contains" size="xs" value={value.reason} onChange={set('reason')} />}
      {filtered && (
        <Button size="xs" variant="subtle" onClick={() => onChange(noFilters)}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

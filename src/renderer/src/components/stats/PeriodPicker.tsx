/**
 * Choosing the period: a preset in one click, or a custom range of two days, each checked
 * at its own field (a "to" before the "from" says so at "To").
 */
import { Chip, Group, Stack, Text, TextInput } from '@mantine/core';
import { useId } from 'react';
import { readBack } from '../../lib/dates';
import { periodPresets, type DayRange, type PeriodChoice, type RangeProblems } from '../../lib/periods';

const choices = [...periodPresets.map((p) => ({ value: p.id as PeriodChoice, label: p.label })), { value: 'custom' as PeriodChoice, label: 'Custom range' }];

interface PeriodPickerProps {
  choice: PeriodChoice;
  onChoose(choice: PeriodChoice): void;
  /** The custom range as typed. */
  custom: DayRange;
  onCustomChange(range: DayRange): void;
  problems: RangeProblems;
}

export function PeriodPicker({ choice, onChoose, custom, onCustomChange, problems }: PeriodPickerProps) {
  const labelId = useId();
  return (
    <Stack gap="xs">
      <Text id={labelId} size="sm" fw={500}>
        Period
      </Text>
      {/* Chips rather than a segmented control: nine choices wrap on a narrow window instead of running off it. */}
      <Chip.Group value={choice} onChange={(value) => onChoose(value as PeriodChoice)}>
        <Group gap={6} role="radiogroup" aria-labelledby={labelId}>
          {choices.map((c) => (
            <Chip key={c.value} value={c.value} size="sm" radius="sm" variant="outline">
              {c.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {choice === 'custom' && (
        <Group gap="sm" align="flex-start">
          <TextInput
            label="From"
            type="date"
            min="1900-01-01"
            value={custom.from}
            description={readBack(custom.from)}
            onChange={(event) => onCustomChange({ ...custom, from: event.currentTarget.value })}
            error={problems.from}
            w={190}
          />
          <TextInput
            label="To"
            type="date"
            min="1900-01-01"
            value={custom.to}
            description={readBack(custom.to)}
            onChange={(event) => onCustomChange({ ...custom, to: event.currentTarget.value })}
            error={problems.to}
            w={problems.to ? 320 : 190}
          />
        </Group>
      )}
    </Stack>
  );
}

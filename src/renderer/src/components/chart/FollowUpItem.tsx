/** One follow-up: its status, when it is (or was) due, and how it turned out. */
import { Badge, Group, Text } from '@mantine/core';
import type { FollowUp } from '@shared/types';
import { followUpStatuses, outcomes, type FollowUpStatus } from '@shared/vocabulary';
import { formatDate, todayIso } from '../../lib/dates';

const statusColour: Record<FollowUpStatus, string> = { scheduled: 'blue', completed: 'teal', missed: 'red', cancelled: 'gray' };

export function FollowUpItem({ followUp: f }: { followUp: FollowUp }) {
  const overdue = f.status === 'scheduled' && f.dueDate < todayIso();
  const said = [f.reason, f.notes].filter(Boolean).join(' · ');
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Badge color={statusColour[f.status]} variant="light" size="sm" w={96} miw={96} mt={2}>
        {followUpStatuses.label(f.status)}
      </Badge>
      <Text size="sm">
        Due {formatDate(f.dueDate)}
        {overdue && (
          <Badge color="red" variant="filled" size="xs" mx={6}>
            Overdue
          </Badge>
        )}
        {f.completedDate && <> · seen {formatDate(f.completedDate)}</>}
        {f.outcome && (
          <Text span fw={600} inherit>
            {' '}
            · {outcomes.label(f.outcome)}
          </Text>
        )}
        {said && (
          <Text span c="dimmed" inherit>
            {' '}
            · {said}
          </Text>
        )}
      </Text>
    </Group>
  );
}

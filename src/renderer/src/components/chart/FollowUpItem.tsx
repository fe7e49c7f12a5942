/** One follow-up: its status, when it is (or was) due, and how it turned out. */
import { Badge, Group, Text } from '@mantine/core';
import type { FollowUp } from '../../../../shared/types';
import { followUpStatuses, outcomes, type FollowUpStatus } from '../../../../shared/vocabulary';
import { formatDate, todayIso } from '../../lib/dates';

const statusColour: Record<FollowUpStatus, string> = { scheduled: 'blue', completed: 'teal', missed: 'orange', cancelled: 'gray' };

export function FollowUpItem({ followUp: f }: { followUp: FollowUp }) {
  const overdue = f.status === 'scheduled' && f.dueDate < todayIso();
  return (
    <Group gap="xs" wrap="wrap" py={2}>
      <Badge color={statusColour[f.status]} variant="light" size="sm" w={96}>
        {followUpStatuses.label(f.status)}
      </Badge>
      {overdue && (
        <Badge color="red" variant="filled" size="sm">
          Overdue
        </Badge>
      )}
      <Text size="sm">Due {formatDate(f.dueDate)}</Text>
      {f.completedDate && <Text size="sm">· seen {formatDate(f.completedDate)}</Text>}
      {f.outcome && (
        <Text size="sm" fw={600}>
          · {outcomes.label(f.outcome)}
        </Text>
      )}
      {f.reason && (
        <Text size="sm" c="dimmed">
          · {f.reason}
        </Text>
      )}
      {f.notes && (
        <Text size="sm" c="dimmed">
          · {f.notes}
        </Text>
      )}
    </Group>
  );
}

/**
 * Follow-ups to work through, one row each: who, when, after what, and the three things a
 * nurse does with one. Each action is described by its row's patient for screen readers,
 * since every row has the same buttons.
 */
import { Anchor, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { differenceInCalendarDays, parseISO } from 'date-fns';
import { Link } from 'react-router';
import type { WorklistItem } from '@shared/types';
import { treatmentKinds } from '@shared/vocabulary';
import { ageOn, formatDate } from '../../lib/dates';
import { countOf, patientName } from '../../lib/describe';
import { useMay } from '../../session/context';
import classes from './worklist.module.css';

export type FollowUpAction = 'complete' | 'miss' | 'cancel';

interface FollowUpTableProps {
  items: readonly WorklistItem[];
  asOf: string;
  caption: string;
  onAction(item: WorklistItem, action: FollowUpAction): void;
}

export function FollowUpTable({ items, asOf, caption, onAction }: FollowUpTableProps) {
  // A practice manager's list has no clinical reason, and nothing to act on.
  const can = useMay();
  const clinical = can('charts.read');
  const acts = can('followUps.record');
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" horizontalSpacing="xs" highlightOnHover fz="sm" aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Patient</Table.Th>
            <Table.Th scope="col">Due</Table.Th>
            <Table.Th scope="col">After the visit of</Table.Th>
            {clinical && (
              <Table.Th scope="col" className={classes.reason}>
                Reason
              </Table.Th>
            )}
            {acts && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Row key={item.followUp.id} item={item} asOf={asOf} onAction={onAction} clinical={clinical} acts={acts} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface RowProps {
  item: WorklistItem;
  asOf: string;
  onAction: FollowUpTableProps['onAction'];
  /** Whether the user reads charts (and so the clinical reason), and records outcomes. */
  clinical: boolean;
  acts: boolean;
}

function Row({ item, asOf, onAction, clinical, acts }: RowProps) {
  const { patient, followUp } = item;
  const nameId = `worklist-${followUp.id}-patient`;
  return (
    <Table.Tr>
      <Table.Td className={classes.patient}>
        <Stack gap={0}>
          <Text fw={600} size="sm" id={nameId}>
            <bdi>{patientName(patient)}</bdi>
          </Text>
          <Text size="xs" c="dimmed">
            MRN{' '}
            <Text span inherit ff="monospace">
              {patient.mrn}
            </Text>{' '}
            · born <span className={classes.date}>{formatDate(patient.dateOfBirth)}</span> ({ageOn(patient.dateOfBirth)})
          </Text>
          {clinical && (
            <Anchor component={Link} to={`/patients/${patient.id}`} size="xs" aria-describedby={nameId} w="fit-content">
              Open chart
            </Anchor>
          )}
        </Stack>
      </Table.Td>
      <Table.Td className={classes.date}>
        <Text size="sm">{formatDate(followUp.dueDate)}</Text>
        <DueWhen dueDate={followUp.dueDate} asOf={asOf} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" className={classes.date}>
          {formatDate(item.visitDate)}
        </Text>
        <Text size="xs" c="dimmed">
          {item.clinicianName}
        </Text>
        <Text size="xs">{item.kinds.length > 0 ? item.kinds.map(treatmentKinds.label).join(', ') : 'No treatment recorded'}</Text>
      </Table.Td>
      {clinical && (
        <Table.Td>
          {followUp.reason || (
            <Text span c="dimmed" size="sm">
              —
            </Text>
          )}
        </Table.Td>
      )}
      {acts && (
        <Table.Td>
          {/* On one line when there is room; stacked in a narrow window rather than cut off. */}
          <Group gap={6} justify="flex-end">
            <Button size="xs" onClick={() => onAction(item, 'complete')} aria-describedby={nameId}>
              Complete
            </Button>
            <Button size="xs" variant="default" onClick={() => onAction(item, 'miss')} aria-describedby={nameId}>
              Missed
            </Button>
            <Button size="xs" variant="subtle" color="gray" onClick={() => onAction(item, 'cancel')} aria-describedby={nameId}>
              Cancel follow-up
            </Button>
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** `5 days overdue`, `today`, `in 3 days`: how the due date stands against the list's day. */
function DueWhen({ dueDate, asOf }: { dueDate: string; asOf: string }) {
  const days = differenceInCalendarDays(parseISO(asOf), parseISO(dueDate));
  if (days > 0) {
    return (
      <Text size="xs" c="red.8" fw={600}>
        {countOf(days, 'day')} overdue
      </Text>
    );
  }
  return (
    <Text size="xs" c="dimmed">
      {days === 0 ? 'today' : `in ${countOf(-days, 'day')}`}
    </Text>
  );
}

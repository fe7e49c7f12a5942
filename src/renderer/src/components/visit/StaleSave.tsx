/**
 * Someone else saved this draft after it was opened here (another workstation, another tab):
 * the service refused this save and said what differs. The person chooses whose visit stands;
 * nothing is written over unseen, and nothing typed here is lost until they choose.
 */
import { Alert, Button, Group, List, Text } from '@mantine/core';
import type { FieldIssue } from '@shared/errors';
import { faultSentence } from '../../lib/messages';

/** The differences' fields as the editor names them. */
const labels: Record<string, string> = {
  date: 'Visit date',
  clinicianId: 'Clinician',
  notes: 'Notes',
  pregnancyStatus: 'Pregnant or breastfeeding',
  retinoidOverride: 'Reason to give a retinoid under 12',
  presentations: 'Presentations',
  treatments: 'Treatments',
  followUps: 'Follow-ups',
};

export interface StaleConflict {
  message: string;
  differences: readonly FieldIssue[];
}

export function StaleSave({ conflict, busy, onKeepMine, onTakeTheirs }: { conflict: StaleConflict; busy: boolean; onKeepMine(): void; onTakeTheirs(): void }) {
  return (
    <Alert color="orange" variant="light" role="alert" title="Someone else saved this visit">
      <Text size="sm">{conflict.message}</Text>
      <List size="sm" mt={4} aria-label="What differs">
        {conflict.differences.map((d) => (
          <List.Item key={d.path}>{faultSentence(null, labels[d.path] ?? d.path, d.message)}</List.Item>
        ))}
      </List>
      <Group gap="sm" mt="sm">
        <Button size="sm" loading={busy} onClick={onKeepMine}>
          Keep mine
        </Button>
        <Button size="sm" variant="default" disabled={busy} onClick={onTakeTheirs}>
          Take theirs
        </Button>
      </Group>
    </Alert>
  );
}

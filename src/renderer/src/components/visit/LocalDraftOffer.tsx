/**
 * "Continue your unsaved visit from 10:42?": shown when the editor opens over a draft that a
 * reload or a crash left behind (useLocalDraft), until it is continued or discarded.
 */
import { Alert, Button, Group, Text } from '@mantine/core';
import { format, isToday, parseISO } from 'date-fns';
import { formatDateTime } from '../../lib/dates';
import type { LocalDraft } from './useLocalDraft';

/** 10:42 today; with its day otherwise. */
const when = (iso: string): string => (isToday(parseISO(iso)) ? format(parseISO(iso), 'HH:mm') : formatDateTime(iso));

export function LocalDraftOffer({ draft }: { draft: LocalDraft }) {
  if (!draft.offer) return null;
  const question = `Continue your unsaved visit from ${when(draft.offer.savedAt)}?`;
  return (
    <Alert color="blue" variant="light" role="region" aria-label="Unsaved visit">
      <Group justify="space-between" gap="sm">
        <Text size="sm" fw={600}>
          {question}
        </Text>
        <Group gap="xs">
          <Button size="xs" onClick={draft.restore}>
            Continue
          </Button>
          <Button size="xs" variant="default" onClick={draft.discard}>
            Discard
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}

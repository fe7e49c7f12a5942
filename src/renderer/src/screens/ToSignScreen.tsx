/**
 * The dermatologist's "To sign" list: draft visits waiting for a signature (their own, and
 * the nurses' drafts of their patients), oldest first as the service lists them, each with
 * what still stops it from being signed, and a link to open it.
 */
import { Badge, List, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { DraftVisit } from '@shared/types';
import { useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { formatDateTime } from '../lib/dates';
import { countOf } from '../lib/describe';
import { PatientVisitCells } from './PatientVisitCells';

export function ToSignScreen() {
  useDocumentTitle('To sign · Milia Notes');
  const drafts = useApiQuery('visits.toSign', {});
  if (drafts.isPending) return <Loading label="Loading the visits to sign…" />;
  if (drafts.isError) return <LoadFailure title="The visits to sign could not be loaded" error={drafts.error} onRetry={() => void drafts.refetch()} />;

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>To sign</Title>
        <Text c="dimmed" size="sm">
          Draft visits waiting for a dermatologist&apos;s signature. A signed visit is final: later corrections are added as addenda.
        </Text>
      </div>
      {drafts.data.length === 0 ? (
        <Text py="lg">Nothing to sign: every visit is signed.</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" fz="sm" highlightOnHover aria-label={`Visits to sign (${drafts.data.length})`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Patient</Table.Th>
                <Table.Th scope="col">Visit</Table.Th>
                <Table.Th scope="col">Clinician</Table.Th>
                <Table.Th scope="col">Documented by</Table.Th>
                <Table.Th scope="col">Before signing</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {drafts.data.map((draft) => (
                <DraftRow key={draft.visitId} draft={draft} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function DraftRow({ draft }: { draft: DraftVisit }) {
  return (
    <Table.Tr>
      <PatientVisitCells patient={draft.patient} visitId={draft.visitId} date={draft.date}>
        <Text size="xs" c="dimmed">
          Last changed {formatDateTime(draft.updatedAt)}
        </Text>
      </PatientVisitCells>
      <Table.Td>{draft.clinicianName}</Table.Td>
      <Table.Td>{draft.createdBy}</Table.Td>
      <Table.Td>
        {draft.signBlockers.length === 0 ? (
          <Badge color="teal" variant="light">
            Ready to sign
          </Badge>
        ) : (
          <List size="sm" spacing={2} aria-label={countOf(draft.signBlockers.length, 'thing', 'things') + ' to resolve'}>
            {draft.signBlockers.map((b) => (
              <List.Item key={b}>{b}</List.Item>
            ))}
          </List>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

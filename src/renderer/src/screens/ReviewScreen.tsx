/**
 * The dermatologist's Review list: every presentation, of any patient, waiting for a decision
 * (biopsy, referral, or proceed with a reason) because it has a red flag, is milia en plaque
 * or may be a basal cell carcinoma; oldest visit first, as the service lists them. Until
 * decided, nothing destroys the lesion on that visit and the visit cannot be signed.
 */
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReviewItem } from '@shared/types';
import { differentials, miliaTypes, redFlags, siteLabel } from '@shared/vocabulary';
import { useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { PatientVisitCells } from './PatientVisitCells';

export function ReviewScreen() {
  useDocumentTitle('Review · Milia Notes');
  const items = useApiQuery('visits.toReview', {});
  if (items.isPending) return <Loading label="Loading the presentations to review…" />;
  if (items.isError) return <LoadFailure title="The presentations to review could not be loaded" error={items.error} onRetry={() => void items.refetch()} />;

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Review</Title>
        <Text c="dimmed" size="sm">
          Presentations waiting for a dermatologist&apos;s decision: biopsy, referral, or the reason to proceed. Record it on the visit; for a visit already
          signed (or imported), write it as an addendum.
        </Text>
      </div>
      {items.data.length === 0 ? (
        <Text py="lg">Nothing to review: every red flag has a decision.</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" fz="sm" highlightOnHover aria-label={`Presentations to review (${items.data.length})`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Patient</Table.Th>
                <Table.Th scope="col">Visit</Table.Th>
                <Table.Th scope="col">Presentation</Table.Th>
                <Table.Th scope="col">Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.data.map((item) => (
                <ReviewRow key={`${item.visitId}-${item.number}`} item={item} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function ReviewRow({ item }: { item: ReviewItem }) {
  const why = [...item.redFlags.map(redFlags.label), ...item.differentials.filter((d) => d === 'basal_cell_carcinoma').map(differentials.label)];
  return (
    <Table.Tr>
      <PatientVisitCells patient={item.patient} visitId={item.visitId} date={item.date}>
        <Text size="xs" c="dimmed">
          {item.clinicianName}
        </Text>
        {item.signed !== null && (
          <Badge color="gray" variant="light" size="sm">
            {item.signed === 'import' ? 'Signed on import: decide by addendum' : 'Signed: decide by addendum'}
          </Badge>
        )}
      </PatientVisitCells>
      <Table.Td>
        Presentation {item.number}: {miliaTypes.label(item.type)}, {siteLabel(item.site, item.side)}
      </Table.Td>
      <Table.Td>
        <Text size="sm">It {item.reason}.</Text>
        {why.length > 0 && (
          <Text size="xs" c="dimmed">
            {why.join('; ')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The dermatologist's Review list: every presentation, of any patient, waiting for a decision
 * (biopsy, referral, or proceed with a reason) because it has a red flag, is milia en plaque
 * or may be a basal cell carcinoma; oldest visit first, as the service lists them. Until
 * decided, nothing destroys the lesion on that visit and the visit cannot be signed.
 */
import { Badge, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { possibleCarcinomaReason } from '@shared/decisions';
import type { ReviewItem } from '@shared/types';
import { differentials, miliaTypes, redFlags, siteLabel } from '@shared/vocabulary';
import { useApiQuery } from '../api';
import { WorkTable, type WorkColumn } from '../components/lists/WorkTable';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { byPatient, PatientCell, VisitCell } from './PatientVisitCells';
import { PersonName } from '../components/PersonName';
import text from '../components/lists/cellText.module.css';

// Sorted, not selected: every decision is its own, on the visit, so no action applies to many at once.
const columns: Array<WorkColumn<ReviewItem>> = [
  { key: 'patient', header: 'Patient', compare: byPatient, cell: (item, rowId) => <PatientCell patient={item.patient} nameId={`${rowId}-patient`} /> },
  {
    key: 'visit',
    header: 'Visit',
    compare: (a, b) => a.date.localeCompare(b.date),
    cell: (item, rowId) => (
      <VisitCell patient={item.patient} visitId={item.visitId} date={item.date} nameId={`${rowId}-patient`}>
        <p className={text.detail}>
          <PersonName name={item.clinicianName} />
        </p>
        {item.signed !== null && (
          <Badge color="gray" variant="light" size="sm" classNames={{ root: text.statusBadge, label: text.statusLabel }}>
            {item.signed === 'import' ? 'Signed on import: decide by addendum' : 'Signed: decide by addendum'}
          </Badge>
        )}
      </VisitCell>
    ),
  },
  {
    key: 'presentation',
    header: 'Presentation',
    cell: (item) => (
      <>
        Presentation {item.number}: {miliaTypes.label(item.type)}, {siteLabel(item.site, item.side)}
      </>
    ),
  },
  { key: 'why', header: 'Why', cell: (item) => <Why item={item} /> },
];

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
        <WorkTable
          items={items.data}
          rowKey={(item) => `${item.visitId}-${item.number}`}
          columns={columns}
          label={`Presentations to review (${items.data.length})`}
        />
      )}
    </Stack>
  );
}

/**
 * The reason, then what lies behind it, each named for what it is: a possible basal cell
 * carcinoma listed among the red flags read as one of them.
 */
function Why({ item }: { item: ReviewItem }) {
  // The reason itself names the differential when it is the only cause.
  const alsoBcc = item.differentials.includes('basal_cell_carcinoma') && item.reason !== possibleCarcinomaReason;
  return (
    <>
      <p className={text.sm}>It {item.reason}.</p>
      {item.redFlags.length > 0 && (
        <p className={text.detail}>
          {item.redFlags.length === 1 ? 'Red flag' : 'Red flags'}: {item.redFlags.map(redFlags.label).join('; ')}
        </p>
      )}
      {alsoBcc && <p className={text.detail}>{differentials.label('basal_cell_carcinoma')} among its differentials too</p>}
    </>
  );
}

/**
 * The dermatologist's "To sign" list: draft visits waiting for a signature (their own, and
 * the nurses' drafts of their patients), oldest first as the service lists them, each with
 * what still stops it from being signed, and a link to open it.
 */
import { Badge, List, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { DraftVisit } from '@shared/types';
import { useApiQuery } from '../api';
import { WorkTable, type WorkColumn } from '../components/lists/WorkTable';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { formatDateTime } from '../lib/dates';
import { countOf } from '../lib/describe';
import { byPatient, PatientCell, VisitCell } from './PatientVisitCells';
import { PersonName } from '../components/PersonName';
import text from '../components/lists/cellText.module.css';

const byText = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });

// Sorted, not selected: a signature is given on the visit after reading it, one at a time.
const columns: Array<WorkColumn<DraftVisit>> = [
  { key: 'patient', header: 'Patient', compare: byPatient, cell: (d, rowId) => <PatientCell patient={d.patient} nameId={`${rowId}-patient`} /> },
  {
    key: 'visit',
    header: 'Visit',
    compare: (a, b) => byText(a.date, b.date),
    cell: (d, rowId) => (
      <VisitCell patient={d.patient} visitId={d.visitId} date={d.date} nameId={`${rowId}-patient`}>
        <p className={text.detail}>Last changed {formatDateTime(d.updatedAt)}</p>
      </VisitCell>
    ),
  },
  { key: 'clinician', header: 'Clinician', compare: (a, b) => byText(a.clinicianName, b.clinicianName), cell: (d) => <PersonName name={d.clinicianName} /> },
  { key: 'createdBy', header: 'Documented by', compare: (a, b) => byText(a.createdBy, b.createdBy), cell: (d) => <PersonName name={d.createdBy} /> },
  {
    key: 'blockers',
    header: 'Before signing',
    // Ready first: the visits that can be signed now.
    compare: (a, b) => a.signBlockers.length - b.signBlockers.length,
    cell: (d) =>
      d.signBlockers.length === 0 ? (
        <Badge color="teal" variant="light">
          Ready to sign
        </Badge>
      ) : (
        <List size="sm" spacing={2} aria-label={countOf(d.signBlockers.length, 'thing', 'things') + ' to resolve'}>
          {d.signBlockers.map((b) => (
            <List.Item key={b}>{b}</List.Item>
          ))}
        </List>
      ),
  },
];

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
        <WorkTable items={drafts.data} rowKey={(d) => d.visitId} columns={columns} label={`Visits to sign (${drafts.data.length})`} />
      )}
    </Stack>
  );
}

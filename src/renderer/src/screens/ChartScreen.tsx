/**
 * A patient's chart: who they are, every visit newest first, and how the lesion counts have
 * moved. Anything still waiting on a clinician (a red flag without a decision) is said at
 * the top, before the history.
 */
import { Alert, Anchor, Button, Grid, Group, Modal, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDisclosure, useDocumentTitle, useHotkeys } from '@mantine/hooks';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { Patient, Visit } from '@shared/types';
import { useApiMutation, useApiQuery } from '../api';
import { LesionCharts } from '../components/chart/LesionCharts';
import { LesionMap } from '../components/chart/LesionMap';
import { TimelineEntry } from '../components/chart/TimelineEntry';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PatientBanner } from '../components/PatientBanner';
import { PatientForm } from '../components/PatientForm';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { notifySaved } from '../lib/notify';
import { shortcuts, withKeys } from '../lib/shortcuts';
import { useMay } from '../session/context';
import { formatDate } from '../lib/dates';
import { countOf, leftToRightTitle, patientName } from '../lib/describe';
import classes from '../components/chart/chart.module.css';
import { PatientName } from '../components/PersonName';

export function ChartScreen() {
  const id = Number(useParams().patientId);
  const valid = Number.isSafeInteger(id) && id > 0;
  const chart = useApiQuery('chart.get', { id }, { enabled: valid });
  useDocumentTitle(chart.data ? leftToRightTitle(`${patientName(chart.data.patient)} · Milia Notes`) : 'Chart · Milia Notes');
  // The visit editor says which visit it has just saved: that one is brought into view and focused.
  const savedVisitId = (useLocation().state as { savedVisitId?: unknown } | null)?.savedVisitId;
  useChartShortcuts(chart.data?.patient ?? null);

  const findPatient = (
    <Anchor component={Link} to="/patients" size="sm">
      Find the patient
    </Anchor>
  );
  if (!valid) {
    return (
      <LoadFailure title="There is no chart at this address" error={null}>
        {findPatient}
      </LoadFailure>
    );
  }
  if (chart.isPending) return <Loading label="Opening the chart…" />;
  if (chart.isError) {
    return (
      <LoadFailure title="The chart could not be opened" error={chart.error} onRetry={() => void chart.refetch()}>
        {findPatient}
      </LoadFailure>
    );
  }

  const { patient, visits, lesionHistory } = chart.data;
  return (
    <>
      <PatientBanner patient={patient} />
      <Stack gap="md">
        <Group justify="space-between" align="center" gap="sm">
          <ChartActions patient={patient} />
          <PatientFacts patient={patient} />
        </Group>
        {patient.archived && (
          <Alert color="gray" variant="light" title="Archived patient">
            This patient is hidden from search and from the follow-up list. The record is kept whole; restore it to work on it again.
          </Alert>
        )}
        <PendingReviews visits={visits} />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <section aria-labelledby="chart-visits">
              <Title order={3} id="chart-visits" mb="sm">
                Visits{' '}
                <Text span c="dimmed" fw={400}>
                  ({visits.length})
                </Text>
              </Title>
              {visits.length === 0 ? (
                <Text c="dimmed">No visits yet. Use “New visit” to document the first one.</Text>
              ) : (
                <Stack gap="md">
                  {visits.map((visit) => (
                    <TimelineEntry key={visit.id} visit={visit} justSaved={visit.id === savedVisitId} />
                  ))}
                </Stack>
              )}
            </section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <section aria-labelledby="chart-lesions">
              <Title order={3} id="chart-lesions" mb="sm">
                Lesion counts by site
              </Title>
              <LesionMap history={lesionHistory} />
              <LesionCharts history={lesionHistory} />
            </section>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}

/**
 * N opens a new visit (when this user may document one and the patient is not archived);
 * Ctrl/⌘+P prints the aftercare of the visit holding the focus, else of the newest visit
 * that has one, by its own button, so that the chart shows the outcome where it always does.
 */
function useChartShortcuts(patient: Patient | null) {
  const navigate = useNavigate();
  const can = useMay();
  useHotkeys([
    [
      'n',
      () => {
        if (patient && !patient.archived && can('visits.document')) void navigate(`/patients/${patient.id}/visits/new`);
      },
    ],
  ]);
  // From any field too: the browser's own print of the chart is never what is wanted here.
  useHotkeys(
    [
      [
        'mod+p',
        () => {
          const inFocus = document.activeElement?.closest('article');
          const button = (root: ParentNode | null | undefined) =>
            [...(root?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => b.textContent === shortcuts.print.action);
          (button(inFocus) ?? button(document.getElementById('main')))?.click();
        },
      ],
    ],
    [],
  );
}

/** New visit first (the common next step), then the rarer changes to the patient record. */
function ChartActions({ patient }: { patient: Patient }) {
  const can = useMay();
  const [editing, edit] = useDisclosure(false);
  const [confirming, confirm] = useDisclosure(false);
  const archive = useApiMutation('patients.archive');
  const archiving = !patient.archived;

  const onConfirm = () =>
    archive.mutate(
      { id: patient.id, archived: archiving },
      {
        onSuccess: () => {
          confirm.close();
          notifySaved(
            <>
              <PatientName patient={patient} /> {archiving ? 'archived' : 'restored'}.
            </>,
          );
        },
      },
    );

  return (
    <Group gap="sm">
      {/* An archived record takes no new visit (the service refuses it): restore first. */}
      {!patient.archived && can('visits.document') && (
        <Tooltip label={withKeys(shortcuts.newVisit)}>
          <Button component={Link} to={`/patients/${patient.id}/visits/new`} aria-keyshortcuts="N">
            New visit
          </Button>
        </Tooltip>
      )}
      {can('patients.write') && (
        <>
          <Button variant="default" onClick={edit.open}>
            Edit details
          </Button>
          <Button
            variant="subtle"
            color={archiving ? 'red' : undefined}
            onClick={() => {
              archive.reset();
              confirm.open();
            }}
          >
            {archiving ? 'Archive patient' : 'Restore'}
          </Button>
        </>
      )}
      <Modal opened={editing} onClose={edit.close} title="Edit patient details" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
        <PatientForm
          patient={patient}
          onSaved={() => {
            edit.close();
            notifySaved('Patient details saved.');
          }}
          onCancel={edit.close}
        />
      </Modal>
      <ConfirmDialog
        opened={confirming}
        title={archiving ? 'Archive this patient?' : 'Restore this patient?'}
        confirmLabel="Confirm"
        danger={archiving}
        pending={archive.isPending}
        error={archive.error}
        onConfirm={onConfirm}
        onClose={confirm.close}
      >
        <PatientName patient={patient} />
        {archiving
          ? ' will be hidden from search and from the follow-up list. Nothing is deleted, and the patient can be restored at any time.'
          : ' will appear in search and on the follow-up list again.'}
      </ConfirmDialog>
    </Group>
  );
}

/** What the banner leaves out but a procedure may depend on: skin type, and how to reach the patient. */
function PatientFacts({ patient }: { patient: Patient }) {
  const facts = [
    ['Fitzpatrick', patient.fitzpatrick === null ? 'not recorded' : `type ${patient.fitzpatrick}`],
    ['Phone', patient.phone],
    ['Email', patient.email],
  ].filter((f): f is [string, string] => typeof f[1] === 'string');
  return (
    <Group gap="md" component="dl" m={0} className={classes.facts}>
      {facts.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="sm" c="dimmed">
            {label}
          </Text>{' '}
          <Text component="dd" size="sm">
            {value}
          </Text>
        </div>
      ))}
    </Group>
  );
}

/** Red flags without a decision, listed before the history so that none is missed. */
function PendingReviews({ visits }: { visits: readonly Visit[] }) {
  const canDecide = useMay()('visits.sign');
  const pending = visits.filter((v) => v.pendingReview > 0);
  if (pending.length === 0) return null;
  const total = pending.reduce((n, v) => n + v.pendingReview, 0);
  return (
    <Alert color="red" variant="light" title={`${countOf(total, 'red-flagged presentation')} ${total === 1 ? 'needs' : 'need'} a decision`}>
      <Text size="sm" mb={4}>
        {canDecide
          ? 'Open the visit to record a biopsy, a referral or the reason to proceed (on a signed visit, in an addendum):'
          : 'A dermatologist records a biopsy, a referral or the reason to proceed at these visits:'}
      </Text>
      <Group component="ul" gap="md" m={0} p={0} className={classes.inlineList}>
        {pending.map((v) => (
          <li key={v.id}>
            <Anchor component={Link} to={`/patients/${v.patientId}/visits/${v.id}`} size="sm">
              {formatDate(v.date)}
            </Anchor>
            {v.pendingReview > 1 && (
              <Text span size="sm">
                {' '}
                ({v.pendingReview})
              </Text>
            )}
          </li>
        ))}
      </Group>
    </Alert>
  );
}

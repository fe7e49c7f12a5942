/**
 * The backups, below the settings form: how the last one went, a "Back up now" that shows
 * the copy's real progress (pages copied of the total) while the rest of the screen stays
 * usable, the backups kept (newest first), and for an administrator a restore of any one
 * of them behind a dialog that shows what it holds first.
 *
 * The progress is the shared `backups.list` query polled while a backup runs, so the
 * failure banner at the top of every screen sees the outcome at the same moment as this
 * panel does.
 */
import { Alert, Button, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { BackupEntry, BackupState } from '@shared/backups';
import { useApiMutation, useApiQuery } from '../../api';
import { formatDate } from '../../lib/dates';
import { failureMessage } from '../../lib/messages';
import { LoadFailure, Loading } from '../QueryStatus';
import { formatCount, formatSize } from '../stats/figures';
import { asSentence, backupTime, lastFailure, reasonLabels } from './backupText';
import { RestoreDialog } from './RestoreDialog';
import classes from './settings.module.css';

/** How often the backups are asked about while one runs. */
const pollMs = 300;

/** A "Back up now" of this screen: the last attempt before it, to tell its outcome apart. */
interface Started {
  lastBefore: string | null;
}

/** Where the backup this screen started is, derived from the list each time it is polled. */
type RunState = { step: 'idle' } | { step: 'waiting' } | { step: 'running' } | { step: 'finished'; last: NonNullable<BackupState['last']> };

function runState(started: Started | null, state: BackupState | undefined): RunState {
  if (started === null || state === undefined) return { step: started ? 'waiting' : 'idle' };
  if (state.running) return { step: 'running' };
  if (state.last && state.last.at !== started.lastBefore) return { step: 'finished', last: state.last };
  return { step: 'waiting' };
}

export function BackupsPanel() {
  const [started, setStarted] = useState<Started | null>(null);
  const [startFailure, setStartFailure] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<BackupEntry | null>(null);
  const [restoreOpened, setRestoreOpened] = useState(false);
  const status = useApiQuery('app.status', {});
  const list = useApiQuery(
    'backups.list',
    {},
    {
      // Polled while a backup runs (this screen's or an automatic one) and until the one
      // started here has reported its outcome.
      refetchInterval: (query) => (query.state.data?.running || runState(started, query.state.data).step === 'waiting' ? pollMs : false),
    },
  );
  const run = useApiMutation('backups.run');
  const state = list.data;
  const current = runState(started, state);
  const busy = run.isPending || current.step === 'waiting' || Boolean(state?.running);
  const isAdmin = status.data?.actor.role === 'admin';

  async function backUpNow(): Promise<void> {
    setStartFailure(null);
    const lastBefore = state?.last?.at ?? null;
    try {
      await run.mutateAsync({});
      setStarted({ lastBefore });
    } catch (error) {
      setStarted(null);
      setStartFailure(failureMessage(error));
    }
  }

  function openRestore(entry: BackupEntry): void {
    setRestoring(entry);
    setRestoreOpened(true);
  }

  return (
    <section aria-labelledby="backups-heading" className={classes.section}>
      <Stack gap="sm">
        <Title order={3} id="backups-heading" size="h4">
          Backups
        </Title>
        {list.isPending ? (
          <Loading label="Loading the backups…" />
        ) : list.isError && !state ? (
          <LoadFailure title="The backups could not be listed" error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          state && (
            <>
              <LastBackup state={state} />
              <Group gap="sm" align="center">
                <Button variant="default" onClick={() => void backUpNow()} disabled={busy}>
                  {busy ? 'Backing up…' : 'Back up now'}
                </Button>
                {current.step === 'finished' && current.last.ok && (
                  <Text size="sm" role="status" className={classes.done}>
                    Backup complete at {backupTime(current.last.at)}, verified.
                  </Text>
                )}
              </Group>
              {state.running && <BackupProgress done={state.running.done} total={state.running.total} />}
              {current.step === 'waiting' && !state.running && (
                <Text size="sm" role="status">
                  Starting the backup…
                </Text>
              )}
              {startFailure && (
                <Alert color="red" variant="light" role="alert" title="The backup could not be started">
                  <Text size="sm">{startFailure}</Text>
                </Alert>
              )}
              {list.isError && (
                <Alert color="red" variant="light" role="alert" title="The backups could not be listed again">
                  <Text size="sm">{failureMessage(list.error)}</Text>
                </Alert>
              )}
              <BackupTable state={state} isAdmin={isAdmin} restoreDisabled={Boolean(state.running)} onRestore={openRestore} />
            </>
          )
        )}
      </Stack>
      {restoring && (
        <RestoreDialog
          key={restoring.file}
          opened={restoreOpened}
          entry={restoring}
          newest={state?.backups[0] ?? null}
          databasePath={status.data?.databasePath ?? null}
          onClose={() => setRestoreOpened(false)}
          onExited={() => setRestoring(null)}
        />
      )}
    </section>
  );
}

/** "Last backup: 22 Nov 2026, 07:41 — verified", or the failure in an alert. */
function LastBackup({ state }: { state: BackupState }) {
  const failed = lastFailure(state);
  if (failed) {
    return (
      <Alert color="red" variant="light" role="alert" title={`Last backup failed at ${backupTime(failed.at)}`}>
        <Text size="sm">{asSentence(failed.message)}</Text>
      </Alert>
    );
  }
  return (
    <Text size="sm">
      <Text span fw={600} size="sm">
        Last backup:
      </Text>{' '}
      {state.last ? `${backupTime(state.last.at)} — verified` : 'none yet'}
    </Text>
  );
}

function BackupProgress({ done, total }: { done: number; total: number }) {
  const value = total === 0 ? 0 : Math.min(100, Math.round((done / total) * 100));
  return (
    <Stack gap={4}>
      <Progress value={value} aria-label="Backup progress" animated maw={420} />
      <Text size="sm" aria-live="polite">
        Backing up: {formatCount(done)} of {formatCount(total)} pages copied ({value}%). You can carry on working meanwhile.
      </Text>
    </Stack>
  );
}

interface BackupTableProps {
  state: BackupState;
  isAdmin: boolean;
  restoreDisabled: boolean;
  onRestore(entry: BackupEntry): void;
}

function BackupTable({ state, isAdmin, restoreDisabled, onRestore }: BackupTableProps) {
  if (state.backups.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No backups in <bdi>{state.folder}</bdi> yet.
      </Text>
    );
  }
  const count = state.backups.length;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table fz="sm" verticalSpacing={6} horizontalSpacing="xs" striped captionSide="top" className={classes.backups}>
          <Table.Caption className={classes.caption}>
            {count} {count === 1 ? 'backup' : 'backups'} in <bdi>{state.folder}</bdi>, newest first
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Taken</Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
              <Table.Th scope="col" className={classes.number}>
                Size
              </Table.Th>
              <Table.Th scope="col" className={classes.number}>
                Patients
              </Table.Th>
              <Table.Th scope="col" className={classes.number}>
                Visits
              </Table.Th>
              <Table.Th scope="col">Newest visit</Table.Th>
              {isAdmin && (
                <Table.Th scope="col">
                  <span className={classes.visuallyHidden}>Restore</span>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {state.backups.map((entry) => (
              <Table.Tr key={entry.file}>
                <Table.Th scope="row" className={classes.rowHeader}>
                  {backupTime(entry.at)}
                </Table.Th>
                <Table.Td>{reasonLabels[entry.reason]}</Table.Td>
                <Table.Td className={classes.number}>{formatSize(entry.size)}</Table.Td>
                <Table.Td className={classes.number}>{formatCount(entry.summary.counts.patients)}</Table.Td>
                <Table.Td className={classes.number}>{formatCount(entry.summary.counts.visits)}</Table.Td>
                <Table.Td>{entry.summary.newestVisit ? formatDate(entry.summary.newestVisit) : 'None'}</Table.Td>
                {isAdmin && (
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => onRestore(entry)}
                      disabled={restoreDisabled}
                      aria-label={`Restore backup of ${backupTime(entry.at)} (${reasonLabels[entry.reason]})`}
                    >
                      Restore…
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!isAdmin && (
        <Text size="sm" c="dimmed">
          Only an administrator can restore a backup.
        </Text>
      )}
    </>
  );
}

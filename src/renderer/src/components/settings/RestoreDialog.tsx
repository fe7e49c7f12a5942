/**
 * Restoring a backup, for an administrator. The dialog first reads the backup file itself
 * (`backups.inspect`) and shows what it holds beside the current database, says that the
 * current database is kept as a copy and that the app restarts, and restores only once
 * RESTORE has been typed. The outcome (or the refusal) is shown in the dialog.
 *
 * The current database's own counts are not offered by the API; the newest backup's stand
 * for them, and the column says so (with when it was taken).
 */
import { Alert, Button, Group, List, Loader, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { BackupEntry, DatabaseSummary, RestoreResult } from '@shared/backups';
import { useApiMutation, useApiQuery } from '../../api';
import { formatDate } from '../../lib/dates';
import { failureMessage } from '../../lib/messages';
import { formatCount } from '../stats/figures';
import { backupTime, reasonLabels } from './backupText';
import classes from './settings.module.css';

/** What has to be typed before the restore button does anything. */
const confirmWord = 'RESTORE';

interface RestoreDialogProps {
  opened: boolean;
  entry: BackupEntry;
  /** The newest backup, whose figures stand for the current database's. */
  newest: BackupEntry | null;
  databasePath: string | null;
  onClose(): void;
  onExited(): void;
}

/** The desktop app relaunches itself on a restored file; the browser mode's server reopens it and carries on. */
const isDesktop = (): boolean => window.milia !== undefined;

const rows: ReadonlyArray<{ label: string; value(s: DatabaseSummary): string }> = [
  { label: 'Patients', value: (s) => formatCount(s.counts.patients) },
  { label: 'Visits', value: (s) => formatCount(s.counts.visits) },
  { label: 'Presentations', value: (s) => formatCount(s.counts.presentations) },
  { label: 'Treatments', value: (s) => formatCount(s.counts.treatments) },
  { label: 'Follow-ups', value: (s) => formatCount(s.counts.followUps) },
  { label: 'Newest visit', value: (s) => (s.newestVisit ? formatDate(s.newestVisit) : 'None') },
];

export function RestoreDialog({ opened, entry, newest, databasePath, onClose, onExited }: RestoreDialogProps) {
  const [typed, setTyped] = useState('');
  const inspect = useApiQuery('backups.inspect', { file: entry.file }, { enabled: opened, staleTime: 0, gcTime: 0 });
  const restore = useApiMutation('backups.restore');
  const desktop = isDesktop();
  const confirmed = typed.trim().toUpperCase() === confirmWord;
  const taken = `${backupTime(entry.at)} (${reasonLabels[entry.reason]})`;
  const close = () => {
    if (!restore.isPending) onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      onExitTransitionEnd={onExited}
      title="Restore a backup"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
      closeOnClickOutside={!restore.isPending}
      centered
    >
      <Stack gap="md">
        <Text size="sm">
          Restoring replaces the whole record with the backup taken <strong>{taken}</strong>, file <bdi className={classes.path}>{entry.file}</bdi>.
        </Text>
        {inspect.isPending ? (
          <Group gap="sm" role="status">
            <Loader size="sm" />
            <Text size="sm">Reading the backup file…</Text>
          </Group>
        ) : inspect.isError ? (
          <Alert color="red" variant="light" role="alert" title="This backup cannot be restored">
            <Text size="sm">{failureMessage(inspect.error)}</Text>
          </Alert>
        ) : (
          <Comparison backup={inspect.data} newest={newest} />
        )}
        {restore.isSuccess ? (
          <Restored result={restore.data} />
        ) : (
          <>
            <Alert color="orange" variant="light" title="Before you restore" classNames={{ title: classes.warningTitle }}>
              <List size="sm" spacing={4}>
                <List.Item>
                  The current database
                  {databasePath ? (
                    <>
                      {' '}
                      (<bdi className={classes.path}>{databasePath}</bdi>)
                    </>
                  ) : null}{' '}
                  is kept as a copy first, so this can be undone.
                </List.Item>
                <List.Item>Anything recorded after this backup was taken will not be in the restored record; it stays in the kept copy.</List.Item>
                <List.Item>
                  {desktop ? 'Milia Notes then restarts on the restored file.' : 'Milia Notes then reopens the restored file.'} Anyone else using it should stop
                  first.
                </List.Item>
              </List>
            </Alert>
            <TextInput
              label={`Type ${confirmWord} to confirm`}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              disabled={restore.isPending || !inspect.isSuccess}
              maw={260}
            />
            {restore.isError && (
              <Alert color="red" variant="light" role="alert" title="The backup was not restored">
                <Text size="sm">{failureMessage(restore.error)}</Text>
              </Alert>
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={restore.isPending} data-autofocus>
            {restore.isSuccess ? 'Close' : 'Go back'}
          </Button>
          {!restore.isSuccess && (
            <Button color="red" loading={restore.isPending} disabled={!confirmed || !inspect.isSuccess} onClick={() => restore.mutate({ file: entry.file })}>
              Restore this backup
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

function Comparison({ backup, newest }: { backup: DatabaseSummary; newest: BackupEntry | null }) {
  const reference = newest?.summary ?? null;
  const losesVisits = reference !== null && backup.newestVisit !== null && reference.newestVisit !== null && backup.newestVisit < reference.newestVisit;
  return (
    <Stack gap={4}>
      <Table fz="sm" verticalSpacing={4} horizontalSpacing="xs" captionSide="top" withTableBorder className={classes.comparison}>
        <Table.Caption className={classes.caption}>What the backup holds, read from its file, beside the current database</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">
              <span className={classes.visuallyHidden}>Record</span>
            </Table.Th>
            <Table.Th scope="col" className={classes.number}>
              This backup
            </Table.Th>
            {newest && (
              <Table.Th scope="col" className={classes.number}>
                Current database
                <Text span display="block" size="xs" fw={400}>
                  as of {backupTime(newest.at)}
                </Text>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label}>
              <Table.Th scope="row" className={classes.rowHeader}>
                {row.label}
              </Table.Th>
              <Table.Td className={classes.number}>{row.value(backup)}</Table.Td>
              {reference && <Table.Td className={classes.number}>{row.value(reference)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {newest && (
        <Text size="xs" c="dimmed">
          The current database is not counted directly: its figures are those of the newest backup, taken {backupTime(newest.at)}. Anything recorded since then
          is not included.
        </Text>
      )}
      {losesVisits && reference?.newestVisit && backup.newestVisit && (
        <Text size="sm" fw={600}>
          Visits after {formatDate(backup.newestVisit)} (up to {formatDate(reference.newestVisit)}) are not in this backup.
        </Text>
      )}
    </Stack>
  );
}

function Restored({ result }: { result: RestoreResult }) {
  const { patients, visits } = result.restored.counts;
  const desktop = isDesktop();
  return (
    <Alert color="teal" variant="light" role="status" title="Backup restored">
      <Text size="sm">
        The record now holds {formatCount(patients)} {patients === 1 ? 'patient' : 'patients'} and {formatCount(visits)} {visits === 1 ? 'visit' : 'visits'}
        {result.restored.newestVisit ? `, the newest on ${formatDate(result.restored.newestVisit)}` : ''}.
        {result.previousCopy ? (
          <>
            {' '}
            The database as it was is kept at <bdi className={classes.path}>{result.previousCopy}</bdi>.
          </>
        ) : null}
      </Text>
      <Text size="sm" mt={4}>
        {desktop ? 'Milia Notes is restarting on the restored file.' : 'Milia Notes carries on with the restored file.'}
      </Text>
    </Alert>
  );
}

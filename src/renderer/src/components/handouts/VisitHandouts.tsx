/**
 * A visit's aftercare handouts on the chart: print a new one (large print if the patient
 * needs it), and the log of those already given, each of which can be reprinted exactly as
 * it was (the stored PDF, whose SHA-256 the log shows).
 */
import { Badge, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import type { HandoutRecord } from '@shared/handouts';
import type { Visit } from '@shared/types';
import { useApiQuery } from '../../api';
import { formatDateTime } from '../../lib/dates';
import { failureMessage } from '../../lib/messages';
import classes from '../chart/chart.module.css';
import { PrintFailure, printFailureMessage } from './PrintFailure';
import { usePrintAftercare, useShowHandouts } from './printing';
import { ShownNote } from './ShownNote';
import { PersonName } from '../PersonName';

export function VisitHandouts({ visit, describedBy }: { visit: Visit; describedBy: string }) {
  const [largePrint, setLargePrint] = useState(false);
  const print = usePrintAftercare();
  const log = useApiQuery('handouts.list', { visitId: visit.id });

  return (
    <Stack gap={6}>
      <Group gap="sm" align="center">
        <Button
          size="xs"
          variant="default"
          loading={print.isPending}
          onClick={() => print.mutate({ visitId: visit.id, largePrint })}
          aria-describedby={describedBy}
        >
          Print aftercare
        </Button>
        <Checkbox size="xs" label="Large print" checked={largePrint} onChange={(e) => setLargePrint(e.currentTarget.checked)} />
      </Group>
      {print.isError && <PrintFailure message={printFailureMessage('The handout could not be printed.', print.error)} />}
      {print.isSuccess && <ShownNote href={print.data} what="The handout" />}
      {log.isError && (
        <Text size="sm" c="red.8">
          The handouts given at this visit could not be listed. {failureMessage(log.error)}
        </Text>
      )}
      {log.data && log.data.length > 0 && <HandoutLog records={log.data} />}
    </Stack>
  );
}

/** Newest first, as the service lists them. */
function HandoutLog({ records }: { records: readonly HandoutRecord[] }) {
  const reprint = useShowHandouts();
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed" mb={4}>
        Handouts given
      </Text>
      <Stack component="ul" gap={4} m={0} p={0} className={classes.inlineList}>
        {records.map((record) => (
          <HandoutEntry
            key={record.id}
            record={record}
            pending={reprint.isPending && reprint.variables?.[0] === record.id}
            onReprint={() => reprint.mutate([record.id])}
          />
        ))}
      </Stack>
      {reprint.isError && (
        <Text size="sm" c="red.8" role="alert">
          The handout could not be reprinted. {failureMessage(reprint.error)}
        </Text>
      )}
      {reprint.isSuccess && <ShownNote href={reprint.data} what="The reprint" />}
    </div>
  );
}

function HandoutEntry({ record, pending, onReprint }: { record: HandoutRecord; pending: boolean; onReprint(): void }) {
  const id = useId();
  const templates = Object.entries(record.templateVersions)
    .map(([template, version]) => `${template} ${version}`)
    .join(', ');
  return (
    <li className={classes.item}>
      <Group gap="xs" wrap="wrap" justify="space-between">
        <Group gap="xs" wrap="wrap" id={id}>
          <Text size="sm" fw={600}>
            {formatDateTime(record.createdAt)}
          </Text>
          <Text size="sm">
            · <PersonName name={record.createdBy} />
          </Text>
          {record.largePrint && (
            <Badge size="sm" variant="light" color="gray">
              Large print
            </Badge>
          )}
          <Text size="sm" ff="monospace" title={`SHA-256 ${record.sha256}`}>
            {record.sha256.slice(0, 12)}
          </Text>
        </Group>
        <Button size="compact-xs" variant="default" loading={pending} onClick={onReprint} aria-describedby={id}>
          Reprint
        </Button>
      </Group>
      <details className={classes.handoutDetails}>
        <summary>Details</summary>
        <Text size="xs">
          SHA-256{' '}
          <Text span inherit ff="monospace" className={classes.hash}>
            {record.sha256}
          </Text>
        </Text>
        <Text size="xs">
          {record.paperSize} · {Math.ceil(record.sizeBytes / 1024)} KB · templates: {templates || 'none recorded'}
        </Text>
      </details>
    </li>
  );
}

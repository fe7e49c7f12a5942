/**
 * Settings → Audit trail: who did what, newest first. Filtered by user, patient, action and
 * days; the events shown can be exported as CSV (the desktop app asks where to save it, the
 * browser mode downloads it).
 */
import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { format, parseISO } from 'date-fns';
import { keepPreviousData, useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AuditEvent, AuditExported, AuditQuery } from '@shared/audit';
import { call, useApiQuery, type ApiFailure } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { addDaysIso, readBack, todayIso } from '../lib/dates';
import { download } from '../lib/download';
import { failureMessage } from '../lib/messages';
import { rangeProblems } from '../lib/periods';

/** The most events one page shows; the export has them all. */
const shown = 500;

interface Filter {
  from: string;
  to: string;
  userId: string;
  patientId: string;
  action: string;
}

const toQuery = (f: Filter): AuditQuery => ({
  from: f.from,
  to: f.to,
  limit: shown,
  ...(f.userId ? { userId: Number(f.userId) } : {}),
  ...(f.patientId.trim() ? { patientId: Number(f.patientId.trim()) } : {}),
  ...(f.action.trim() ? { action: f.action.trim() } : {}),
});

/** What is wrong with a filter, field by field; empty when it can be asked. */
function filterProblems(f: Filter): Partial<Record<keyof Filter, string>> {
  const problems: Partial<Record<keyof Filter, string>> = { ...rangeProblems(f) };
  const patient = f.patientId.trim();
  if (patient !== '' && !/^[1-9]\d{0,14}$/.test(patient)) problems.patientId = 'Patient number must be a whole number, as the events show it';
  return problems;
}

export function AuditScreen() {
  useDocumentTitle('Audit trail · Milia Notes');
  const today = todayIso();
  const [draft, setDraft] = useState<Filter>({ from: addDaysIso(today, -6), to: today, userId: '', patientId: '', action: '' });
  const [filter, setFilter] = useState<Filter>(draft);
  const [problems, setProblems] = useState<Partial<Record<keyof Filter, string>>>({});
  const users = useApiQuery('users.list', {});
  const events = useApiQuery('audit.search', toQuery(filter), { placeholderData: keepPreviousData, staleTime: 0 });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = filterProblems(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) setFilter(draft);
  };
  const change = (key: keyof Filter) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const userOptions = [{ value: '', label: 'Anyone' }, ...(users.data ?? []).map((u) => ({ value: String(u.id), label: `${u.name} (${u.username})` }))];

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>Audit trail</Title>
        <Text c="dimmed" size="sm">
          Every sign-in, read, search, change, print, export, backup and refused call, with who, when and from where. Nobody can edit or remove an entry.
        </Text>
      </div>
      <form noValidate onSubmit={apply} aria-label="Filter the audit trail">
        <SimpleGrid cols={{ base: 1, sm: 3, lg: 6 }} spacing="sm" style={{ alignItems: 'end' }}>
          <TextInput label="From" type="date" required value={draft.from} description={readBack(draft.from)} onChange={change('from')} error={problems.from} />
          <TextInput label="To" type="date" required value={draft.to} description={readBack(draft.to)} onChange={change('to')} error={problems.to} />
          <NativeSelect label="User" data={userOptions} value={draft.userId} onChange={change('userId')} />
          <TextInput label="Patient number" inputMode="numeric" value={draft.patientId} onChange={change('patientId')} error={problems.patientId} />
          <TextInput label="Action" placeholder="e.g. read, sign" value={draft.action} onChange={change('action')} spellCheck={false} />
          <Button type="submit" loading={events.isFetching}>
            Show events
          </Button>
        </SimpleGrid>
      </form>
      {events.isPending ? (
        <Loading label="Loading the audit trail…" />
      ) : events.isError ? (
        <LoadFailure title="The audit trail could not be loaded" error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <>
          <Group justify="space-between" align="center">
            <Text size="sm" role="status">
              {events.data.total === 0
                ? 'No event matches.'
                : events.data.total > events.data.events.length
                  ? `The newest ${events.data.events.length.toLocaleString()} of ${events.data.total.toLocaleString()} matching events; the export has them all.`
                  : `${events.data.total.toLocaleString()} matching ${events.data.total === 1 ? 'event' : 'events'}.`}
            </Text>
            <AuditExport query={toQuery(filter)} disabled={events.data.total === 0} />
          </Group>
          {events.data.events.length > 0 && <AuditTable events={events.data.events} />}
        </>
      )}
    </Stack>
  );
}

/** To the second: events of one minute keep their order on screen as in the trail. */
const eventTime = (iso: string): string => format(parseISO(iso), 'd MMM yyyy, HH:mm:ss');
const surfaceNames: Record<string, string> = { desktop: 'Desktop', browser: 'Browser', cli: 'Command line', '': '—' };

function AuditTable({ events }: { events: readonly AuditEvent[] }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table verticalSpacing={4} fz="sm" striped aria-label="Audit events, newest first">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Time</Table.Th>
            <Table.Th scope="col">User</Table.Th>
            <Table.Th scope="col">From</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
            <Table.Th scope="col">Patient</Table.Th>
            <Table.Th scope="col">Record</Table.Th>
            <Table.Th scope="col">Outcome</Table.Th>
            <Table.Th scope="col">Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{eventTime(e.at)}</Table.Td>
              {/* The actor names the role it acted in: "Dr Ada Okafor (dermatologist)". */}
              <Table.Td>
                <bdi>{e.actor}</bdi>
                {e.actor !== e.username && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {e.username}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{surfaceNames[e.surface] ?? e.surface}</Table.Td>
              <Table.Td ff="monospace">{e.action}</Table.Td>
              <Table.Td>{e.patientId ?? '—'}</Table.Td>
              <Table.Td>{e.entityId === null ? e.entity : `${e.entity} ${e.entityId}`}</Table.Td>
              <Table.Td>
                {e.outcome === 'ok' ? (
                  'Done'
                ) : (
                  <Text span c="red.8" fw={600} size="sm">
                    {e.outcome === 'forbidden' ? 'Refused' : 'Failed'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.detail}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Every event the filter matches, as CSV: saved where the user chose, or downloaded. */
function AuditExport({ query, disabled }: { query: AuditQuery; disabled: boolean }) {
  const exported = useMutation<AuditExported, ApiFailure, AuditQuery>({
    mutationFn: (q) => call('audit.export', q),
    onSuccess: ({ saved }) => {
      if (saved?.url) download(saved.url, saved.fileName);
    },
  });
  // A closed save dialog asked for nothing, so nothing is said.
  const saved = exported.data?.saved;
  const rows = saved ? `${saved.rows.toLocaleString()} ${saved.rows === 1 ? 'event' : 'events'}` : '';
  const message = saved ? (saved.savedTo !== null ? `Saved to ${saved.savedTo} (${rows}).` : `Downloading ${saved.fileName} (${rows}).`) : null;
  return (
    <Stack gap={4} align="flex-end">
      <Button variant="default" size="sm" onClick={() => exported.mutate(query)} loading={exported.isPending} disabled={disabled}>
        Export CSV
      </Button>
      {message && (
        <Text size="sm" role="status">
          <bdi>{message}</bdi>
        </Text>
      )}
      {exported.isError && (
        <Alert color="red" variant="light" p="xs" role="alert" title="The audit export failed">
          <Text size="sm">{failureMessage(exported.error)}</Text>
        </Alert>
      )}
    </Stack>
  );
}

/**
 * The follow-up list a nurse works through: who is due today, who is overdue, and who is
 * coming up in the next week, filtered by clinician, due range and reason, sorted by any
 * column. Completing asks for the outcome; marking missed or cancelling asks once, since
 * either takes the follow-up off the list; rows selected together are printed, marked missed
 * or cancelled together. Follow-ups overdue by more than a fixed cut-off (`staleOverdueDays`,
 * shown on the screen) are hidden until asked for, and an administrator closes them as
 * missed. A practice manager, and an administrator, see the list only (no chart, no outcome,
 * no handout).
 */
import { Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { WorklistItem } from '@shared/types';
import { outcomes } from '@shared/vocabulary';
import { staleCutOff, staleOverdueDays } from '@shared/worklist';
import { useApiMutation, useApiQuery } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { BatchAftercare } from '../components/worklist/BatchAftercare';
import { FollowUpTable, type FollowUpAction } from '../components/worklist/FollowUpTable';
import { RecordOutcomeDialog } from '../components/worklist/RecordOutcomeDialog';
import { noFilters, passes, WorklistFilters } from '../components/worklist/WorklistFilters';
import { addDaysIso, formatDate, todayIso } from '../lib/dates';
import { countOf } from '../lib/describe';
import { PatientName } from '../components/PersonName';
import { notifySaved } from '../lib/notify';
import { useMay } from '../session/context';

const tabs = ['today', 'overdue', 'next'] as const;
type Tab = (typeof tabs)[number];
const isTab = (value: string | null): value is Tab => tabs.includes(value as Tab);
/** The most follow-ups the list asks for at once, in each of its two parts. */
const limit = 500;

export function WorklistScreen() {
  useDocumentTitle('Follow-ups · Milia Notes');
  const today = todayIso();
  const worklist = useApiQuery('followUps.worklist', { from: today, to: addDaysIso(today, 7), asOf: today, limit });
  const can = useMay();
  // The open tab lives in the address, so that Back from a chart returns to it.
  const [params, setParams] = useSearchParams();
  const chosenTab = params.get('tab');
  const [completing, setCompleting] = useState<WorklistItem | null>(null);
  const [confirming, setConfirming] = useState<{ item: WorklistItem; action: 'miss' | 'cancel' } | null>(null);
  const [bulk, setBulk] = useState<BulkRequest | null>(null);
  const [closingOlder, setClosingOlder] = useState<WorklistItem[] | null>(null);
  const [filters, setFilters] = useState(noFilters);
  const [showOlder, setShowOlder] = useState(false);

  if (worklist.isPending) return <Loading label="Loading the follow-up list…" />;
  if (worklist.isError) return <LoadFailure title="The follow-up list could not be loaded" error={worklist.error} onRetry={() => void worklist.refetch()} />;

  const { asOf } = worklist.data;
  const filtered = Object.values(filters).some((v) => v !== '');
  const overdue = worklist.data.overdue.filter(passes(filters));
  const due = worklist.data.due.filter(passes(filters));
  const cutOff = staleCutOff(asOf);
  const older = overdue.filter((i) => i.followUp.dueDate < cutOff);
  const empty = (sentence: string) => (filtered ? 'No follow-up here matches the filters.' : sentence);
  const lists: Record<Tab, { label: string; items: WorklistItem[]; empty: string }> = {
    today: { label: 'Today', items: due.filter((i) => i.followUp.dueDate === asOf), empty: empty('Nobody is due for follow-up today.') },
    overdue: {
      label: 'Overdue',
      items: showOlder ? overdue : overdue.filter((i) => i.followUp.dueDate >= cutOff),
      empty: empty(older.length > 0 ? 'No follow-up is overdue by less than a year.' : 'No follow-up is overdue.'),
    },
    next: { label: 'Next 7 days', items: due.filter((i) => i.followUp.dueDate > asOf), empty: empty('Nobody is due in the next 7 days.') },
  };
  const clinicians = [...new Set([...worklist.data.overdue, ...worklist.data.due].map((i) => i.clinicianName))].sort((a, b) => a.localeCompare(b));
  const acts = can('followUps.record');
  const prints = can('handouts.print');

  // Until a tab is chosen, open on the first one with someone in it.
  const tab: Tab = isTab(chosenTab) ? chosenTab : (tabs.find((t) => lists[t].items.length > 0) ?? 'today');
  const chooseTab = (value: string | null) => isTab(value) && setParams({ tab: value }, { replace: true });

  // A follow-up that leaves the list takes its row, and the focus, with it: put the focus
  // back on the tab, from where the next row is a Tab away.
  const refocus = () => {
    if (document.activeElement === document.body) document.getElementById(`worklist-tab-${tab}`)?.focus();
  };

  const onAction = (item: WorklistItem, action: FollowUpAction) => {
    // Stay on this tab when the action empties it.
    chooseTab(tab);
    if (action === 'complete') setCompleting(item);
    else setConfirming({ item, action });
  };

  const toolbar = (selected: WorklistItem[], clear: () => void) => (
    <>
      {prints && <BatchAftercare items={selected} />}
      {acts && (
        <>
          <Button size="xs" variant="default" disabled={selected.length === 0} onClick={() => setBulk({ items: selected, status: 'missed', clear })}>
            Mark missed
          </Button>
          <Button size="xs" variant="default" disabled={selected.length === 0} onClick={() => setBulk({ items: selected, status: 'cancelled', clear })}>
            Cancel follow-ups
          </Button>
        </>
      )}
      {selected.length > 0 && (
        <Button size="xs" variant="subtle" color="gray" onClick={clear}>
          Clear selection
        </Button>
      )}
    </>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        <Title order={2}>Follow-ups</Title>
        <Text c="dimmed" size="sm">
          As of {formatDate(asOf)}
        </Text>
      </Group>
      <WorklistFilters value={filters} onChange={setFilters} clinicians={clinicians} reasons={can('charts.read')} />
      <Tabs id="worklist" value={tab} onChange={chooseTab} keepMounted={false}>
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t} value={t} color={t === 'overdue' && lists.overdue.items.length > 0 ? 'red' : undefined}>
              {`${lists[t].label} (${lists[t].items.length})`}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((t) => (
          <Tabs.Panel key={t} value={t} pt="sm">
            {t === 'overdue' && older.length > 0 && (
              <Group gap="sm" mb="sm">
                <Text size="sm">
                  {showOlder
                    ? `Showing ${countOf(older.length, 'entry', 'entries')} overdue by more than ${staleOverdueDays} days (a fixed cut-off).`
                    : `${countOf(older.length, 'entry', 'entries')} overdue by more than ${staleOverdueDays} days (a fixed cut-off) ${older.length === 1 ? 'is' : 'are'} hidden.`}
                </Text>
                <Button size="xs" variant="default" onClick={() => setShowOlder(!showOlder)} aria-expanded={showOlder}>
                  {showOlder ? 'Hide older entries' : `Show ${older.length} older ${older.length === 1 ? 'entry' : 'entries'}`}
                </Button>
                {can('followUps.closeStale') && (
                  <Button size="xs" color="red" variant="light" onClick={() => setClosingOlder(older)}>
                    Close {older.length} as missed
                  </Button>
                )}
              </Group>
            )}
            {lists[t].items.length >= limit && (
              <Text size="sm" c="dimmed" mb="xs">
                Showing the first {limit}, oldest due first.
              </Text>
            )}
            {lists[t].items.length === 0 ? (
              <Text c="dimmed" py="lg">
                {lists[t].empty}
              </Text>
            ) : (
              <FollowUpTable
                items={lists[t].items}
                asOf={asOf}
                caption={`Follow-ups: ${lists[t].label.toLocaleLowerCase()}`}
                onAction={onAction}
                toolbar={acts || prints ? toolbar : undefined}
              />
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
      <RecordOutcomeDialog
        item={completing}
        onClose={() => setCompleting(null)}
        onExited={refocus}
        onDone={(item, followUp) => {
          setCompleting(null);
          notifySaved(
            <>
              <PatientName patient={item.patient} />: {followUp.outcome ? outcomes.label(followUp.outcome) : 'outcome recorded'}
            </>,
            'Follow-up completed',
          );
        }}
      />
      <StatusChange request={confirming} onClose={() => setConfirming(null)} onExited={refocus} />
      <BulkStatusChange request={bulk} onClose={() => setBulk(null)} onExited={refocus} />
      <CloseOlder items={closingOlder} onClose={() => setClosingOlder(null)} onExited={refocus} />
    </Stack>
  );
}

const statusChanges = {
  miss: {
    title: 'Mark this follow-up as missed?',
    body: 'The patient did not come. The follow-up leaves the list and shows as missed on the chart.',
    done: 'marked as missed',
  },
  cancel: {
    title: 'Cancel this follow-up?',
    body: 'The follow-up is no longer needed. It leaves the list and shows as cancelled on the chart.',
    done: 'cancelled',
  },
} as const;

/** The one-step confirmation for marking missed or cancelling. */
interface StatusChangeProps {
  request: { item: WorklistItem; action: 'miss' | 'cancel' } | null;
  onClose(): void;
  onExited(): void;
}

function StatusChange({ request, onClose, onExited }: StatusChangeProps) {
  const miss = useApiMutation('followUps.miss');
  const cancel = useApiMutation('followUps.cancel');
  const mutation = request?.action === 'cancel' ? cancel : miss;
  const change = statusChanges[request?.action ?? 'miss'];

  const confirm = () => {
    if (!request) return;
    mutation.mutate(
      { id: request.item.followUp.id },
      {
        onSuccess: () => {
          onClose();
          notifySaved(
            <>
              Follow-up for <PatientName patient={request.item.patient} /> {change.done}.
            </>,
          );
        },
      },
    );
  };
  const close = () => {
    miss.reset();
    cancel.reset();
    onClose();
  };

  return (
    <ConfirmDialog
      opened={request !== null}
      title={change.title}
      confirmLabel="Confirm"
      danger={request?.action === 'cancel'}
      pending={mutation.isPending}
      error={mutation.error}
      onConfirm={confirm}
      onClose={close}
      onExited={onExited}
    >
      {request && (
        <>
          <PatientName patient={request.item.patient} />, due {formatDate(request.item.followUp.dueDate)}. {change.body}
        </>
      )}
    </ConfirmDialog>
  );
}

interface BulkRequest {
  items: WorklistItem[];
  status: 'missed' | 'cancelled';
  /** Empties the table's selection once the rows have left it. */
  clear(): void;
}

/** The confirmation for marking the selected follow-ups missed, or cancelling them: all of them or none. */
function BulkStatusChange({ request, onClose, onExited }: { request: BulkRequest | null; onClose(): void; onExited(): void }) {
  const change = useApiMutation('followUps.transitionMany');
  const n = request?.items.length ?? 0;
  const missed = request?.status !== 'cancelled';
  const confirm = () => {
    if (!request) return;
    change.mutate(
      { ids: request.items.map((i) => i.followUp.id), status: request.status },
      {
        onSuccess: () => {
          request.clear();
          onClose();
          notifySaved(`${countOf(n, 'follow-up')} ${missed ? 'marked as missed' : 'cancelled'}.`);
        },
      },
    );
  };
  const close = () => {
    change.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      opened={request !== null}
      title={missed ? `Mark ${countOf(n, 'follow-up')} as missed?` : `Cancel ${countOf(n, 'follow-up')}?`}
      confirmLabel="Confirm"
      danger={!missed}
      pending={change.isPending}
      error={change.error}
      onConfirm={confirm}
      onClose={close}
      onExited={onExited}
    >
      {request && <Names items={request.items} />}
      {missed
        ? ' The patients did not come. The follow-ups leave the list and show as missed on the charts.'
        : ' The follow-ups are no longer needed. They leave the list and show as cancelled on the charts.'}
    </ConfirmDialog>
  );
}

/** The administrator's closing of the follow-ups overdue by more than the cut-off, as missed. */
function CloseOlder({ items, onClose, onExited }: { items: WorklistItem[] | null; onClose(): void; onExited(): void }) {
  const close = useApiMutation('followUps.closeStale');
  const n = items?.length ?? 0;
  const confirm = () => {
    if (!items) return;
    close.mutate(
      { ids: items.map((i) => i.followUp.id) },
      {
        onSuccess: () => {
          onClose();
          notifySaved(`${countOf(n, 'follow-up')} overdue by more than ${staleOverdueDays} days closed as missed.`);
        },
      },
    );
  };
  const back = () => {
    close.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      opened={items !== null}
      title={`Close ${countOf(n, 'older follow-up')} as missed?`}
      confirmLabel="Close as missed"
      danger
      pending={close.isPending}
      error={close.error}
      onConfirm={confirm}
      onClose={back}
      onExited={onExited}
    >
      {countOf(n, 'follow-up')} overdue by more than {staleOverdueDays} days will show as missed on the charts and leave the list. Each is recorded in the audit
      trail.
    </ConfirmDialog>
  );
}

/** "HALVORSEN, Ingrid; FERREIRA, Tomás and 3 others.": whom a bulk change reaches. */
function Names({ items }: { items: readonly WorklistItem[] }) {
  const named = items.slice(0, 3);
  const rest = items.length - named.length;
  return (
    <>
      {named.map((item, i) => (
        <Fragment key={item.followUp.id}>
          {i > 0 && '; '}
          <PatientName patient={item.patient} />
        </Fragment>
      ))}
      {rest > 0 ? ` and ${countOf(rest, 'other')}.` : '.'}
    </>
  );
}

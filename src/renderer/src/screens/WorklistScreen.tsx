/**
 * The follow-up list a nurse works through: who is due today, who is overdue, and who is
 * coming up in the next week. Completing asks for the outcome; marking missed or cancelling
 * asks once, since either takes the follow-up off the list. A practice manager sees the list
 * only (no chart, no outcome, no handout).
 */
import { Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { WorklistItem } from '@shared/types';
import { outcomes } from '@shared/vocabulary';
import { useApiMutation, useApiQuery } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { BatchAftercare } from '../components/worklist/BatchAftercare';
import { FollowUpTable, type FollowUpAction } from '../components/worklist/FollowUpTable';
import { RecordOutcomeDialog } from '../components/worklist/RecordOutcomeDialog';
import { addDaysIso, formatDate, todayIso } from '../lib/dates';
import { patientName } from '../lib/describe';
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

  if (worklist.isPending) return <Loading label="Loading the follow-up list…" />;
  if (worklist.isError) return <LoadFailure title="The follow-up list could not be loaded" error={worklist.error} onRetry={() => void worklist.refetch()} />;

  const { asOf, overdue, due } = worklist.data;
  const lists: Record<Tab, { label: string; items: WorklistItem[]; empty: string }> = {
    today: { label: 'Today', items: due.filter((i) => i.followUp.dueDate === asOf), empty: 'Nobody is due for follow-up today.' },
    overdue: { label: 'Overdue', items: overdue, empty: 'No follow-up is overdue.' },
    next: { label: 'Next 7 days', items: due.filter((i) => i.followUp.dueDate > asOf), empty: 'Nobody is due in the next 7 days.' },
  };

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

  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        <Title order={2}>Follow-ups</Title>
        <Text c="dimmed" size="sm">
          As of {formatDate(asOf)}
        </Text>
      </Group>
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
              <>
                {can('handouts.print') && <BatchAftercare items={lists[t].items} />}
                <FollowUpTable items={lists[t].items} asOf={asOf} caption={`Follow-ups: ${lists[t].label.toLocaleLowerCase()}`} onAction={onAction} />
              </>
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
          notifySaved(`${patientName(item.patient)}: ${followUp.outcome ? outcomes.label(followUp.outcome) : 'outcome recorded'}`, 'Follow-up completed');
        }}
      />
      <StatusChange request={confirming} onClose={() => setConfirming(null)} onExited={refocus} />
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
          notifySaved(`Follow-up for ${patientName(request.item.patient)} ${change.done}.`);
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
          <bdi>{patientName(request.item.patient)}</bdi>, due {formatDate(request.item.followUp.dueDate)}. {change.body}
        </>
      )}
    </ConfirmDialog>
  );
}

/**
 * Aftercare handouts for the visits of the selected worklist rows, printed as one PDF: one handout is
 * created per visit with a treatment, one call at a time so that the bar shows real progress
 * and the window stays responsive, then all of them are shown together. Visits without a
 * treatment have nothing to hand out and are listed as skipped.
 */
import { Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { isPracticeContactRefusal } from '@shared/practiceContact';
import { maxHandoutsShown } from '@shared/printing';
import type { WorklistItem } from '@shared/types';
import { call } from '../../api';
import { formatDate } from '../../lib/dates';
import { PatientName } from '../PersonName';
import { failureMessage } from '../../lib/messages';
import { noteSessionFailure } from '../../session/queryClient';
import { openShownPdf } from '../handouts/printing';
import { PrintFailure } from '../handouts/PrintFailure';
import { ShownNote } from '../handouts/ShownNote';

interface BatchVisit {
  visitId: number;
  who: ReactNode;
}

/** A visit it could not prepare, and why. */
interface Failure {
  visit: BatchVisit;
  reason: string;
}

type Batch =
  | { step: 'idle' }
  | { step: 'preparing'; done: number; total: number }
  | { step: 'showing' }
  | { step: 'finished'; href: string | null; count: number; failed: Failure[] }
  | { step: 'failed'; message: string; failed: Failure[] };

/** Each visit once (a visit can have two follow-ups on the list), split by whether it has a treatment. */
function visitsOf(items: readonly WorklistItem[]): { printable: BatchVisit[]; skipped: BatchVisit[] } {
  const seen = new Set<number>();
  const printable: BatchVisit[] = [];
  const skipped: BatchVisit[] = [];
  for (const item of items) {
    if (seen.has(item.followUp.visitId)) continue;
    seen.add(item.followUp.visitId);
    const who = (
      <>
        <PatientName patient={item.patient} />, visit of {formatDate(item.visitDate)}
      </>
    );
    const visit = { visitId: item.followUp.visitId, who };
    (item.kinds.length > 0 ? printable : skipped).push(visit);
  }
  return { printable, skipped };
}

export function BatchAftercare({ items }: { items: readonly WorklistItem[] }) {
  const [batch, setBatch] = useState<Batch>({ step: 'idle' });
  // Leaving the tab abandons the run: the handouts made so far stay on their visits.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const { printable, skipped } = visitsOf(items);
  const tooMany = printable.length > maxHandoutsShown;
  const running = batch.step === 'preparing' || batch.step === 'showing';

  async function run(): Promise<void> {
    const ids: number[] = [];
    const failed: Failure[] = [];
    for (const [i, visit] of printable.entries()) {
      setBatch({ step: 'preparing', done: i, total: printable.length });
      try {
        ids.push((await call('handouts.create', { visitId: visit.visitId, largePrint: false })).id);
      } catch (error) {
        noteSessionFailure(error);
        const reason = failureMessage(error);
        // Refused for the practice, not the visit: every other visit would be refused the same way.
        if (isPracticeContactRefusal(reason)) return setBatch({ step: 'failed', message: reason, failed: [] });
        failed.push({ visit, reason });
      }
      if (!mounted.current) return;
    }
    if (ids.length === 0) return setBatch({ step: 'failed', message: 'No handout could be prepared.', failed });
    setBatch({ step: 'showing' });
    try {
      const href = openShownPdf(await call('handouts.show', { ids }));
      if (mounted.current) setBatch({ step: 'finished', href, count: ids.length, failed });
    } catch (error) {
      noteSessionFailure(error);
      if (mounted.current) setBatch({ step: 'failed', message: `The handouts were prepared but could not be shown. ${failureMessage(error)}`, failed });
    }
  }

  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button size="xs" variant="default" onClick={() => void run()} loading={running} disabled={printable.length === 0 || tooMany}>
          Print aftercare
        </Button>
        <Text size="sm" c="dimmed">
          {tooMany
            ? `At most ${maxHandoutsShown} at once: the selection has ${printable.length} visits with a treatment.`
            : `${printable.length} ${printable.length === 1 ? 'visit' : 'visits'} with a treatment`}
        </Text>
      </Group>
      {batch.step === 'preparing' && (
        <Stack gap={4}>
          <Progress value={(batch.done / batch.total) * 100} aria-label="Preparing handouts" animated />
          <Text size="sm" aria-live="polite">
            Preparing {batch.done + 1} of {batch.total}…
          </Text>
        </Stack>
      )}
      {batch.step === 'showing' && <Text size="sm">Putting the handouts together…</Text>}
      {batch.step === 'finished' && <ShownNote href={batch.href} what={`One PDF of ${batch.count} ${batch.count === 1 ? 'handout' : 'handouts'}`} />}
      {batch.step === 'failed' && <PrintFailure message={batch.message} />}
      {(batch.step === 'finished' || batch.step === 'failed') && batch.failed.length > 0 && (
        <Listed title="Not prepared" visits={batch.failed.map((f) => ({ ...f.visit, reason: f.reason }))} />
      )}
      {batch.step !== 'idle' && skipped.length > 0 && <Listed title="Skipped: no treatment recorded" visits={skipped} />}
    </Stack>
  );
}

function Listed({ title, visits }: { title: string; visits: Array<BatchVisit & { reason?: string }> }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <List size="sm">
        {visits.map((v) => (
          <List.Item key={v.visitId}>
            {v.who}
            {v.reason !== undefined && `: ${v.reason}`}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

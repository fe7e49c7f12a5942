/**
 * Aftercare handouts for the visits of the selected worklist rows, printed as one PDF: one handout is
 * created per visit with a treatment, one call at a time so that the bar shows real progress
 * and the window stays responsive, then all of them are shown together. Visits without a
 * treatment have nothing to hand out and are listed as skipped.
 */
import { Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { isPracticeContactRefusal } from '@shared/practiceContact';
import { maxHandoutsShown } from '@shared/printing';
import type { WorklistItem } from '@shared/types';
import { call } from '../../api';
import { formatDate } from '../../lib/dates';
import { patientName } from '../../lib/describe';
import { failureMessage } from '../../lib/messages';
import { noteSessionFailure } from '../../session/queryClient';
import { openShownPdf } from '../handouts/printing';
import { PrintFailure } from '../handouts/PrintFailure';
import { ShownNote } from '../handouts/ShownNote';

interface BatchVisit {
  visitId: number;
  who: string;
}

type Batch =
  | { step: 'idle' }
  | { step: 'preparing'; done: number; total: number }
  | { step: 'showing' }
  | { step: 'finished'; href: string | null; count: number; failed: string[] }
  | { step: 'failed'; message: string; failed: string[] };

/** Each visit once (a visit can have two follow-ups on the list), split by whether it has a treatment. */
function visitsOf(items: readonly WorklistItem[]): { printable: BatchVisit[]; skipped: BatchVisit[] } {
  const seen = new Set<number>();
  const printable: BatchVisit[] = [];
  const skipped: BatchVisit[] = [];
  for (const item of items) {
    if (seen.has(item.followUp.visitId)) continue;
    seen.add(item.followUp.visitId);
    const visit = { visitId: item.followUp.visitId, who: `${patientName(item.patient)}, visit of ${formatDate(item.visitDate)}` };
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
    const failed: string[] = [];
    for (const [i, visit] of printable.entries()) {
      setBatch({ step: 'preparing', done: i, total: printable.length });
      try {
        ids.push((await call('handouts.create', { visitId: visit.visitId, largePrint: false })).id);
      } catch (error) {
        noteSessionFailure(error);
        const reason = failureMessage(error);
        // Refused for the practice, not the visit: every other visit would be refused the same way.
        if (isPracticeContactRefusal(reason)) return setBatch({ step: 'failed', message: reason, failed: [] });
        failed.push(`${visit.who}: ${reason}`);
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
      {(batch.step === 'finished' || batch.step === 'failed') && batch.failed.length > 0 && <Listed title="Not prepared" lines={batch.failed} />}
      {batch.step !== 'idle' && skipped.length > 0 && <Listed title="Skipped: no treatment recorded" lines={skipped.map((v) => v.who)} />}
    </Stack>
  );
}

function Listed({ title, lines }: { title: string; lines: string[] }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      <List size="sm">
        {lines.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
    </div>
  );
}

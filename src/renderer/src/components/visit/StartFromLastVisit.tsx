/**
 * "Start from last visit": a follow-up visit begins with the last visit's presentations
 * (type, site, side, size, distribution, triggers, count) in one action. The counts are
 * carried only as a reminder: each is marked "re-count" until it is changed. Red flags,
 * differentials, decisions and notes are not carried: they are judged afresh at each visit.
 */
import { Button } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import type { Presentation } from '@shared/types';
import { useApiQuery } from '../../api';
import { formatDate } from '../../lib/dates';
import { newPresentation, type PresentationValues, type VisitValues } from './visitForm';
import './visitExtras.css';

const recountNote = 'Carried from the last visit: re-count';

/** The last visit's presentation as a new card's values. */
export function carried(p: Presentation): PresentationValues {
  return {
    ...newPresentation(p.site, p.side ?? ''),
    type: p.type,
    count: String(p.count),
    sizeMm: p.sizeMm === null ? '' : String(p.sizeMm),
    distribution: p.distribution ?? '',
    triggers: p.type === 'secondary' ? p.triggers : [],
  };
}

/**
 * Marks a count input "re-count" (a dashed outline and its note, also read by screen
 * readers) until it is edited. The cards are H-B's; the mark is put on their inputs from
 * here so that a carried count needs nothing of them.
 */
function markRecount(input: HTMLInputElement): void {
  const wrapper = input.closest<HTMLElement>('.mantine-InputWrapper-root') ?? input.parentElement;
  input.dataset.recount = '';
  input.setAttribute('aria-description', recountNote);
  wrapper?.setAttribute('data-recount', '');
  input.addEventListener(
    'input',
    () => {
      delete input.dataset.recount;
      input.removeAttribute('aria-description');
      wrapper?.removeAttribute('data-recount');
    },
    { once: true },
  );
}

export function StartFromLastVisit({ patientId, onAppend }: { patientId: number; onAppend: (values: PresentationValues[]) => void }) {
  const { getValues } = useFormContext<VisitValues>();
  const chart = useApiQuery('chart.get', { id: patientId }, { staleTime: 60_000 });
  // The indexes of the cards just carried, to mark once they are on the page.
  const [toMark, setToMark] = useState<number[]>([]);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (toMark.length === 0) return;
    for (const i of toMark) {
      const input = document.querySelector<HTMLInputElement>(`input[name="presentations.${i}.count"]`);
      if (input) markRecount(input);
    }
    setToMark([]);
  }, [toMark]);

  // Newest first: the last visit with something to carry.
  const last = chart.data?.visits.find((v) => v.presentations.length > 0);
  if (!last || done) return null;

  const start = () => {
    const present = getValues('presentations');
    // A site already on the form keeps its card; the others are added after it.
    const add = last.presentations.filter((p) => !present.some((q) => q.site === p.site && q.side === (p.side ?? ''))).map(carried);
    onAppend(add);
    setToMark(add.map((_, i) => present.length + i));
    setDone(true);
  };

  return (
    <Button variant="default" onClick={start}>
      Start from last visit ({formatDate(last.date)})
    </Button>
  );
}

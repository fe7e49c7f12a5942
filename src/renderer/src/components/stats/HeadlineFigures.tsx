/**
 * The figures a practice manager reads first, as a description list: each a label, the
 * number, and when it needs one a line saying what it is counted from.
 */
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { StatsSummary } from '@shared/stats';
import { formatDate } from '../../lib/dates';
import { fewThreshold, formatCount, percent } from './figures';
import classes from './statistics.module.css';

interface FigureProps {
  label: string;
  value: string;
  note?: ReactNode;
  /** Drawn in red: something needs doing. */
  alert?: boolean;
}

function Figure({ label, value, note, alert = false }: FigureProps) {
  return (
    <div className={classes.figure} data-alert={alert || undefined}>
      <dt className={classes.figureLabel}>{label}</dt>
      <dd className={classes.figureValue}>{value}</dd>
      {note && (
        <dd className={classes.figureNote}>
          <Text span size="xs" c="dimmed">
            {note}
          </Text>
        </dd>
      )}
    </div>
  );
}

export function HeadlineFigures({ summary }: { summary: StatsSummary }) {
  const treatments = Object.values(summary.treatmentsByKind).reduce((n, k) => n + (k?.treatments ?? 0), 0);
  const lesions = Object.values(summary.treatmentsByKind).reduce((n, k) => n + (k?.lesionsTreated ?? 0), 0);
  const f = summary.followUps;
  const ended = f.completed + f.missed;
  const kept = percent(f.completed, ended);
  return (
    <dl className={classes.figures}>
      <Figure label="Visits" value={formatCount(summary.visits)} />
      <Figure label="Patients seen" value={formatCount(summary.patients)} />
      <Figure label="New patients" value={formatCount(summary.newPatients)} note="first visit ever in this period" />
      <Figure label="Treatments" value={formatCount(treatments)} />
      <Figure label="Lesions treated" value={formatCount(lesions)} />
      <Figure
        label="Follow-ups kept"
        value={kept ?? '—'}
        note={
          ended === 0
            ? 'none completed or missed yet'
            : `${formatCount(f.completed)} of ${formatCount(ended)} completed or missed${ended < fewThreshold ? ' (few follow-ups)' : ''}`
        }
      />
      <Figure label="Overdue follow-ups" value={formatCount(f.overdue)} note={`as of ${formatDate(summary.period.asOf)}`} alert={f.overdue > 0} />
      <Figure label="Red-flagged presentations" value={formatCount(summary.redFlagged)} alert={summary.redFlagged > 0} />
    </dl>
  );
}

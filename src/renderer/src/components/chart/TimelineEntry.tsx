/**
 * One visit on the chart's timeline: the date as its heading, who saw the patient, whether it
 * is a draft or signed (by whom, when), what was found, done and planned, and any addenda
 * under it; with a link to edit a draft, or to open a signed visit. The visit just saved is
 * brought into view, tinted for a moment and given the focus, so that the clinician sees
 * what they saved and carries on from there.
 */
import { Anchor, Badge, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { Visit } from '@shared/types';
import { countOf } from '../../lib/describe';
import { formatDate } from '../../lib/dates';
import { useMay } from '../../session/context';
import { Addenda } from './Addenda';
import classes from './chart.module.css';
import saved from './TimelineEntry.module.css';
import { VisitContent } from './VisitContent';
import { SignatureLine, VisitStatusBadge } from './VisitStatus';
import { PersonName } from '../PersonName';

const visitHeadingId = (visit: Pick<Visit, 'id'>): string => `visit-${visit.id}-date`;

export function TimelineEntry({ visit, justSaved = false }: { visit: Visit; justSaved?: boolean }) {
  const can = useMay();
  const headingId = visitHeadingId(visit);
  const editable = !visit.signature && can('visits.document');
  const entry = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!justSaved) return;
    // From the top of the chart (the patient's name in view), scrolled only as far as the entry needs.
    window.scrollTo(0, 0);
    entry.current?.scrollIntoView({ block: 'nearest' });
    entry.current?.focus({ preventScroll: true });
  }, [justSaved]);
  return (
    <Paper
      component="article"
      ref={entry}
      withBorder
      p="md"
      aria-labelledby={headingId}
      aria-describedby={justSaved ? `${headingId}-saved` : undefined}
      tabIndex={justSaved ? -1 : undefined}
      className={justSaved ? `${classes.entry} ${saved.justSaved}` : classes.entry}
      data-draft={visit.signature ? undefined : true}
      data-just-saved={justSaved || undefined}
    >
      {justSaved && <VisuallyHidden id={`${headingId}-saved`}>Just saved</VisuallyHidden>}
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Stack gap={2}>
          <Group gap="sm" align="baseline" wrap="wrap">
            <Title order={4} id={headingId}>
              {formatDate(visit.date)}
            </Title>
            <Text c="dimmed" size="sm">
              <PersonName name={visit.clinicianName} />
            </Text>
            <VisitStatusBadge visit={visit} />
            {visit.pendingReview > 0 && (
              <Badge color="red" variant="light">
                {countOf(visit.pendingReview, 'decision')} needed
              </Badge>
            )}
          </Group>
          <SignatureLine visit={visit} />
        </Stack>
        <Anchor component={Link} to={`/patients/${visit.patientId}/visits/${visit.id}`} size="sm" aria-describedby={headingId}>
          {editable ? 'Edit visit' : 'Open visit'}
        </Anchor>
      </Group>
      <Stack gap="sm">
        <VisitContent visit={visit} describedBy={headingId} canPrint={can('handouts.print')} />
        <Addenda addenda={visit.addenda} />
      </Stack>
    </Paper>
  );
}

/**
 * One visit on the chart's timeline: the date as its heading, who saw the patient, and what
 * was found, done and planned, with a link to edit it.
 */
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Visit } from '@shared/types';
import { countOf } from '../../lib/describe';
import { VisitHandouts } from '../handouts/VisitHandouts';
import { formatDate } from '../../lib/dates';
import classes from './chart.module.css';
import { FollowUpItem } from './FollowUpItem';
import { PresentationItem } from './PresentationItem';
import { TreatmentItem } from './TreatmentItem';

const visitHeadingId = (visit: Pick<Visit, 'id'>): string => `visit-${visit.id}-date`;

export function TimelineEntry({ visit }: { visit: Visit }) {
  const headingId = visitHeadingId(visit);
  return (
    <Paper component="article" withBorder p="md" aria-labelledby={headingId} className={classes.entry}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Group gap="sm" align="baseline" wrap="wrap">
          <Title order={4} id={headingId}>
            {formatDate(visit.date)}
          </Title>
          <Text c="dimmed" size="sm">
            {visit.clinicianName}
          </Text>
          {visit.pendingReview > 0 && (
            <Badge color="red" variant="light">
              {countOf(visit.pendingReview, 'decision')} needed
            </Badge>
          )}
        </Group>
        <Anchor component={Link} to={`/patients/${visit.patientId}/visits/${visit.id}`} size="sm" aria-describedby={headingId}>
          Edit visit
        </Anchor>
      </Group>
      <Stack gap="sm">
        {visit.notes && (
          <Text size="sm" className={classes.notes}>
            {visit.notes}
          </Text>
        )}
        {visit.presentations.length > 0 && (
          <Part label="Presentations">
            {visit.presentations.map((p) => (
              <PresentationItem key={p.id} presentation={p} />
            ))}
          </Part>
        )}
        {visit.treatments.length > 0 && (
          <Part label="Treatments">
            {visit.treatments.map((t) => (
              <TreatmentItem key={t.id} treatment={t} />
            ))}
          </Part>
        )}
        {/* A handout is written from the treatments, so a visit without one has none. */}
        {visit.treatments.length > 0 && (
          <Part label="Aftercare">
            <VisitHandouts visit={visit} describedBy={headingId} />
          </Part>
        )}
        {visit.followUps.length > 0 && (
          <Part label="Follow-up">
            {visit.followUps.map((f) => (
              <FollowUpItem key={f.id} followUp={f} />
            ))}
          </Part>
        )}
        {!visit.notes && visit.presentations.length + visit.treatments.length + visit.followUps.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing recorded at this visit.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Part({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text className={classes.partLabel}>{label}</Text>
      <Stack gap={6}>{children}</Stack>
    </div>
  );
}

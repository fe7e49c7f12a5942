/**
 * One visit on the chart's timeline: the date as its heading, who saw the patient, whether it
 * is a draft or signed (by whom, when), what was found, done and planned, and any addenda
 * under it; with a link to edit a draft, or to open a signed visit.
 */
import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Visit } from '@shared/types';
import { countOf } from '../../lib/describe';
import { formatDate } from '../../lib/dates';
import { useMay } from '../../session/context';
import { Addenda } from './Addenda';
import classes from './chart.module.css';
import { VisitContent } from './VisitContent';
import { SignatureLine, VisitStatusBadge } from './VisitStatus';

const visitHeadingId = (visit: Pick<Visit, 'id'>): string => `visit-${visit.id}-date`;

export function TimelineEntry({ visit }: { visit: Visit }) {
  const can = useMay();
  const headingId = visitHeadingId(visit);
  const editable = !visit.signature && can('visits.document');
  return (
    <Paper component="article" withBorder p="md" aria-labelledby={headingId} className={classes.entry} data-draft={visit.signature ? undefined : true}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Stack gap={2}>
          <Group gap="sm" align="baseline" wrap="wrap">
            <Title order={4} id={headingId}>
              {formatDate(visit.date)}
            </Title>
            <Text c="dimmed" size="sm">
              {visit.clinicianName}
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

/**
 * What a visit recorded, read-only: its notes, what was found, what was done (with its
 * aftercare handouts) and the follow-up. The chart's timeline and a signed visit's own
 * screen show it alike.
 */
import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Visit } from '@shared/types';
import { VisitHandouts } from '../handouts/VisitHandouts';
import classes from './chart.module.css';
import { FollowUpItem } from './FollowUpItem';
import { PresentationItem } from './PresentationItem';
import { TreatmentItem } from './TreatmentItem';

interface VisitContentProps {
  visit: Visit;
  /** The element naming the visit, which describes its buttons (every visit has a "Print aftercare"). */
  describedBy: string;
  /** Whether the user may print aftercare. */
  canPrint: boolean;
}

export function VisitContent({ visit, describedBy, canPrint }: VisitContentProps) {
  return (
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
      {canPrint && visit.treatments.length > 0 && (
        <Part label="Aftercare">
          <VisitHandouts visit={visit} describedBy={describedBy} />
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

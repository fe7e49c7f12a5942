/**
 * One presentation as the clinician described it. A red-flagged one is framed in red with
 * its flags and what was decided, or "Decision needed" while nothing has been.
 */
import { Badge, Box, Group, List, Text } from '@mantine/core';
import type { Presentation } from '@shared/types';
import { differentials, distributions, miliaTypes, redFlags, reviewDecisions, siteLabel, triggers } from '@shared/vocabulary';
import { countOf } from '../../lib/describe';
import classes from './chart.module.css';

export function PresentationItem({ presentation: p }: { presentation: Presentation }) {
  const flagged = p.redFlags.length > 0;
  const facts = [countOf(p.count, 'lesion'), p.sizeMm !== null ? `${p.sizeMm} mm` : null, p.distribution ? distributions.label(p.distribution) : null].filter(
    Boolean,
  );

  return (
    <Box className={classes.item} data-flagged={flagged || undefined}>
      <Group gap="xs" wrap="wrap">
        {flagged && (
          <Badge color="red" variant="filled" size="sm">
            Red flag
          </Badge>
        )}
        <Text fw={600} size="sm">
          {miliaTypes.label(p.type)}
        </Text>
        <Text size="sm">· {siteLabel(p.site, p.side)}</Text>
        <Text size="sm" c="dimmed">
          · {facts.join(', ')}
        </Text>
      </Group>
      {p.triggers.length > 0 && <Fact label="Triggers">{p.triggers.map(triggers.label).join(', ')}</Fact>}
      {p.differentials.length > 0 && <Fact label="Differentials considered">{p.differentials.map(differentials.label).join(', ')}</Fact>}
      {p.notes && (
        <Text size="sm" className={classes.notes}>
          {p.notes}
        </Text>
      )}
      {flagged && <RedFlagReview presentation={p} />}
    </Box>
  );
}

function RedFlagReview({ presentation: p }: { presentation: Presentation }) {
  return (
    <Box mt={6}>
      <List size="sm" spacing={2} c="red.9">
        {p.redFlags.map((flag) => (
          <List.Item key={flag}>{redFlags.label(flag)}</List.Item>
        ))}
      </List>
      {p.decision ? (
        <Text size="sm" mt={4}>
          <Text span fw={600}>
            Decided: {reviewDecisions.label(p.decision)}
          </Text>
          {p.decisionNote && <> — {p.decisionNote}</>}
        </Text>
      ) : (
        <Badge color="red" variant="light" mt={6}>
          Decision needed
        </Badge>
      )}
    </Box>
  );
}

/** `Label: value` in one line, the label quieter than the value. */
export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Text size="sm">
      <Text span c="dimmed">
        {label}:
      </Text>{' '}
      {children}
    </Text>
  );
}

/**
 * A signed visit's addenda, oldest first under it: corrections and later facts, each with its
 * author and time and itself signed; what was signed above them is never edited.
 */
import { Paper, Stack, Text } from '@mantine/core';
import type { Addendum } from '@shared/types';
import { formatDateTime } from '../../lib/dates';
import classes from './chart.module.css';

export function Addenda({ addenda, headingLevel = 'h5' }: { addenda: readonly Addendum[]; headingLevel?: 'h4' | 'h5' }) {
  if (addenda.length === 0) return null;
  const Heading = headingLevel;
  return (
    <Stack gap={6}>
      {addenda.map((a, i) => (
        <Paper key={a.id} withBorder p="xs" className={classes.addendum} component="article" aria-labelledby={`addendum-${a.id}`}>
          <Heading id={`addendum-${a.id}`} className={classes.addendumHeading}>
            Addendum {i + 1} · signed by <bdi>{a.authorName}</bdi> on {formatDateTime(a.signedAt)}
          </Heading>
          <Text size="sm" className={classes.notes}>
            {a.text}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

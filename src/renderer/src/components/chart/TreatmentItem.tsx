/** One treatment: what, where, how many, and the safety facts (anaesthesia, consent, who). */
import { Box, Group, Text } from '@mantine/core';
import type { Treatment } from '@shared/types';
import { anesthesias, isProcedure, siteLabel, treatmentKinds } from '@shared/vocabulary';
import { countOf, treatmentDetails } from '../../lib/describe';
import classes from './chart.module.css';
import { Fact } from './PresentationItem';
import { PersonName } from '../PersonName';

export function TreatmentItem({ treatment: t }: { treatment: Treatment }) {
  const details = treatmentDetails(t);
  const procedure = isProcedure(t.kind);
  return (
    <Box className={classes.item}>
      <Group gap="xs" wrap="wrap">
        <Text fw={600} size="sm">
          {treatmentKinds.label(t.kind)}
        </Text>
        <Text size="sm">· {siteLabel(t.site, t.side)}</Text>
        {procedure && (
          <Text size="sm" c="dimmed">
            · {countOf(t.lesionsTreated, 'lesion')} treated
          </Text>
        )}
      </Group>
      {details.length > 0 && <Fact label="Details">{details.join(', ')}</Fact>}
      <Group gap="md" wrap="wrap">
        {t.anesthesia && <Fact label="Anaesthesia">{anesthesias.label(t.anesthesia)}</Fact>}
        {procedure && (
          <Fact label="Consent">
            {t.consent ? (
              'recorded'
            ) : (
              <Text span c="red.9" fw={600}>
                not recorded
              </Text>
            )}
          </Fact>
        )}
        <Fact label="Performed by">
          <PersonName name={t.performedByName} />
        </Fact>
      </Group>
      {t.notes && (
        <Text size="sm" className={classes.notes}>
          {t.notes}
        </Text>
      )}
    </Box>
  );
}

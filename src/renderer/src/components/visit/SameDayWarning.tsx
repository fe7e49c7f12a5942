/**
 * A second visit on one day is usually a slip (the first one was meant to be opened): a
 * warning, never a refusal, naming the visit already there with a link to open it. The
 * chart's visits come from the chart query the screens already use; no call of its own.
 */
import { Alert, Anchor, Text } from '@mantine/core';
import { useWatch } from 'react-hook-form';
import { Link } from 'react-router';
import { isIsoDate } from '@shared/fields';
import { useApiQuery } from '../../api';
import { formatDate } from '../../lib/dates';
import type { VisitValues } from './visitForm';
import { PersonName } from '../PersonName';

export function SameDayWarning({ patientId, visitId }: { patientId: number; visitId: number | undefined }) {
  const date = useWatch<VisitValues, 'date'>({ name: 'date' });
  // Kept a minute, so that coming from the chart does not read it again.
  const chart = useApiQuery('chart.get', { id: patientId }, { staleTime: 60_000 });
  if (!isIsoDate(date)) return null;
  const same = chart.data?.visits.filter((v) => v.date === date && v.id !== visitId) ?? [];
  if (same.length === 0) return null;
  return (
    <Alert color="orange" variant="light" title="Another visit on this day" role="status" classNames={{ title: 'warning-title' }}>
      {same.map((v) => (
        <Text size="sm" key={v.id}>
          This patient already has a visit on {formatDate(v.date)} (<PersonName name={v.clinicianName} />
          ):{' '}
          <Anchor
            component={Link}
            to={`/patients/${patientId}/visits/${v.id}`}
            size="sm"
            aria-label={`open it: the visit of ${formatDate(v.date)} (${v.clinicianName})`}
          >
            open it
          </Anchor>
        </Text>
      ))}
    </Alert>
  );
}

/**
 * Lesion counts over time, one small chart per site and side, so that the effect of
 * treatment shows at a glance. The charts are pictures only (hidden from screen readers and
 * out of the tab order); the same numbers are in a table for anyone who wants to read them.
 */
import { Group, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { format, parseISO } from 'date-fns';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LesionHistory } from '@shared/types';
import { siteLabel } from '@shared/vocabulary';
import { formatDate } from '../../lib/dates';
import classes from './chart.module.css';

const shortDate = (iso: string): string => format(parseISO(iso), 'MMM yyyy');

export function LesionCharts({ history }: { history: readonly LesionHistory[] }) {
  if (history.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No lesions recorded yet.
      </Text>
    );
  }
  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 1, xl: 2 }} spacing="xs" aria-hidden="true">
        {history.map((h) => (
          <SiteChart key={`${h.site}|${h.side ?? ''}`} history={h} />
        ))}
      </SimpleGrid>
      <details>
        <summary>
          <Text span size="sm">
            Show as table
          </Text>
        </summary>
        <LesionTable history={history} />
      </details>
    </>
  );
}

function SiteChart({ history }: { history: LesionHistory }) {
  const first = history.points[0]!;
  const last = history.points.at(-1)!;
  return (
    <Paper withBorder className={classes.sparkCard}>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="xs" fw={600} truncate>
          {siteLabel(history.site, history.side)}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {history.points.length > 1 ? `${first.count} → ${last.count}` : last.count}
        </Text>
      </Group>
      <ResponsiveContainer width="100%" height={88}>
        <LineChart data={history.points} margin={{ top: 6, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <XAxis dataKey="date" tickFormatter={shortDate} tick={{ fontSize: 10 }} tickLine={false} interval="preserveStartEnd" minTickGap={12} />
          <YAxis allowDecimals={false} tick={{ fontSize: 10 }} tickLine={false} axisLine={false} width={28} domain={[0, 'auto']} tickCount={3} />
          <Tooltip labelFormatter={(d) => formatDate(String(d))} formatter={(value) => [value, 'Lesions']} />
          <Line type="monotone" dataKey="count" stroke="var(--mantine-color-teal-7)" strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </Paper>
  );
}

function LesionTable({ history }: { history: readonly LesionHistory[] }) {
  return (
    <Table mt="xs" fz="xs" verticalSpacing={4} horizontalSpacing="xs" captionSide="top" striped withTableBorder>
      <caption>Lesion count by site and visit</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Site</Table.Th>
          <Table.Th scope="col">Visit</Table.Th>
          <Table.Th scope="col">Lesions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.flatMap((h) =>
          h.points.map((point) => (
            <Table.Tr key={`${h.site}|${h.side ?? ''}|${point.visitId}`}>
              <Table.Td>{siteLabel(h.site, h.side)}</Table.Td>
              <Table.Td className={classes.nowrap}>{formatDate(point.date)}</Table.Td>
              <Table.Td>{point.count}</Table.Td>
            </Table.Tr>
          )),
        )}
      </Table.Tbody>
    </Table>
  );
}

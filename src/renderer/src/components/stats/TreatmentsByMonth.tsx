/**
 * Treatments by month as a stacked bar chart, one colour-and-pattern per kind so that it
 * reads in grey print too, with a legend listed top to bottom in the order the bars stack.
 * The chart is one image to a screen reader, named by a summary of it; the figures
 * themselves are in the table under "Show as table".
 */
import { Group, Table, Text } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StatsSummary } from '@shared/stats';
import { treatmentKinds, type TreatmentKind } from '@shared/vocabulary';
import { countIn, formatCount, kindsTreated, monthName, treatmentBuckets, type TreatmentBucket } from './figures';
import { KindSwatch, kindFill } from './kindFills';
import classes from './statistics.module.css';

interface TreatmentsByMonthProps {
  summary: StatsSummary;
  /** The period in words, for the chart's name and the table's caption. */
  periodText: string;
}

export function TreatmentsByMonth({ summary, periodText }: TreatmentsByMonthProps) {
  const { unit, buckets } = treatmentBuckets(summary.treatmentsByMonth);
  const kinds = kindsTreated(summary);
  const total = buckets.reduce((sum, b) => sum + b.total, 0);

  if (total === 0) {
    return (
      <Text size="sm" c="dimmed">
        No treatments in this period.
      </Text>
    );
  }

  const data = buckets.map((b) => ({ key: b.key, label: b.label, ...Object.fromEntries(kinds.map((k) => [k, countIn(b.kinds, k)])) }));
  const busiest = buckets.reduce((top, b) => (b.total > top.total ? b : top));
  const description =
    `Stacked bar chart of treatments by ${unit}, ${periodText}: ${formatCount(total)} in all over ${buckets.length} ${unit}s, ` +
    `the most in ${busiest.label} (${formatCount(busiest.total)}). ` +
    `By kind: ${kinds.map((k) => `${treatmentKinds.label(k)} ${formatCount(summary.treatmentsByKind[k]?.treatments ?? 0)}`).join(', ')}. ` +
    'The same figures are in the table below the chart.';

  return (
    <>
      <Group align="flex-start" gap="lg" wrap="nowrap" className={classes.chartRow}>
        <div className={classes.chart}>
          <ResponsiveContainer width="100%" height={300}>
            <BarChart
              data={data}
              margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
              accessibilityLayer={false}
              role="img"
              aria-label={description}
              barCategoryGap="18%"
              maxBarSize={64}
            >
              <CartesianGrid vertical={false} stroke="#dee2e6" />
              <XAxis
                dataKey="key"
                tick={(props: TickProps) => <BucketTick {...props} />}
                tickLine={false}
                height={unit === 'month' ? 40 : 24}
                interval={buckets.length <= 24 ? 0 : 'preserveStartEnd'}
                minTickGap={4}
              />
              <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#343a40' }} tickLine={false} axisLine={false} width={36} />
              <Tooltip cursor={{ fill: 'rgba(0, 0, 0, 0.05)' }} labelFormatter={(key) => bucketLabel(String(key))} />
              {kinds.map((kind) => (
                <Bar
                  key={kind}
                  dataKey={kind}
                  name={treatmentKinds.label(kind)}
                  stackId="treatments"
                  fill={kindFill(kind)}
                  stroke="#ffffff"
                  strokeWidth={1}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <KindLegend kinds={kinds} summary={summary} />
      </Group>
      <details className={classes.tableToggle}>
        <summary>
          <Text span size="sm">
            Show as table
          </Text>
        </summary>
        <BucketTable unit={unit} buckets={buckets} kinds={kinds} caption={`Treatments by ${unit}, ${periodText}`} />
      </details>
    </>
  );
}

interface TickProps {
  x?: number | string;
  y?: number | string;
  index?: number;
  payload?: { value?: unknown };
}

/** `2026-09` as `Sep 2026`; a year stays a year. */
const bucketLabel = (key: string): string => (key.length === 7 ? monthName(key) : key);

/** A month as its short name, with the year under the first month and under every January. */
function BucketTick({ x = 0, y = 0, index = 0, payload }: TickProps) {
  const key = String(payload?.value ?? '');
  const month = key.length === 7;
  const showYear = month && (index === 0 || key.endsWith('-01'));
  return (
    <text x={Number(x)} y={Number(y) + 12} textAnchor="middle" fontSize={12} fill="#343a40">
      <tspan x={Number(x)}>{month ? monthName(key).slice(0, 3) : key}</tspan>
      {showYear && (
        <tspan x={Number(x)} dy={14} fontWeight={600}>
          {key.slice(0, 4)}
        </tspan>
      )}
    </text>
  );
}

/** The kinds from the top of the stack down, each with its period total. */
function KindLegend({ kinds, summary }: { kinds: TreatmentKind[]; summary: StatsSummary }) {
  return (
    <div className={classes.legend}>
      <Text size="xs" fw={600} c="dimmed" mb={4}>
        Top of the bar first
      </Text>
      <ul className={classes.legendList}>
        {[...kinds].reverse().map((kind) => (
          <li key={kind}>
            <KindSwatch kind={kind} />
            <Text span size="sm">
              {treatmentKinds.label(kind)}{' '}
              <Text span size="sm" c="dimmed">
                ({formatCount(summary.treatmentsByKind[kind]?.treatments ?? 0)})
              </Text>
            </Text>
          </li>
        ))}
      </ul>
    </div>
  );
}

function BucketTable({ unit, buckets, kinds, caption }: { unit: 'month' | 'year'; buckets: TreatmentBucket[]; kinds: TreatmentKind[]; caption: string }) {
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table fz="sm" verticalSpacing={4} horizontalSpacing="xs" striped withTableBorder captionSide="top" className={classes.numbers}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{unit === 'month' ? 'Month' : 'Year'}</Table.Th>
            {kinds.map((k) => (
              <Table.Th key={k} scope="col">
                {treatmentKinds.label(k)}
              </Table.Th>
            ))}
            <Table.Th scope="col">Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {buckets.map((b) => (
            <Table.Tr key={b.key}>
              <Table.Th scope="row">{b.label}</Table.Th>
              {kinds.map((k) => (
                <Table.Td key={k}>{formatCount(countIn(b.kinds, k))}</Table.Td>
              ))}
              <Table.Td fw={600}>{formatCount(b.total)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The summary's breakdowns as tables: each with a caption naming it and its period, column
 * headers, and its first cell a row header, so a screen reader announces what each number
 * is. Codes are always shown by their vocabulary label; a missing count is 0.
 */
import { Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { StatsSummary } from '@shared/stats';
import { followUpStatuses, miliaTypes, outcomes, procedureCodes, sites, treatmentKinds } from '@shared/vocabulary';
import { formatDate } from '../../lib/dates';
import { countIn, fewThreshold, formatCount, kindsTreated, percent, presentCodes, rateWithCounts, sumOf } from './figures';
import classes from './statistics.module.css';

interface TableProps {
  summary: StatsSummary;
  periodText: string;
}

interface CountTableProps {
  caption: string;
  /** The row header column first, then the number columns. */
  columns: readonly string[];
  rows: ReadonlyArray<{ key: string; header: ReactNode; cells: ReadonlyArray<ReactNode> }>;
  /** A closing row, such as the totals. */
  footer?: { header: ReactNode; cells: ReadonlyArray<ReactNode> };
  /** The cells (counted from 0 after the row header) that hold words, aligned left; the rest are numbers. */
  textCells?: readonly number[];
  minWidth?: number;
}

function CountTable({ caption, columns, rows, footer, textCells = [], minWidth = 320 }: CountTableProps) {
  const align = (cell: number) => (textCells.includes(cell) ? classes.text : undefined);
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table fz="sm" verticalSpacing={6} horizontalSpacing="xs" striped captionSide="top" className={classes.numbers}>
        <Table.Caption className={classes.caption}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c, i) => (
              <Table.Th key={c} scope="col" className={align(i - 1)}>
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row">{r.header}</Table.Th>
              {r.cells.map((cell, i) => (
                <Table.Td key={i} className={align(i)}>
                  {cell}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {footer && (
          <Table.Tfoot>
            <Table.Tr className={classes.totalRow}>
              <Table.Th scope="row">{footer.header}</Table.Th>
              {footer.cells.map((cell, i) => (
                <Table.Td key={i}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}

function Nothing({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

export function TreatmentsByKindTable({ summary, periodText }: TableProps) {
  const kinds = kindsTreated(summary);
  if (kinds.length === 0) return <Nothing>No treatments in this period.</Nothing>;
  const of = (k: (typeof kinds)[number]) => summary.treatmentsByKind[k]!;
  return (
    <CountTable
      caption={`Treatments by kind, ${periodText}`}
      columns={['Kind', 'Treatments', 'Lesions treated', 'Patients']}
      rows={kinds.map((k) => ({
        key: k,
        header: treatmentKinds.label(k),
        cells: [formatCount(of(k).treatments), formatCount(of(k).lesionsTreated), formatCount(of(k).patients)],
      }))}
      footer={{
        header: 'All kinds',
        cells: [
          formatCount(kinds.reduce((n, k) => n + of(k).treatments, 0)),
          formatCount(kinds.reduce((n, k) => n + of(k).lesionsTreated, 0)),
          // A patient treated in two ways counts once under each kind: the column does not add up.
          '',
        ],
      }}
    />
  );
}

export function TreatmentsByClinicianTable({ summary, periodText }: TableProps) {
  const names = Object.keys(summary.treatmentsByClinician).sort((a, b) => a.localeCompare(b));
  if (names.length === 0) return <Nothing>No treatments in this period.</Nothing>;
  const kinds = presentCodes(treatmentKinds.codes, (k) => names.some((n) => countIn(summary.treatmentsByClinician[n], k) > 0));
  const totalOf = (k: (typeof kinds)[number]) => names.reduce((sum, n) => sum + countIn(summary.treatmentsByClinician[n], k), 0);
  return (
    <CountTable
      caption={`Treatments by clinician and kind, ${periodText}`}
      columns={['Clinician', ...kinds.map(treatmentKinds.label), 'Total']}
      minWidth={Math.max(320, 140 + kinds.length * 84)}
      rows={names.map((name) => {
        const counts = summary.treatmentsByClinician[name]!;
        return {
          key: name,
          header: <bdi className={classes.nowrap}>{name}</bdi>,
          cells: [...kinds.map((k) => formatCount(countIn(counts, k))), <strong key="total">{formatCount(sumOf(counts))}</strong>],
        };
      })}
      footer={
        names.length > 1
          ? { header: 'All clinicians', cells: [...kinds.map((k) => formatCount(totalOf(k))), formatCount(kinds.reduce((sum, k) => sum + totalOf(k), 0))] }
          : undefined
      }
    />
  );
}

/** A rate from few follow-ups, said in words beside it. */
function Few({ n, what }: { n: number; what: string }) {
  if (n >= fewThreshold) return null;
  return <span className={classes.few}>few {what}</span>;
}

export function OutcomesTable({ summary, periodText }: TableProps) {
  const kinds = presentCodes(treatmentKinds.codes, (k) => sumOf(summary.outcomesByKind[k] ?? {}) > 0);
  if (kinds.length === 0) return <Nothing>No follow-up of a visit in this period has an outcome recorded yet.</Nothing>;
  return (
    <CountTable
      caption={`Outcomes of completed follow-ups by treatment kind, visits of ${periodText}`}
      columns={['Kind', 'Cleared (rate)', 'Followed up', ...outcomes.codes.map(outcomes.label)]}
      minWidth={760}
      rows={kinds.map((k) => {
        const counts = summary.outcomesByKind[k] ?? {};
        const followedUp = sumOf(counts);
        return {
          key: k,
          header: treatmentKinds.label(k),
          cells: [
            <Group key="rate" gap={6} wrap="nowrap">
              <span className={classes.rate}>{rateWithCounts(countIn(counts, 'cleared'), followedUp)}</span>
              <Few n={followedUp} what="follow-ups" />
            </Group>,
            formatCount(followedUp),
            ...outcomes.codes.map((o) => formatCount(countIn(counts, o))),
          ],
        };
      })}
    />
  );
}

export function FollowUpAdherence({ summary, periodText }: TableProps) {
  const f = summary.followUps;
  const ended = f.completed + f.missed;
  const kept = percent(f.completed, ended);
  return (
    <>
      <Text size="sm" mb="xs">
        <Text span fw={700}>
          Kept: {ended === 0 ? 'none completed or missed yet' : rateWithCounts(f.completed, ended)}
        </Text>
        {kept !== null && (
          <Text span c="dimmed" size="sm">
            {' '}
            of the follow-ups completed or missed
          </Text>
        )}{' '}
        {ended > 0 && <Few n={ended} what="follow-ups" />}
      </Text>
      <CountTable
        caption={`Follow-ups due ${periodText}, by status`}
        columns={['Status', 'Follow-ups']}
        rows={[
          { key: 'scheduled', header: followUpStatuses.label('scheduled'), cells: [formatCount(f.scheduled)] },
          {
            key: 'overdue',
            header: <span className={classes.indent}>of which overdue on {formatDate(summary.period.asOf)}</span>,
            cells: [
              <span key="overdue" className={f.overdue > 0 ? classes.alert : undefined}>
                {formatCount(f.overdue)}
              </span>,
            ],
          },
          { key: 'completed', header: followUpStatuses.label('completed'), cells: [formatCount(f.completed)] },
          { key: 'missed', header: followUpStatuses.label('missed'), cells: [formatCount(f.missed)] },
          { key: 'cancelled', header: followUpStatuses.label('cancelled'), cells: [formatCount(f.cancelled)] },
        ]}
        footer={{ header: 'All due in the period', cells: [formatCount(f.scheduled + f.completed + f.missed + f.cancelled)] }}
      />
    </>
  );
}

export function ProcedureCodesTable({ summary, periodText }: TableProps) {
  const codes = presentCodes(procedureCodes.codes, (c) => countIn(summary.procedureCodes, c) > 0);
  if (codes.length === 0) return <Nothing>No visit in this period has a procedure code.</Nothing>;
  return (
    <CountTable
      caption={`Procedure codes, visits of ${periodText}`}
      columns={['Code', 'Description', 'Visits']}
      textCells={[0]}
      rows={codes.map((c) => ({
        key: c,
        header: <span className={classes.code}>{c}</span>,
        cells: [procedureCodes.label(c), formatCount(countIn(summary.procedureCodes, c))],
      }))}
    />
  );
}

export function PresentationsByTypeTable({ summary, periodText }: TableProps) {
  const types = presentCodes(miliaTypes.codes, (t) => (summary.presentationsByType[t]?.presentations ?? 0) > 0);
  if (types.length === 0) return <Nothing>No presentations in this period.</Nothing>;
  return (
    <CountTable
      caption={`Presentations by type, ${periodText}`}
      columns={['Type', 'Presentations', 'Lesions']}
      rows={types.map((t) => ({
        key: t,
        header: miliaTypes.label(t),
        cells: [formatCount(summary.presentationsByType[t]!.presentations), formatCount(summary.presentationsByType[t]!.lesions)],
      }))}
    />
  );
}

export function PresentationsBySiteTable({ summary, periodText }: TableProps) {
  const found = presentCodes(sites.codes, (s) => (summary.presentationsBySite[s]?.presentations ?? 0) > 0);
  if (found.length === 0) return <Nothing>No presentations in this period.</Nothing>;
  return (
    <CountTable
      caption={`Presentations by site (both sides together), ${periodText}`}
      columns={['Site', 'Presentations', 'Lesions']}
      rows={found.map((s) => ({
        key: s,
        header: sites.label(s),
        cells: [formatCount(summary.presentationsBySite[s]!.presentations), formatCount(summary.presentationsBySite[s]!.lesions)],
      }))}
    />
  );
}

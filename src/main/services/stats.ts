/**
 * The practice statistics (`statistics.md`): one computation behind the screen, the exports
 * and the command line. Reading figures leaves no trace; taking rows out of the database
 * (an export) is audited with its period and size.
 */
import { StatsExport, StatsQuery, type ExportFormat, type Period, type StatsSummary, type TreatmentRow } from '@shared/stats';
import type { Actor } from '@shared/types';
import { statisticsQueries } from '../stats/summary';
import { audit, parse, today, write, type Store } from './context';

export interface ExportData {
  format: ExportFormat;
  summary: StatsSummary;
  rows: TreatmentRow[];
}

const periodOf = (q: { from: string; to: string; asOf?: string | undefined }): Period => ({ from: q.from, to: q.to, asOf: q.asOf ?? today() });

export function statisticsService(store: Store) {
  const queries = statisticsQueries(store);
  return {
    summary(_actor: Actor, input: unknown): StatsSummary {
      return queries.summary(periodOf(parse(StatsQuery, input, 'the statistics period')));
    },

    /** The summary and the treatment rows of one export, read in one snapshot. */
    exportData(actor: Actor, input: unknown): ExportData {
      const q = parse(StatsExport, input, 'the statistics export');
      const period = periodOf(q);
      return write(store, () => {
        const data = { format: q.format, summary: queries.summary(period), rows: queries.treatments(period) };
        audit(store, actor, 'export', 'statistics', null, `${q.format}, ${period.from} to ${period.to}, ${data.rows.length} treatments`);
        return data;
      });
    },
  };
}

export type StatisticsService = ReturnType<typeof statisticsService>;

/**
 * The practice statistics (`statistics.md`): one computation behind the screen, the exports
 * and the command line. Reading figures leaves no trace; taking rows out of the database
 * (an export) is audited with its period and size.
 */
import type { ApiParsed } from '@shared/api';
import { today } from '@shared/calendar';
import type { ExportFormat, Period, StatsSummary, TreatmentRow } from '@shared/stats';
import type { Actor } from '@shared/types';
import type { ExportInput } from '../stats/formats';
import { exportInput, pseudonymise, summarise } from '../stats/summary';
import { authorize, type Store } from './context';

export interface ExportData {
  format: ExportFormat;
  summary: StatsSummary;
  rows: TreatmentRow[];
}

/** The period a request asks for; overdue judged today unless it says when. */
export const periodOf = (q: { from: string; to: string; asOf?: string | undefined }): Period => ({ from: q.from, to: q.to, asOf: q.asOf ?? today() });

const exportAudit = (actor: Actor, format: ExportFormat, period: Period, rows: number) =>
  ({ actor, action: 'export', entity: 'statistics', entityId: null, detail: `${format}, ${period.from} to ${period.to}, ${rows} treatments` }) as const;

export function statsService(store: Store) {
  const { records } = store;
  const audit = (actor: Actor, format: ExportFormat, period: Period, rows: number) =>
    records.write((tx) => tx.audit.append(exportAudit(actor, format, period, rows)));
  return {
    async summary(actor: Actor, q: ApiParsed<'stats.summary'>): Promise<StatsSummary> {
      await authorize(store, actor, 'stats.read');
      const period = periodOf(q);
      return summarise(period, await records.read((tx) => tx.stats.aggregates(period)));
    },

    /** Refuses one who may not export statistics: the window asks it before its save dialog opens. */
    authorizeExport(actor: Actor): Promise<void> {
      return authorize(store, actor, 'stats.read');
    },

    /** The summary and the treatment rows of one export, read in one snapshot (an audited read: no write waits on it). */
    async exportData(actor: Actor, q: ApiParsed<'stats.export'>): Promise<ExportData> {
      await authorize(store, actor, 'stats.read');
      const period = periodOf(q);
      return records.audited(async (tx) => {
        const data = {
          format: q.format,
          summary: summarise(period, await tx.stats.aggregates(period)),
          rows: pseudonymise(await tx.stats.treatments(period)),
        };
        await tx.audit.append(exportAudit(actor, q.format, period, data.rows.length));
        return data;
      });
    },

    /**
     * An export written as it is read, by a surface that writes the file itself (the command
     * line's `--out`): the rows of one snapshot, read without the record's write lock (so a long
     * export never holds a save back), each straight into `write`, then the audit line. The
     * surface puts the file in its place only after this returns, so none is given unaudited.
     * Resolves to the number of rows.
     */
    async exportStreamed(actor: Actor, q: ApiParsed<'stats.export'>, write: (input: ExportInput) => Promise<void>): Promise<number> {
      await authorize(store, actor, 'stats.read');
      const period = periodOf(q);
      const rows = await records.read(async (tx) => {
        const input = await exportInput(tx, q.format, period);
        await write(input);
        return input.rows.length;
      });
      await audit(actor, q.format, period, rows);
      return rows;
    },

    /** The audit line of an export whose rows were read elsewhere (the worker thread's snapshot). */
    async recordExport(actor: Actor, format: ExportFormat, period: Period, rows: number): Promise<void> {
      await authorize(store, actor, 'stats.read');
      await audit(actor, format, period, rows);
    },
  };
}

export type StatsService = ReturnType<typeof statsService>;

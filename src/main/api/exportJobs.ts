/**
 * Statistics exports as jobs the screen can follow: starting one asks where to save, reads
 * the period's rows in one snapshot, then writes the file in slices while the screen polls
 * for progress. With a worker thread (the desktop app and the browser mode) the reading and
 * writing happen there, over its own connection, and this process only writes the audit line
 * and then puts the file in its place (the desktop app's, written beside it as it was made) or
 * hands its bytes over (the browser mode's). A job's result (or its failure, in words fit to
 * show) is kept for a while after it ends, then forgotten.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '@shared/errors';
import type { ApiParsed } from '@shared/api';
import type { ExportJobStarted, ExportJobStatus } from '@shared/stats';
import type { Actor } from '@shared/types';
import { periodOf, type ExportData, type StatsService } from '../services/stats';
import { exportFileName, renderExport, type Progress } from '../stats/formats';
import { saveMade, type SavedFile, type SaveTarget } from '../files/saveTarget';
import { asBuffer, type Workers } from '../workers/pool';
import type { ExportShell } from './exportShell';

/** How long a finished job's status stays readable. */
export const jobLifetimeMs = 30 * 60 * 1000;

interface Job {
  status: ExportJobStatus;
  ended: number | null;
}

/** Where the heavy part runs: the worker thread, reading the database file at `dbPath`. */
export interface ExportOffload {
  workers: Workers;
  dbPath: string;
}

export function exportJobs(
  stats: StatsService,
  shell: ExportShell | undefined,
  describeError: (error: unknown) => string,
  now: () => number = Date.now,
  offload?: ExportOffload,
) {
  const jobs = new Map<string, Job>();

  /**
   * The file made and saved, its row count and size. From the rows read (and audited) here
   * when the call started, or on the worker thread, audited here before the file is saved:
   * into its place as it is made where the surface writes files, else as bytes handed over.
   */
  async function produce(
    actor: Actor,
    request: ApiParsed<'stats.export'>,
    data: ExportData | null,
    target: SaveTarget,
    onProgress: Progress,
  ): Promise<{ rows: number; size: number } & SavedFile> {
    if (data) {
      const bytes = await renderExport(data, onProgress);
      return { rows: data.rows.length, size: bytes.length, ...(await target.save(bytes)) };
    }
    const { workers, dbPath } = offload!;
    const period = periodOf(request);
    const job = { dbPath, format: request.format, period };
    return saveMade(
      target,
      {
        into: (temporary) => workers.run('statsExportInto', { ...job, temporary }, onProgress),
        bytes: async () => {
          const made = await workers.run('statsExport', job, onProgress);
          return { rows: made.rows, bytes: asBuffer(made.bytes) };
        },
      },
      (rows) => stats.recordExport(actor, request.format, period, rows),
    );
  }

  const prune = () => {
    for (const [id, job] of jobs) if (job.ended !== null && now() - job.ended > jobLifetimeMs) jobs.delete(id);
  };

  return {
    async start(actor: Actor, request: ApiParsed<'stats.export'>): Promise<ExportJobStarted> {
      if (!shell)
        throw new AppError('forbidden', 'Exports can be saved only from the Milia Notes window or its browser mode; use the command line "stats" otherwise.');
      await stats.authorizeExport(actor);
      const target = await shell.chooseTarget(exportFileName(request.format, request), request.format);
      if (!target) return { job: null };
      // Without a worker the rows are read now, so that a fault reading them answers this call.
      const data = offload ? null : await stats.exportData(actor, request);
      const id = randomBytes(18).toString('base64url');
      const job: Job = { status: { state: 'running', done: 0, total: data?.rows.length ?? 0 }, ended: null };
      prune();
      jobs.set(id, job);
      const finish = (status: ExportJobStatus) => {
        job.status = status;
        job.ended = now();
      };
      void (async () => {
        try {
          const { rows, size, savedTo, url } = await produce(actor, request, data, target, (done, total) => {
            job.status = { state: 'running', done, total };
          });
          finish({ state: 'done', rows, fileName: exportFileName(request.format, request), size, savedTo, url });
        } catch (error) {
          finish({ state: 'failed', message: describeError(error) });
        }
      })();
      return { job: id };
    },

    async status(actor: Actor, { job }: ApiParsed<'stats.exportStatus'>): Promise<ExportJobStatus> {
      await stats.authorizeExport(actor);
      prune();
      const found = jobs.get(job);
      if (!found) throw new AppError('not_found', 'This export is no longer followed here. Start it again.');
      return found.status;
    },
  };
}

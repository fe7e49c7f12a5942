/**
 * Statistics exports as jobs the screen can follow: starting one asks where to save, reads
 * the period's rows in one snapshot, then writes the file in slices while the screen polls
 * for progress. With a worker thread (the desktop app and the browser mode) the reading and
 * writing happen there, over its own connection, and this process only writes the audit line
 * and saves the bytes. A job's result (or its failure, in words fit to show) is kept for a
 * while after it ends, then forgotten.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '@shared/errors';
import type { ApiParsed } from '@shared/api';
import type { ExportJobStarted, ExportJobStatus } from '@shared/stats';
import type { Actor } from '@shared/types';
import { periodOf, type ExportData, type StatsService } from '../services/stats';
import { exportFileName, renderExport, type Progress } from '../stats/formats';
import type { Workers } from '../workers/pool';
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
   * The file's bytes and its row count, audited before they are handed back: from the rows
   * read (and audited) here when the call started, or from the worker thread.
   */
  async function produce(
    actor: Actor,
    request: ApiParsed<'stats.export'>,
    data: ExportData | null,
    onProgress: Progress,
  ): Promise<{ rows: number; bytes: Buffer }> {
    if (data) return { rows: data.rows.length, bytes: await renderExport(data, onProgress) };
    const { workers, dbPath } = offload!;
    const period = periodOf(request);
    const made = await workers.run('statsExport', { dbPath, format: request.format, period }, onProgress);
    await stats.recordExport(actor, request.format, period, made.rows);
    return { rows: made.rows, bytes: Buffer.from(made.bytes.buffer, made.bytes.byteOffset, made.bytes.byteLength) };
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
          const { rows, bytes } = await produce(actor, request, data, (done, total) => {
            job.status = { state: 'running', done, total };
          });
          const saved = await target.save(bytes);
          finish({ state: 'done', rows, fileName: exportFileName(request.format, request), size: bytes.length, ...saved });
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

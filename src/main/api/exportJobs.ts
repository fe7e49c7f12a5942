/**
 * Statistics exports as jobs the screen can follow: starting one asks where to save, reads
 * the period's rows in one snapshot, then writes the file in slices while the screen polls
 * for progress. A job's result (or its failure, in words fit to show) is kept for a while
 * after it ends, then forgotten.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '@shared/errors';
import type { ApiParsed } from '@shared/api';
import type { ExportJobStarted, ExportJobStatus } from '@shared/stats';
import type { Actor } from '@shared/types';
import type { StatsService } from '../services/stats';
import { exportFileName, renderExport } from '../stats/formats';
import type { ExportShell } from './exportShell';

/** How long a finished job's status stays readable. */
export const jobLifetimeMs = 30 * 60 * 1000;

interface Job {
  status: ExportJobStatus;
  ended: number | null;
}

export function exportJobs(stats: StatsService, shell: ExportShell | undefined, describeError: (error: unknown) => string, now: () => number = Date.now) {
  const jobs = new Map<string, Job>();

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
      const data = await stats.exportData(actor, request);
      const id = randomBytes(18).toString('base64url');
      const job: Job = { status: { state: 'running', done: 0, total: data.rows.length }, ended: null };
      prune();
      jobs.set(id, job);
      const finish = (status: ExportJobStatus) => {
        job.status = status;
        job.ended = now();
      };
      void (async () => {
        try {
          const bytes = await renderExport(data, (done, total) => {
            job.status = { state: 'running', done, total };
          });
          const saved = await target.save(bytes);
          finish({ state: 'done', rows: data.rows.length, fileName: exportFileName(request.format, request), size: bytes.length, ...saved });
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

/**
 * How long the app's own thread is held while heavy jobs run: the event-loop delay
 * (`perf_hooks.monitorEventLoopDelay`) of this thread during an XLSX export of all years
 * through the API (started, then followed as the screen follows it, every 100 ms) and a
 * batch of 100 handouts, each on the worker thread as the desktop app and the browser mode
 * run them, and beside it the same job run on this thread, as it was before.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Actor } from '@shared/types';
import type { ExportShell } from '../src/main/api/exportShell';
import { composeApp } from '../src/main/compose';
import type { Store } from '../src/main/db/records';
import type { HandoutDocument } from '../src/main/handouts/model';
import { renderHandouts } from '../src/main/handouts/render';
import { startWorkers, type Workers } from '../src/main/workers/pool';

export interface EventLoopCase {
  /** The 99th percentile of this thread's event-loop delay while the job ran. */
  p99_ms: number;
  /**
   * The longest delay: the percentile counts one sample per turn of the loop, so a thread held
   * for seconds in one piece barely moves it, and this says so.
   */
  max_ms: number;
  /** How long the job took, start to finish. */
  job_ms: number;
}

const round = (x: number) => Number(x.toFixed(2));

/** Runs `job` while sampling this thread's event-loop delay every millisecond. */
async function delayDuring(job: () => Promise<unknown>): Promise<EventLoopCase> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // The sampling starts with the loop's next turn: a job started at once would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const start = performance.now();
  await job();
  const job_ms = performance.now() - start;
  // A job that held the thread to its end is sampled only once the timers run again.
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  return {
    p99_ms: round(histogram.percentile(99) / 1e6),
    max_ms: round(histogram.max / 1e6),
    job_ms: round(job_ms),
  };
}

/** Saves nowhere: the bytes are dropped once they are here. */
const discard: ExportShell = { chooseTarget: async () => ({ save: async () => ({ savedTo: null, url: null }) }) };

/** One export through the API, followed until it ends as the screen follows it. */
async function exportThrough(app: ReturnType<typeof composeApp>, actor: Actor, period: { from: string; to: string }): Promise<void> {
  const started = await app.invoke(actor, 'stats.export', { ...period, format: 'xlsx' });
  if (!started.ok || !started.value.job) throw new Error(`the export did not start: ${JSON.stringify(started)}`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const status = await app.invoke(actor, 'stats.exportStatus', { job: started.value.job });
    if (!status.ok) throw new Error(status.error.message);
    if (status.value.state === 'failed') throw new Error(status.value.message);
    if (status.value.state === 'done') return;
  }
}

export async function benchEventLoop(store: Store, actor: Actor, period: { from: string; to: string }, docs: HandoutDocument[]) {
  const workers: Workers = startWorkers();
  const batch = Array.from({ length: 100 }, (_, i) => docs[i % docs.length]!);
  const options = { paperSize: 'A4', largePrint: false } as const;
  try {
    const offloaded = composeApp(store, { version: 'bench', shells: { files: discard, workers } });
    const here = composeApp(store, { version: 'bench', shells: { files: discard } });
    // The thread starts, and parses its fonts, before anything is timed.
    await workers.run('handouts', { docs: batch.slice(0, 1), options });
    const cases: Record<string, EventLoopCase> = {
      event_loop_stats_export_xlsx_all_years: await delayDuring(() => exportThrough(offloaded, actor, period)),
      event_loop_stats_export_xlsx_all_years_in_process: await delayDuring(() => exportThrough(here, actor, period)),
      event_loop_handout_batch_100: await delayDuring(() => workers.run('handouts', { docs: batch, options })),
      event_loop_handout_batch_100_in_process: await delayDuring(() => renderHandouts(batch, options)),
    };
    return { cases };
  } finally {
    await workers.close();
  }
}

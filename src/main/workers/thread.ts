/**
 * The worker thread's entry: runs each job it is sent (several may be under way, each
 * yielding between its slices) and posts back progress and the outcome. It holds no state
 * between jobs. Built by electron-vite as out/main/worker.js; run from the sources through
 * tsx in the browser mode and the tests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { carried } from './carried';
import { jobs } from './jobs';
import { yieldToTheWindow } from './priority';
import type { JobMessage, JobRequest, WorkerSetup } from './protocol';

yieldToTheWindow();

const port = parentPort!;
const setup = (workerData ?? {}) as WorkerSetup;

port.on('message', (request: JobRequest) => {
  const post = (message: JobMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const run = jobs[request.job] as (input: unknown, onProgress: (done: number, total: number) => void, setup: WorkerSetup) => Promise<unknown>;
  run(request.input, (done, total) => post({ id: request.id, type: 'progress', done, total }), setup).then(
    (value) => {
      // A file's bytes move to the app's thread instead of being copied.
      const bytes = value instanceof Uint8Array ? value : (value as { bytes?: unknown } | null)?.bytes;
      const transfer =
        bytes instanceof Uint8Array && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
      post({ id: request.id, type: 'done', value }, transfer);
    },
    (error: unknown) => post({ id: request.id, type: 'failed', error: carried(error) }),
  );
});

/**
 * The app's side of its worker thread: heavy jobs (exports) are sent there, so the desktop
 * main process and the browser-mode server only pass messages and their event loops stay
 * free. The thread starts at the first job, is shared by all of them, and keeps the process
 * alive only while a job is under way; if it dies, the jobs under way fail and the next job starts a new one.
 * The start-up checks run apart, each half on a thread of its own from a script of its own.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorKind } from '@shared/errors';
import { sqliteErrorAgain } from '../db/faults';
import type { CarriedError, CheckMessage, JobMessage, JobName, JobRequest, Jobs, StartupCheckInput, WorkerSetup } from './protocol';

export type { JobName, Jobs } from './protocol';

/** The threads' scripts: the jobs' (thread.ts), and the start-up checks' (checksThread.ts), which loads far less. */
type Script = 'worker' | 'checks';
const sources: Record<Script, string> = { worker: 'thread.ts', checks: 'checksThread.ts' };

/** The built thread beside the app's bundle (an entry of its own of electron-vite's and the browser mode's builds); the sources through tsx otherwise. */
function spawn(script: Script, setup: WorkerSetup): Worker {
  const built = join(__dirname, `${script}.js`);
  if (!__filename.endsWith('.ts') && existsSync(built)) return new Worker(built, { workerData: setup });
  const source = join(__dirname, sources[script]);
  // tsx and the `@shared` paths of tsconfig.json found from here, not from wherever the process was started.
  const tsx = createRequire(__filename).resolve('tsx/cjs/api');
  const tsconfig = join(__dirname, '..', '..', '..', 'tsconfig.json');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`, {
    eval: true,
    workerData: setup,
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
  });
}

/** The error the thread reported, as this side's kind of error: an AppError stays one, SQLite's stays SQLite's, a code stays on it. */
function revived(error: CarriedError): Error {
  if (error.kind) return new AppError(error.kind as ErrorKind, error.message);
  if (error.sqliteCode) return sqliteErrorAgain(error.message, error.sqliteCode);
  const revivedError = Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
  revivedError.name = error.name;
  return revivedError;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (done: number, total: number) => void;
}

/** A job's bytes as a Buffer again (a Buffer crosses the thread as a Uint8Array), without a copy. */
export const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export interface Workers {
  run<N extends JobName>(job: N, input: Jobs[N]['input'], onProgress?: (done: number, total: number) => void): Promise<Jobs[N]['output']>;
  /** One part of the start-up checks, on a thread of its own started for it and ended after it: whether it holds. */
  startupCheck(check: StartupCheckInput): Promise<boolean>;
  /** Ends the threads; jobs under way fail. */
  close(): Promise<void>;
}

export function startWorkers(setup: WorkerSetup = {}): Workers {
  let worker: Worker | null = null;
  // Each start-up check's thread, with the refusal of its check.
  const checking = new Map<Worker, (error: Error) => void>();
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error): void => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  // The thread keeps the process alive only while a job is under way.
  const idle = (): void => {
    if (pending.size === 0) worker?.unref();
  };

  function thread(): Worker {
    if (worker) return worker;
    const started = spawn('worker', setup);
    started.on('message', (message: JobMessage) => {
      const job = pending.get(message.id);
      if (!job) return;
      if (message.type === 'progress') return job.onProgress?.(message.done, message.total);
      pending.delete(message.id);
      idle();
      if (message.type === 'done') job.resolve(message.value);
      else job.reject(revived(message.error));
    });
    started.on('error', (error) => {
      worker = null;
      failAll(error);
    });
    started.on('exit', (code) => {
      if (worker !== started) return;
      worker = null;
      failAll(new Error(`The worker thread stopped (exit code ${code}).`));
    });
    return (worker = started);
  }

  return {
    run(job, input, onProgress) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
        const request: JobRequest = { id, job, input };
        const running = thread();
        running.ref();
        running.postMessage(request);
      });
    },
    startupCheck(check) {
      const started = spawn('checks', { ...setup, ...check });
      return new Promise<boolean>((resolve, reject) => {
        checking.set(started, reject);
        started.once('message', (outcome: CheckMessage) => (outcome.ok ? resolve(outcome.holds) : reject(revived(outcome.error))));
        started.once('error', reject);
        // After its message, its end changes nothing.
        started.once('exit', (code) => reject(new Error(`The thread of a start-up check stopped (exit code ${code}).`)));
      }).finally(() => checking.delete(started));
    },
    async close() {
      const running = worker;
      worker = null;
      const closed = new Error('The worker thread was closed.');
      failAll(closed);
      for (const refuse of checking.values()) refuse(closed);
      await Promise.all([...checking.keys()].map((thread) => thread.terminate()));
      if (running) await running.terminate();
    },
  };
}

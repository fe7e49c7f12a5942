/**
 * The app's side of its worker thread: heavy jobs (exports) are sent there, so the desktop
 * main process and the browser-mode server only pass messages and their event loops stay
 * free. The thread starts at the first job, is shared by all of them, and keeps the process
 * alive only while a job is under way; if it dies, the jobs under way fail and the next job starts a new one.
 * A job may also run aside, on a thread of its own for its length.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorKind } from '@shared/errors';
import { sqliteErrorAgain } from '../db/faults';
import type { CarriedError, JobMessage, JobName, JobRequest, Jobs, WorkerSetup } from './protocol';

export type { JobName, Jobs } from './protocol';

/** The built thread beside the desktop bundle (electron-vite's second entry); the sources through tsx otherwise. */
function spawn(setup: WorkerSetup): Worker {
  const built = join(__dirname, 'worker.js');
  if (!__filename.endsWith('.ts') && existsSync(built)) return new Worker(built, { workerData: setup });
  const source = join(__dirname, 'thread.ts');
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

export interface Workers {
  run<N extends JobName>(job: N, input: Jobs[N]['input'], onProgress?: (done: number, total: number) => void): Promise<Jobs[N]['output']>;
  /** Runs a job on a thread of its own, started for it and ended after it: work that must run beside the shared thread's, on another core. */
  runAside<N extends JobName>(job: N, input: Jobs[N]['input']): Promise<Jobs[N]['output']>;
  /** Ends the threads; jobs under way fail. */
  close(): Promise<void>;
}

export function startWorkers(setup: WorkerSetup = {}): Workers {
  let worker: Worker | null = null;
  const asides = new Set<Workers>();
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
    const started = spawn(setup);
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
    async runAside(job, input) {
      const aside = startWorkers(setup);
      asides.add(aside);
      try {
        return await aside.run(job, input);
      } finally {
        asides.delete(aside);
        await aside.close();
      }
    },
    async close() {
      const running = worker;
      worker = null;
      failAll(new Error('The worker thread was closed.'));
      await Promise.all([...asides].map((aside) => aside.close()));
      if (running) await running.terminate();
    },
  };
}

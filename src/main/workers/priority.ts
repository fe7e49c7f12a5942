/**
 * The threads' work (the start-up checks, exports, handout batches, backups) gives way to the
 * thread that answers the window, and to the window itself, on a busy machine: at start-up
 * the checks compete with the page being drawn. On Linux a thread's nice value is its own;
 * elsewhere it would be the whole process's, so it is left alone there.
 */
import { getPriority, setPriority } from 'node:os';

/** How much nicer than the thread that starts it the worker thread runs. */
export const jobsNice = 10;

/** Lowers the calling thread's priority by `jobsNice` (Linux only). */
export function yieldToTheWindow(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(Math.min(19, getPriority() + jobsNice));
  } catch {
    // Not permitted here: the jobs run at the normal priority.
  }
}

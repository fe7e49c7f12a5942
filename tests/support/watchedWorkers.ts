/** A worker thread whose jobs are named as they are sent (`ran`), to show which job a surface handed over. */
import { startWorkers, type Workers } from '../../src/main/workers/pool';

export function watchedWorkers(thread: Workers = startWorkers()): { workers: Workers; ran: string[] } {
  const ran: string[] = [];
  const workers: Workers = {
    ...thread,
    run(job, input, onProgress) {
      ran.push(job);
      return thread.run(job, input, onProgress);
    },
  };
  return { workers, ran };
}

/**
 * A process that starts the worker thread without giving it a job, then leaves: it prints how
 * many of its threads run at the jobs' priority before and once the thread has loaded, and
 * it ends by itself only if the idle thread does not keep it alive.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { startWorkers } from '../../src/main/workers/pool';
import { jobsNice } from '../../src/main/workers/priority';

const niceOf = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ').at(-1)!.split(' ')[16]);
const niced = () => readdirSync('/proc/self/task').filter((task) => niceOf(task) === Math.min(19, getPriority() + jobsNice)).length;

const before = niced();
startWorkers().start();
// Looks every 50 ms, for at most 20 s, until the thread has set its priority.
const look = (waited: number): void => {
  const after = niced();
  if (after === before && waited < 20_000) setTimeout(() => look(waited + 50), 50);
  else process.stdout.write(`${JSON.stringify({ before, after })}\n`);
};
look(0);

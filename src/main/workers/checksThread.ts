/**
 * The entry of a thread that makes one half of the start-up checks (startupChecks.ts), posts
 * its outcome and ends. It loads only what checking a file needs, not the worker's jobs and the
 * record layer behind them, so that the checks start as the app does rather than a few tenths
 * of a second later. Built by electron-vite as out/main/checks.js; run from the sources
 * through tsx in the browser mode's development and the tests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile } from '../db/checkFile';
import { carried } from './carried';
import { yieldToTheWindow } from './priority';
import type { CheckMessage, CheckSetup } from './protocol';

yieldToTheWindow();

const { dbPath, part, nativeBinding } = workerData as CheckSetup;
let outcome: CheckMessage;
try {
  checkFile(dbPath, part, { nativeBinding });
  outcome = { ok: true };
} catch (error) {
  outcome = { ok: false, error: carried(error) };
}
parentPort!.postMessage(outcome);

/**
 * The entry of a thread that makes one part of the start-up checks (startupChecks.ts): a half
 * of them, the test of the file's seal or its writing. It posts its outcome and ends. It loads only what checking a file needs, not the worker's jobs and the
 * record layer behind them, so that the checks start as the app does rather than a few tenths
 * of a second later. Built by electron-vite as out/main/checks.js; run from the sources
 * through tsx in the browser mode's development and the tests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, sealChecked, sealedSound } from '../db/checkFile';
import { carried } from './carried';
import { yieldToTheWindow } from './priority';
import type { CheckMessage, CheckSetup } from './protocol';

yieldToTheWindow();

const setup = workerData as CheckSetup;
const options = { nativeBinding: setup.nativeBinding };
let outcome: CheckMessage;
try {
  if (setup.part === 'sealed') outcome = { ok: true, holds: sealedSound(setup.dbPath, options) };
  else if (setup.part === 'seal') outcome = { ok: true, holds: sealChecked(setup.dbPath, setup.unchangedSince, options) };
  else {
    checkFile(setup.dbPath, setup.part, options);
    outcome = { ok: true, holds: true };
  }
} catch (error) {
  outcome = { ok: false, error: carried(error) };
}
parentPort!.postMessage(outcome);

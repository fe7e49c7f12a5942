/**
 * The start-up checks of an existing file, in two halves at once, each on a thread of its own
 * started from the checks' small script: SQLite's quick check of its pages, and its foreign
 * keys. One after the other they took one core; side by side, the machine's second core takes
 * the keys (a quarter of the checks at 20,000 patients). A fault in the pages is reported
 * first, as the checks in turn found it first. Nothing is written either way.
 *
 * A file the app sealed as sound when it last closed it (db/seal.ts) is read whole and hashed
 * instead: the same bytes would pass the same checks. The app seals a file after closing it,
 * once both halves pass again, so that the next start, the one a person waits for, is quick.
 */
import { fileState, nothingBeside, sealMayHold } from '../db/seal';
import type { Workers } from './pool';

async function bothHalves(workers: Workers, dbPath: string): Promise<void> {
  const [pages, keys] = await Promise.allSettled([workers.startupCheck({ dbPath, part: 'pages' }), workers.startupCheck({ dbPath, part: 'keys' })]);
  if (pages.status === 'rejected') throw pages.reason;
  if (keys.status === 'rejected') throw keys.reason;
}

export async function runStartupChecks(workers: Workers, dbPath: string): Promise<void> {
  // Hashed only when a seal for a file of this size is there: a file changed since pays for both.
  if (sealMayHold(dbPath) && (await workers.startupCheck({ dbPath, part: 'sealed' }))) return;
  await bothHalves(workers, dbPath);
}

/**
 * After the app closed the file with its log folded in: both halves again, then the seal,
 * unless the file changed meanwhile (another program on it). Whether it is sealed; a fault
 * found throws, and the file stays unsealed for the next start to refuse.
 */
export async function sealAfterClose(workers: Workers, dbPath: string): Promise<boolean> {
  if (!nothingBeside(dbPath)) return false;
  const unchangedSince = fileState(dbPath);
  await bothHalves(workers, dbPath);
  return workers.startupCheck({ dbPath, part: 'seal', unchangedSince });
}

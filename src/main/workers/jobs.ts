/**
 * The jobs as the worker thread runs them, each over a connection of its own to the database
 * file, opened read-only for the job and closed after it: WAL lets it read one snapshot beside
 * the app's writer, and a restore that swaps the file never leaves a stale connection here.
 * Writes (the audit line of an export, a handout's record) stay on the app's connection.
 */
import { auditCsvBytes, auditCsvInto } from '../auditExport/exportFile';
import { backupIntoFolder } from '../backups/backup';
import { openStore, type SqliteStore } from '../db/open';
import { renderHandouts } from '../handouts/render';
import { streamExport, streamExportInto } from '../stats/exportFile';
import type { Progress } from '../stats/formats';
import type { JobName, Jobs, WorkerSetup } from './protocol';

type Job<N extends JobName> = (input: Jobs[N]['input'], onProgress: Progress, setup: WorkerSetup) => Promise<Jobs[N]['output']>;

/** Work over a read-only connection of the job's own, closed after it. */
async function withReader<T>(dbPath: string, setup: WorkerSetup, work: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = openStore(dbPath, { readonly: true, nativeBinding: setup.nativeBinding });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

const statsExport: Job<'statsExport'> = ({ dbPath, format, period }, onProgress, setup) =>
  withReader(dbPath, setup, (store) => streamExport(store.records, format, period, onProgress));

const statsExportInto: Job<'statsExportInto'> = ({ dbPath, format, period, temporary }, onProgress, setup) =>
  withReader(dbPath, setup, (store) => streamExportInto(store.records, format, period, temporary, onProgress));

const auditExport: Job<'auditExport'> = ({ dbPath, filter }, _onProgress, setup) => withReader(dbPath, setup, (store) => auditCsvBytes(store.records, filter));

const auditExportInto: Job<'auditExportInto'> = ({ dbPath, filter, temporary }, _onProgress, setup) =>
  withReader(dbPath, setup, (store) => auditCsvInto(store.records, filter, temporary));

/** The fonts are parsed once per thread, so the thread's first handout pays for them. */
const handouts: Job<'handouts'> = async ({ docs, options }) => renderHandouts(docs, options);

/** The copy and its integrity check, the long part of a backup, on a read-only connection; the audit line is the app's. */
const backup: Job<'backup'> = ({ dbPath, folder, reason, at }, onProgress, setup) =>
  withReader(dbPath, setup, (store) => backupIntoFolder(store, dbPath, folder, reason, { now: () => new Date(at), onProgress }));

export const jobs: { [N in JobName]: Job<N> } = { statsExport, statsExportInto, auditExport, auditExportInto, handouts, backup };

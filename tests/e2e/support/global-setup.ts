/**
 * Once before the end-to-end tests: the one browser this machine has must be there, the
 * screens must be built (a no-op after `npm run build`, as in `npm test`), and a PostgreSQL
 * server must answer for the practice-server tests: the one MILIA_TEST_PG_URL names (CI starts
 * its own), else a throw-away cluster for this run, stopped at the end.
 */
import { existsSync } from 'node:fs';
import { ensureRendererBuilt } from '../../../src/main/browser/build';
import { projectRoot } from '../../../src/main/browser/server';
import { startPgCluster } from '../../support/pgCluster';

export default async function globalSetup(): Promise<(() => void) | undefined> {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error("The end-to-end tests use Debian's Chromium at /usr/bin/chromium. Install it: apt-get install -y chromium");
  }
  ensureRendererBuilt(projectRoot);
  if (process.env.MILIA_TEST_PG_URL) return undefined;
  const cluster = await startPgCluster();
  // The workers start after this and inherit it.
  process.env.MILIA_TEST_PG_URL = cluster.url;
  return () => cluster.stop();
}

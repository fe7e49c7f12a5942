/**
 * vitest's global setup: one PostgreSQL cluster for the whole run (about a second to start),
 * or the server MILIA_TEST_PG_URL names (CI may start its own). When neither can be had, the
 * run goes on and every server test fails with the reason (see pgDatabase.ts): the SQLite
 * tests never depend on PostgreSQL being installed.
 */
import type { TestProject } from 'vitest/node';
import { startPgCluster } from './pgCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test server, or the sentence saying why there is none. */
    pg: { url: string } | { unavailable: string };
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.MILIA_TEST_PG_URL;
  if (given) {
    project.provide('pg', { url: given });
    return undefined;
  }
  try {
    const cluster = await startPgCluster();
    project.provide('pg', { url: cluster.url });
    return () => cluster.stop();
  } catch (error) {
    project.provide('pg', { unavailable: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

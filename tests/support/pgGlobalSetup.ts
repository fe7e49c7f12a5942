/**
 * vitest's global setup: one PostgreSQL cluster for the whole run (about a second to start),
 * or the server MILIA_TEST_PG_URL names (CI may start its own). When neither can be had, the
 * run goes on and every server test fails with the reason (see pgDatabase.ts): the SQLite
 * tests never depend on PostgreSQL being installed.
 */
import type { TestProject } from 'vitest/node';
import { createTemplate } from './pgTemplate';
import { startPgCluster } from './pgCluster';
import { testEngine } from './testEngine';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the test server, or the sentence saying why there is none. */
    pg: { url: string; template: string | null } | { unavailable: string };
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.MILIA_TEST_PG_URL;
  let url: string;
  let stop = async (): Promise<void> => undefined;
  if (given) url = given;
  else {
    try {
      const cluster = await startPgCluster();
      url = cluster.url;
      stop = async () => cluster.stop();
    } catch (error) {
      project.provide('pg', { unavailable: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
  // The suite on the server engine copies one migrated database per test rather than migrating each.
  const template = testEngine() === 'pg' ? await createTemplate(url) : null;
  project.provide('pg', { url, template: template?.name ?? null });
  return async () => {
    await template?.drop();
    await stop();
  };
}

/**
 * Several workstations on one practice server: browser-mode servers pointed at one new
 * database of the run's PostgreSQL (global-setup.ts), with the users of `e2eUsers` and the
 * practice's contact; a tab signed in to one of them as one of those users.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { Client } from 'pg';
import { systemActor } from '@shared/permissions';
import type { Role } from '@shared/vocabulary';
import { parseInput } from '../../../src/main/api/handlers';
import { startBrowserServer, type BrowserServer } from '../../../src/main/browser/server';
import { openServerStore } from '../../../src/main/db/records/pg';
import { createServices } from '../../../src/main/services';
import { testPasswordCost } from '../../support/passwords';
import { parsingServices, setPracticeContact } from '../../support/surface';
import { e2eUsers } from './fixtures';

const setupActor = systemActor('End-to-end setup', 'cli');

/** A statement run as the test server's superuser, on the cluster's default database. */
export async function admin(statement: string): Promise<void> {
  const client = new Client({ connectionString: process.env.MILIA_TEST_PG_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function practiceServers(count: number) {
  if (!process.env.MILIA_TEST_PG_URL) throw new Error('No PostgreSQL server for the practice-server tests (see tests/e2e/support/global-setup.ts).');
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  await admin(`create database "${name}"`);
  const url = new URL(process.env.MILIA_TEST_PG_URL);
  url.pathname = `/${name}`;
  const store = await openServerStore(url.toString());
  const services = parsingServices(createServices(store, { passwordCost: testPasswordCost }));
  for (const [role, { username, name: fullName, password }] of Object.entries(e2eUsers)) {
    await services.users.create(setupActor, parseInput('users.create', { username, name: fullName, role, password }));
  }
  await setPracticeContact(services, setupActor);
  const servers: BrowserServer[] = [];
  for (let i = 0; i < count; i++) servers.push(await startBrowserServer({ serverUrl: url.toString(), port: 0, passwordCost: testPasswordCost }));
  return {
    /** The database's name, for a test that takes it offline. */
    database: name,
    servers,
    services,
    setupActor,
    clinicians: await services.clinicians.list(setupActor, {}),
    async close(): Promise<void> {
      for (const server of servers) await server.close();
      store.close();
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}

/** Signs `tab` in to `server` as the user of `role`, then opens `route` there. */
export async function openOn(tab: Page, server: BrowserServer, role: Role, route: string): Promise<void> {
  const { username, password } = e2eUsers[role];
  const session = randomBytes(24).toString('base64url');
  const reply = await fetch(`http://127.0.0.1:${server.port}/api/session.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-milia-token': server.token, 'x-milia-session': session },
    body: JSON.stringify({ username, password }),
  });
  const envelope = (await reply.json()) as { ok: boolean; error?: { message: string } };
  if (!envelope.ok) throw new Error(`Signing in as ${username} failed: ${envelope.error?.message}`);
  await tab.addInitScript({ content: `sessionStorage.setItem('milia-session', ${JSON.stringify(session)});` });
  await tab.goto(`${server.url}#${route}`);
}

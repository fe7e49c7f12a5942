/**
 * The end-to-end fixture: for each test a new database in its own folder, the browser
 * mode's server over it on a free port (in this process), and a second connection for the
 * test to arrange data before the page loads and to check what the screens saved.
 *
 * A database with data has a user of every role (`clinicians`: those of `e2eUsers`, in a
 * practice whose name and phone are set, as printing needs; `demo`: the demo's own), hashed
 * at a low Argon2id cost. `app.open(route)` signs the page in first,
 * as the `role` option says (a dermatologist unless a file says otherwise), through the API:
 * the session id is put in the page's sessionStorage before its scripts run. `signInAs`
 * changes who the next `open` is (a role, or a user the test made). An empty database has no user: the page opens signed out.
 */
import { randomBytes } from 'node:crypto';
import { demoUsers } from '@shared/demo';
import { systemActor } from '@shared/permissions';
import { roles, type Role } from '@shared/vocabulary';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, errors, expect, type BrowserContext, type Page } from '@playwright/test';
import { parseInput } from '../../../src/main/api/handlers';
import { startBrowserServer } from '../../../src/main/browser/server';
import { openStore } from '../../../src/main/db/open';
import { seed } from '../../../src/main/seed';
import { createServices } from '../../../src/main/services';
import { passwords } from '../../../src/main/services/passwords';
import { testPasswordCost } from '../../support/passwords';
import { parsingServices, setPracticeContact, type TestServices } from '../../support/surface';
import type { Actor, Clinician } from '@shared/types';

/** What the database holds before the page opens. */
export type StartingData = 'empty' | 'clinicians' | 'demo';

export interface App {
  /** The page address the server printed, token included. */
  url: string;
  dbPath: string;
  /** The services over their own connection to the same file. */
  services: TestServices;
  /** The clinicians the database starts with (none when empty). */
  clinicians: Clinician[];
  /** Opens a screen by its hash route, e.g. `/patients`, signed in (unless the database is empty). */
  open(route: string): Promise<void>;
  /** Signs the page in as the user of this role, or as a user the test made; the next `open` shows the app as they see it. */
  signInAs(who: Role | Person): Promise<void>;
  /** A second person at another workstation: a tab in a browser context of its own, signed in as `who`, opened at `route`. */
  openAs(who: Role | Person, route: string): Promise<Page>;
}

export interface Person {
  username: string;
  name: string;
  password: string;
}

/** The users of the `clinicians` starting data; the two clinical ones are the clinicians. */
export const e2eUsers: Record<Role, Person & { clinician: boolean }> = {
  dermatologist: { username: 'okafor', name: 'Dr Ada Okafor', password: 'cedar trees in the rain', clinician: true },
  nurse: { username: 'lindqvist', name: 'Nurse Per Lindqvist', password: 'fern leaves unfolding', clinician: true },
  manager: { username: 'shah', name: 'Priya Shah', password: 'birch bark and ledgers', clinician: false },
  admin: { username: 'adeyemi', name: 'Sam Adeyemi', password: 'lilac hedges in spring', clinician: false },
};

/** Who signs in as each role on each starting data. */
function peopleOf(data: StartingData): Partial<Record<Role, Person>> {
  if (data === 'clinicians') return e2eUsers;
  if (data === 'empty') return {};
  // The first demo user of each role: okafor for the dermatologists.
  return Object.fromEntries(roles.codes.map((r) => [r, demoUsers.find((u) => u.role === r)!]));
}

/** The page's session id key: the renderer's `api.ts` keeps the tab's session under it. */
const sessionKey = 'milia-session';

/** Who the tests act as when they arrange data directly. */
export const setupActor: Actor = systemActor('End-to-end setup', 'cli');

/** Enough demo patients for lists and the worklist to have content, and quick to load. */
export const demoPatients = 40;

export const test = base.extend<{ startingData: StartingData; role: Role; app: App }>({
  startingData: ['clinicians', { option: true }],
  role: ['dermatologist', { option: true }],
  app: async ({ browser, page, startingData, role }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'milia-e2e-'));
    const dbPath = join(dir, 'milia.db');
    const store = openStore(dbPath, { create: true });
    const services = parsingServices(createServices(store, { passwordCost: testPasswordCost }));
    if (startingData === 'clinicians') {
      for (const [r, { username, name, password }] of Object.entries(e2eUsers)) {
        await services.users.create(setupActor, parseInput('users.create', { username, name, role: r, password }));
      }
      await setPracticeContact(services, setupActor);
    } else if (startingData === 'demo') {
      await seed(store.records, setupActor, { patients: demoPatients, seed: 1, hashPassword: passwords(testPasswordCost).hash });
      await setPracticeContact(services, setupActor);
    }
    const server = await startBrowserServer({ dbPath, port: 0, passwordCost: testPasswordCost });
    const people = peopleOf(startingData);
    let signedIn = false;
    /** Signs `tab` in as `who` over the API: the session id is in its sessionStorage before any script of its next page runs. */
    const signIn = async (tab: Page, who: Role | Person): Promise<void> => {
      const person = typeof who === 'string' ? people[who] : who;
      if (!person) throw new Error(`The ${startingData} starting data has no ${who} to sign in as.`);
      const session = randomBytes(24).toString('base64url');
      const reply = await fetch(`http://127.0.0.1:${server.port}/api/session.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-milia-token': server.token, 'x-milia-session': session },
        body: JSON.stringify({ username: person.username, password: person.password }),
      });
      const envelope = (await reply.json()) as { ok: boolean; error?: { message: string } };
      if (!envelope.ok) throw new Error(`Signing in as ${person.username} failed: ${envelope.error?.message}`);
      await tab.addInitScript({ content: `sessionStorage.setItem(${JSON.stringify(sessionKey)}, ${JSON.stringify(session)});` });
    };
    const signInAs = async (who: Role | Person): Promise<void> => {
      await signIn(page, who);
      signedIn = true;
    };
    const others: BrowserContext[] = [];
    const app: App = {
      url: server.url,
      dbPath,
      services,
      clinicians: await services.clinicians.list(setupActor, {}),
      open: async (route) => {
        if (!signedIn && startingData !== 'empty') await signInAs(role);
        await page.goto(`${server.url}#${route}`);
      },
      signInAs,
      openAs: async (who, route) => {
        const context = await browser.newContext();
        others.push(context);
        const tab = await context.newPage();
        await signIn(tab, who);
        await tab.goto(`${server.url}#${route}`);
        return tab;
      },
    };
    try {
      await use(app);
    } finally {
      for (const context of others) await context.close();
      await server.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/**
 * A full-page picture of a screen, kept for people to look at. Taken from the top: a page
 * captured while scrolled draws its fixed header part-way down. Chromium's capture now and
 * then never answers (upstream: microsoft/playwright#28995; once in a CI run, on a page that
 * had answered a script a moment before), so each try is bounded and a timed-out one is
 * tried once more, the page first brought to the front.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.locator('body').evaluate((body) => body.ownerDocument.defaultView.scrollTo(0, 0));
  const options = { path: join('test-results', 'screenshots', `${name}.png`), fullPage: true, timeout: 30_000 };
  try {
    await page.screenshot(options);
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    await page.bringToFront();
    await page.screenshot(options);
  }
}

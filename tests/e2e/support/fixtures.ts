/**
 * The end-to-end fixture: for each test a new database in its own folder, the browser
 * mode's server over it on a free port (in this process), and a second connection for the
 * test to arrange data before the page loads and to check what the screens saved.
 */
import { systemActor } from '@shared/permissions';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startBrowserServer } from '../../../src/main/browser/server';
import { openStore } from '../../../src/main/db/open';
import { seed } from '../../../src/main/seed';
import { createServices } from '../../../src/main/services';
import { parsingServices, type TestServices } from '../../support/surface';
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
  /** Opens a screen by its hash route, e.g. `/patients`. */
  open(route: string): Promise<void>;
}

/** Who the tests act as when they arrange data directly. */
export const setupActor: Actor = systemActor('End-to-end setup', 'cli');

/** Enough demo patients for lists and the worklist to have content, and quick to load. */
export const demoPatients = 40;

export const test = base.extend<{ startingData: StartingData; app: App }>({
  startingData: ['clinicians', { option: true }],
  app: async ({ page, startingData }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'milia-e2e-'));
    const dbPath = join(dir, 'milia.db');
    const store = openStore(dbPath, { create: true });
    const services = parsingServices(createServices(store));
    if (startingData === 'clinicians') {
      await services.clinicians.save(setupActor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
      await services.clinicians.save(setupActor, { name: 'Nurse Per Lindqvist', role: 'nurse' });
    } else if (startingData === 'demo') {
      await seed(store.records, setupActor, { patients: demoPatients, seed: 1 });
    }
    const server = await startBrowserServer({ dbPath, port: 0 });
    const app: App = {
      url: server.url,
      dbPath,
      services,
      clinicians: await services.clinicians.list(setupActor, {}),
      open: async (route) => {
        await page.goto(`${server.url}#${route}`);
      },
    };
    try {
      await use(app);
    } finally {
      await server.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/**
 * A full-page picture of a screen, kept for people to look at. Taken from the top: a page
 * captured while scrolled draws its fixed header part-way down.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.locator('body').evaluate((body) => body.ownerDocument.defaultView.scrollTo(0, 0));
  await page.screenshot({ path: join('test-results', 'screenshots', `${name}.png`), fullPage: true });
}

/**
 * The end-to-end tests: the real screens in Debian's Chromium, against the browser mode's
 * server over a fresh database per test. Playwright never downloads a browser here.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Not test-results/ itself: Playwright empties its output folder, and vitest's report and
  // the screenshots live there.
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/support/global-setup.ts',
  workers: 2,
  forbidOnly: true,
  retries: 0,
  // The accessibility walk of a full chart (axe, then Tab through every link) takes a while, and
  // Debian's Chromium 156 takes about three times as long as the one before it over every page.
  timeout: 180_000,
  // Generous: a first page load parses the whole renderer bundle, slow on a 2-CPU CI machine.
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});

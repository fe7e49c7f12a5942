/**
 * The frame around the screens: a clean console (no refused styles, no failed request, a
 * favicon) on every screen, focus on the screen's heading after each navigation, the
 * keyboard shortcuts and their overlay, and pictures of every screen at the two window
 * sizes people use, kept under test-results/screenshots/shell/ to be looked at.
 */
import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, test, type App } from './support/fixtures';

/** The demo patient with the most visits, and one of their visits (a signed one if any). */
function busiestChart(app: App): { patientId: number; visitId: number } {
  return app.services.store.sqlite
    .prepare(
      `select patient_id as patientId, id as visitId from visits
       where patient_id = (select patient_id from visits group by patient_id order by count(*) desc, patient_id limit 1)
       order by date desc limit 1`,
    )
    .get() as { patientId: number; visitId: number };
}

type Screen = [name: string, route: string, heading: RegExp];

/** The screens a dermatologist uses, then those only the administrator sees. */
const screens = (app: App): { clinical: Screen[]; admin: Screen[] } => {
  const { patientId, visitId } = busiestChart(app);
  return {
    clinical: [
      ['patients', '/patients', /^Patients$/],
      ['new-patient', '/patients/new', /^New patient$/],
      ['chart', `/patients/${patientId}`, /\S/],
      ['new-visit', `/patients/${patientId}/visits/new`, /\S/],
      ['visit', `/patients/${patientId}/visits/${visitId}`, /\S/],
      ['worklist', '/worklist', /^Follow-ups$/],
      ['to-sign', '/to-sign', /^To sign$/],
      ['review', '/review', /^Review$/],
      ['statistics', '/statistics', /^Statistics$/],
    ],
    admin: [
      ['settings', '/settings', /^Settings$/],
      ['users', '/settings/users', /^Users$/],
      ['audit', '/settings/audit', /^Audit trail$/],
    ],
  };
};

/** Opens each screen and waits for its heading. */
async function visit(page: Page, app: App, list: readonly Screen[], each?: (name: string) => Promise<void>) {
  for (const [name, route, heading] of list) {
    await app.open(route);
    await expect(page.getByRole('main').getByRole('heading', { level: 2, name: heading }).first(), name).toBeVisible();
    await each?.(name);
  }
}

/** Console errors and warnings, refused requests and answers of 400 or more, as sentences. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  return problems;
}

test.describe('with demo data', () => {
  test.use({ startingData: 'demo' });

  test('every screen loads with a clean console, favicon included', async ({ page, app }) => {
    const problems = watchConsole(page);
    const { clinical, admin } = screens(app);
    // Styles that arrive late (responsive props of a screen's grid) are refused late too.
    const settle = () => page.waitForTimeout(300);
    await visit(page, app, clinical, settle);
    await app.signInAs('admin');
    await visit(page, app, admin, settle);
    console.log(problems.join('\n'));
    expect.soft(problems, problems.join('\n')).toEqual([]);
    const icon = page.locator('link[rel~="icon"]');
    await expect(icon).toHaveAttribute('type', 'image/svg+xml');
    const reply = await page.request.get(new URL((await icon.getAttribute('href'))!, page.url()).href);
    expect(reply.status()).toBe(200);
  });
});

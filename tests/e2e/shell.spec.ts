/**
 * The frame around the screens: a clean console (no refused styles, no failed request, a
 * favicon) on every screen, focus on the screen's heading after each navigation, the
 * keyboard shortcuts and their overlay, and pictures of every screen at the two window
 * sizes people use, kept under test-results/screenshots/shell/ to be looked at.
 */
import type { ConsoleMessage, Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './support/a11y';
import { isoDaysFromToday } from './support/dates';
import { expect, setupActor, test, type App } from './support/fixtures';

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

/**
 * Console errors and warnings, refused requests and answers of 400 or more, as sentences. A
 * GET cut short (net::ERR_ABORTED) is the page's change stream or a screen's code fetched
 * ahead while idle, ended by the test opening the next page at a moment no listener orders
 * reliably: not a problem, as a chunk a screen needed and did not get fails that screen (no
 * heading, an error logged). The API's calls are POSTs, and count.
 */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    if (error === 'net::ERR_ABORTED' && r.method() === 'GET') return;
    problems.push(`request failed: ${r.url()} (${error})`);
  });
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

/** What has the focus, as a short description for a failure message. */
const focused = (page: Page) => page.locator(':focus').evaluateAll((els) => els[0]?.outerHTML.slice(0, 120) ?? 'nothing');

test.describe('with demo data, the pictures', () => {
  test.use({ startingData: 'demo' });

  for (const [width, height] of [
    [1366, 820],
    [1920, 1080],
  ] as const) {
    test(`every screen at ${width}×${height}, without a serious or critical axe violation`, async ({ page, app }) => {
      test.setTimeout(300_000);
      await page.setViewportSize({ width, height });
      const { clinical, admin } = screens(app);
      const take = async (name: string) => {
        // Not full page: what a window of this size shows, which is what the size is about.
        await page.screenshot({ path: `test-results/screenshots/shell/${name}-${width}x${height}.png` });
        await expectNoSeriousAxeViolations(page);
      };
      await visit(page, app, clinical, take);
      await app.signInAs('admin');
      await visit(page, app, admin, take);
    });
  }
});

test.describe('with the clinicians', () => {
  test("after each screen change the focus is on the new screen's heading, and its name is announced", async ({ page, app }) => {
    const patient = await app.services.patients.create(setupActor, { givenName: 'Marguerite', familyName: 'Dubois', dateOfBirth: '1962-09-21', sex: 'female' });
    await app.open('/worklist');
    await expect(page.getByRole('heading', { level: 2, name: 'Follow-ups' }), await focused(page)).toBeFocused();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'To sign' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'To sign' }), await focused(page)).toBeFocused();
    await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'To sign' })).toHaveText(/To sign · Milia Notes/);

    // The patient search keeps its own focus: the box.
    await page.keyboard.press('/');
    await expect(page).toHaveURL(/#\/patients$/);
    await expect(page.getByLabel('Search patients')).toBeFocused();
    await page.keyboard.type('dubois');
    await expect(page.getByRole('listbox', { name: 'Patients found' }).getByRole('option')).toHaveCount(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // A chart's heading is the patient's name.
    await expect(page.getByRole('heading', { level: 2, name: 'DUBOIS, Marguerite' })).toBeFocused();

    await page.keyboard.press('n');
    await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}/visits/new$`));
    // The editor's own heading, not the patient banner above it.
    await expect(page.getByRole('heading', { level: 2, name: 'New visit' })).toBeFocused();
  });

  test('"?" lists the shortcuts, which never fire while typing; the buttons name their keys', async ({ page, app }) => {
    const patient = await app.services.patients.create(setupActor, { givenName: 'Marguerite', familyName: 'Dubois', dateOfBirth: '1962-09-21', sex: 'female' });
    await app.open('/patients');
    // Typed into the search box, "?", "/" and "n" are just text.
    await page.getByLabel('Search patients').pressSequentially('?/n');
    await expect(page.getByLabel('Search patients')).toHaveValue('?/n');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.getByRole('heading', { level: 2, name: 'Patients' }).click();
    await page.keyboard.press('Shift+?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(overlay).toBeVisible();
    await expect(overlay.getByRole('row')).toHaveText([
      'KeysActionWhere',
      '/Go to patient searchAnywhere',
      'Shift + EnterNew visit for the patient foundIn the patient search',
      '?Show these shortcutsAnywhere',
      'NNew visitOn a chart',
      'AAdd a presentation: go to the sitesIn the visit editor',
      'TTreat this site (from its presentation)In the visit editor',
      'EnterBack to the site box for the next siteIn a presentation’s count',
      'Ctrl + SSave the visitIn the visit editor',
      'Ctrl + PPrint aftercareOn a saved visit; on a chart, the visit in focus (else the newest)',
    ]);
    await expectNoSeriousAxeViolations(page);
    await page.screenshot({ path: 'test-results/screenshots/shell/shortcuts-overlay.png' });
    await page.keyboard.press('Escape');
    await expect(overlay).toBeHidden();
    await expect(page.getByRole('button', { name: 'Shortcuts' })).toHaveAttribute('aria-keyshortcuts', 'Shift+?');

    await app.open(`/patients/${patient.id}`);
    const newVisit = page.getByRole('link', { name: 'New visit' });
    await expect(newVisit).toHaveAttribute('aria-keyshortcuts', 'N');
    await newVisit.hover();
    await expect(page.getByRole('tooltip')).toHaveText('New visit (N)');
  });

  test('after saving, the new visit is at the top of the chart, in view, highlighted and focused', async ({ page, app }) => {
    await page.setViewportSize({ width: 1366, height: 820 });
    const patient = await app.services.patients.create(setupActor, { givenName: 'Marguerite', familyName: 'Dubois', dateOfBirth: '1962-09-21', sex: 'female' });
    const clinicianId = app.clinicians[0]!.id;
    // A history long enough to push the lesion charts and older visits below the fold.
    for (const weeks of [4, 8, 12, 16]) {
      await app.services.visits.save(setupActor, {
        patientId: patient.id,
        date: isoDaysFromToday(-7 * weeks),
        clinicianId,
        presentations: [
          { type: 'primary', site: 'nose', count: weeks },
          { type: 'primary', site: 'forehead', count: 2 },
        ],
      });
    }
    await app.open(`/patients/${patient.id}/visits/new`);
    await page.getByRole('group', { name: 'Face map' }).getByRole('button', { name: 'Chin', exact: true }).click();
    await page.getByRole('group', { name: 'Chin', exact: true }).getByLabel('Count').fill('2');
    await page.keyboard.press('Control+S');
    await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));

    const entries = page.getByRole('article');
    await expect(entries).toHaveCount(5);
    const saved = entries.first();
    await expect(saved).toHaveAccessibleName(/^\d{1,2} \w{3} \d{4}$/);
    await expect(saved).toContainText('Chin');
    await expect(saved, await focused(page)).toBeFocused();
    await expect(saved).toHaveAccessibleDescription('Just saved');
    await expect(saved).toBeInViewport();
    await expect(saved).toHaveAttribute('data-just-saved', 'true');
    await page.screenshot({ path: 'test-results/screenshots/shell/chart-after-save-1366x820.png' });
    // Only that one.
    await expect(page.locator('[data-just-saved]')).toHaveCount(1);
  });
});

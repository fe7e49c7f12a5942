/**
 * The site maps from the keyboard and the mouse: the face map is one Tab stop whose arrow
 * keys walk the regions, a site can be typed ("lel"), the body map (front and back) adds
 * body sites, and the chart shows the latest lesion counts as heat with a table beside.
 */
import type { Locator, Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './support/a11y';
import { expect, screenshot, setupActor, test, type App } from './support/fixtures';

const faceMap = (page: Page) => page.getByRole('group', { name: 'Face map' });
const bodyMap = (page: Page) => page.getByRole('group', { name: 'Body map' });
const card = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });
const siteBox = (page: Page) => page.getByRole('textbox', { name: 'Type a site' });
/** The Face | Body switch: its radios are hidden under their labels, which take the click. */
const showMap = (page: Page, name: 'Face' | 'Body') => page.getByRole('region', { name: 'Sites' }).getByText(name, { exact: true }).click();

async function newVisit(app: App, page: Page): Promise<void> {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Maren', familyName: 'Solberg', dateOfBirth: '1979-09-12', sex: 'female' });
  await app.open(`/patients/${patient.id}/visits/new`);
  await expect(faceMap(page)).toBeVisible();
}

/** The accessible name of the focused element, and whether it is inside `within`. */
const focusedName = (page: Page) => page.locator(':focus').evaluate((el) => el.getAttribute('aria-label') ?? el.textContent ?? '');
const focusedIn = (within: Locator) => within.evaluate((el) => el.contains(el.ownerDocument.activeElement));

test('the face map is one Tab stop: arrows walk to a region and Enter adds it, twice, from the keyboard alone', async ({ page, app }) => {
  await newVisit(app, page);
  // Twenty-one regions and the palate button, one of them in the Tab order.
  await expect(faceMap(page).locator('[role=button]')).toHaveCount(21);
  await expect(faceMap(page).locator('[tabindex="0"]')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Palate or gums' })).toHaveAttribute('tabindex', '-1');

  await siteBox(page).focus();
  await page.keyboard.press('Tab'); // the Face | Body switch
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toBe('Nose');
  await page.keyboard.press('ArrowRight');
  expect(await focusedName(page)).toBe('Lower eyelid, left');
  await page.keyboard.press('ArrowUp');
  expect(await focusedName(page)).toBe('Upper eyelid, left');
  await screenshot(page, 'maps-face-focus');
  // One Tab leaves the map for the next control: the regions are not Tab stops.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Add body site')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  expect(await focusedName(page)).toBe('Upper eyelid, left');
  await page.keyboard.press('Enter');
  await expect(card(page, 'Upper eyelid, left').getByLabel('Count')).toBeFocused();
  await page.keyboard.type('3');

  // Back to the map: it keeps the region last chosen as its one stop.
  let presses = 0;
  while (!(await focusedIn(faceMap(page))) && presses < 30) {
    await page.keyboard.press('Shift+Tab');
    presses++;
  }
  expect(await focusedName(page)).toBe('Upper eyelid, left');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await focusedName(page)).toBe('Cheek, left');
  await page.keyboard.press(' ');
  await expect(card(page, 'Cheek, left').getByLabel('Count')).toBeFocused();
  await page.keyboard.type('5');

  await expect(faceMap(page).getByRole('button', { name: 'Upper eyelid, left', exact: true })).toHaveAttribute('data-marked', 'true');
  await expect(faceMap(page).getByRole('button', { name: 'Cheek, left', exact: true })).toContainText('Cheek, left: 5 recorded');
  // Home and End reach the first and the last stop; down from the neck is the palate.
  await faceMap(page).getByRole('button', { name: 'Cheek, left', exact: true }).focus();
  await page.keyboard.press('Home');
  expect(await focusedName(page)).toBe('Scalp');
  await page.keyboard.press('End');
  await expect(page.getByRole('button', { name: 'Palate or gums' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  expect(await focusedName(page)).toBe('Neck');
});

test('typing "lel" and Enter adds Lower eyelid, left, and the box empties for the next site', async ({ page, app }) => {
  await newVisit(app, page);
  await siteBox(page).focus();
  await page.keyboard.type('lel');
  await expect(page.getByRole('option', { name: 'Lower eyelid, left' })).toHaveAttribute('data-combobox-selected', 'true');
  await screenshot(page, 'maps-type-a-site');
  await page.keyboard.press('Enter');
  await expect(card(page, 'Lower eyelid, left').getByLabel('Count')).toBeFocused();
  await expect(siteBox(page)).toHaveValue('');

  await siteBox(page).focus();
  await page.keyboard.type('right upper lid');
  await page.keyboard.press('Enter');
  await expect(card(page, 'Upper eyelid, right')).toBeVisible();

  await siteBox(page).focus();
  await page.keyboard.type('kidney');
  await expect(page.getByText('No site matches “kidney”')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(siteBox(page)).toHaveValue('kidney');
  await siteBox(page).fill('');

  // A body site with its side, and the body map comes into view to show it.
  await siteBox(page).focus();
  await page.keyboard.type('l arm');
  await page.keyboard.press('Enter');
  await expect(card(page, 'Arm and hand, left').getByLabel('Count')).toBeFocused();
  await expect(bodyMap(page)).toBeVisible();
  await expect(bodyMap(page).getByRole('group', { name: 'Front' }).getByRole('button', { name: 'Arm and hand, left' })).toHaveAttribute('data-marked', 'true');
});

test('the body map adds a trunk presentation by keyboard and by mouse, and pins the count', async ({ page, app }) => {
  await newVisit(app, page);
  await showMap(page, 'Body');
  const front = bodyMap(page).getByRole('group', { name: 'Front' });
  const back = bodyMap(page).getByRole('group', { name: 'Back' });
  await expect(bodyMap(page).locator('[tabindex="0"]')).toHaveCount(1);

  // From the switch, one Tab into the map, which starts on the trunk in front.
  await page.getByRole('radio', { name: 'Body' }).focus();
  await page.keyboard.press('Tab');
  await expect(front.getByRole('button', { name: 'Trunk' })).toBeFocused();
  await page.keyboard.press('Enter');
  const trunk = page.getByRole('group', { name: 'Trunk', exact: true });
  await expect(trunk).toHaveCount(1);
  await expect(trunk.getByLabel('Count')).toBeFocused();
  await page.keyboard.type('4');

  // Seen from behind, the patient's left arm is on the viewer's left.
  await back.getByRole('button', { name: 'Trunk' }).click();
  await expect(trunk).toHaveCount(2);
  await front.getByRole('button', { name: 'Arm and hand, right' }).click();
  await expect(card(page, 'Arm and hand, right').getByLabel('Count')).toBeFocused();
  const leftArmFront = await front.getByRole('button', { name: 'Arm and hand, left' }).boundingBox();
  const leftArmBack = await back.getByRole('button', { name: 'Arm and hand, left' }).boundingBox();
  const trunkFront = await front.getByRole('button', { name: 'Trunk' }).boundingBox();
  const trunkBack = await back.getByRole('button', { name: 'Trunk' }).boundingBox();
  expect(leftArmFront!.x).toBeGreaterThan(trunkFront!.x);
  expect(leftArmBack!.x).toBeLessThan(trunkBack!.x);

  await expect(front.getByRole('button', { name: 'Trunk' })).toContainText('Trunk: 4 recorded');
  await expect(back.getByRole('button', { name: 'Trunk' })).toHaveAttribute('data-marked', 'true');
  // Arrows cross from one figure to the other.
  await front.getByRole('button', { name: 'Trunk' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(front.getByRole('button', { name: 'Arm and hand, left' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(back.getByRole('button', { name: 'Arm and hand, left' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(back.getByRole('button', { name: 'Leg and foot, left' })).toBeFocused();

  await expectNoSeriousAxeViolations(page);
  for (const [width, height] of [
    [1366, 820],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `maps-body-${width}x${height}`);
  }
  await showMap(page, 'Face');
  await expectNoSeriousAxeViolations(page);
  for (const [width, height] of [
    [1366, 820],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `maps-face-${width}x${height}`);
  }
});

test("the chart shows each site's latest lesion count as heat on the maps, with the counts in a table", async ({ page, app }) => {
  const user = (await app.services.users.list(setupActor)).find((u) => u.username === 'okafor')!;
  const okafor = {
    userId: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    clinicianId: user.clinician!.id,
    clinicalRole: user.clinician!.role,
    surface: 'browser' as const,
  };
  const patient = await app.services.patients.create(setupActor, { givenName: 'Teodor', familyName: 'Lind', dateOfBirth: '1968-02-20', sex: 'male' });
  const visit = (date: string, presentations: Array<{ site: string; side?: string; count: number }>) =>
    app.services.visits.save(okafor, {
      patientId: patient.id,
      date,
      clinicianId: okafor.clinicianId,
      presentations: presentations.map((p) => ({ type: 'primary', ...p })),
      treatments: [],
    });
  await visit('2026-01-12', [
    { site: 'nose', count: 5 },
    { site: 'lower_eyelid', side: 'left', count: 3 },
  ]);
  await visit('2026-03-02', [
    { site: 'nose', count: 2 },
    { site: 'trunk', count: 12 },
    { site: 'cheek', side: 'bilateral', count: 6 },
  ]);
  await app.open(`/patients/${patient.id}`);

  const table = page.getByRole('table', { name: 'Latest lesion count by site' });
  await expect(table.getByRole('row')).toHaveText([
    'SiteLesionsCounted',
    'Trunk122 Mar 2026',
    'Cheek, both sides62 Mar 2026',
    'Lower eyelid, left312 Jan 2026',
    'Nose22 Mar 2026',
  ]);
  // The hottest step is the trunk's (12); the cheeks (6 a side) two steps down; the nose and the eyelid the coolest.
  const map = page.locator('.lesion-map');
  await expect(map.locator('[data-heat="4"]')).toHaveCount(1);
  await expect(map.locator('[data-heat="2"]')).toHaveCount(2);
  await expect(map.locator('[data-heat="1"]')).toHaveCount(2);
  await expect(map).toHaveAttribute('aria-hidden', 'true');
  await expectNoSeriousAxeViolations(page);
  for (const [width, height] of [
    [1366, 820],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `maps-chart-${width}x${height}`);
  }
});

/**
 * The browser mode's token stays out of every address the browser keeps: the page drops it
 * from its own address after the first load, and handouts and exports come from one-use
 * addresses without it (in real Chromium, whose PDF viewer fetches a handout once).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { isoDaysFromToday } from './support/dates';
import { expect, setupActor, test, type App } from './support/fixtures';
import { recordHandouts } from './support/kept';

/** A patient treated today by the first clinician: something to print and to export. */
async function treatedToday(app: App) {
  const { patients, visits } = app.services;
  const clinicianId = app.clinicians[0]!.id;
  const patient = await patients.create(setupActor, { givenName: 'Ingrid', familyName: 'Halvorsen', dateOfBirth: '1980-05-05', sex: 'female' });
  await visits.save(setupActor, {
    patientId: patient.id,
    date: isoDaysFromToday(0),
    clinicianId,
    presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
    treatments: [{ kind: 'extraction', site: 'cheek', side: 'left', performedBy: clinicianId, lesionsTreated: 3, anesthesia: 'none', consent: true }],
  });
  return patient;
}

/** Every address each page of the context has shown, its first load and each change after it (history included). */
function addressesOf(context: BrowserContext, first: Page): Map<Page, string[]> {
  const seen = new Map<Page, string[]>();
  const follow = (page: Page) => {
    seen.set(page, []);
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) seen.get(page)!.push(frame.url());
    });
  };
  follow(first);
  context.on('page', follow);
  return seen;
}

test('a printed handout opens at an address without the token, once; no page keeps the token after its first load', async ({ page, app }) => {
  const patient = await treatedToday(app);
  const addresses = addressesOf(page.context(), page);
  await app.open(`/patients/${patient.id}`);
  const entry = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { level: 4 }) })
    .first();
  await expect(entry.getByRole('button', { name: 'Print aftercare' })).toBeVisible();
  expect(page.url()).not.toContain('token=');

  const handouts = await recordHandouts(page.context());
  const popup = page.waitForEvent('popup');
  await entry.getByRole('button', { name: 'Print aftercare' }).click();
  const tab = await popup;
  await expect.poll(() => handouts.sent.length).toBe(1);
  const [sent] = handouts.sent;
  expect(sent).toMatchObject({ status: 200, contentType: 'application/pdf' });
  expect(sent!.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Chromium's PDF viewer shows it from that one fetch (the tab takes the document's title),
  // and nothing more reaches the server.
  const viewer = () => tab.frames().find((frame) => frame.url().startsWith('chrome-extension://'));
  await expect.poll(() => viewer()?.url()).toMatch(/\/index\.html$/);
  await expect(viewer()!.getByText(/^Aftercare after your visit on /)).toBeVisible();
  expect(handouts.sent).toHaveLength(1);
  await expect.poll(() => tab.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/handouts\/[A-Za-z0-9_-]{32}\.pdf$/);
  const handout = tab.url();
  // The link offered for a blocked tab is the same address, without the token.
  await expect(page.getByRole('link', { name: 'Open it here if no tab opened' })).toHaveAttribute('href', new URL(handout).pathname);

  // Opened once: a reload (or the address found later in the history) asks to print again.
  await tab.reload();
  await expect.poll(() => handouts.sent.map((each) => each.status)).toEqual([200, 404]);
  await expect(tab.locator('body')).toHaveText(
    'This handout address has been used or is more than a minute old: each opens once. Print it again from the app.',
  );

  // The page's first load holds the token until the page drops it; nothing after does.
  const shown = addresses.get(page)!;
  const dropped = shown.findIndex((address) => !address.includes('token='));
  expect(shown[0]).toContain('token=');
  expect(dropped).toBeGreaterThan(0);
  expect(shown.slice(dropped).filter((address) => address.includes('token='))).toEqual([]);
  for (const each of addresses.keys()) expect(each.url()).not.toContain('token=');
  // Back through the tab's whole history: no entry holds it either.
  const history: string[] = [];
  while (page.url() !== 'about:blank' && history.length < 10) {
    history.push(page.url());
    await page.goBack();
    if (page.url() === history.at(-1)) break;
  }
  expect(history.length).toBeGreaterThan(0);
  expect(history.filter((address) => address.includes('token='))).toEqual([]);
  expect(new Set(addresses.get(tab))).toEqual(new Set([handout]));
});

test('a statistics export downloads from an address without the token, once', async ({ page, app }) => {
  await treatedToday(app);
  await app.open('/statistics');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/exports\/[A-Za-z0-9_-]{32}\.csv$/);
  expect(await download.failure()).toBeNull();

  const again = await page.request.get(download.url());
  expect(again.status()).toBe(404);
  expect(await again.text()).toBe('This export address has been used or is more than a minute old: each downloads once. Export it again from the app.');
  expect(page.url()).not.toContain('token=');
});

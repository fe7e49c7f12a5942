/**
 * The editor's extras end to end: a follow-up visit started from the last one (counts to
 * re-count, red flags and decisions not carried), a clinician's favourite saved on one
 * patient and applied in one action on another, the warning of a second visit on one day,
 * and a draft that survives a reload (continued, or discarded), offered on its own patient's
 * chart only.
 */
import type { Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './support/a11y';
import { isoDaysFromToday, shownDate } from './support/dates';
import { expect, screenshot, setupActor, test, type App } from './support/fixtures';

const faceRegion = (page: Page, name: string) => page.getByRole('group', { name: 'Face map' }).getByRole('button', { name, exact: true });
const card = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });
const clinicianId = (app: App, name: string) => app.clinicians.find((c) => c.name === name)!.id;

async function patient(app: App, givenName: string) {
  return app.services.patients.create(setupActor, { givenName, familyName: 'Andersson', dateOfBirth: '1980-05-02', sex: 'female' });
}

test('"Start from last visit" carries the presentations, counts marked to re-count until changed, red flags and decisions not carried', async ({
  page,
  app,
}) => {
  const okafor = clinicianId(app, 'Dr Ada Okafor');
  const p = await patient(app, 'Linnea');
  const lastDate = isoDaysFromToday(-42);
  await app.services.visits.save(setupActor, {
    patientId: p.id,
    date: lastDate,
    clinicianId: okafor,
    pregnancyStatus: 'neither',
    presentations: [
      { type: 'primary', site: 'upper_eyelid', side: 'left', count: 6, sizeMm: 1.5, distribution: 'grouped', differentials: ['syringoma'] },
      { type: 'secondary', site: 'nose', count: 2, triggers: ['burn'], redFlags: ['growth'], decision: 'proceed', decisionNote: 'Stable for years.' },
    ],
  });

  await app.open(`/patients/${p.id}/visits/new`);
  await page.getByRole('button', { name: `Start from last visit (${shownDate(lastDate)})` }).click();
  const eyelid = card(page, 'Upper eyelid, left');
  const nose = card(page, 'Nose');
  await expect(eyelid.getByLabel('Count')).toHaveValue('6');
  await expect(nose.getByLabel('Count')).toHaveValue('2');
  await expect(nose.getByLabel('Type')).toHaveValue('secondary');
  await expect(eyelid.getByLabel('Count')).toBeFocused();
  for (const c of [eyelid, nose]) {
    await expect(c.getByLabel('Count')).toHaveAttribute('aria-description', 'Carried from the last visit: re-count');
    await expect(c.getByText('Re-count', { exact: true })).toHaveCount(0); // drawn by CSS, not a text node
  }
  // The button is spent: the cards are there.
  await expect(page.getByRole('button', { name: /Start from last visit/ })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'visit-extras-start-from-last');

  // Re-counted: the mark goes from that count only.
  await eyelid.getByLabel('Count').fill('4');
  await expect(eyelid.getByLabel('Count')).not.toHaveAttribute('aria-description');
  await expect(nose.getByLabel('Count')).toHaveAttribute('aria-description', 'Carried from the last visit: re-count');

  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${p.id}$`));
  const chart = await app.services.chart.get(setupActor, { id: p.id });
  expect(chart.visits[0]!.date).toBe(isoDaysFromToday(0));
  expect(
    chart.visits[0]!.presentations.map((x) => [x.site, x.side, x.type, x.count, x.sizeMm, x.distribution, x.triggers, x.redFlags, x.differentials, x.decision]),
  ).toEqual([
    ['upper_eyelid', 'left', 'primary', 4, 1.5, 'grouped', [], [], [], null],
    ['nose', null, 'secondary', 2, null, null, ['burn'], [], [], null],
  ]);
});

test('a favourite saved on one visit fills another patient’s new visit in one action, by the visit’s clinician, consent not ticked; it can be deleted', async ({
  page,
  app,
}) => {
  const first = await patient(app, 'Maja');
  const second = await patient(app, 'Sofia');
  await app.open(`/patients/${first.id}/visits/new`);
  await faceRegion(page, 'Upper eyelid, left').click();
  await card(page, 'Upper eyelid, left').getByLabel('Count').fill('3');
  await card(page, 'Upper eyelid, left').getByRole('button', { name: 'Treat by De-roofing and expression' }).click();
  await card(page, 'Treatment 1').getByLabel('Anaesthesia').selectOption({ label: 'Topical' });

  await page.getByRole('button', { name: 'Favourites' }).click();
  await page.getByRole('menuitem', { name: 'Save as favourite…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as favourite' });
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByLabel('Name').fill('Periorbital milia, extraction');
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'visit-extras-save-favourite');
  await dialog.getByRole('button', { name: 'Save favourite' }).click();
  await expect(dialog).toBeHidden();
  const okafor = (await app.services.users.list(setupActor)).find((u) => u.username === 'okafor')!;
  expect(await app.services.store.records.read((tx) => tx.settings.get(`favourites:${okafor.id}`))).toEqual([
    {
      id: 1,
      name: 'Periorbital milia, extraction',
      presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', triggers: [] }],
      treatments: [{ kind: 'extraction', site: 'upper_eyelid', side: 'left', anesthesia: 'topical', details: {} }],
    },
  ]);

  await page.getByRole('link', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Leave without saving' }).click();
  await app.open(`/patients/${second.id}/visits/new`);
  await expect(page.getByRole('heading', { name: 'New visit' })).toBeVisible();
  await page.getByRole('button', { name: 'Favourites' }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'visit-extras-favourites-menu');
  await page.getByRole('menuitem', { name: 'Periorbital milia, extraction' }).click();

  const eyelid = card(page, 'Upper eyelid, left');
  await expect(eyelid.getByLabel('Count')).toHaveValue('');
  // The menu gives the focus back to its button, as a menu does.
  await expect(page.getByRole('button', { name: 'Favourites' })).toBeFocused();
  const treatment = card(page, 'Treatment 1');
  await expect(treatment.getByLabel('Kind')).toHaveValue('extraction');
  await expect(treatment.getByLabel('Anaesthesia')).toHaveValue('topical');
  await expect(treatment.getByLabel('Performed by')).toHaveValue(String(clinicianId(app, 'Dr Ada Okafor')));
  await expect(treatment.getByRole('checkbox', { name: 'Consent obtained' })).not.toBeChecked();

  await page.getByRole('button', { name: 'Favourites' }).click();
  await page.getByRole('menuitem', { name: 'Delete favourites…' }).click();
  const manage = page.getByRole('dialog', { name: 'Delete favourites' });
  await manage.getByRole('button', { name: 'Delete Periorbital milia, extraction' }).click();
  await expect(manage).toContainText('No favourites left.');
  expect(await app.services.store.records.read((tx) => tx.settings.get(`favourites:${okafor.id}`))).toEqual([]);
});

test('a second visit on one day is warned of, without blocking, with a link to the first', async ({ page, app }) => {
  const p = await patient(app, 'Ebba');
  const today = isoDaysFromToday(0);
  const earlier = await app.services.visits.save(setupActor, {
    patientId: p.id,
    date: today,
    clinicianId: clinicianId(app, 'Nurse Per Lindqvist'),
    pregnancyStatus: 'neither',
    presentations: [{ type: 'primary', site: 'cheek', side: 'right', count: 2 }],
  });

  await app.open(`/patients/${p.id}/visits/new`);
  const warning = page.getByRole('status').filter({ hasText: 'Another visit on this day' });
  await expect(warning).toContainText(`This patient already has a visit on ${shownDate(today)} (Nurse Per Lindqvist): open it`);
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'visit-extras-same-day');

  await page.getByLabel('Visit date').fill(isoDaysFromToday(-1));
  await expect(warning).toHaveCount(0);
  await page.getByLabel('Visit date').fill(today);
  await expect(warning).toBeVisible();
  // Not blocking: the second visit saves.
  await faceRegion(page, 'Chin').click();
  await card(page, 'Chin').getByLabel('Count').fill('1');
  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${p.id}$`));
  expect((await app.services.chart.get(setupActor, { id: p.id })).visits).toHaveLength(2);

  await app.open(`/patients/${p.id}/visits/new`);
  await page.getByRole('link', { name: `open it: the visit of ${shownDate(today)} (Nurse Per Lindqvist)` }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${p.id}/visits/${earlier.id}$`));
  // The visit being edited is not "another" visit; the second one of the day still is.
  await expect(warning.getByText(/This patient already has a visit/)).toHaveCount(1);
});

test('a reload mid-visit, even straight after typing, offers to continue and restores the fields; discarding clears the draft', async ({ page, app }) => {
  const p = await patient(app, 'Astrid');
  await app.open(`/patients/${p.id}/visits/new`);
  await faceRegion(page, 'Upper eyelid, right').click();
  await card(page, 'Upper eyelid, right').getByLabel('Count').fill('7');
  // A string, as this project's Node types have no DOM: it runs in the page.
  const stored = () => page.evaluate<string[]>("Object.keys(localStorage).filter((k) => k.startsWith('milia-draft:'))");

  // At once, within the half second before the draft would be written: leaving the page writes it.
  await page.reload();
  const offer = page.getByRole('region', { name: 'Unsaved visit' });
  await expect(offer).toContainText(/^Continue your unsaved visit from \d\d:\d\d\?/);
  await expect(card(page, 'Upper eyelid, right')).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, 'visit-extras-draft-offer');
  await offer.getByRole('button', { name: 'Continue' }).click();
  await expect(offer).toHaveCount(0);
  await expect(card(page, 'Upper eyelid, right').getByLabel('Count')).toHaveValue('7');

  // Offered again after another reload, until it is answered.
  await page.reload();
  await offer.getByRole('button', { name: 'Discard' }).click();
  await expect(offer).toHaveCount(0);
  await expect(card(page, 'Upper eyelid, right')).toHaveCount(0);
  expect(await stored()).toEqual([]);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'New visit' })).toBeVisible();
  await expect(offer).toHaveCount(0);

  // Saved: the draft goes with the save.
  await faceRegion(page, 'Chin').click();
  await card(page, 'Chin').getByLabel('Count').fill('1');
  await expect.poll(stored).toHaveLength(1);
  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${p.id}$`));
  await expect.poll(stored).toEqual([]);
});

test("a draft is offered only on its own patient's chart: one kept under the same patient number with another MRN (another record's patient) is not", async ({
  page,
  app,
}) => {
  const p = await patient(app, 'Sigrid');
  await app.open(`/patients/${p.id}/visits/new`);
  await faceRegion(page, 'Chin').click();
  await card(page, 'Chin').getByLabel('Count').fill('4');
  // Strings, as this project's Node types have no DOM: they run in the page.
  const move = (from: string, to: string, text: string) =>
    page.evaluate(`localStorage.removeItem(${JSON.stringify(from)}); localStorage.setItem(${JSON.stringify(to)}, ${JSON.stringify(text)})`);
  const drafts = () => page.evaluate<[string, string][]>("Object.entries(localStorage).filter(([k]) => k.startsWith('milia-draft:'))");
  // Written half a second after the last change: the count typed is in it.
  await expect.poll(async () => (await drafts()).map(([, text]) => /"count":"?4"?\b/.test(text))).toEqual([true]);
  const [[key, value]] = (await drafts()) as [[string, string]];
  expect(key).toContain(`:${p.id}:${encodeURIComponent(p.mrn)}:new`);

  // The desktop app keeps one localStorage whichever record it opens: as if typed on another record.
  const elsewhere = key.replace(`:${encodeURIComponent(p.mrn)}:`, ':OTHER-7%3A1:');
  await move(key, elsewhere, value);
  await page.reload();
  const offer = page.getByRole('region', { name: 'Unsaved visit' });
  await expect(page.getByRole('heading', { name: 'New visit' })).toBeVisible();
  await expect(offer).toHaveCount(0);
  await expect(card(page, 'Chin')).toHaveCount(0);

  // The same draft under this patient's own key is offered.
  await move(elsewhere, key, value);
  await page.reload();
  await offer.getByRole('button', { name: 'Continue' }).click();
  await expect(card(page, 'Chin').getByLabel('Count')).toHaveValue('4');
});

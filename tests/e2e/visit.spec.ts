/**
 * Documenting visits end to end: a new patient, a visit with two face-map presentations, an
 * extraction and a follow-up, all seen again on the chart and found in the database; the
 * ordinary visit within a budget of user actions; and unsaved work guarded on leaving.
 */
import type { Page } from '@playwright/test';
import { expectEveryControlLabelled, expectNoSeriousAxeViolations } from './support/a11y';
import { UserActions } from './support/actions';
import { isoDaysFromToday, shownAge, shownDate } from './support/dates';
import { expect, screenshot, setupActor, test, type App } from './support/fixtures';

const faceRegion = (page: Page, name: string) => page.getByRole('group', { name: 'Face map' }).getByRole('button', { name, exact: true });
/** A presentation card or treatment fieldset, by its legend. */
const card = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });

const visitCount = (app: App): number => (app.services.store.sqlite.prepare('select count(*) as n from visits').get() as { n: number }).n;

test('a new patient and a full visit are saved, shown on the chart and stored', async ({ page, app }) => {
  const today = isoDaysFromToday(0);
  const dueIn4Weeks = isoDaysFromToday(28);

  await app.open('/patients');
  await page.getByRole('button', { name: 'New patient' }).click();
  await expect(page).toHaveURL(/#\/patients\/new$/);
  await page.getByLabel('Given name').fill('Zoë');
  await page.getByLabel('Family name').fill('Nguyễn-Ångström');
  await page.getByLabel('Date of birth').fill('1987-03-14');
  await page.getByLabel('Sex').selectOption({ label: 'Female' });
  await expect(page.getByLabel('MRN')).toHaveValue('');
  await page.getByLabel('Phone').fill('+44 7700 900123');
  await page.getByLabel('Email').fill('zoe@example.org');
  await page.getByLabel('Fitzpatrick skin type').selectOption({ label: 'Type 3' });
  await screenshot(page, 'new-patient-filled');
  await page.getByRole('button', { name: 'Save patient' }).click();

  await expect(page).toHaveURL(/#\/patients\/\d+$/);
  const patientId = Number(/#\/patients\/(\d+)$/.exec(page.url())![1]);
  const banner = page.getByRole('region', { name: 'Patient' });
  await expect(banner).toContainText('NGUYỄN-ÅNGSTRÖM');
  await expect(banner).toContainText('Zoë');
  await expect(banner).toContainText(`Born ${shownDate('1987-03-14')} (${shownAge('1987-03-14')})`);
  await expect(banner).toContainText('MN-000001');

  await page.getByRole('link', { name: 'New visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}/visits/new$`));
  await page.getByLabel('Clinician').selectOption({ label: 'Dr Ada Okafor' });
  await expect(page.getByLabel('Visit date')).toHaveValue(today);

  await faceRegion(page, 'Upper eyelid, left').click();
  const eyelid = card(page, 'Upper eyelid, left');
  await expect(eyelid).toBeVisible();
  await eyelid.getByLabel('Type').selectOption({ label: 'Primary milia' });
  await eyelid.getByLabel('Count').fill('3');
  await eyelid.getByRole('button', { name: 'More: size, distribution, notes' }).click();
  await eyelid.getByLabel('Size (mm)').fill('1.5');
  await eyelid.getByLabel('Distribution').selectOption({ label: 'Grouped' });

  await faceRegion(page, 'Cheek, right').click();
  const cheek = card(page, 'Cheek, right');
  await cheek.getByLabel('Count').fill('5');
  // On from the count by keyboard; ticking a box straight after typing is its own test below.
  await cheek.getByLabel('Count').press('Tab');
  await page.keyboard.press('Tab');
  await expect(cheek.getByRole('button', { name: 'Red flags and differentials' })).toBeFocused();
  await page.keyboard.press('Enter');
  await cheek.getByRole('checkbox', { name: 'Lesion is growing' }).check();
  await cheek.getByRole('button', { name: 'More: size, distribution, notes' }).click();
  await cheek.getByLabel('Distribution').selectOption({ label: 'Isolated' });
  await cheek.getByLabel('Decision', { exact: true }).selectOption({ label: 'Referral' });
  await cheek.getByRole('checkbox', { name: 'Syringoma' }).check();

  await eyelid.getByRole('button', { name: 'Treat by De-roofing and expression' }).click();
  const extraction = card(page, 'Treatment 1');
  await expect(extraction.getByLabel('Kind')).toHaveValue('extraction');
  await expect(extraction.getByLabel('Site')).toHaveValue('upper_eyelid');
  await expect(extraction.getByLabel('Side')).toHaveValue('left');
  await expect(extraction.getByLabel('Lesions treated')).toHaveValue('3');
  await extraction.getByLabel('Anaesthesia').selectOption({ label: 'Topical' });
  await extraction.getByLabel('Performed by').selectOption({ label: 'Nurse Per Lindqvist' });
  await extraction.getByRole('checkbox', { name: 'Consent obtained' }).check();

  await page.getByRole('checkbox', { name: 'Schedule a follow-up' }).check();
  // An extraction is seen again after 4 weeks (the practice's default).
  await expect(page.getByLabel('Follow-up due')).toHaveValue(dueIn4Weeks);
  await page.getByLabel('Reason').fill('Check the left upper eyelid');
  await screenshot(page, 'visit-editor-filled');
  await page.getByRole('button', { name: 'Save visit' }).click();

  await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}$`));
  // Reopened from its address, as someone coming back to the chart later would.
  await page.reload();
  const visit = page.getByRole('article', { name: shownDate(today) });
  await expect(visit).toBeVisible();
  await expect(visit).toContainText('Dr Ada Okafor');
  await expect(visit).toContainText('Upper eyelid, left');
  await expect(visit).toContainText('3 lesions');
  await expect(visit).toContainText('1.5 mm');
  await expect(visit).toContainText('Cheek, right');
  await expect(visit).toContainText('5 lesions');
  await expect(visit).toContainText('Red flag');
  await expect(visit).toContainText('Lesion is growing');
  await expect(visit).toContainText('Referral');
  await expect(visit).toContainText('De-roofing and expression');
  await expect(visit).toContainText('3 lesions treated');
  await expect(visit).toContainText('Topical');
  await expect(visit).toContainText('Nurse Per Lindqvist');
  await expect(visit).toContainText(`Due ${shownDate(dueIn4Weeks)}`);
  await expect(visit).toContainText('Check the left upper eyelid');
  await expect(visit.getByRole('link', { name: 'Edit visit' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Lesion counts by site' })).toBeVisible();
  await page.getByText('Show as table').click();
  const lesions = page.getByRole('table', { name: 'Lesion count by site and visit' });
  await expect(lesions.getByRole('row', { name: /Upper eyelid, left .* 3$/ })).toBeVisible();
  await expect(lesions.getByRole('row', { name: /Cheek, right .* 5$/ })).toBeVisible();
  await screenshot(page, 'chart-after-visit');

  const chart = await app.services.chart.get(setupActor, { id: patientId });
  expect(chart.patient).toMatchObject({
    givenName: 'Zoë',
    familyName: 'Nguyễn-Ångström',
    dateOfBirth: '1987-03-14',
    sex: 'female',
    fitzpatrick: 3,
    mrn: 'MN-000001',
  });
  expect(chart.visits).toHaveLength(1);
  const saved = chart.visits[0]!;
  expect(saved).toMatchObject({ date: today, clinicianName: 'Dr Ada Okafor', pendingReview: 0 });
  expect(saved.presentations).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ type: 'primary', site: 'upper_eyelid', side: 'left', count: 3, sizeMm: 1.5, distribution: 'grouped', redFlags: [] }),
      expect.objectContaining({
        site: 'cheek',
        side: 'right',
        count: 5,
        distribution: 'isolated',
        redFlags: ['growth'],
        decision: 'referral',
        differentials: ['syringoma'],
      }),
    ]),
  );
  expect(saved.presentations).toHaveLength(2);
  expect(saved.treatments).toEqual([
    expect.objectContaining({
      kind: 'extraction',
      site: 'upper_eyelid',
      side: 'left',
      lesionsTreated: 3,
      anesthesia: 'topical',
      consent: true,
      performedByName: 'Nurse Per Lindqvist',
    }),
  ]);
  expect(saved.followUps).toEqual([expect.objectContaining({ dueDate: dueIn4Weeks, reason: 'Check the left upper eyelid', status: 'scheduled' })]);
});

test('the ordinary visit takes at most 20 user actions', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Marguerite', familyName: 'Dubois', dateOfBirth: '1962-09-21', sex: 'female' });
  await app.services.patients.create(setupActor, { givenName: 'Margit', familyName: 'Lund', dateOfBirth: '1970-02-02', sex: 'female' });
  await app.open('/patients');
  const user = new UserActions(page);

  // Search and open.
  await user.type(page.getByLabel('Search patients'), 'dubois');
  await expect(page.getByRole('listbox', { name: 'Patients found' }).getByRole('option')).toHaveCount(1);
  await user.press('ArrowDown');
  await user.press('Enter');
  // The search may stay in the address (for Back); the chart is the patient's.
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}(\\?|$)`));
  // One presentation.
  await user.click(page.getByRole('link', { name: 'New visit' }));
  await user.click(faceRegion(page, 'Nose'));
  await user.type(card(page, 'Nose').getByLabel('Count'), '4');
  // One extraction, with the visit's anaesthesia and consent.
  await user.select(page.getByLabel('Anaesthesia for new procedures'), 'None');
  await user.check(page.getByRole('checkbox', { name: "Consent obtained for today's procedures" }));
  await user.click(card(page, 'Nose').getByRole('button', { name: 'Treat by De-roofing and expression' }));
  // Follow-up, with the suggested date.
  await user.check(page.getByRole('checkbox', { name: 'Schedule a follow-up' }));
  // Save.
  await user.click(page.getByRole('button', { name: 'Save visit' }));
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));

  const visit = (await app.services.chart.get(setupActor, { id: patient.id })).visits[0];
  expect(visit?.presentations).toEqual([expect.objectContaining({ site: 'nose', count: 4 })]);
  expect(visit?.treatments).toEqual([expect.objectContaining({ kind: 'extraction', site: 'nose', lesionsTreated: 4, anesthesia: 'none', consent: true })]);
  expect(visit?.followUps).toEqual([expect.objectContaining({ dueDate: isoDaysFromToday(28), status: 'scheduled' })]);
  expect(user.count, user.log.join('\n')).toBeLessThanOrEqual(20);
  test.info().annotations.push({ type: 'user actions', description: `${user.count}: ${user.log.join('; ')}` });
});

test('a new presentation card shows no error before its count is typed, and the next click lands', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Lior', familyName: 'Ben-David', dateOfBirth: '1991-04-08', sex: 'male' });
  await app.open(`/patients/${patient.id}/visits/new`);
  await faceRegion(page, 'Forehead').click();
  const forehead = card(page, 'Forehead');
  const count = forehead.getByLabel('Count');
  await expect(count).toBeFocused();
  // Nothing has been typed yet, so nothing is wrong yet.
  await expect(count).not.toHaveAttribute('aria-invalid', 'true');
  await expect(forehead.getByText('Count is required')).toHaveCount(0);

  await count.fill('6');
  // With the mouse, straight from the count to a red flag: the tick must not be lost.
  await forehead.getByRole('button', { name: 'Red flags and differentials' }).click();
  await forehead.getByRole('checkbox', { name: 'Lesion is growing' }).click();
  await expect(forehead.getByRole('checkbox', { name: 'Lesion is growing' })).toBeChecked();
});

test('leaving a visit with unsaved changes asks first', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Aiko', familyName: 'Tanaka', dateOfBirth: '1995-11-02', sex: 'female' });
  await app.open(`/patients/${patient.id}/visits/new`);
  await faceRegion(page, 'Chin').click();
  await card(page, 'Chin').getByLabel('Count').fill('2');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  const dialog = page.getByRole('dialog', { name: 'Unsaved changes' });
  await expect(dialog).toBeVisible();
  await screenshot(page, 'visit-leave-dialog');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}/visits/new$`));
  await expect(card(page, 'Chin').getByLabel('Count')).toHaveValue('2');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  await dialog.getByRole('button', { name: 'Leave without saving' }).click();
  await expect(page).toHaveURL(/#\/patients$/);
  expect(visitCount(app)).toBe(0);
});

test('pregnancy and breastfeeding are asked of a woman aged 12-55, not of a man, and the answer is stored with the visit', async ({ page, app }) => {
  const man = await app.services.patients.create(setupActor, { givenName: 'Omar', familyName: 'Said', dateOfBirth: '1990-05-05', sex: 'male' });
  await app.open(`/patients/${man.id}/visits/new`);
  await expect(page.getByLabel('Visit date')).toBeVisible();
  await expect(page.getByLabel('Pregnant or breastfeeding')).toHaveCount(0);

  const woman = await app.services.patients.create(setupActor, { givenName: 'Aiko', familyName: 'Tanaka', dateOfBirth: '1995-11-02', sex: 'female' });
  await app.open(`/patients/${woman.id}/visits/new`);
  const question = page.getByLabel('Pregnant or breastfeeding');
  await expect(question).toHaveValue('');
  await question.selectOption({ label: 'Breastfeeding' });
  await page.getByLabel('Clinician').selectOption({ label: 'Dr Ada Okafor' });
  await faceRegion(page, 'Chin').click();
  await card(page, 'Chin').getByLabel('Count').fill('2');
  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${woman.id}$`));
  expect(app.services.store.sqlite.prepare('select pregnancy_status from visits').pluck().all()).toEqual(['breastfeeding']);
});

test('the visit\'s anaesthesia and consent apply to each new treatment, and "Treat all sites by" treats every site not yet treated', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Rafael', familyName: 'Ortega', dateOfBirth: '1984-01-09', sex: 'male' });
  await app.open(`/patients/${patient.id}/visits/new`);
  await page.getByLabel('Clinician').selectOption({ label: 'Dr Ada Okafor' });
  await faceRegion(page, 'Nose').click();
  await card(page, 'Nose').getByLabel('Count').fill('4');
  await faceRegion(page, 'Cheek, left').click();
  await card(page, 'Cheek, left').getByLabel('Count').fill('2');
  await faceRegion(page, 'Chin').click();
  await card(page, 'Chin').getByLabel('Count').fill('1');

  await page.getByLabel('Anaesthesia for new procedures').selectOption({ label: 'Topical' });
  await page.getByRole('checkbox', { name: "Consent obtained for today's procedures" }).check();
  await card(page, 'Nose').getByRole('button', { name: 'Treat by De-roofing and expression' }).click();
  const nose = card(page, 'Treatment 1');
  await expect(nose.getByLabel('Anaesthesia')).toHaveValue('topical');
  await expect(nose.getByRole('checkbox', { name: 'Consent obtained' })).toBeChecked();
  await expect(nose.getByLabel('Lesions treated')).toHaveValue('4');

  await page.getByRole('button', { name: 'Treat all sites by …' }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toContainText('2 sites not yet treated');
  await expect(menu.getByRole('menuitem').first()).toHaveText('De-roofing and expression');
  await menu.getByRole('menuitem', { name: 'Cryotherapy' }).click();
  await expect(page.getByRole('group', { name: /^Treatment \d$/ })).toHaveCount(3);
  const cheek = card(page, 'Treatment 2');
  await expect(cheek.getByLabel('Kind')).toHaveValue('cryotherapy');
  await expect(cheek.getByLabel('Site')).toHaveValue('cheek');
  await expect(cheek.getByLabel('Side')).toHaveValue('left');
  await expect(cheek.getByLabel('Lesions treated')).toHaveValue('2');
  await expect(cheek.getByLabel('Anaesthesia')).toHaveValue('topical');
  await expect(cheek.getByRole('checkbox', { name: 'Consent obtained' })).toBeChecked();
  await expect(card(page, 'Treatment 3').getByLabel('Site')).toHaveValue('chin');
  // Each treatment can still differ from the visit's default.
  await card(page, 'Treatment 3').getByLabel('Anaesthesia').selectOption({ label: 'None' });
  // The follow-up proposal is still taken in one click (it ticks itself with the first treatment).
  await expect(page.getByRole('checkbox', { name: 'Schedule a follow-up' })).toBeChecked();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));

  const visit = (await app.services.chart.get(setupActor, { id: patient.id })).visits[0];
  expect(visit?.treatments).toEqual([
    expect.objectContaining({ kind: 'extraction', site: 'nose', lesionsTreated: 4, anesthesia: 'topical', consent: true, performedByName: 'Dr Ada Okafor' }),
    expect.objectContaining({
      kind: 'cryotherapy',
      site: 'cheek',
      side: 'left',
      lesionsTreated: 2,
      anesthesia: 'topical',
      consent: true,
      performedByName: 'Dr Ada Okafor',
    }),
    expect.objectContaining({ kind: 'cryotherapy', site: 'chin', lesionsTreated: 1, anesthesia: 'none', consent: true, performedByName: 'Dr Ada Okafor' }),
  ]);
});

test('red flags and differentials are closed on a new card and open by themselves for milia en plaque or a ticked box', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Noor', familyName: 'Haddad', dateOfBirth: '1972-06-30', sex: 'female' });
  const clinicianId = app.clinicians[0]!.id;
  const saved = await app.services.visits.save(setupActor, {
    patientId: patient.id,
    date: isoDaysFromToday(-7),
    clinicianId,
    presentations: [
      { type: 'primary', site: 'nose', count: 2 },
      { type: 'primary', site: 'chin', count: 1, differentials: ['syringoma'] },
    ],
  });
  await app.open(`/patients/${patient.id}/visits/new`);
  await faceRegion(page, 'Forehead').click();
  const forehead = card(page, 'Forehead');
  const toggle = forehead.getByRole('button', { name: 'Red flags and differentials' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(forehead.getByText('none ticked')).toBeVisible();
  await expect(forehead.getByRole('checkbox', { name: 'Lesion is growing' })).toBeHidden();
  await forehead.getByLabel('Type').selectOption({ label: 'Milia en plaque' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(forehead.getByRole('checkbox', { name: 'Lesion is growing' })).toBeVisible();

  // A visit loaded with a differential ticked shows it; the one without stays closed.
  await app.open(`/patients/${patient.id}/visits/${saved.id}`);
  await expect(card(page, 'Chin').getByRole('button', { name: 'Red flags and differentials' })).toHaveAttribute('aria-expanded', 'true');
  await expect(card(page, 'Chin').getByRole('checkbox', { name: 'Syringoma' })).toBeChecked();
  await expect(card(page, 'Nose').getByRole('button', { name: 'Red flags and differentials' })).toHaveAttribute('aria-expanded', 'false');
  await expectNoSeriousAxeViolations(page);
  await expectEveryControlLabelled(page);
});

test('the mouse wheel over a number field never changes its value', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Ewa', familyName: 'Nowak', dateOfBirth: '1966-12-12', sex: 'female' });
  await app.open(`/patients/${patient.id}/visits/new`);
  await faceRegion(page, 'Nose').click();
  const count = card(page, 'Nose').getByLabel('Count');
  await count.fill('12');
  await expect(count).toBeFocused();
  await count.hover();
  // Scrolling down over it would step 12 to 11.
  await page.mouse.wheel(0, 120);
  await page.waitForTimeout(300);
  await expect(count).toHaveValue('12');
});

test('at 1366x820 the face map and the Save button stay in view with two presentations and a treatment', async ({ page, app }) => {
  await page.setViewportSize({ width: 1366, height: 820 });
  const patient = await app.services.patients.create(setupActor, { givenName: 'Kofi', familyName: 'Mensah', dateOfBirth: '1958-08-08', sex: 'male' });
  await app.open(`/patients/${patient.id}/visits/new`);
  await faceRegion(page, 'Nose').click();
  await card(page, 'Nose').getByLabel('Count').fill('3');
  await faceRegion(page, 'Cheek, left').click();
  await card(page, 'Cheek, left').getByLabel('Count').fill('2');
  await card(page, 'Nose').getByRole('button', { name: 'Treat by De-roofing and expression' }).click();
  await expect(card(page, 'Treatment 1')).toBeVisible();
  const height = await page.locator('html').evaluate((html) => html.scrollHeight);
  test.info().annotations.push({ type: 'editor height at 1366x820', description: `${height} px` });

  const inView = async (name: string, box: { x: number; y: number; width: number; height: number } | null) => {
    expect(box, name).not.toBeNull();
    expect(box!.y, name).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, name).toBeLessThanOrEqual(820);
  };
  // Save from the top of the page; the map too once the page is scrolled to the cards.
  for (const where of ['top', 'middle', 'bottom'] as const) {
    await page
      .locator('html')
      .evaluate((html, w) => html.ownerDocument.defaultView.scrollTo(0, { top: 0, middle: html.scrollHeight / 2, bottom: html.scrollHeight }[w]), where);
    await inView(`Save at the ${where}`, await page.getByRole('button', { name: 'Save visit' }).boundingBox());
    if (where !== 'top') await inView(`Nose region at the ${where}`, await faceRegion(page, 'Nose').boundingBox());
    await page.screenshot({ path: `test-results/screenshots/visit-editor-1366-${where}.png` });
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'test-results/screenshots/visit-editor-1920.png' });
});

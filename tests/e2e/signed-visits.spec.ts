/**
 * Issue 11's "done when", end to end on a fresh database: the first-run screen sets up the
 * practice and its administrator; the administrator adds a dermatologist and a nurse; the
 * nurse documents a visit in draft and prints aftercare; the dermatologist signs it; an edit
 * is refused (no editing controls, and the service refuses); an addendum is added and shown.
 * Each step checks its screens with axe. Then: a nurse records a red flag but cannot decide
 * it, and the visit cannot be signed until a dermatologist has.
 */
import { format } from 'date-fns';
import type { Page } from '@playwright/test';
import { expectAccessible, expectEveryControlLabelled, expectNoSeriousAxeViolations } from './support/a11y';
import { isoDaysFromToday, shownDate } from './support/dates';
import { expect, screenshot, setupActor, test } from './support/fixtures';

const admin = { username: 'sam.patel', name: 'Sam Patel', password: 'a quiet harbour at dawn' };
const dermatologist = { username: 'okafor', name: 'Dr Ada Okafor', password: 'cedar trees in the rain' };
const nurse = { username: 'lindqvist', name: 'Nurse Per Lindqvist', password: 'fern leaves unfolding' };

/** Axe and labels, for a screen that may still be fading in (the helper waits for it to settle). */
async function axe(page: Page): Promise<void> {
  await expectNoSeriousAxeViolations(page);
  await expectEveryControlLabelled(page);
}

async function signIn(page: Page, who: { username: string; password: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Username').fill(who.username);
  await form.getByLabel(/^Password/).fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}

async function addUser(page: Page, user: { username: string; name: string; password: string }, role: string, title: string, registration: string) {
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a user' });
  await dialog.getByLabel('Username').fill(user.username);
  await dialog.getByLabel('Display name').fill(user.name);
  await dialog.getByLabel('Role').selectOption({ label: role });
  const profile = dialog.getByRole('group', { name: 'Clinician profile' });
  await expect(profile).toContainText(`Clinical role: ${role}, as the user's role.`);
  await profile.getByLabel('Title').fill(title);
  await profile.getByLabel('Registration number').fill(registration);
  await dialog.getByLabel(/^Password/).fill(user.password);
  await dialog.getByLabel('Confirm password').fill(user.password);
  return dialog;
}

test.describe('a fresh database', () => {
  test.use({ startingData: 'empty' });

  test('first run, users, a nurse’s draft, a dermatologist’s signature, a refused edit and an addendum', async ({ page, app }) => {
    // A whole practice's first day, with an accessibility check at each screen: past two minutes in CI.
    test.setTimeout(300_000);
    const today = isoDaysFromToday(0);
    let patientId = 0;
    let visitId = 0;

    await test.step('the first-run screen creates the practice and its administrator', async () => {
      await app.open('/');
      await expect(page.getByRole('heading', { name: 'Welcome to Milia Notes' })).toBeVisible();
      await expect(page.getByText(/At least 12 characters/)).toBeVisible();
      await expectAccessible(page);
      await page.getByLabel('Practice name').fill('Harbour Skin Clinic');
      await page.getByLabel('Address').fill('1 Quay Street\nPortsmouth');
      await page.getByLabel(/^Phone/).fill('+44 23 9200 0000');
      await page.getByLabel('After-hours phone').fill('+44 23 9200 0999');
      await page.getByLabel('Username').fill(admin.username);
      await page.getByLabel('Display name').fill(admin.name);
      await page.getByLabel(/^Password/).fill(admin.password);
      // A typo in the confirmation is caught before anything is sent.
      await page.getByLabel('Confirm password').fill(`${admin.password}!`);
      await page.getByRole('button', { name: 'Set up the practice' }).click();
      await expect(page.getByText('Confirm password must be the same as the password')).toBeVisible();
      await page.getByLabel('Confirm password').fill(admin.password);
      await screenshot(page, 'first-run-filled');
      await page.getByRole('button', { name: 'Set up the practice' }).click();

      // Signed in as the administrator, on the settings.
      await expect(page).toHaveURL(/#\/settings$/);
      await expect(page.getByRole('banner')).toContainText(`${admin.name} · Administrator`);
      await expect(page.getByLabel('Practice name')).toHaveValue('Harbour Skin Clinic');
      const nav = page.getByRole('navigation', { name: 'Main' });
      // The follow-up list without clinical notes, where an administrator closes very old entries.
      await expect(nav.getByRole('link')).toHaveText(['Follow-ups', 'Settings', 'Users', 'Audit trail']);
      await axe(page);
    });

    await test.step('the administrator adds a dermatologist and a nurse', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
      await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Users' }).getByRole('row')).toHaveCount(2);
      await axe(page);

      const dialog = await addUser(page, dermatologist, 'Dermatologist', 'Consultant dermatologist', 'GMC 7654321');
      await axe(page);
      await screenshot(page, 'users-add-dermatologist');
      await dialog.getByRole('button', { name: 'Add user' }).click();
      await expect(dialog).toBeHidden();
      await (await addUser(page, nurse, 'Nurse', 'Practice nurse', 'NMC 12A3456B')).getByRole('button', { name: 'Add user' }).click();

      const table = page.getByRole('table', { name: 'Users' });
      await expect(table.getByRole('row')).toHaveCount(4);
      await expect(table.getByRole('row', { name: /Dr Ada Okafor/ })).toContainText('Consultant dermatologist');
      await expect(table.getByRole('row', { name: /Dr Ada Okafor/ })).toContainText('GMC 7654321');
      await expect(table.getByRole('row', { name: /Nurse Per Lindqvist/ })).toContainText('Nurse');
      await screenshot(page, 'users');
      await axe(page);
      await signOut(page);
    });

    await test.step('the nurse signs in, documents a visit in draft and prints aftercare', async () => {
      await signIn(page, nurse);
      // A nurse starts on the follow-up list.
      await expect(page).toHaveURL(/#\/worklist$/);
      await expect(page.getByRole('banner')).toContainText(`${nurse.name} · Nurse`);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link')).toHaveText(['Patients', 'Follow-ups']);

      await nav.getByRole('link', { name: 'Patients' }).click();
      await page.getByRole('button', { name: 'New patient' }).click();
      await page.getByLabel('Given name').fill('Marguerite');
      await page.getByLabel('Family name').fill('Dubois');
      await page.getByLabel('Date of birth').fill('1962-09-21');
      await page.getByLabel('Sex').selectOption({ label: 'Female' });
      await page.getByRole('button', { name: 'Save patient' }).click();
      await expect(page).toHaveURL(/#\/patients\/\d+$/);
      patientId = Number(/#\/patients\/(\d+)$/.exec(page.url())![1]);

      await page.getByRole('link', { name: 'New visit' }).click();
      // A nurse's visit is under a dermatologist, the first one by default.
      await expect(page.getByLabel('Clinician').locator('option:checked')).toHaveText(dermatologist.name);
      await page.getByRole('group', { name: 'Face map' }).getByRole('button', { name: 'Nose', exact: true }).click();
      const nose = page.getByRole('group', { name: 'Nose', exact: true });
      await nose.getByLabel('Count').fill('4');
      await nose.getByRole('button', { name: 'Treat by De-roofing and expression' }).click();
      const treatment = page.getByRole('group', { name: 'Treatment 1', exact: true });
      await treatment.getByLabel('Performed by').selectOption({ label: nurse.name });
      // "Treat by" answers no clinical question for the nurse: the anaesthesia is chosen, as the consent is.
      await treatment.getByLabel('Anaesthesia').selectOption({ label: 'None' });
      await treatment.getByRole('checkbox', { name: 'Consent obtained' }).check();
      await axe(page);
      await page.getByRole('button', { name: 'Save visit' }).click();
      await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}$`));

      const visit = page.getByRole('article', { name: shownDate(today), exact: true });
      await expect(visit).toContainText('Draft');
      await expect(visit).toContainText(`Documented by ${nurse.name} (nurse); not signed yet.`);
      await expect(visit.getByRole('link', { name: 'Edit visit' })).toBeVisible();
      const popup = page.waitForEvent('popup');
      await visit.getByRole('button', { name: 'Print aftercare' }).click();
      await popup;
      await expect(visit.getByRole('status').filter({ hasText: 'The handout opened in a new tab.' })).toBeVisible();
      await expect(visit.getByText(`· ${nurse.name}`)).toBeVisible();
      await screenshot(page, 'chart-draft-visit');
      await axe(page);

      const chart = await app.services.chart.get(setupActor, { id: patientId });
      expect(chart.visits).toHaveLength(1);
      visitId = chart.visits[0]!.id;
      expect(chart.visits[0]).toMatchObject({ signature: null, createdBy: `${nurse.name} (nurse)`, clinicianName: dermatologist.name, signBlockers: [] });
      await signOut(page);
    });

    await test.step('the dermatologist signs it', async () => {
      await signIn(page, dermatologist);
      // A dermatologist starts on the patient search, with one visit to sign.
      await expect(page).toHaveURL(/#\/patients$/);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: /To sign/ }).getByLabel('1 to sign')).toBeVisible();
      await nav.getByRole('link', { name: /To sign/ }).click();

      const list = page.getByRole('table', { name: 'Visits to sign (1)' });
      await expect(list.getByRole('row', { name: /DUBOIS, Marguerite/ })).toContainText(nurse.name);
      await expect(list).toContainText('Ready to sign');
      await screenshot(page, 'to-sign');
      await expectAccessible(page);
      await list.getByRole('link', { name: `Visit of ${shownDate(today)}` }).click();
      await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}/visits/${visitId}$`));

      const panel = page.getByRole('region', { name: 'Sign visit' });
      await expect(panel).toContainText('Nothing stops this visit from being signed.');
      await panel.getByRole('button', { name: 'Sign visit' }).click();
      const dialog = page.getByRole('dialog', { name: 'Sign this visit?' });
      await expect(dialog).toContainText(`You sign as ${dermatologist.name}.`);
      await axe(page);
      await dialog.getByRole('button', { name: 'Sign visit' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByText(new RegExp(`^Signed by ${dermatologist.name} on ${shownDate(today)}, \\d\\d:\\d\\d\\.$`))).toBeVisible();
      await screenshot(page, 'visit-signed');
    });

    await test.step('an edit of the signed visit is refused', async () => {
      // No editing control: nothing to type in but the addendum, no save.
      await expect(page.getByRole('button', { name: 'Save visit' })).toHaveCount(0);
      await expect(page.getByRole('group', { name: 'Face map' })).toHaveCount(0);
      await expect(page.getByRole('textbox')).toHaveCount(1);
      await expect(page.getByRole('textbox')).toHaveAccessibleName('Addendum');
      await expect(page.getByRole('combobox')).toHaveCount(0);
      await page.getByRole('link', { name: 'Back to the chart' }).click();
      const entry = page.getByRole('article', { name: shownDate(today), exact: true });
      await expect(entry).toContainText('Signed');
      await expect(entry.getByRole('link', { name: 'Edit visit' })).toHaveCount(0);
      await expect(entry.getByRole('link', { name: 'Open visit' })).toBeVisible();

      // The service refuses it whoever asks, in one sentence, and nothing changes.
      const before = await app.services.visits.get(setupActor, { id: visitId });
      await expect(
        app.services.visits.save(setupActor, {
          id: visitId,
          patientId,
          date: today,
          clinicianId: before.clinicianId,
          notes: 'Changed after signing',
          presentations: [{ type: 'primary', site: 'nose', count: 9 }],
        }),
      ).rejects.toThrow(`This visit was signed by ${dermatologist.name} on ${format(new Date(), 'yyyy-MM-dd')} and cannot change. Add an addendum instead.`);
      expect(await app.services.visits.get(setupActor, { id: visitId })).toEqual(before);
    });

    await test.step('an addendum is added and shown', async () => {
      await page
        .getByRole('article', { name: shownDate(today), exact: true })
        .getByRole('link', { name: 'Open visit' })
        .click();
      await page.getByRole('textbox', { name: 'Addendum' }).fill('Patient phoned: the nose healed well; no further treatment needed.');
      await page.getByRole('button', { name: 'Add addendum' }).click();
      const addenda = page.getByRole('region', { name: 'Addenda' });
      const first = addenda.getByRole('article', { name: new RegExp(`^Addendum 1 · signed by ${dermatologist.name} on ${shownDate(today)}`) });
      await expect(first).toContainText('Patient phoned: the nose healed well; no further treatment needed.');
      await expect(page.getByRole('textbox', { name: 'Addendum' })).toHaveValue('');
      await screenshot(page, 'visit-signed-addendum');
      await axe(page);

      await page.getByRole('link', { name: 'Back to the chart' }).click();
      await expect(page.getByRole('article', { name: shownDate(today), exact: true })).toContainText('Patient phoned: the nose healed well');
      const saved = await app.services.visits.get(setupActor, { id: visitId });
      expect(saved.addenda).toEqual([
        expect.objectContaining({ authorName: dermatologist.name, text: 'Patient phoned: the nose healed well; no further treatment needed.' }),
      ]);
    });
  });
});

test('a nurse records a red flag but cannot decide it, and the visit is signed once a dermatologist has', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Lior', familyName: 'Ben-David', dateOfBirth: '1991-04-08', sex: 'male' });
  await app.signInAs('nurse');
  await app.open(`/patients/${patient.id}/visits/new`);
  await page.getByRole('group', { name: 'Face map' }).getByRole('button', { name: 'Cheek, right', exact: true }).click();
  const cheek = page.getByRole('group', { name: 'Cheek, right', exact: true });
  await cheek.getByLabel('Count').fill('5');
  await cheek.getByRole('button', { name: /Red flags and differentials/ }).click();
  await cheek.getByRole('checkbox', { name: 'Lesion is growing' }).check();
  // The flag is the nurse's to record; the decision is not.
  await expect(cheek.getByText("Waiting for a dermatologist's decision")).toBeVisible();
  await expect(cheek.getByLabel('Decision', { exact: true })).toHaveCount(0);
  await expect(cheek.getByLabel('Decision note')).toHaveCount(0);
  // At the foot of the page: checkboxes passing under the sticky save bar are judged half hidden.
  await page.locator('body').evaluate((body) => body.ownerDocument.defaultView!.scrollTo(0, body.scrollHeight));
  await axe(page);
  await screenshot(page, 'visit-nurse-red-flag');
  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));
  await expect(page.getByText('A dermatologist records a biopsy, a referral or the reason to proceed at these visits:')).toBeVisible();

  await app.signInAs('dermatologist');
  await app.open('/to-sign');
  const blocker = 'Presentation 1 (Primary milia, Cheek, right) has a red flag with no decision yet: choose biopsy, referral or proceed.';
  const row = page.getByRole('row', { name: /BEN-DAVID, Lior/ });
  await expect(row).toContainText(blocker);
  await row.getByRole('link', { name: /^Visit of/ }).click();

  const panel = page.getByRole('region', { name: 'Sign visit' });
  await expect(panel).toContainText(blocker);
  await expect(panel.getByRole('button', { name: 'Sign visit' })).toBeDisabled();
  await screenshot(page, 'visit-sign-blocked');
  // At the foot of the page, as above: the open red flags' checkboxes would pass under the sticky save bar.
  await page.locator('body').evaluate((body) => body.ownerDocument.defaultView!.scrollTo(0, body.scrollHeight));
  await axe(page);
  await page.getByRole('group', { name: 'Cheek, right', exact: true }).getByLabel('Decision', { exact: true }).selectOption({ label: 'Referral' });
  // What is signed is the visit as saved.
  await expect(panel).toContainText('This visit has unsaved changes. Save it first: what is signed is the visit as saved.');
  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));

  await page.getByRole('link', { name: 'Edit visit' }).click();
  await expect(panel).toContainText('Nothing stops this visit from being signed.');
  await panel.getByRole('button', { name: 'Sign visit' }).click();
  await page.getByRole('dialog', { name: 'Sign this visit?' }).getByRole('button', { name: 'Sign visit' }).click();
  await expect(page.getByText(new RegExp(`^Signed by ${dermatologist.name} on `))).toBeVisible();
  const [visit] = (await app.services.chart.get(setupActor, { id: patient.id })).visits;
  expect(visit?.signature).toMatchObject({ kind: 'signed', byName: dermatologist.name });
  expect(visit?.presentations[0]).toMatchObject({ redFlags: ['growth'], decision: 'referral' });
});

test('a red flag on a visit signed on import is decided by addendum from the Review list, and leaves the list', async ({ page, app }) => {
  const presentation = (extra: object) => ({ side: 'left', count: 2, sizeMm: 1, triggers: [], redFlags: [], differentials: [], notes: '', ...extra });
  await app.services.interchange.import(setupActor, {
    format: 'milia-notes/3',
    clinicians: [{ key: 'moreau', name: 'Dr Inès Moreau', role: 'dermatologist' }],
    patients: [
      {
        mrn: 'EXT-0042',
        givenName: 'Hana',
        familyName: 'Kowalczyk',
        dateOfBirth: '1958-09-30',
        sex: 'female',
        visits: [
          {
            key: 'ext-v-1',
            date: '2025-03-04',
            clinician: 'moreau',
            presentations: [
              presentation({ type: 'primary', site: 'cheek' }),
              presentation({ type: 'primary', site: 'temple', redFlags: ['ulceration'], differentials: ['basal_cell_carcinoma'] }),
            ],
            treatments: [],
            followUps: [],
            signature: { by: 'Dr Inès Moreau', at: '2025-03-04T16:00:00.000Z' },
          },
        ],
      },
    ],
  });
  await app.open('/review');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: /Review/ })).toContainText('1');
  await expect(nav.getByLabel('1 to review')).toBeVisible();
  const row = page.getByRole('row', { name: /KOWALCZYK, Hana/ });
  await expect(row).toContainText('Presentation 2: Primary milia, Temple, left');
  await expect(row).toContainText('Signed on import: decide by addendum');
  // Why, each cause named for what it is: the possible carcinoma is a differential, not one of the red flags.
  const why = row.getByRole('cell').last();
  await expect(why.getByRole('paragraph')).toHaveText([
    'It has a red flag.',
    'Red flag: Ulcerated or bleeding',
    'Basal cell carcinoma among its differentials too',
  ]);
  // Read whole, not cut to "DECIDE BY AD…", in a window as narrow as a small laptop's.
  await page.setViewportSize({ width: 1024, height: 900 });
  const instruction = row.getByText('Signed on import: decide by addendum', { exact: true });
  expect(await instruction.evaluate((label) => label.scrollWidth <= label.clientWidth)).toBe(true);
  await row.getByRole('link', { name: /^Visit of/ }).click();

  const form = page.getByRole('form', { name: 'Add addendum' });
  await form.getByLabel('Decision on presentation 2 (Primary milia, Temple, left)').selectOption({ label: 'Proceed (reason recorded)' });
  await form.getByRole('button', { name: 'Record the decision' }).click();
  await expect(form.getByText('The note must give the reason to proceed despite the red flag')).toBeVisible();
  await form.getByLabel('Note').fill('Healed scratch from a cat, seen again today: no ulcer.');
  await axe(page);
  await form.getByRole('button', { name: 'Record the decision' }).click();
  await expect(page.getByRole('region', { name: 'Addenda' })).toContainText(
    'Decision on presentation 2 (Primary milia, Temple, left): Proceed (reason recorded). Healed scratch from a cat, seen again today: no ulcer.',
  );
  await expect(page.getByText('Decided: Proceed (reason recorded) — Healed scratch from a cat, seen again today: no ulcer.')).toBeVisible();
  await expect(form.getByLabel(/^Decision/)).toHaveCount(0);

  await page.getByRole('link', { name: /^Review/ }).click();
  await expect(page.getByText('Nothing to review: every red flag has a decision.')).toBeVisible();
  // The count beside Review has gone with it.
  await expect(nav.getByLabel(/to review$/)).toHaveCount(0);
  expect(await app.services.signing.toReview(setupActor, {})).toEqual([]);
});

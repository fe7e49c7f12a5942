/**
 * A visit with faults is not saved, and each fault is said at its field: a count of 0, a
 * procedure without consent, a paired body site without a side.
 */
import type { Locator, Page } from '@playwright/test';
import { isoDaysFromToday, shownDate } from './support/dates';
import { expect, screenshot, setupActor, test } from './support/fixtures';

const card = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });

/**
 * Marked invalid, with the message tied to the field for screen readers too. Soft, so that
 * one field's fault does not hide another's.
 */
async function expectFieldError(field: Locator, message: RegExp): Promise<void> {
  await expect.soft(field).toHaveAttribute('aria-invalid', 'true');
  await expect.soft(field).toHaveAccessibleDescription(message);
}

test('a count of 0, a procedure without consent and a paired site without side are refused at their fields', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Olumide', familyName: 'Adeyemi', dateOfBirth: '1979-07-19', sex: 'male' });
  const tables = ['visits', 'presentations', 'treatments', 'follow_ups'] as const;
  const counts = () => tables.map((t) => (app.services.store.sqlite.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n);
  const before = counts();

  await app.open(`/patients/${patient.id}/visits/new`);
  await page.getByRole('group', { name: 'Face map' }).getByRole('button', { name: 'Cheek, left', exact: true }).click();
  await card(page, 'Cheek, left').getByLabel('Count').fill('0');

  await page.getByLabel('Add body site').selectOption({ label: 'Arm and hand' });
  const arm = card(page, 'Arm and hand');
  await expect(arm).toBeVisible();
  // The side of a body site is never guessed; make sure it is blank.
  await arm.getByLabel('Side').selectOption({ value: '' });
  await arm.getByLabel('Count').fill('2');

  await page.getByRole('button', { name: 'Add treatment' }).click();
  const curettage = card(page, 'Treatment 1');
  await curettage.getByLabel('Kind').selectOption({ label: 'Curettage' });
  await curettage.getByLabel('Site').selectOption({ label: 'Cheek' });
  await curettage.getByLabel('Side').selectOption({ label: 'Left' });
  await curettage.getByLabel('Lesions treated').fill('2');
  await curettage.getByLabel('Anaesthesia').selectOption({ label: 'None' });
  await expect(curettage.getByRole('checkbox', { name: 'Consent obtained' })).not.toBeChecked();

  await page.getByRole('button', { name: 'Save visit' }).click();

  const banner = page.getByRole('alert').filter({ hasText: 'The visit was not saved' });
  await expect(banner).toBeVisible();
  // Each fault in the screen's words, a link to its field.
  await expect(banner).toContainText('Check the visit: 3 fields need attention.');
  await expect(banner.getByRole('list', { name: 'Fields to check' }).getByRole('button')).toHaveText([
    'Presentation 1 (Cheek, left): Count must be a whole number from 1 to 500.',
    'Presentation 2 (Arm and hand): Side is required for upper_limb (Arm and hand), a paired site: choose left, right, bilateral.',
    "Treatment 1: Consent must be true: a procedure needs the patient's recorded consent.",
  ]);
  await banner.getByRole('button', { name: /^Presentation 2 \(Arm and hand\): Side is required/ }).click();
  await expect(arm.getByLabel('Side')).toBeFocused();
  await expectFieldError(card(page, 'Cheek, left').getByLabel('Count'), /Count must be a whole number from 1 to 500/);
  await expectFieldError(arm.getByLabel('Side'), /Side is required/);
  await expectFieldError(curettage.getByRole('checkbox', { name: 'Consent obtained' }), /consent/i);
  // The message is shown beside the field, not only announced.
  await expect(card(page, 'Cheek, left').getByText(/Count must be a whole number from 1 to 500/)).toBeVisible();
  await expect(arm.getByText(/Side is required/)).toBeVisible();
  await expect(curettage.getByText(/consent/i).last()).toBeVisible();
  await screenshot(page, 'visit-validation');

  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}/visits/new$`));
  expect(counts()).toEqual(before);
});

test("the service's refusal is listed in the screen's words and dates, each a link that focuses its field", async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Hana', familyName: 'Kováčová', dateOfBirth: '1983-10-10', sex: 'female' });
  const today = isoDaysFromToday(0);
  await app.open(`/patients/${patient.id}/visits/new`);
  await page.getByLabel('Clinician').selectOption({ label: 'Dr Ada Okafor' });
  await page.getByRole('group', { name: 'Face map' }).getByRole('button', { name: 'Nose', exact: true }).click();
  await card(page, 'Nose').getByLabel('Count').fill('2');
  await page.getByRole('checkbox', { name: 'Schedule a follow-up' }).check();
  await page.getByLabel('Follow-up due').fill(isoDaysFromToday(-1));
  await page.getByRole('button', { name: 'Save visit' }).click();

  const banner = page.getByRole('alert').filter({ hasText: 'The visit was not saved' });
  await expect(banner).toContainText('Check the visit: one field needs attention.');
  const fault = banner.getByRole('button', { name: `Follow-up due must not be before the visit, ${shownDate(today)}.` });
  await expect(fault).toBeVisible();
  await expect(banner).not.toContainText('followUps[0]');
  await expect(banner).not.toContainText(today);
  await page.getByLabel('Follow-up due').blur();
  await fault.click();
  await expect(page.getByLabel('Follow-up due')).toBeFocused();
  expect(app.services.store.sqlite.prepare('select count(*) from visits').pluck().get()).toBe(0);
});

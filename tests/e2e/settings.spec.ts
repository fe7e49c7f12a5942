/** The practice settings are saved and shape the follow-up suggestion. */
import { expect, screenshot, setupActor, test } from './support/fixtures';

// The practice settings are the administrator's.
test.use({ role: 'admin' });

test('saving the settings stores every field', async ({ page, app }) => {
  await app.open('/settings');
  await page.getByLabel('Practice name').fill('Harbour Dermatology');
  await page.getByLabel('Address').fill('12 Quay Street\nPort Aurelia');
  await page.getByLabel('Phone', { exact: true }).fill('+44 20 7946 0000');
  await page.getByLabel('After-hours phone').fill('+44 20 7946 0999');
  await page.getByLabel('Diagnosis code').selectOption('L72.8');
  await page.getByLabel('De-roofing and expression (weeks)').fill('6');
  await page.getByLabel('Lock after (minutes without use)').fill('5');
  await screenshot(page, 'settings');
  await page.getByRole('button', { name: 'Save settings' }).click();

  await expect.poll(async () => (await app.services.settings.get(setupActor, {})).practiceName).toBe('Harbour Dermatology');
  expect(await app.services.settings.get(setupActor, {})).toMatchObject({
    address: '12 Quay Street\nPort Aurelia',
    phone: '+44 20 7946 0000',
    afterHoursPhone: '+44 20 7946 0999',
    diagnosisCode: 'L72.8',
    followUpWeeks: { extraction: 6 },
    idleMinutes: 5,
  });
  await page.reload();
  await expect(page.getByLabel('Practice name')).toHaveValue('Harbour Dermatology');
});

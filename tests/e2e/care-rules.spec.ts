/** Care unsafe for the patient's age, tried in the visit editor: refused in the service's sentence, naming the field, and nothing saved. */
import type { Page } from '@playwright/test';
import { expect, setupActor, test } from './support/fixtures';

const faceRegion = (page: Page, name: string) => page.getByRole('group', { name: 'Face map' }).getByRole('button', { name, exact: true });
const card = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });

test('oral minocycline for a 7-year-old is refused in the editor with the whole sentence, and nothing is saved', async ({ page, app }) => {
  const child = await app.services.patients.create(setupActor, { givenName: 'Tom', familyName: 'Berg', dateOfBirth: '2019-03-01', sex: 'male' });
  await app.open(`/patients/${child.id}/visits/new`);
  await page.getByLabel('Clinician').selectOption({ label: 'Dr Ada Okafor' });
  await page.getByLabel('Visit date').fill('2026-06-01');
  await faceRegion(page, 'Chin').click();
  await card(page, 'Chin').getByLabel('Count').fill('2');
  await page.getByRole('button', { name: 'Add treatment' }).click();
  const treatment = card(page, 'Treatment 1');
  await treatment.getByLabel('Kind').selectOption({ label: 'Oral minocycline' });
  await treatment.getByLabel('Site').selectOption({ label: 'Chin' });
  await treatment.getByLabel('Performed by').selectOption({ label: 'Dr Ada Okafor' });
  await page.getByRole('button', { name: 'Save visit' }).click();

  const refusal = page.getByRole('alert').filter({ hasText: 'The visit was not saved' });
  await expect(refusal).toContainText(
    'Check the visit: treatments[0].kind: must not be oral minocycline for a child 7 years old: minocycline is not given to children under 12 (it stains growing teeth).',
  );
  await expect(treatment).toContainText('Kind must not be oral minocycline for a child 7 years old');
  expect(app.services.store.sqlite.prepare('select count(*) from visits').pluck().get()).toBe(0);
});

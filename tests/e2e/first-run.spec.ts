/** The front door: an empty record offers demo data; a record with patients goes to the search. */
import { expect, setupActor, test } from './support/fixtures';

test.describe('an empty record', async () => {
  test.use({ startingData: 'empty' });

  test('offers demo data, which loads and leads to the patient search', async ({ page, app }) => {
    await app.open('/');
    const load = page.getByRole('button', { name: 'Load demo data' });
    await expect(load).toBeVisible();

    await load.click();
    await expect(page).toHaveURL(/#\/patients$/, { timeout: 30_000 });
    expect((await app.services.patients.search(setupActor, { query: 'a' })).length).toBeGreaterThan(0);
  });
});

test('a record with patients opens on the patient search', async ({ page, app }) => {
  await app.services.patients.create(setupActor, { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1985-12-10', sex: 'female' });
  await app.open('/');
  await expect(page).toHaveURL(/#\/patients$/);
  await expect(page.getByLabel('Search patients')).toBeFocused();
});

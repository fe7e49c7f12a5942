/**
 * The front door: an empty record offers demo data, which brings its own users, listed with
 * their passwords on the sign-in screen that follows; a dermatologist signs in to the
 * patient search.
 */
import { demoUsers } from '@shared/demo';
import { expectAccessible } from './support/a11y';
import { expect, screenshot, setupActor, test } from './support/fixtures';

test.describe('an empty record', async () => {
  test.use({ startingData: 'empty' });

  test('offers demo data, whose users are listed and sign in', async ({ page, app }) => {
    await app.open('/');
    const load = page.getByRole('button', { name: 'Load demo data' });
    await expect(load).toBeVisible();
    await screenshot(page, 'first-run');

    await load.click();
    const users = page.getByRole('table', { name: 'Demo users' });
    await expect(users).toBeVisible({ timeout: 30_000 });
    for (const u of demoUsers) await expect(users.getByRole('row', { name: new RegExp(`${u.username} ${u.password}`) })).toBeVisible();
    expect((await app.services.patients.search(setupActor, { query: 'a' })).length).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'sign-in-demo');

    const okafor = demoUsers.find((u) => u.username === 'okafor')!;
    await page.getByLabel('Username').fill(okafor.username);
    await page.getByLabel('Password', { exact: true }).fill(okafor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/#\/patients$/);
    await expect(page.getByLabel('Search patients')).toBeFocused();
  });
});

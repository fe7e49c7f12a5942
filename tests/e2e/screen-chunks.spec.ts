/**
 * The page's code in parts: the sign-in screen comes with one script, the signed-in app's (the
 * router, the layout, the Patients screen) is fetched at the first key typed into the form, while
 * the person types (not at the page's load, beside the start-up checks, nor once the sign-in is
 * sent, beside the password check), and the other screens' code once the app has settled, so
 * that opening one later waits for no code.
 */
import { e2eUsers, expect, test } from './support/fixtures';

test('the sign-in screen needs one script, the patients screen one fetched at the first key typed, and statistics opens on code fetched beforehand', async ({
  page,
  app,
}) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname.split('/').pop()!);
  });
  await page.goto(`${app.url}#/patients`);
  const form = page.getByRole('form', { name: 'Sign in' });
  await expect(form).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(scripts).toEqual([expect.stringMatching(/^index-[\w-]+\.js$/)]);
  const appCode = page.waitForRequest((request) => /\/SignedIn-[\w-]+\.js$/.test(new URL(request.url()).pathname));
  await form.getByLabel('Username').pressSequentially(e2eUsers.dermatologist.username.slice(0, 1));
  await appCode;
  await form.getByLabel('Username').fill(e2eUsers.dermatologist.username);
  await form.getByLabel('Password', { exact: true }).fill(e2eUsers.dermatologist.password);
  const signingIn = page.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/api/session.signIn'));
  await form.getByRole('button', { name: 'Sign in' }).click();
  await signingIn;
  await expect(page.getByLabel('Search patients')).toBeFocused();
  // Fetched once: the keys after the first and the sign-in asked for no more of it.
  expect(scripts.filter((name) => /^SignedIn-/.test(name))).toHaveLength(1);
  // No screen's own chunk was needed for the Patients screen.
  expect(scripts.filter((name) => /Screen-/.test(name))).toEqual([]);

  // Every other screen's code, once the screen has settled (the charts' library with Statistics;
  // a chunk's own imports are asked for before it).
  const others = ['Audit', 'Chart', 'NewPatient', 'Review', 'Settings', 'Stats', 'ToSign', 'Users', 'Visit', 'Worklist'];
  const fetchedScreens = () => others.filter((screen) => scripts.some((name) => name.startsWith(`${screen}Screen-`)));
  await expect.poll(fetchedScreens, { timeout: 30_000 }).toEqual(others);
  const fetched = scripts.length;
  await page.getByRole('navigation').getByRole('link', { name: 'Statistics' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Statistics' })).toBeVisible();
  expect(scripts.slice(fetched)).toEqual([]);
});

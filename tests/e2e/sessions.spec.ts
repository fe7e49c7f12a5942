/**
 * Sign-in, the idle lock and switching user, in the browser: nothing of the record shows
 * before sign-in and a wrong password gets one plain sentence; an idle session locks over the
 * screen, hiding every patient detail, and the same password unlocks it with the work as it
 * was; "Switch user" asks before unsaved changes are discarded; a practice manager starts on
 * the statistics and never reaches a chart.
 */
import type { Page, Request } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { isoDaysFromToday } from './support/dates';
import { e2eUsers, expect, screenshot, setupActor, test, type App, type Person } from './support/fixtures';
import type { Actor } from '@shared/types';

const { nurse, dermatologist, manager } = e2eUsers;
const wrongPassword = 'The username or password is not right. Check them and try again.';

const patientOf = (app: App) =>
  app.services.patients.create(setupActor, { givenName: 'Marguerite', familyName: 'Dubois', dateOfBirth: '1962-09-21', sex: 'female' });

/** Opens a screen by its address, as a typed or kept link does: no sign-in is made for it. */
const openAddress = (page: Page, app: App, route: string) => page.goto(`${app.url}#${route}`);

async function signIn(page: Page, who: Pick<Person, 'username' | 'password'>): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Username').fill(who.username);
  await form.getByLabel('Password', { exact: true }).fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** What assistive technology can read of the page now. */
const readable = (page: Page): Promise<string> => page.locator('body').ariaSnapshot();

test('nothing of the record shows before sign-in, and a wrong password gets one plain sentence', async ({ page, app }) => {
  const patient = await patientOf(app);
  // An address kept from before: the chart opens only after sign-in.
  await openAddress(page, app, `/patients/${patient.id}`);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('DUBOIS');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'sign-in');

  await signIn(page, { username: nurse.username, password: 'not the password at all' });
  await expect(page.getByRole('alert')).toHaveText(wrongPassword);
  await screenshot(page, 'sign-in-wrong-password');
  // An unknown username gets the same sentence: the screen does not tell which was wrong.
  await signIn(page, { username: 'nobody', password: nurse.password });
  await expect(page.getByRole('alert')).toHaveText(wrongPassword);

  await signIn(page, nurse);
  await expect(page.getByRole('region', { name: 'Patient' })).toContainText('DUBOIS, Marguerite');
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));
});

test('an idle session locks, hiding every patient detail, and unlocks with the same password', async ({ page, app }) => {
  const patient = await patientOf(app);
  await page.clock.install();
  await app.signInAs('nurse');
  await app.open(`/patients/${patient.id}`);
  await expect(page.getByRole('region', { name: 'Patient' })).toContainText('DUBOIS, Marguerite');
  await expect(page).toHaveTitle('DUBOIS, Marguerite · Milia Notes');

  // Input restarts the ten minutes (the default), and is reported to the server, which keeps its own idle clock.
  await page.clock.fastForward('09:00');
  const ping = page.waitForRequest((r) => r.url().endsWith('/api/session.activity'));
  await page.mouse.move(400, 300);
  await page.mouse.move(420, 320);
  await ping;
  const locks: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/session.lock')) locks.push(r.url());
  });
  await page.clock.fastForward('02:00');
  // Nothing to wait for when nothing happens: time enough for a lock's call to have gone out.
  await page.waitForTimeout(500);
  expect(locks).toEqual([]);
  await expect(page.getByRole('region', { name: 'Patient' })).toBeVisible();

  // Ten minutes without a key, a click or a mouse move.
  await page.clock.fastForward('10:05');
  const lock = page.getByRole('main', { name: 'Milia Notes is locked' });
  await expect(lock).toBeVisible();
  await expect(lock).toContainText(`Signed in as ${nurse.name} (Nurse).`);
  expect(locks).toHaveLength(1);
  // The audit tells an idle lock from a lock by hand.
  const lockRows = () => app.services.store.sqlite.prepare("select action, username from audit_log where action in ('lock', 'idle_lock')").all();
  await expect.poll(lockRows).toEqual([{ action: 'idle_lock', username: nurse.username }]);
  await expect(page).toHaveTitle('Locked · Milia Notes');
  await expect(page.locator('.app-root')).toHaveAttribute('inert', '');
  await expect(page.getByRole('region', { name: 'Patient' })).toBeHidden();
  const tree = await readable(page);
  expect(tree).not.toContain('DUBOIS');
  expect(tree).not.toContain('Marguerite');
  expect(tree).not.toContain('Follow-ups');
  await expectAccessible(page);
  await screenshot(page, 'lock');

  await lock.getByLabel('Password', { exact: true }).fill('not the password at all');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock.getByRole('alert')).toHaveText(wrongPassword);
  await lock.getByLabel('Password', { exact: true }).fill(nurse.password);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock).toBeHidden();
  await expect(page.getByRole('region', { name: 'Patient' })).toContainText('DUBOIS, Marguerite');
  await expect(page).toHaveTitle('DUBOIS, Marguerite · Milia Notes');
});

/**
 * The page's API calls in flight, and a wait for none for half a second. Not the load state
 * `networkidle`: a signed-in page keeps one request open for the record's changes.
 */
function apiCallsOf(page: Page) {
  let inFlight = 0;
  let quietSince = Date.now();
  const isCall = (request: Request) => new URL(request.url()).pathname.startsWith('/api/');
  page.on('request', (request) => {
    if (isCall(request)) inFlight++;
  });
  const ended = (request: Request) => {
    if (!isCall(request)) return;
    inFlight--;
    quietSince = Date.now();
  };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    settled: () => expect.poll(() => inFlight === 0 && Date.now() - quietSince >= 500, { intervals: [100] }).toBe(true),
  };
}

test('a session locked or ended on the server brings up the lock or the sign-in screen at the next call', async ({ page, app }) => {
  await patientOf(app);
  await app.signInAs('nurse');
  const calls = apiCallsOf(page);
  await app.open('/patients');
  // The page's own start-up calls done first, so that the search below is the next call after the lock.
  await expect(page.getByLabel('Search patients')).toBeVisible();
  await calls.settled();
  // The server's side of this tab's session, as the server's own idle clock or a sign-out elsewhere would change it.
  const tab = await page.evaluate(() => {
    // This project's Node tsconfig has no DOM library: the page's storage, untyped.
    const storage = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage;
    return { session: storage.getItem('milia-session') ?? '', token: storage.getItem('milia-token') ?? '' };
  });
  const onServer = (name: string) =>
    page.request.post(new URL(`/api/${name}`, app.url).toString(), { headers: { 'x-milia-token': tab.token, 'x-milia-session': tab.session }, data: {} });

  await onServer('session.lock');
  const search = page.getByLabel('Search patients');
  await search.fill('dubois');
  const lock = page.getByRole('main', { name: 'Milia Notes is locked' });
  await expect(lock).toBeVisible();
  await lock.getByLabel('Password', { exact: true }).fill(nurse.password);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  // The search refused while locked is asked again once unlocked.
  await expect(page.getByRole('listbox', { name: 'Patients found' }).getByRole('option')).toHaveCount(1);

  await onServer('session.signOut');
  await search.fill('marguerite');
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('DUBOIS');
});

test('switching user asks before unsaved changes are discarded', async ({ page, app }) => {
  const patient = await patientOf(app);
  await app.signInAs('nurse');
  await app.open(`/patients/${patient.id}/visits/new`);
  await page.getByRole('group', { name: 'Face map' }).getByRole('button', { name: 'Chin', exact: true }).click();
  const count = page.getByRole('group', { name: 'Chin', exact: true }).getByLabel('Count');
  await count.fill('2');

  await page.getByRole('banner').getByRole('button', { name: 'Lock' }).click();
  const lock = page.getByRole('main', { name: 'Milia Notes is locked' });
  await lock.getByRole('button', { name: 'Switch user' }).click();
  await expect(lock.getByRole('alert')).toContainText(
    'Some changes being edited (a visit, the settings) are not saved. If another user signs in, they are discarded.',
  );
  await expectAccessible(page);
  await screenshot(page, 'lock-switch-unsaved');
  await lock.getByRole('button', { name: 'Go back' }).click();
  await lock.getByLabel('Password', { exact: true }).fill(nurse.password);
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await expect(lock).toBeHidden();
  // Unlocking kept the work exactly as it was.
  await expect(count).toHaveValue('2');

  await page.getByRole('banner').getByRole('button', { name: 'Lock' }).click();
  await lock.getByRole('button', { name: 'Switch user' }).click();
  await lock.getByRole('button', { name: 'Discard and switch user' }).click();
  await signIn(page, dermatologist);
  await expect(lock).toBeHidden();
  // The new user starts on their own landing page, not on the last one's screen.
  await expect(page).toHaveURL(/#\/patients$/);
  await expect(page.getByRole('banner')).toContainText(`${dermatologist.name} · Dermatologist`);
  expect((await app.services.chart.get(setupActor, { id: patient.id })).visits).toEqual([]);
});

test('signing out asks before unsaved changes are discarded', async ({ page, app }) => {
  const patient = await patientOf(app);
  await app.signInAs('nurse');
  await app.open(`/patients/${patient.id}/visits/new`);
  await page.getByRole('group', { name: 'Face map' }).getByRole('button', { name: 'Nose', exact: true }).click();
  await page.getByRole('group', { name: 'Nose', exact: true }).getByLabel('Count').fill('3');

  const signOut = page.getByRole('banner').getByRole('button', { name: 'Sign out' });
  await signOut.click();
  const dialog = page.getByRole('dialog', { name: 'Sign out and discard changes?' });
  await expect(dialog).toContainText('Some changes being edited (a visit, the settings) are not saved. Signing out discards them.');
  await dialog.getByRole('button', { name: 'Go back' }).click();
  await expect(page.getByRole('group', { name: 'Nose', exact: true }).getByLabel('Count')).toHaveValue('3');
  await signOut.click();
  await dialog.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('DUBOIS');
});

test('a practice manager lands on Statistics and has no chart', async ({ page, app }) => {
  const patient = await patientOf(app);
  await openAddress(page, app, '/');
  await signIn(page, manager);
  await expect(page).toHaveURL(/#\/statistics$/);
  await expect(page.getByRole('banner')).toContainText(`${manager.name} · Practice manager`);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Follow-ups', 'Statistics']);

  // The follow-up list, to read only: no chart to open, no outcome to record, no handout to print.
  const clinicianId = app.clinicians[0]!.id;
  await app.services.visits.save(setupActor, {
    patientId: patient.id,
    date: isoDaysFromToday(-28),
    clinicianId,
    presentations: [{ type: 'primary', site: 'nose', count: 2 }],
    followUps: [{ dueDate: isoDaysFromToday(0), reason: 'Check the nose', status: 'scheduled' }],
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Follow-ups' }).click();
  const list = page.getByRole('table', { name: 'Follow-ups: today' });
  await expect(list.getByRole('row', { name: /DUBOIS, Marguerite/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open chart' })).toHaveCount(0);
  // No reason column: the clinical reason is left out for a manager (each header carries its sort mark).
  await expect(list.getByRole('columnheader')).toHaveText([/^Patient/, /^Due/, /^After the visit of/, /^Clinician/]);
  await expect(page.getByRole('button', { name: /Complete|Missed|Cancel follow-up|Print/ })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'worklist-manager');

  // A chart's address leads back to the manager's own landing page; nothing of the patient shows.
  await openAddress(page, app, `/patients/${patient.id}`);
  await expect(page).toHaveURL(/#\/statistics$/);
  await expect(page.locator('body')).not.toContainText('DUBOIS');

  // And the service refuses it, saying who may.
  const user = (await app.services.users.list(setupActor)).find((u) => u.username === manager.username)!;
  const asManager: Actor = {
    userId: user.id,
    username: user.username,
    name: user.name,
    role: 'manager',
    clinicianId: null,
    clinicalRole: null,
    surface: 'browser',
  };
  await expect(app.services.chart.get(asManager, { id: patient.id })).rejects.toThrow(
    "Only a dermatologist or a nurse can open patients' charts; you are signed in as a practice manager.",
  );
});

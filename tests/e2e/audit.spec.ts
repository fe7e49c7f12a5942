/**
 * Settings → Audit trail, as the administrator uses it: the day's events in a table (who,
 * as what, from where, what, on which patient, how it ended), narrowed by user, patient and
 * action, and exported as CSV through the browser's download.
 */
import { readFileSync } from 'node:fs';
import { expectAccessible } from './support/a11y';
import { isoDaysFromToday } from './support/dates';
import { e2eUsers, expect, screenshot, setupActor, test } from './support/fixtures';

test('the administrator reads, filters and exports the audit trail', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Aiko', familyName: 'Tanaka', dateOfBirth: '1995-11-02', sex: 'female' });
  await app.signInAs('admin');
  await app.open('/settings/audit');

  const table = page.getByRole('table', { name: 'Audit events, newest first' });
  // The administrator's own sign-in, and the patient registered before it.
  await expect(table.getByRole('row').filter({ hasText: e2eUsers.admin.username }).filter({ hasText: 'sign_in' })).not.toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: 'create' }).filter({ hasText: 'patient' })).not.toHaveCount(0);
  await screenshot(page, 'audit');
  await expectAccessible(page);

  // One patient's events only.
  await page.getByLabel('Patient number').fill(String(patient.id));
  await page.getByRole('button', { name: 'Show events' }).click();
  const rows = table.getByRole('row');
  await expect(page.getByRole('status').filter({ hasText: /matching event/ })).toHaveText('1 matching event.');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('create');

  // A patient number that is not one is said at the field; nothing is asked.
  await page.getByLabel('Patient number').fill('twelve');
  await page.getByRole('button', { name: 'Show events' }).click();
  await expect(page.getByText('Patient number must be a whole number, as the events show it')).toBeVisible();

  // The administrator's own events, as CSV.
  await page.getByLabel('Patient number').fill('');
  await page.getByLabel('User').selectOption({ label: `${e2eUsers.admin.name} (${e2eUsers.admin.username})` });
  await page.getByRole('button', { name: 'Show events' }).click();
  await expect(rows.filter({ hasText: 'create' })).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const today = isoDaysFromToday(0);
  expect(file.suggestedFilename()).toBe(`milia-audit-${isoDaysFromToday(-6)}-to-${today}.csv`);
  const csv = readFileSync(await file.path(), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  expect(header).toBe('row,time (UTC),user,username,role,surface,action,patient id,record,record id,outcome,detail');
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.every((line) => line.includes(`,${e2eUsers.admin.username},`))).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'Downloading' })).toContainText(`milia-audit-${isoDaysFromToday(-6)}-to-${today}.csv`);
});

test('a trail changed behind the app is reported to administrators above every screen, and to nobody else', async ({ page, app }) => {
  // Someone with the file in hand drops the trigger and edits a row.
  app.services.store.sqlite.exec("drop trigger audit_log_append_only; update audit_log set detail = 'nothing to see' where id = 2");
  await app.signInAs('admin');
  await app.open('/settings/users');
  const banner = page.getByRole('alert').filter({ hasText: 'The audit trail does not verify' });
  await expect(banner).toContainText('Audit row 2 does not match its seal: it was changed, or a row before it was removed or inserted.');
  await expectAccessible(page);
  await screenshot(page, 'audit-chain-banner');
  await banner.getByRole('link', { name: 'Settings → Audit trail' }).click();
  await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
  await expect(banner).toBeVisible();

  await app.signInAs('dermatologist');
  await app.open('/patients');
  await expect(page.getByLabel('Search patients')).toBeVisible();
  await expect(page.getByText('The audit trail does not verify')).toHaveCount(0);
});

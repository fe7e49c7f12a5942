/**
 * Settings → Users beyond adding: an administrator who is also a clinician, a user's name and
 * clinician profile changed, a forgotten password reset (and the new one works at sign-in),
 * a user deactivated and reactivated (never deleted), and nobody deactivating themselves.
 */
import type { Page } from '@playwright/test';
import { e2eUsers, expect, setupActor, test } from './support/fixtures';

const usersTable = (page: Page) => page.getByRole('table', { name: 'Users' });
const row = (page: Page, name: string) => usersTable(page).getByRole('row', { name: new RegExp(name) });

test.beforeEach(async ({ app }) => {
  await app.signInAs('admin');
  await app.open('/settings/users');
});

test('an administrator who is also a dermatologist gets a clinician profile', async ({ page }) => {
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a user' });
  await dialog.getByLabel('Username').fill('moreau');
  await dialog.getByLabel('Display name').fill('Dr Camille Moreau');
  await dialog.getByLabel('Role').selectOption({ label: 'Administrator' });
  await expect(dialog.getByRole('group', { name: 'Clinician profile' })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: 'Also a clinician (documents visits)' }).check();
  const profile = dialog.getByRole('group', { name: 'Clinician profile' });
  await dialog.getByLabel(/^Password/).fill('mont blanc in winter');
  await dialog.getByLabel('Confirm password').fill('mont blanc in winter');
  // The clinical role is asked for, not guessed.
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(profile.getByText('Clinical role is required')).toBeVisible();
  await profile.getByLabel('Clinical role').selectOption({ label: 'Dermatologist' });
  await profile.getByLabel('Registration number').fill('GMC 5550001');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, 'Dr Camille Moreau')).toContainText('Administrator');
  await expect(row(page, 'Dr Camille Moreau')).toContainText('Dermatologist');
  await expect(row(page, 'Dr Camille Moreau')).toContainText('Registration GMC 5550001');
});

test('a user is edited, their password reset, and the new one signs in', async ({ page, app }) => {
  const nurse = row(page, e2eUsers.nurse.name);
  await nurse.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${e2eUsers.nurse.name}` });
  await expect(edit.getByLabel('Username')).toHaveValue(e2eUsers.nurse.username);
  await edit.getByLabel('Title').fill('Senior practice nurse');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(nurse).toContainText('Senior practice nurse');

  await nurse.getByRole('button', { name: 'Reset password' }).click();
  const reset = page.getByRole('dialog', { name: `New password for ${e2eUsers.nurse.name}` });
  await reset.getByLabel(/^New password/).fill('short');
  await reset.getByLabel('Confirm new password').fill('short');
  await reset.getByRole('button', { name: 'Set password' }).click();
  await expect(reset.getByText('New password must be at least 12 characters')).toBeVisible();
  await reset.getByLabel(/^New password/).fill('a brand new passphrase');
  await reset.getByLabel('Confirm new password').fill('a brand new passphrase');
  await reset.getByRole('button', { name: 'Set password' }).click();
  await expect(reset).toBeHidden();

  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Username').fill(e2eUsers.nurse.username);
  await form.getByLabel('Password', { exact: true }).fill('a brand new passphrase');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('banner')).toContainText(`${e2eUsers.nurse.name} · Nurse`);
  const users = await app.services.users.list(setupActor);
  expect(users.find((u) => u.username === e2eUsers.nurse.username)?.clinician).toMatchObject({ role: 'nurse', title: 'Senior practice nurse' });
});

test('a user is deactivated and reactivated, never deleted; nobody deactivates themselves', async ({ page }) => {
  const manager = row(page, e2eUsers.manager.name);
  await manager.getByRole('button', { name: 'Deactivate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deactivate this user?' });
  await expect(dialog).toContainText(`${e2eUsers.manager.name} will no longer be able to sign in`);
  await dialog.getByRole('button', { name: 'Deactivate' }).click();
  await expect(manager).toContainText('Deactivated');
  await manager.getByRole('button', { name: 'Reactivate' }).click();
  await page.getByRole('dialog', { name: 'Reactivate this user?' }).getByRole('button', { name: 'Reactivate' }).click();
  await expect(manager).toContainText('Active');
  await expect(usersTable(page).getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await expect(row(page, e2eUsers.admin.name).getByRole('button', { name: /Deactivate/ })).toHaveCount(0);
});

/**
 * Every screen, as a clinician first sees it: no serious or critical axe-core violation,
 * every form control labelled, every interactive element reachable with Tab, and a
 * screenshot kept under test-results/screenshots/ for people to look at.
 */
import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import type { Actor } from '@shared/types';
import { expect, screenshot, setupActor, test, type App } from './support/fixtures';

/** The demo patient with the most visits: the fullest chart there is. */
function busiestPatient(app: App): number {
  const row = app.services.store.sqlite.prepare('select patient_id as id from visits group by patient_id order by count(*) desc, patient_id limit 1').get() as {
    id: number;
  };
  return row.id;
}

/** The demo's dermatologist, as the services take a signed-in user. */
async function demoDermatologist(app: App): Promise<Actor & { clinicianId: number }> {
  const user = (await app.services.users.list(setupActor)).find((u) => u.username === 'okafor')!;
  return {
    userId: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    clinicianId: user.clinician!.id,
    clinicalRole: user.clinician!.role,
    surface: 'browser',
  };
}

async function check(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page);
}

test.describe('an empty record', async () => {
  test.use({ startingData: 'empty' });

  test('first run', async ({ page, app }) => {
    await app.open('/');
    await expect(page.getByRole('button', { name: 'Load demo data' })).toBeVisible();
    await check(page, 'first-run');
  });
});

test.describe('with demo data', async () => {
  test.use({ startingData: 'demo' });

  test('patients, with search results', async ({ page, app }) => {
    const someone = app.services.store.sqlite.prepare('select family_name as familyName from patients order by id limit 1').get() as { familyName: string };
    await app.open('/patients');
    await page.getByLabel('Search patients').fill(someone.familyName);
    await expect(page.getByRole('listbox', { name: 'Patients found' }).getByRole('option').first()).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /found/ })).toBeVisible();
    await check(page, 'patients');
  });

  test('new patient', async ({ page, app }) => {
    await app.open('/patients/new');
    await expect(page.getByRole('button', { name: 'Save patient' })).toBeVisible();
    await check(page, 'new-patient');
  });

  test('chart', async ({ page, app }) => {
    await app.open(`/patients/${busiestPatient(app)}`);
    await expect(page.getByRole('region', { name: 'Patient' })).toBeVisible();
    await expect(page.getByRole('article').first()).toBeVisible();
    await check(page, 'chart');
  });

  test('visit editor, with a presentation, a treatment and a follow-up', async ({ page, app }) => {
    await app.open(`/patients/${busiestPatient(app)}/visits/new`);
    await page.getByRole('group', { name: 'Face map' }).getByRole('button', { name: 'Lower eyelid, right', exact: true }).click();
    await page.getByRole('group', { name: 'Lower eyelid, right', exact: true }).getByLabel('Count').fill('2');
    await page.getByRole('button', { name: 'Treat by De-roofing and expression' }).click();
    await page.getByRole('checkbox', { name: 'Schedule a follow-up' }).check();
    await expect(page.getByRole('group', { name: 'Treatment 1', exact: true })).toBeVisible();
    await check(page, 'visit-editor');
  });

  test('worklist', async ({ page, app }) => {
    await app.open('/worklist?tab=overdue');
    await expect(page.getByRole('tab', { name: /^Overdue \(\d+\)$/ })).toBeVisible();
    await check(page, 'worklist');
  });

  test('statistics', async ({ page, app }) => {
    await app.open('/statistics');
    await expect(page.getByRole('heading', { name: 'Treatments by month' })).toBeVisible();
    await expect(page.getByRole('img', { name: /^Stacked bar chart of treatments by month/ })).toBeVisible();
    await check(page, 'statistics');
  });

  test('settings, with a backup listed', async ({ page, app }) => {
    await app.services.backups.backUp(setupActor, 'manual');
    await app.signInAs('admin');
    await app.open('/settings');
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Backups' }).getByRole('button', { name: /^Restore backup of / })).toBeVisible();
    await check(page, 'settings');
  });

  test('settings: users', async ({ page, app }) => {
    await app.signInAs('admin');
    await app.open('/settings/users');
    await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /Dr Ada Okafor/ })).toBeVisible();
    await check(page, 'users');
  });

  test('settings: audit trail', async ({ page, app }) => {
    await app.signInAs('admin');
    await app.open('/settings/audit');
    await expect(page.getByRole('table', { name: 'Audit events, newest first' })).toBeVisible();
    await check(page, 'audit-trail');
  });

  test('to sign', async ({ page, app }) => {
    await app.open('/to-sign');
    await expect(page.getByRole('heading', { name: 'To sign' })).toBeVisible();
    await check(page, 'to-sign');
  });

  test('a signed visit with an addendum', async ({ page, app }) => {
    const okafor = await demoDermatologist(app);
    const patient = await app.services.patients.create(setupActor, { givenName: 'Ingrid', familyName: 'Halvorsen', dateOfBirth: '1980-05-05', sex: 'female' });
    const visit = await app.services.visits.save(okafor, {
      patientId: patient.id,
      date: '2026-03-02',
      clinicianId: okafor.clinicianId,
      presentations: [{ type: 'primary', site: 'nose', count: 3 }],
      treatments: [{ kind: 'extraction', site: 'nose', performedBy: okafor.clinicianId, lesionsTreated: 3, anesthesia: 'none', consent: true }],
    });
    await app.services.signing.sign(okafor, { id: visit.id });
    await app.services.signing.addAddendum(okafor, { visitId: visit.id, text: 'Healed well at the phone check.' });
    await app.open(`/patients/${patient.id}/visits/${visit.id}`);
    await expect(page.getByRole('heading', { name: /^Addendum 1 · signed by Dr Ada Okafor/ })).toBeVisible();
    await check(page, 'visit-signed');
  });
});

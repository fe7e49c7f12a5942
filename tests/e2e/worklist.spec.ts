/** The follow-up worklist: completing an overdue follow-up takes it off the Overdue tab. */
import { isoDaysFromToday as daysFromToday } from './support/dates';
import type { App } from './support/fixtures';
import { expect, screenshot, setupActor, test } from './support/fixtures';

/** A patient seen `visitDaysAgo` with an extraction and a follow-up due `dueInDays` from today. */
async function patientWithFollowUp(app: App, givenName: string, familyName: string, visitDaysAgo: number, dueInDays: number) {
  const { patients, visits } = app.services;
  const patient = await patients.create(setupActor, { givenName, familyName, dateOfBirth: '1980-05-05', sex: 'female' });
  const clinicianId = app.clinicians[0]!.id;
  const visit = await visits.save(setupActor, {
    patientId: patient.id,
    date: daysFromToday(-visitDaysAgo),
    clinicianId,
    presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
    treatments: [{ kind: 'extraction', site: 'cheek', side: 'left', performedBy: clinicianId, lesionsTreated: 3, anesthesia: 'none', consent: true }],
    followUps: [{ dueDate: daysFromToday(dueInDays), reason: 'Check the cheek', status: 'scheduled' }],
  });
  return { patient, followUp: visit.followUps[0]! };
}

test('completing an overdue follow-up records the outcome and it leaves the Overdue tab', async ({ page, app }) => {
  const late = await patientWithFollowUp(app, 'Ingrid', 'Halvorsen', 42, -14);
  await patientWithFollowUp(app, 'Tomás', 'Ferreira', 35, -7);
  await patientWithFollowUp(app, 'Amara', 'Diallo', 28, 0);
  await patientWithFollowUp(app, 'Kenji', 'Sato', 21, 3);

  await app.open('/worklist');
  await expect(page.getByRole('tab', { name: 'Today (1)' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Next 7 days (1)' })).toBeVisible();
  const overdueTab = page.getByRole('tab', { name: 'Overdue (2)' });
  await overdueTab.click();
  const row = page.getByRole('row').filter({ hasText: 'HALVORSEN' });
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name: 'Open chart' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Missed' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Cancel follow-up' })).toBeVisible();
  await screenshot(page, 'worklist-overdue');

  await row.getByRole('button', { name: 'Complete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record outcome' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Outcome').selectOption({ label: 'Improved' });
  await expect(dialog.getByLabel('Completed on')).toHaveValue(daysFromToday(0));
  await screenshot(page, 'worklist-record-outcome');
  await dialog.getByRole('button', { name: 'Record outcome' }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('tab', { name: 'Overdue (1)' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'HALVORSEN' })).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: 'FERREIRA' })).toBeVisible();

  const saved = (await app.services.chart.get(setupActor, { id: late.patient.id })).visits[0]!.followUps[0]!;
  expect(saved).toMatchObject({ id: late.followUp.id, status: 'completed', outcome: 'improved', completedDate: daysFromToday(0) });
});

/**
 * Dates typed on a computer set to US English, where every date field asks for month, day,
 * year: a UK practice's nurse who types the day first gets a date she did not mean, and each
 * date field, those that filter a list too, reads what it holds back in words, where it cannot be misread.
 */
import type { Locator, Page } from '@playwright/test';
import { isoDaysFromToday, readBackDate, shownAge, shownDate } from './support/dates';
import { expect, setupActor, test } from './support/fixtures';

test.use({ locale: 'en-US' });

/** The date field of this label and no other ("From", not "Due from"); a required one's label ends in an asterisk. */
const dateField = (page: Page, label: string): Locator => page.getByLabel(new RegExp(`^${label}( \\*)?$`));

/** Types into a date field as a person does: a click on its first part, then the digits straight through. */
async function typeDate(page: Page, label: string, digits: string) {
  await dateField(page, label).click({ position: { x: 14, y: 12 } });
  await page.keyboard.type(digits);
}

test('a date of birth typed day first (03/04/1987) in a month-first field is read back as 4 Mar 1987, with the age it gives', async ({ page, app }) => {
  await app.open('/patients/new');
  await typeDate(page, 'Date of birth', '03041987');
  const field = page.getByLabel('Date of birth');
  await expect(field).toHaveValue('1987-03-04');
  await expect(field).toHaveAccessibleDescription(`${shownDate('1987-03-04')}, age today ${shownAge('1987-03-04')}`);
});

test('the visit date and the follow-up due date are read back in words as they are typed', async ({ page, app }) => {
  const patient = await app.services.patients.create(setupActor, { givenName: 'Ines', familyName: 'Moreau', dateOfBirth: '1970-01-20', sex: 'female' });
  const today = isoDaysFromToday(0);
  await app.open(`/patients/${patient.id}/visits/new`);
  const visitDate = page.getByLabel('Visit date');
  await expect(visitDate).toHaveAccessibleDescription(readBackDate(today));
  await typeDate(page, 'Visit date', '06012026');
  await expect(visitDate).toHaveValue('2026-06-01');
  await expect(visitDate).toHaveAccessibleDescription('Mon 1 Jun 2026');

  await page.getByRole('checkbox', { name: 'Schedule a follow-up' }).check();
  await typeDate(page, 'Follow-up due', '07012026');
  const due = page.getByLabel('Follow-up due');
  await expect(due).toHaveValue('2026-07-01');
  await expect(due).toHaveAccessibleDescription('Wed 1 Jul 2026');
});

test('the day a follow-up was completed is read back in words in the outcome dialog', async ({ page, app }) => {
  const { patients, visits } = app.services;
  const patient = await patients.create(setupActor, { givenName: 'Ines', familyName: 'Moreau', dateOfBirth: '1970-01-20', sex: 'female' });
  const clinicianId = app.clinicians[0]!.id;
  await visits.save(setupActor, {
    patientId: patient.id,
    date: isoDaysFromToday(-30),
    clinicianId,
    presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
    treatments: [{ kind: 'extraction', site: 'cheek', side: 'left', performedBy: clinicianId, lesionsTreated: 3, anesthesia: 'none', consent: true }],
    followUps: [{ dueDate: isoDaysFromToday(-2), reason: 'Check the cheek', status: 'scheduled' }],
  });
  await app.open('/worklist');
  await page.getByRole('tab', { name: 'Overdue (1)' }).click();
  await page.getByRole('row').filter({ hasText: 'MOREAU' }).getByRole('button', { name: 'Complete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record outcome' });
  const completed = dialog.getByLabel('Completed on');
  await expect(completed).toHaveAccessibleDescription(readBackDate(isoDaysFromToday(0)));
  await completed.fill(isoDaysFromToday(-1));
  await expect(completed).toHaveAccessibleDescription(readBackDate(isoDaysFromToday(-1)));
});

test('the date fields that filter (worklist, statistics, audit trail) read their days back in words too', async ({ page, app }) => {
  await app.open('/worklist');
  await typeDate(page, 'Due from', '02032027');
  await expect(dateField(page, 'Due from')).toHaveValue('2027-02-03');
  await expect(dateField(page, 'Due from')).toHaveAccessibleDescription('Wed 3 Feb 2027');

  await app.open('/statistics');
  await page.getByRole('radiogroup', { name: 'Period' }).getByText('Custom range', { exact: true }).click();
  await typeDate(page, 'From', '01052026');
  await expect(dateField(page, 'From')).toHaveAccessibleDescription('Mon 5 Jan 2026');
  await typeDate(page, 'To', '05012026');
  await expect(dateField(page, 'To')).toHaveAccessibleDescription('Fri 1 May 2026');

  await app.signInAs('admin');
  await app.open('/settings/audit');
  const from = dateField(page, 'From');
  await expect(from).toHaveAccessibleDescription(readBackDate(isoDaysFromToday(-6)));
  await typeDate(page, 'From', '11022026');
  await expect(from).toHaveValue('2026-11-02');
  await expect(from).toHaveAccessibleDescription('Mon 2 Nov 2026');
});

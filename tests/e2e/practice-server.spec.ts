/**
 * The practice server: two browser-mode servers (two workstations) on one PostgreSQL database.
 * What the nurse saves at one shows at the other without a reload, and each sees the other's
 * records.
 */
import { expect, test } from '@playwright/test';
import { isoDaysFromToday } from './support/dates';
import { openOn, practiceServers } from './support/practiceServer';
import { lidExtraction } from '../support/visitInputs';

test("two workstations on one practice server show each other's saves, without a reload", async ({ browser }) => {
  const practice = await practiceServers(2);
  const [consulting, treatment] = practice.servers as [(typeof practice.servers)[0], (typeof practice.servers)[0]];
  const dermatologistBrowser = await browser.newContext();
  const nurseBrowser = await browser.newContext();
  try {
    const { services, setupActor } = practice;
    const clinicianId = practice.clinicians[0]!.id;
    const patient = await services.patients.create(setupActor, { givenName: 'Ingrid', familyName: 'Halvorsen', dateOfBirth: '1980-05-05', sex: 'female' });
    await services.visits.save(setupActor, {
      patientId: patient.id,
      date: isoDaysFromToday(-42),
      clinicianId,
      presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 }],
      treatments: [lidExtraction(clinicianId)],
      followUps: [{ dueDate: isoDaysFromToday(-14), reason: 'Check the lid', status: 'scheduled' }],
    });

    const dermatologist = await dermatologistBrowser.newPage();
    await openOn(dermatologist, consulting, 'dermatologist', '/worklist?tab=overdue');
    const loads: string[] = [];
    dermatologist.on('load', () => loads.push(dermatologist.url()));
    const menu = dermatologist.getByRole('navigation', { name: 'Main' });
    await expect(menu.getByLabel('1 overdue')).toBeVisible();

    const nurse = await nurseBrowser.newPage();
    await openOn(nurse, treatment, 'nurse', '/worklist?tab=overdue');
    await nurse.getByRole('row').filter({ hasText: 'HALVORSEN' }).getByRole('button', { name: 'Complete' }).click();
    const dialog = nurse.getByRole('dialog', { name: 'Record outcome' });
    await dialog.getByLabel('Outcome').selectOption({ label: 'Improved' });
    await dialog.getByRole('button', { name: 'Record outcome' }).click();
    await expect(dialog).toBeHidden();

    // The consulting room follows the treatment room's save.
    await expect(dermatologist.getByRole('row').filter({ hasText: 'HALVORSEN' })).toHaveCount(0);
    await expect(menu.getByLabel('1 overdue')).toHaveCount(0);
    expect(loads).toEqual([]);

    // And a patient registered in the consulting room is found in the treatment room.
    await dermatologist.goto(`${consulting.url}#/patients/new`);
    await dermatologist.getByLabel('Given name').fill('Marguerite');
    await dermatologist.getByLabel('Family name').fill('Dubois');
    await dermatologist.getByLabel('Date of birth').fill('1962-09-21');
    await dermatologist.getByLabel('Sex').selectOption({ label: 'Female' });
    await dermatologist.getByRole('button', { name: 'Save patient' }).click();
    await expect(dermatologist.getByRole('heading', { name: /DUBOIS, Marguerite/ })).toBeVisible();
    await nurse.goto(`${treatment.url}#/patients`);
    await nurse.getByLabel('Search patients').fill('dubois');
    await expect(nurse.getByRole('listbox', { name: 'Patients found' }).getByRole('option')).toHaveCount(1);
  } finally {
    await dermatologistBrowser.close();
    await nurseBrowser.close();
    await practice.close();
  }
});

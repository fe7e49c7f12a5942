/**
 * Two people at once (the dermatologist in the consulting room, the nurse in the treatment
 * room), each in a browser of their own: what one saves shows on the other's screens without a
 * reload; and on one draft, the later save is refused with what differs, and the person
 * chooses whose visit stands. Nothing is written over unseen, nothing typed lost before the choice.
 */
import type { Page } from '@playwright/test';
import { expect, screenshot, setupActor, test, type App } from './support/fixtures';
import { isoDaysFromToday } from './support/dates';
import { lidExtraction } from '../support/visitInputs';

async function sharedDraft(app: App) {
  const clinicianId = app.clinicians[0]!.id;
  const patient = await app.services.patients.create(setupActor, { givenName: 'Inès', familyName: 'Marchetti', dateOfBirth: '1969-11-02', sex: 'female' });
  const visit = await app.services.visits.save(setupActor, {
    patientId: patient.id,
    date: isoDaysFromToday(0),
    clinicianId,
    notes: 'Milia of the left lower lid.',
    presentations: [{ type: 'primary', site: 'lower_eyelid', side: 'left', count: 4 }],
  });
  return { route: `/patients/${patient.id}/visits/${visit.id}`, patientId: patient.id, visitId: visit.id };
}

const notes = (tab: Page) => tab.getByLabel('Notes', { exact: true }).first();

async function editNotes(tab: Page, text: string) {
  await expect(tab.getByRole('heading', { level: 2, name: /^Visit of / })).toBeVisible();
  await notes(tab).fill(text);
}

test('the later save is refused with what differs, and "Take theirs" shows their visit to edit on', async ({ page, app }) => {
  const { route, patientId, visitId } = await sharedDraft(app);
  await app.open(route);
  const nurse = await app.openAs('nurse', route);
  await editNotes(page, 'Four milia; two deroofed.');
  await editNotes(nurse, 'Four milia, none treated today.');

  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}$`));

  await nurse.getByRole('button', { name: 'Save visit' }).click();
  const conflict = nurse.getByRole('alert').filter({ hasText: 'Someone else saved this visit' });
  await expect(conflict).toContainText(
    'Dr Ada Okafor (dermatologist) saved this visit after you opened it, so yours was not saved. What differs is listed: keep yours (saved over theirs) or take theirs.',
  );
  await expect(conflict.getByRole('list', { name: 'What differs' }).getByRole('listitem')).toHaveText([
    'Notes differ: theirs read "Four milia; two deroofed.".',
  ]);
  // Still on the editor, with what the nurse typed.
  await expect(notes(nurse)).toHaveValue('Four milia, none treated today.');
  await screenshot(nurse, 'visit-saved-elsewhere');
  expect((await app.services.visits.get(setupActor, { id: visitId })).notes).toBe('Four milia; two deroofed.');

  await conflict.getByRole('button', { name: 'Take theirs' }).click();
  await expect(notes(nurse)).toHaveValue('Four milia; two deroofed.');
  await expect(conflict).toBeHidden();
  // Their visit, edited on and saved: no conflict now.
  await notes(nurse).fill('Four milia; two deroofed. Reviewed by the nurse.');
  await nurse.getByRole('button', { name: 'Save visit' }).click();
  await expect(nurse).toHaveURL(new RegExp(`#/patients/${patientId}$`));
  expect((await app.services.visits.get(setupActor, { id: visitId })).notes).toBe('Four milia; two deroofed. Reviewed by the nurse.');
});

test('"Keep mine" saves the later visit over theirs once it has been seen', async ({ page, app }) => {
  const { route, patientId, visitId } = await sharedDraft(app);
  await app.open(route);
  const nurse = await app.openAs('nurse', route);
  await editNotes(page, 'Four milia; two deroofed.');
  await editNotes(nurse, 'Five milia counted under the lamp.');
  await page.getByRole('button', { name: 'Save visit' }).click();
  await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}$`));

  await nurse.getByRole('button', { name: 'Save visit' }).click();
  const conflict = nurse.getByRole('alert').filter({ hasText: 'Someone else saved this visit' });
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect(nurse).toHaveURL(new RegExp(`#/patients/${patientId}$`));
  expect((await app.services.visits.get(setupActor, { id: visitId })).notes).toBe('Five milia counted under the lamp.');
});

test("the nurse's completed follow-up leaves the dermatologist's list and count without a reload", async ({ page, app }) => {
  const clinicianId = app.clinicians[0]!.id;
  const patient = await app.services.patients.create(setupActor, { givenName: 'Ingrid', familyName: 'Halvorsen', dateOfBirth: '1980-05-05', sex: 'female' });
  await app.services.visits.save(setupActor, {
    patientId: patient.id,
    date: isoDaysFromToday(-42),
    clinicianId,
    presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 }],
    treatments: [lidExtraction(clinicianId)],
    followUps: [{ dueDate: isoDaysFromToday(-14), reason: 'Check the lid', status: 'scheduled' }],
  });
  await app.open('/worklist?tab=overdue');
  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));
  const main = page.getByRole('navigation', { name: 'Main' });
  await expect(main.getByLabel('1 overdue')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Overdue (1)' })).toBeVisible();

  const nurse = await app.openAs('nurse', '/worklist?tab=overdue');
  const row = nurse.getByRole('row').filter({ hasText: 'HALVORSEN' });
  await row.getByRole('button', { name: 'Complete' }).click();
  const dialog = nurse.getByRole('dialog', { name: 'Record outcome' });
  await dialog.getByLabel('Outcome').selectOption({ label: 'Improved' });
  await dialog.getByRole('button', { name: 'Record outcome' }).click();
  await expect(dialog).toBeHidden();

  // The dermatologist's screen follows: the row gone, the tab and the menu's count with it.
  await expect(page.getByRole('row').filter({ hasText: 'HALVORSEN' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Overdue (0)' })).toBeVisible();
  await expect(main.getByLabel('1 overdue')).toHaveCount(0);
  expect(loads).toEqual([]);
});

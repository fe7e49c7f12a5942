/**
 * The follow-up worklist: completing an overdue follow-up takes it off the Overdue tab; the
 * nurse selects rows (click, shift-click, Space and Shift+Space), prints aftercare for just
 * those, marks some missed in bulk, filters and sorts; the administrator closes the entries
 * overdue by more than the cut-off as missed.
 */
import type { Page } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './support/a11y';
import { isoDaysFromToday as daysFromToday, shownDate } from './support/dates';
import type { App } from './support/fixtures';
import { expect, screenshot, setupActor, test } from './support/fixtures';

/** A patient seen `visitDaysAgo` with an extraction and a follow-up due `dueInDays` from today, by the first clinician unless told. */
async function patientWithFollowUp(app: App, givenName: string, familyName: string, visitDaysAgo: number, dueInDays: number, clinician = 0) {
  const { patients, visits } = app.services;
  const patient = await patients.create(setupActor, { givenName, familyName, dateOfBirth: '1980-05-05', sex: 'female' });
  const clinicianId = app.clinicians[clinician]!.id;
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

/** Noor Haddad with `n` follow-ups overdue, 20 to a visit (the most one visit takes): the k-th is due n + 11 - k days ago, "Check k". */
async function overdueFollowUps(app: App, n: number) {
  const { patients, visits } = app.services;
  const patient = await patients.create(setupActor, { givenName: 'Noor', familyName: 'Haddad', dateOfBirth: '1975-02-02', sex: 'female' });
  const clinicianId = app.clinicians[0]!.id;
  for (let v = 0; v < n / 20; v++) {
    await visits.save(setupActor, {
      patientId: patient.id,
      date: daysFromToday(-n - 30 + v),
      clinicianId,
      presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
      treatments: [{ kind: 'extraction', site: 'cheek', side: 'left', performedBy: clinicianId, lesionsTreated: 3, anesthesia: 'none', consent: true }],
      followUps: Array.from({ length: 20 }, (_, i) => ({
        dueDate: daysFromToday(-n - 10 + v * 20 + i),
        reason: `Check ${v * 20 + i + 1}`,
        status: 'scheduled' as const,
      })),
    });
  }
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

test("the menu's badge counts every overdue follow-up the list shows, past any limit, and reads no list to count them", async ({ page, app }) => {
  await overdueFollowUps(app, 100);
  const worklistReads = async () => {
    const day = daysFromToday(0);
    const { events } = await app.services.audit.search(setupActor, { from: day, to: day, action: 'read', limit: 5000 });
    return events.filter((e) => e.entity === 'worklist').length;
  };
  const readsBefore = await worklistReads();
  await app.open('/patients');
  const menu = page.getByRole('navigation', { name: 'Main' });
  await expect(menu.getByLabel('100 overdue', { exact: true })).toHaveText('100');
  // Counted without opening the list: no read of it is recorded for this user.
  expect(await worklistReads()).toBe(readsBefore);
  await menu.getByRole('link', { name: /^Follow-ups/ }).click();
  await expect(page.getByRole('tab', { name: 'Overdue (100)' })).toBeVisible();

  // One completed: 99 left, counted exactly.
  await page.getByRole('row').filter({ hasText: 'HADDAD' }).first().getByRole('button', { name: 'Complete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record outcome' });
  await dialog.getByLabel('Outcome').selectOption({ label: 'Improved' });
  await dialog.getByRole('button', { name: 'Record outcome' }).click();
  await expect(dialog).toBeHidden();
  await expect(menu.getByLabel('99 overdue', { exact: true })).toHaveText('99');
  await expect(page.getByRole('tab', { name: 'Overdue (99)' })).toBeVisible();
});

test('a long list draws every row after its first screenful, and a shift-click range reaches past it, over the rows as they are now', async ({ page, app }) => {
  await overdueFollowUps(app, 60);
  await app.open('/worklist?tab=overdue');
  const table = page.getByRole('table', { name: 'Follow-ups: overdue' });
  // The header row and all 60.
  await expect(table.getByRole('row')).toHaveCount(61);
  // The k-th of the 60 is due 71 - k days ago.
  const box = (k: number) => table.getByRole('checkbox', { name: `Select HADDAD, Noor, due ${shownDate(daysFromToday(-71 + k))}` });
  await expect(box(60)).toBeVisible();

  // One completed: the rows close up, and a range counts over the 59 left.
  await table
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'Check 1', exact: true }) })
    .getByRole('button', { name: 'Complete' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Record outcome' });
  await dialog.getByLabel('Outcome').selectOption({ label: 'Improved' });
  await dialog.getByRole('button', { name: 'Record outcome' }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByRole('row')).toHaveCount(60);
  // Latest visit first: 41-60, 21-40, 2-20. A range from the 45th to the 25th is 45-60 and
  // 21-25 in this order (counted over the rows as first drawn, it would be 25-45).
  const visitHeader = table.getByRole('columnheader', { name: 'After the visit of' });
  await visitHeader.getByRole('button').click();
  await visitHeader.getByRole('button').click();
  await expect(visitHeader).toHaveAttribute('aria-sort', 'descending');
  await box(45).click();
  await box(25).click({ modifiers: ['Shift'] });
  const toolbar = page.getByRole('group', { name: 'With the selected rows of Follow-ups: overdue' });
  await expect(toolbar).toContainText('21 selected');
  for (const n of [45, 60, 21, 25]) await expect(box(n)).toBeChecked();
  for (const n of [44, 30, 26, 20]) await expect(box(n)).not.toBeChecked();
  await table.getByRole('checkbox', { name: 'Select all 59 shown' }).click();
  await expect(toolbar).toContainText('59 selected');
  await expect(box(2)).toBeChecked();
});

/** The family names of the rows of a table, top to bottom. */
const familyNames = async (page: Page, table: string) =>
  (await page.getByRole('table', { name: table }).getByRole('row').allInnerTexts()).slice(1).map((row) => /([A-ZÀ-Ý]{3,})/u.exec(row)?.[1] ?? row);

test('the nurse selects overdue rows, prints aftercare for only those, marks two missed in bulk, filters and sorts', async ({ page, app }) => {
  const clinicianNames = app.clinicians.map((c) => c.name);
  const ids: Record<string, number> = {};
  for (const [given, family, visitDaysAgo, due, clinician] of [
    ['Ingrid', 'Halvorsen', 60, -30, 0],
    ['Tomás', 'Ferreira', 50, -20, 1],
    ['Amara', 'Diallo', 40, -10, 0],
    ['Kenji', 'Sato', 35, -5, 1],
    ['Olu', 'Bankole', 30, -3, 0],
    ['Wen', 'Zhou', 500, -400, 0],
  ] as const) {
    ids[family] = (await patientWithFollowUp(app, given, family, visitDaysAgo, due, clinician)).followUp.id;
  }
  await app.signInAs('nurse');
  await app.open('/worklist?tab=overdue');
  await expect(page.getByRole('tab', { name: 'Overdue (5)' })).toBeVisible();
  // The menu counts what the tab shows.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByLabel('5 overdue', { exact: true })).toHaveText('5');
  // The follow-up overdue by more than the cut-off is hidden, and the nurse may not close it in bulk.
  await expect(page.getByText('1 entry overdue by more than 365 days (a fixed cut-off) is hidden.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Close .* as missed$/ })).toHaveCount(0);
  const table = 'Follow-ups: overdue';
  expect(await familyNames(page, table)).toEqual(['HALVORSEN', 'FERREIRA', 'DIALLO', 'SATO', 'BANKOLE']);

  // Click one row, shift-click a third: the three rows between are selected.
  const select = (family: string) => page.getByRole('checkbox', { name: new RegExp(`^Select ${family}`) });
  await select('HALVORSEN').click();
  await select('DIALLO').click({ modifiers: ['Shift'] });
  const toolbar = page.getByRole('group', { name: `With the selected rows of ${table}` });
  await expect(toolbar).toContainText('3 selected');
  await expect(toolbar).toContainText('3 visits with a treatment');
  for (const family of ['HALVORSEN', 'FERREIRA', 'DIALLO']) await expect(select(family)).toBeChecked();
  await expect(select('SATO')).not.toBeChecked();
  await page.setViewportSize({ width: 1366, height: 820 });
  await screenshot(page, 'worklist-selected-1366');

  const shown = page.waitForRequest('**/api/handouts.show');
  const popup = page.waitForEvent('popup');
  await toolbar.getByRole('button', { name: 'Print aftercare', exact: true }).click();
  expect((JSON.parse((await shown).postData() ?? '{}') as { ids: number[] }).ids).toHaveLength(3);
  await popup;
  await expect(toolbar.getByText('One PDF of 3 handouts opened in a new tab.')).toBeVisible();
  for (const family of ['Halvorsen', 'Ferreira', 'Diallo']) {
    const patient = (await app.services.patients.search(setupActor, { query: family }))[0]!;
    expect(
      await app.services.handouts.list(setupActor, { visitId: (await app.services.chart.get(setupActor, { id: patient.id })).visits[0]!.id }),
    ).toHaveLength(1);
  }
  const sato = (await app.services.patients.search(setupActor, { query: 'Sato' }))[0]!;
  expect(await app.services.handouts.list(setupActor, { visitId: (await app.services.chart.get(setupActor, { id: sato.id })).visits[0]!.id })).toEqual([]);

  // From the keyboard: Space toggles a row, Shift+Space selects the range from it.
  await toolbar.getByRole('button', { name: 'Clear selection' }).click();
  await expect(toolbar).toContainText('None selected');
  await select('FERREIRA').focus();
  await page.keyboard.press('Space');
  await select('DIALLO').focus();
  await page.keyboard.press('Shift+Space');
  await expect(toolbar).toContainText('2 selected');
  await toolbar.getByRole('button', { name: 'Mark missed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mark 2 follow-ups as missed?' });
  await expect(dialog).toContainText('FERREIRA, Tomás; DIALLO, Amara.');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('tab', { name: 'Overdue (3)' })).toBeVisible();
  expect(await familyNames(page, table)).toEqual(['HALVORSEN', 'SATO', 'BANKOLE']);
  await expect(toolbar).toContainText('None selected');
  for (const family of ['Ferreira', 'Diallo']) {
    const patient = (await app.services.patients.search(setupActor, { query: family }))[0]!;
    expect((await app.services.chart.get(setupActor, { id: patient.id })).visits[0]!.followUps[0]!.status).toBe('missed');
  }

  // Filters: the clinician, then a due range; the tab's count follows.
  const filters = page.getByRole('search', { name: 'Filter the follow-ups' });
  await filters.getByLabel('Clinician').selectOption(clinicianNames[1]!);
  await expect(page.getByRole('tab', { name: 'Overdue (1)' })).toBeVisible();
  expect(await familyNames(page, table)).toEqual(['SATO']);
  await filters.getByLabel('Clinician').selectOption('Any clinician');
  await filters.getByLabel('Due from').fill(daysFromToday(-6));
  await filters.getByLabel('Due to').fill(daysFromToday(-2));
  await expect(page.getByRole('tab', { name: 'Overdue (2)' })).toBeVisible();
  expect(await familyNames(page, table)).toEqual(['SATO', 'BANKOLE']);
  await filters.getByLabel('Reason contains').fill('cheek');
  await expect(page.getByRole('tab', { name: 'Overdue (2)' })).toBeVisible();
  await filters.getByLabel('Reason contains').fill('knee');
  await expect(page.getByText('No follow-up here matches the filters.')).toBeVisible();
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('tab', { name: 'Overdue (3)' })).toBeVisible();

  // Sorting by patient, then back the other way; the header says which.
  const patientHeader = page.getByRole('table', { name: table }).getByRole('columnheader', { name: 'Patient' });
  await expect(patientHeader).toHaveAttribute('aria-sort', 'none');
  await patientHeader.getByRole('button').click();
  await expect(patientHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await familyNames(page, table)).toEqual(['BANKOLE', 'HALVORSEN', 'SATO']);
  await patientHeader.getByRole('button').click();
  await expect(patientHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await familyNames(page, table)).toEqual(['SATO', 'HALVORSEN', 'BANKOLE']);

  await page.getByRole('button', { name: 'Show 1 older entry' }).click();
  expect(await familyNames(page, table)).toEqual(['ZHOU', 'SATO', 'HALVORSEN', 'BANKOLE']);
  await select('ZHOU').click();
  await screenshot(page, 'worklist-older-1366');
  await expectNoSeriousAxeViolations(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'worklist-older-1920');
});

test('the administrator closes the entries overdue by more than 365 days as missed, in one step', async ({ page, app }) => {
  const old = [await patientWithFollowUp(app, 'Wen', 'Zhou', 500, -400), await patientWithFollowUp(app, 'Lars', 'Berg', 3500, -3448)];
  await patientWithFollowUp(app, 'Kenji', 'Sato', 35, -5);
  await app.signInAs('admin');
  await app.open('/worklist?tab=overdue');
  await expect(page.getByRole('tab', { name: 'Overdue (1)' })).toBeVisible();
  // The administrator's list is the practice manager's: no reason, no actions, no selection.
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: 'Reason' })).toHaveCount(0);
  await expect(page.getByText('2 entries overdue by more than 365 days (a fixed cut-off) are hidden.')).toBeVisible();
  await page.getByRole('button', { name: 'Show 2 older entries' }).click();
  await expect(page.getByText('3448 days overdue')).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 820 });
  await screenshot(page, 'worklist-admin-older-1366');

  await page.getByRole('button', { name: 'Close 2 as missed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close 2 older follow-ups as missed?' });
  await expect(dialog).toContainText('2 follow-ups overdue by more than 365 days will show as missed on the charts and leave the list.');
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole('button', { name: 'Close as missed' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/overdue by more than 365 days/)).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Overdue (1)' })).toBeVisible();
  for (const { patient, followUp } of old) {
    expect((await app.services.chart.get(setupActor, { id: patient.id })).visits[0]!.followUps[0]!).toMatchObject({ id: followUp.id, status: 'missed' });
  }
  const audit = app.services.store.sqlite
    .prepare("select action, entity_id as id, username from audit_log where entity = 'follow_up' order by id")
    .all() as Array<{ action: string; id: number; username: string }>;
  expect(audit).toEqual(old.map(({ followUp }) => ({ action: 'missed', id: followUp.id, username: 'adeyemi' })));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'worklist-admin-1920');
  await expectNoSeriousAxeViolations(page);
});

/**
 * Aftercare handouts end to end: printed from the chart into a new tab as a real PDF naming
 * the patient, logged on the visit, reprinted byte for byte, and printed for a whole
 * worklist tab at once with a progress bar and the untreated visits listed as skipped. No
 * handout is printed until the practice's name and phone are set.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parseInput } from '../../src/main/api/handlers';
import { expectEveryControlLabelled, expectNoSeriousAxeViolations } from './support/a11y';
import { isoDaysFromToday } from './support/dates';
import { expect, screenshot, setupActor, test, type App, type Person } from './support/fixtures';
import { recordHandouts } from './support/kept';

/** A patient seen a week ago (by the first clinician unless another is named), with an extraction or nothing done, and a follow-up due today. */
async function patientSeen(app: App, givenName: string, familyName: string, treated: boolean, clinicianId = app.clinicians[0]!.id) {
  const { patients, visits } = app.services;
  const patient = await patients.create(setupActor, { givenName, familyName, dateOfBirth: '1980-05-05', sex: 'female' });
  const visit = await visits.save(setupActor, {
    patientId: patient.id,
    date: isoDaysFromToday(-7),
    clinicianId,
    presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
    treatments: treated
      ? [{ kind: 'extraction', site: 'cheek', side: 'left', performedBy: clinicianId, lesionsTreated: 3, anesthesia: 'none', consent: true }]
      : [],
    followUps: [{ dueDate: isoDaysFromToday(0), reason: 'Check the cheek', status: 'scheduled' }],
  });
  return { patient, visit };
}

interface OpenedPdf {
  url: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
  text: string;
}

/**
 * Does `act`, waits for the new tab it opens on a handout, and takes the bytes the server
 * sent it (its address opens once, so it cannot be fetched again).
 */
async function pdfOpenedBy(page: Page, act: () => Promise<void>): Promise<OpenedPdf> {
  const handouts = await recordHandouts(page.context());
  const popup = page.waitForEvent('popup');
  await act();
  await popup;
  await expect.poll(() => handouts.sent.length).toBe(1);
  await handouts.stop();
  const { url, status, contentType, bytes } = handouts.sent[0]!;
  expect(status).toBe(200);
  const dir = mkdtempSync(join(tmpdir(), 'milia-e2e-pdf-'));
  try {
    writeFileSync(join(dir, 'handout.pdf'), bytes);
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'handout.pdf'), '-'], { encoding: 'utf8' });
    expect(text.status, text.stderr).toBe(0);
    return { url, contentType, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), text: text.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a handout printed from the chart opens as a PDF, is logged on the visit and reprints identically', async ({ page, app }) => {
  const { patient, visit } = await patientSeen(app, 'Ingrid', 'Halvorsen', true);
  await app.open(`/patients/${patient.id}`);
  const entry = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { level: 4 }) })
    .first();
  await expect(entry.getByRole('button', { name: 'Print aftercare' })).toBeVisible();

  const printed = await pdfOpenedBy(page, () => entry.getByRole('button', { name: 'Print aftercare' }).click());
  expect(printed.contentType).toBe('application/pdf');
  expect(printed.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(printed.text).toMatch(/Halvorsen/i);
  expect(printed.text).toMatch(/Ingrid/);
  await expect(entry.getByRole('status').filter({ hasText: 'The handout opened in a new tab.' })).toBeVisible();

  // The log shows the stored record, whose SHA-256 is the one of the bytes the tab got.
  const [record] = await app.services.handouts.list(setupActor, { visitId: visit.id });
  expect(record!.sha256).toBe(printed.sha256);
  const logEntry = entry.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Reprint' }) });
  await expect(logEntry).toHaveCount(1);
  await expect(logEntry).toContainText(record!.sha256.slice(0, 12));
  await expect(logEntry).toContainText(record!.createdBy);
  await logEntry.getByText('Details').click();
  await expect(logEntry).toContainText(record!.sha256);
  await screenshot(page, 'chart-aftercare-log');
  await expectNoSeriousAxeViolations(page);
  await expectEveryControlLabelled(page);

  const reprinted = await pdfOpenedBy(page, () => logEntry.getByRole('button', { name: 'Reprint' }).click());
  expect(reprinted.url).not.toBe(printed.url);
  expect(reprinted.sha256).toBe(printed.sha256);
  // A reprint is not a new handout.
  expect(await app.services.handouts.list(setupActor, { visitId: visit.id })).toHaveLength(1);

  // Large print is a new handout of its own, logged with its badge.
  await entry.getByLabel('Large print').check();
  await pdfOpenedBy(page, () => entry.getByRole('button', { name: 'Print aftercare' }).click());
  await expect(entry.getByRole('listitem').filter({ hasText: 'Large print' })).toHaveCount(1);
  expect((await app.services.handouts.list(setupActor, { visitId: visit.id })).map((h) => h.largePrint).sort()).toEqual([false, true]);
});

test('a visit without a treatment offers no handout', async ({ page, app }) => {
  const { patient } = await patientSeen(app, 'Tomás', 'Ferreira', false);
  await app.open(`/patients/${patient.id}`);
  await expect(page.getByRole('article')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Print aftercare' })).toHaveCount(0);
});

test('the worklist prints one PDF for its tab, with a progress bar, and lists the visits it skipped', async ({ page, app }) => {
  await patientSeen(app, 'Amara', 'Diallo', true);
  await patientSeen(app, 'Kenji', 'Sato', true);
  await patientSeen(app, 'Tomás', 'Ferreira', false);
  await patientSeen(app, 'Ingrid', 'Halvorsen', true);
  // Each handout takes a moment, as on a slow machine, so the bar can be seen moving.
  await page.route('**/api/handouts.create', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });

  await app.open('/worklist');
  await expect(page.getByRole('tab', { name: 'Today (4)' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all 4 shown' }).check();
  await expect(page.getByText('3 visits with a treatment')).toBeVisible();

  const batch = await pdfOpenedBy(page, async () => {
    await page.getByRole('button', { name: 'Print aftercare', exact: true }).click();
    await expect(page.getByRole('progressbar', { name: 'Preparing handouts' })).toBeVisible();
    await expect(page.getByText(/Preparing [23] of 3…/)).toBeVisible();
    await screenshot(page, 'worklist-aftercare-progress');
  });
  expect(batch.contentType).toBe('application/pdf');
  expect(batch.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  for (const name of ['Diallo', 'Sato', 'Halvorsen']) expect(batch.text).toMatch(new RegExp(name, 'i'));
  expect(batch.text).not.toMatch(/Ferreira/i);

  await expect(page.getByText('One PDF of 3 handouts opened in a new tab.')).toBeVisible();
  await expect(page.getByText('Skipped: no treatment recorded')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: /FERREIRA/i })).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await screenshot(page, 'worklist-aftercare-done');
  await expectNoSeriousAxeViolations(page);
});

/** Changes the practice's name or phone (empty, as before anyone sets them, or set), keeping the other settings. */
async function changePracticeContact(app: App, change: { practiceName?: string; phone?: string }) {
  await app.services.settings.update(setupActor, { ...(await app.services.settings.read()), ...change });
}

/** Counts the tabs a page opens, to show that a refused print opened none. */
function popupsOf(page: Page): { count: number } {
  const opened = { count: 0 };
  page.on('popup', () => opened.count++);
  return opened;
}

test('printing waits for the practice’s name and phone: the chart says so and an administrator who is a dermatologist goes to Settings, sets them, and prints', async ({
  page,
  app,
}) => {
  await changePracticeContact(app, { practiceName: '', phone: '' });
  const mensah: Person = { username: 'mensah', name: 'Dr Kofi Mensah', password: 'harmattan winds at dusk' };
  const created = await app.services.users.create(
    setupActor,
    parseInput('users.create', { ...mensah, role: 'admin', clinician: { role: 'dermatologist', title: 'Consultant dermatologist' } }),
  );
  const { patient, visit } = await patientSeen(app, 'Ingrid', 'Halvorsen', true, created.clinician!.id);
  await app.signInAs(mensah);
  const popups = popupsOf(page);
  await app.open(`/patients/${patient.id}`);

  const entry = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { level: 4 }) })
    .first();
  await entry.getByRole('button', { name: 'Print aftercare' }).click();
  const refusal = entry.getByRole('alert');
  await expect(refusal).toContainText(
    "Aftercare cannot be printed until the practice's name and phone number are set, so that every handout says whom to call: an administrator sets them in Settings → Practice.",
  );
  await expect(refusal).not.toContainText('could not be printed');
  expect(popups.count).toBe(0);
  expect(await app.services.handouts.list(setupActor, { visitId: visit.id })).toEqual([]);
  await screenshot(page, 'chart-aftercare-no-practice-phone');
  await expectNoSeriousAxeViolations(page);

  await refusal.getByRole('link', { name: 'Open Settings → Practice' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
  const practice = page.getByRole('group', { name: 'Practice' });
  await practice.getByLabel('Practice name').fill('Harbourside Dermatology');
  await practice.getByLabel('Phone', { exact: true }).fill('0117 496 0123');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/patients/${patient.id}$`));
  const printed = await pdfOpenedBy(page, () => entry.getByRole('button', { name: 'Print aftercare' }).click());
  expect(printed.text).toContain('Harbourside Dermatology');
  expect(printed.text).toContain('0117 496 0123');
  expect(await app.services.handouts.list(setupActor, { visitId: visit.id })).toHaveLength(1);
});

test('the worklist’s batch print says once that the practice’s phone is missing, prepares nothing, and prints once it is set', async ({ page, app }) => {
  await changePracticeContact(app, { phone: '' });
  const seen = [await patientSeen(app, 'Amara', 'Diallo', true), await patientSeen(app, 'Kenji', 'Sato', true)];
  const popups = popupsOf(page);
  await app.open('/worklist');
  await page.getByRole('checkbox', { name: 'Select all 2 shown' }).check();
  await expect(page.getByText('2 visits with a treatment')).toBeVisible();

  await page.getByRole('button', { name: 'Print aftercare', exact: true }).click();
  const refusal = page.getByRole('alert');
  await expect(refusal).toHaveText(
    "Aftercare cannot be printed until the practice's phone number is set, so that every handout says whom to call: an administrator sets it in Settings → Practice.",
  );
  // A dermatologist cannot change the settings: the sentence says who can, and no link leads to a screen they may not open.
  await expect(refusal.getByRole('link')).toHaveCount(0);
  await expect(page.getByText('Not prepared')).toHaveCount(0);
  expect(popups.count).toBe(0);
  for (const { visit } of seen) expect(await app.services.handouts.list(setupActor, { visitId: visit.id })).toEqual([]);
  await screenshot(page, 'worklist-aftercare-no-practice-phone');
  await expectNoSeriousAxeViolations(page);

  await changePracticeContact(app, { phone: '0117 496 0123' });
  const batch = await pdfOpenedBy(page, () => page.getByRole('button', { name: 'Print aftercare', exact: true }).click());
  for (const name of ['Diallo', 'Sato']) expect(batch.text).toMatch(new RegExp(name, 'i'));
  await expect(page.getByText('One PDF of 2 handouts opened in a new tab.')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

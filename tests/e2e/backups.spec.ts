/**
 * Backups from the settings screen, against a fresh demo database: a manual backup shows
 * its progress while the screen stays usable and then lists the new backup with its counts;
 * a backup folder that is a file fails loudly (in the panel and in a banner on every screen)
 * until the folder is fixed; a restore first shows what the backup holds.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { format, parseISO } from 'date-fns';
import { expectAccessible, expectEveryControlLabelled, expectNoSeriousAxeViolations } from './support/a11y';
import { expect, screenshot, setupActor, test, type App } from './support/fixtures';

// Backups and restore are the administrator's.
test.use({ startingData: 'demo', role: 'admin' });

/** `22 Nov 2026, 07:41`, in this machine's time zone (the browser's too). */
const shownTime = (iso: string): string => format(parseISO(iso), 'd MMM yyyy, HH:mm');

/** `12.4 MB`, `412 KB`: sizes as the table gives them. */
function shownSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What the live database holds, counted here with SQL of its own. */
function liveCounts(app: App): { patients: number; visits: number } {
  const count = (table: string) => (app.services.store.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { patients: count('patients'), visits: count('visits') };
}

const panel = (page: Page): Locator => page.getByRole('region', { name: 'Backups' });
const backupRows = (page: Page): Locator =>
  panel(page)
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') });
const banner = (page: Page): Locator => page.getByRole('alert').filter({ hasText: 'Check the backup folder in Settings → Backups' });

test('a manual backup shows its progress, keeps the screen usable, then lists the backup with its counts', async ({ page, app }) => {
  const live = liveCounts(app);
  expect(live.patients).toBeGreaterThan(0);
  await app.open('/settings');
  await expect(panel(page).getByText('Last backup: none yet')).toBeVisible();
  await expect(page.getByText(`Backups now go to ${join(dirname(app.dbPath), 'Backups')}`)).toBeVisible();
  const before = await backupRows(page).count();

  // The copy of a small database takes a few milliseconds: the list's answers are held at
  // known progress while the backup runs for real, to see the bar follow what the list says.
  let progress: { done: number; total: number } | null = null;
  await page.route('**/api/backups.list', async (route) => {
    if (progress === null) return route.continue();
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value: Record<string, unknown> };
    await route.fulfill({ response, json: { ...body, value: { ...body.value, running: progress } } });
  });
  progress = { done: 300, total: 1200 };
  await page.getByRole('button', { name: 'Back up now' }).click();
  const bar = panel(page).getByRole('progressbar', { name: 'Backup progress' });
  await expect(bar).toHaveAttribute('aria-valuenow', '25');
  await expect(panel(page).getByText('Backing up: 300 of 1,200 pages copied (25%)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Backing up…' })).toBeDisabled();
  progress = { done: 900, total: 1200 };
  await expect(bar).toHaveAttribute('aria-valuenow', '75');
  // The rest of the screen stays usable meanwhile.
  await page.getByLabel('Practice name').fill('Harbour Dermatology');
  await expect(page.getByText('You have unsaved changes.')).toBeVisible();
  progress = null;

  await expect(
    panel(page)
      .getByRole('status')
      .filter({ hasText: /^Backup complete at \d{1,2} \w{3} \d{4}, \d{2}:\d{2}, verified\.$/ }),
  ).toBeVisible();
  await expect(bar).toBeHidden();
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeEnabled();
  await expect(backupRows(page)).toHaveCount(before + 1);

  const state = await app.services.backups.list(setupActor, {});
  const newest = state.backups[0]!;
  expect(newest.reason).toBe('manual');
  expect(newest.summary.counts).toMatchObject(live);
  const last = state.last;
  expect(last?.ok).toBe(true);
  await expect(panel(page).getByText(`Last backup: ${shownTime(last!.at)} — verified`)).toBeVisible();
  // Newest first, every column as people read it.
  await expect(backupRows(page).first().getByRole('rowheader')).toHaveText(shownTime(newest.at));
  await expect(backupRows(page).first().getByRole('cell')).toHaveText([
    'Manual',
    shownSize(newest.size),
    live.patients.toLocaleString('en-GB'),
    live.visits.toLocaleString('en-GB'),
    format(parseISO(newest.summary.newestVisit!), 'd MMM yyyy'),
    'Restore…',
  ]);
  // The form kept what was typed during the backup.
  await expect(page.getByLabel('Practice name')).toHaveValue('Harbour Dermatology');
  await expectAccessible(page);
});

test('a backup folder that is a file fails in the panel and in a banner on every screen, until it is fixed', async ({ page, app }) => {
  const notAFolder = join(dirname(app.dbPath), 'not-a-folder.txt');
  writeFileSync(notAFolder, 'a file where the backups should go\n');
  await app.open('/settings');
  await page.getByLabel('Backup folder').fill(notAFolder);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(`Backups now go to ${notAFolder}`)).toBeVisible();
  expect((await app.services.settings.get(setupActor, {})).backupFolder).toBe(notAFolder);
  await expect(banner(page)).toHaveCount(0);

  await page.getByRole('button', { name: 'Back up now' }).click();
  const failure = panel(page)
    .getByRole('alert')
    .filter({ hasText: /^Last backup failed at/ });
  await expect(failure).toContainText(`The backup folder ${notAFolder} is a file, not a folder, so no backup was made.`);
  await expect(banner(page)).toContainText(/^The last backup failed at \d{1,2} \w{3} \d{4}, \d{2}:\d{2}: The backup folder .* is a file, not a folder/);
  await expect(panel(page).getByRole('status').filter({ hasText: 'Backup complete' })).toHaveCount(0);
  await screenshot(page, 'settings-backup-failed');

  // On every screen, with a way to the setting.
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(banner(page)).toBeVisible();
  await banner(page).getByRole('link', { name: 'Settings → Backups' }).click();
  await expect(page.getByLabel('Backup folder')).toBeFocused();
  await expect(page.getByLabel('Backup folder')).toHaveValue(notAFolder);

  // Fixed: back to the folder beside the database, and the next backup clears the banner.
  await page.getByLabel('Backup folder').fill('');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText(`Backups now go to ${join(dirname(app.dbPath), 'Backups')}`)).toBeVisible();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(panel(page).getByText(/^Last backup: .* — verified$/)).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
  await expect(backupRows(page)).toHaveCount(1);
});

test('a restore first shows what the backup holds beside the current database, and needs RESTORE typed', async ({ page, app }) => {
  const before = liveCounts(app);
  // Taken before an update: kept outside the rotation, which keeps one backup a day.
  const older = await app.services.backups.backUp(setupActor, 'before-migration');
  await app.services.patients.create(setupActor, { givenName: 'Wilhelmina', familyName: 'Restorova', dateOfBirth: '1970-01-01', sex: 'female' });
  await app.open('/settings');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(backupRows(page)).toHaveCount(2);
  const newer = (await app.services.backups.list(setupActor, {})).backups[0]!;
  expect(newer.summary.counts.patients).toBe(before.patients + 1);
  await expect(backupRows(page).nth(1).getByRole('cell').first()).toHaveText('Before update');
  await screenshot(page, 'settings-backups');

  await panel(page)
    .getByRole('button', { name: `Restore backup of ${shownTime(older.at)} (Before update)` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Restore a backup' });
  await expect(dialog).toContainText(`Restoring replaces the whole record with the backup taken ${shownTime(older.at)} (Before update)`);
  const figures = dialog.getByRole('table');
  const figure = (label: string) =>
    figures
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
      .getByRole('cell');
  // Read from the backup file itself; the current database as of the newest backup.
  await expect(figures.getByRole('columnheader', { name: `Current database as of ${shownTime(newer.at)}` })).toBeVisible();
  await expect(figure('Patients')).toHaveText([String(before.patients), String(before.patients + 1)]);
  await expect(figure('Visits')).toHaveText([String(before.visits), String(before.visits)]);
  await expect(dialog).toContainText('is kept as a copy first');
  await expect(dialog).toContainText('Milia Notes then reopens the restored file');

  const restore = dialog.getByRole('button', { name: 'Restore this backup' });
  await expect(restore).toBeDisabled();
  await dialog.getByLabel('Type RESTORE to confirm').fill('RESTOR');
  await expect(restore).toBeDisabled();
  await dialog.getByLabel('Type RESTORE to confirm').fill('RESTORE');
  await expect(restore).toBeEnabled();
  await screenshot(page, 'settings-backups-restore');
  // The dialog holds the focus, so the walk with Tab is for the settings screen (in the first test and accessibility.spec.ts).
  await expectNoSeriousAxeViolations(page);
  await expectEveryControlLabelled(page);

  // The test's own connection still has the file open, as another program might: refused, said, nothing changed.
  await restore.click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'The backup was not restored' })).toContainText(
    'is open in Milia Notes or another program, so it was not replaced',
  );
  await expect(backupRows(page)).toHaveCount(2);

  // Closed: the restore goes through, keeps the current database and the server carries on with the restored one.
  app.services.store.close();
  await restore.click();
  const restored = dialog.getByRole('status').filter({ hasText: 'Backup restored' });
  await expect(restored).toContainText(`The record now holds ${before.patients} patients and ${before.visits} visits`);
  await expect(restored).toContainText(/The database as it was is kept at .*milia-notes-.*-before-restore\.db\./);
  await expect(restored).toContainText('Milia Notes carries on with the restored file.');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(dialog).toBeHidden();
  await expect(backupRows(page)).toHaveCount(3);
  const kept = backupRows(page).filter({ has: page.getByRole('cell', { name: 'Before restore', exact: true }) });
  await expect(kept.getByRole('cell')).toHaveText(['Before restore', /\d/, String(before.patients + 1), String(before.visits), /\d{4}$/, 'Restore…']);

  // The patient added after the backup is gone from the record, as a dermatologist sees it.
  await app.signInAs('dermatologist');
  await app.open('/patients');
  await page.getByLabel('Search patients').fill('Restorova');
  await expect(page.getByText('No patient matches “Restorova”')).toBeVisible();
});

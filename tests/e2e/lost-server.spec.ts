/**
 * A workstation that loses the practice server: the database is taken offline under it (every
 * connection of the app ended by the server, new ones refused), as a restart or a cut network
 * would. The banner says so at once, the editor keeps what was typed, a save is refused with a
 * sentence and writes nothing; once the server is back the banner goes and the same save is kept.
 */
import { expect, test } from '@playwright/test';
import { admin, openOn, practiceServers } from './support/practiceServer';

/** Refuses new connections to the database, then ends every one it has (the test's own included). */
async function takeOffline(database: string): Promise<void> {
  await admin(`alter database "${database}" allow_connections false`);
  await admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}' and pid <> pg_backend_pid()`);
}

test('a lost practice server is shown at once, the typed visit kept, refused while away and saved once it is back', async ({ browser }) => {
  const practice = await practiceServers(1);
  const context = await browser.newContext();
  try {
    const { services, setupActor } = practice;
    const clinicianId = practice.clinicians[0]!.id;
    const patient = await services.patients.create(setupActor, { givenName: 'Ottilie', familyName: 'Brandt', dateOfBirth: '1971-04-12', sex: 'female' });
    const visit = await services.visits.save(setupActor, {
      patientId: patient.id,
      date: '2026-11-30',
      clinicianId,
      notes: 'Milia of the right cheek.',
      presentations: [{ type: 'primary', site: 'cheek', side: 'right', count: 3 }],
    });

    const tab = await context.newPage();
    await openOn(tab, practice.servers[0]!, 'dermatologist', `/patients/${patient.id}/visits/${visit.id}`);
    await expect(tab.getByRole('heading', { level: 2, name: /^Visit of / })).toBeVisible();
    const notes = tab.getByLabel('Notes', { exact: true }).first();
    const typed = 'Three milia of the right cheek; two extracted, one left to watch.';
    await notes.fill(typed);
    const banner = tab.getByRole('alert', { name: 'The practice server cannot be reached' });
    await expect(banner).toHaveCount(0);

    await takeOffline(practice.database);
    const lostAt = Date.now();
    await expect(banner).toBeVisible({ timeout: 5_000 });
    expect(Date.now() - lostAt).toBeLessThan(3_000);
    await expect(banner).toContainText('What is on screen is kept; saves are refused until it is back');
    await expect(notes).toHaveValue(typed);

    await tab.getByRole('button', { name: 'Save visit' }).click();
    const refusal = tab.getByRole('alert', { name: 'The visit was not saved' });
    await expect(refusal).toContainText('The practice server cannot be reached, so nothing was saved.');
    await expect(notes).toHaveValue(typed);
    await expect(tab).toHaveURL(new RegExp(`#/patients/${patient.id}/visits/${visit.id}$`));

    await admin(`alter database "${practice.database}" allow_connections true`);
    await expect(banner).toBeHidden({ timeout: 10_000 });
    // Nothing of the refused save reached the record.
    expect((await services.visits.get(setupActor, { id: visit.id })).notes).toBe('Milia of the right cheek.');
    await expect(notes).toHaveValue(typed);

    await tab.getByRole('button', { name: 'Save visit' }).click();
    await expect(tab).toHaveURL(new RegExp(`#/patients/${patient.id}$`));
    expect((await services.visits.get(setupActor, { id: visit.id })).notes).toBe(typed);
  } finally {
    await admin(`alter database "${practice.database}" allow_connections true`).catch(() => undefined);
    await context.close();
    await practice.close();
  }
});

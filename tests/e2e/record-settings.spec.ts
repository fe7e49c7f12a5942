/**
 * Settings → Record in the browser mode: which record is in use, this computer's file with its
 * path or the practice server's address (never its password), why it cannot be changed from
 * here, and the connection test an administrator makes: each wrong field said at the field
 * before anything is tried, the server's version when the settings work, and the sentence of
 * what is wrong when they do not.
 */
import { Client } from 'pg';
import { startBrowserServer } from '../../src/main/browser/server';
import { testPasswordCost } from '../support/passwords';
import { expect, screenshot, test } from './support/fixtures';
import { openOn, practiceServers } from './support/practiceServer';

test.use({ role: 'admin' });

function clusterUrl(): URL {
  if (!process.env.MILIA_TEST_PG_URL) throw new Error('No PostgreSQL server for the Record tests (see tests/e2e/support/global-setup.ts).');
  return new URL(process.env.MILIA_TEST_PG_URL);
}

async function serverVersion(): Promise<string> {
  const client = new Client({ connectionString: clusterUrl().toString() });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

test("this computer's file is shown with its path, and a practice server is tested from the form", async ({ page, app }) => {
  await app.open('/settings');
  const section = page.getByRole('region', { name: 'Record' });
  await expect(section).toContainText(`In use: this computer, the file ${app.dbPath}.`);
  await expect(section).toContainText(`This Milia Notes server was started on the file ${app.dbPath} (--db), so where its record is cannot be changed here.`);
  await expect(section.getByRole('button', { name: 'Keep for the next start' })).toHaveCount(0);

  const form = section.getByRole('form', { name: 'Test a practice server' });
  await form.getByLabel('Server').fill('postgresql://db.practice.local:5432');
  await form.getByLabel('Port').fill('70000');
  await form.getByLabel('Database', { exact: true }).fill('milia; drop');
  await form.getByLabel('CA certificate').fill('practice-ca.pem');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(
    form.getByText("Server must be the server's name or address, such as db.practice.local or 192.168.1.20 (no postgresql://, no port)"),
  ).toBeVisible();
  await expect(form.getByText('Port must be a whole number from 1 to 65535')).toBeVisible();
  await expect(form.getByText("Database must start with a letter and hold only letters, digits, _ and - (the database's name as IT created it)")).toBeVisible();
  await expect(form.getByText('CA certificate must be the full path of the certificate file (such as /etc/milia/practice-ca.pem)')).toBeVisible();
  await screenshot(page, 'record-settings-faults');

  const cluster = clusterUrl();
  await form.getByLabel('Server').fill(cluster.hostname);
  await form.getByLabel('Port').fill(cluster.port);
  await form.getByLabel('Database', { exact: true }).fill('no_such_record');
  await form.getByLabel('Database user').fill(cluster.username);
  await form.getByLabel('TLS').selectOption('disable');
  await form.getByLabel('CA certificate').fill('');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('alert', { name: 'The practice server could not be used' })).toContainText(
    `The practice server at ${cluster.hostname}:${cluster.port} has no database named no_such_record. Check the database's name with IT.`,
  );
  await expect(form.getByText('Server must be')).toHaveCount(0);

  await form.getByLabel('Database', { exact: true }).fill(cluster.pathname.slice(1));
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('status', { name: 'The practice server answered' })).toContainText(
    `${cluster.username}@${cluster.hostname}:${cluster.port}${cluster.pathname} (TLS: disable) is PostgreSQL ${await serverVersion()}.`,
  );
});

test("the practice server in use is shown by its address, never with the URL's password", async ({ browser }) => {
  const practice = await practiceServers(0);
  const url = clusterUrl();
  url.pathname = `/${practice.database}`;
  // The run's server trusts the loopback: the password is carried, and must never be shown.
  url.password = 'never-shown-sekrit';
  const server = await startBrowserServer({ serverUrl: url.toString(), port: 0, passwordCost: testPasswordCost });
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await openOn(tab, server, 'admin', '/settings');
    const section = tab.getByRole('region', { name: 'Record' });
    const shown = `postgresql://${url.username}@${url.host}/${practice.database}`;
    await expect(section).toContainText(`In use: the practice server ${shown}.`);
    await expect(section).toContainText(`This Milia Notes server was started on the practice server ${shown} (--server)`);
    expect(await tab.content()).not.toContain('sekrit');
  } finally {
    await context.close();
    await server.close();
    await practice.close();
  }
});

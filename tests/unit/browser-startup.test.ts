/**
 * The browser mode's start: `npm run browser` runs a bundle of the sources (no TypeScript
 * compiled at start), and the start-up checks run on the worker thread once the server
 * listens, so that the first search does not wait for them; a damaged file still stops it.
 * Real database files, damaged on purpose; the real command.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../src/main/browser/server';
import { composeApp } from '../../src/main/compose';
import { openStore } from '../../src/main/db/open';
import { seed } from '../../src/main/seed';
import { testPassword, userActor } from '../support/actors';
import { orphanVisits } from '../support/damage';
import { testActor, testPasswordCost, tempDir } from '../support/store';

const root = resolve(__dirname, '..', '..');
const running: BrowserServer[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.close();
});

const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A closed database of the current schema with a few patients and one user who can sign in, and a static folder to serve. */
async function practice(): Promise<{ dbPath: string; staticDir: string; username: string }> {
  const dir = tempDir();
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Milia Notes</title>');
  const dbPath = join(dir, 'milia.db');
  const store = openStore(dbPath, { create: true });
  await seed(store.records, testActor, { patients: 20, seed: 3, today: '2025-06-30' });
  const { username } = await userActor(composeApp(store, { version: 'test', passwordCost: testPasswordCost }).services, 'dermatologist');
  store.close();
  return { dbPath, staticDir, username };
}

/** The audit rows of an action, read after the server closed. */
function auditRows(dbPath: string, action: string): Array<{ username: string; surface: string; outcome: string }> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('select username, surface, outcome from audit_log where action = ? order by id').all(action) as Array<{
      username: string;
      surface: string;
      outcome: string;
    }>;
  } finally {
    db.close();
  }
}

/** An API call as the page makes it: its status and its envelope. */
function callApi(server: BrowserServer, name: string, input: unknown = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/${name}`,
        method: 'POST',
        headers: {
          host: `127.0.0.1:${server.port}`,
          'content-type': 'application/json',
          'x-milia-token': server.token,
          'x-milia-session': 'tab-0123456789abcdef',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: JSON.parse(body) as unknown }));
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify(input));
  });
}

/** When `promise` settled, as a place in a shared sequence. */
const settledAt = (promise: Promise<unknown>, sequence: string[], name: string) =>
  promise.then(
    () => sequence.push(name),
    () => sequence.push(name),
  );

function statusOf(port: number, path: string): Promise<number | string> {
  return new Promise((done) => {
    // A connection of its own: one kept alive from an earlier call would meet the server's close as a reset.
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
    req.end();
  });
}

describe('start-up checks on the worker thread', () => {
  it('pass a sound file after the server listens', async () => {
    const server = await startBrowserServer({ ...(await practice()), port: 0, checksOnWorker: true });
    running.push(server);
    expect(await statusOf(server.port, '/')).toBe(200);
    await expect(server.checked).resolves.toBeUndefined();
    expect(await statusOf(server.port, '/')).toBe(200);
  });

  it('make an API call made meanwhile wait for them, then answer it', async () => {
    const server = await startBrowserServer({ ...(await practice()), port: 0, checksOnWorker: true });
    running.push(server);
    const sequence: string[] = [];
    const checks = settledAt(server.checked, sequence, 'checked');
    const status = callApi(server, 'app.status');
    const answered = settledAt(status, sequence, 'answered');
    await Promise.all([checks, answered]);
    expect(sequence).toEqual(['checked', 'answered']);
    // The app's own answer: this practice has users, so the tab must sign in.
    expect(await status).toEqual({ status: 200, body: { ok: false, error: { kind: 'unauthenticated', message: 'Sign in to continue.' } } });
  });

  it('show the sign-in screen before they pass, read over a read-only connection', async () => {
    const { dbPath, staticDir } = await practice();
    orphanVisits(dbPath);
    const before = fileHash(dbPath);
    const server = await startBrowserServer({ dbPath, staticDir, port: 0, checksOnWorker: true });
    running.push(server);
    const sequence: string[] = [];
    const checks = settledAt(server.checked, sequence, 'checked');
    const status = callApi(server, 'session.status');
    await Promise.all([checks, settledAt(status, sequence, 'answered')]);
    expect(sequence).toEqual(['answered', 'checked']);
    expect(await status).toEqual({ status: 200, body: { ok: true, value: { setupNeeded: false, idleMinutes: 10, demoUsers: [], user: null, locked: false } } });
    // Even on a file they then refuse: nothing was written.
    await expect(server.checked).rejects.toMatchObject({ kind: 'damaged' });
    expect(fileHash(dbPath)).toBe(before);
  });

  it('sign in a tab that asked meanwhile only once they pass, its audit line written after', async () => {
    const { dbPath, staticDir, username } = await practice();
    const server = await startBrowserServer({ dbPath, staticDir, port: 0, checksOnWorker: true });
    running.push(server);
    const sequence: string[] = [];
    const checks = settledAt(server.checked, sequence, 'checked');
    const signIn = callApi(server, 'session.signIn', { username, password: testPassword });
    const wrong = callApi(server, 'session.signIn', { username, password: 'not the password' });
    await Promise.all([checks, settledAt(signIn, sequence, 'signed in'), settledAt(wrong, sequence, 'refused')]);
    expect(sequence[0]).toBe('checked');
    expect(await signIn).toMatchObject({ status: 200, body: { ok: true, value: { user: { username }, locked: false } } });
    expect(await wrong).toEqual({
      status: 200,
      body: { ok: false, error: { kind: 'unauthenticated', message: 'The username or password is not right. Check them and try again.' } },
    });
    await server.close();
    running.pop();
    expect(auditRows(dbPath, 'sign_in')).toEqual([{ username, surface: 'browser', outcome: 'ok' }]);
    expect(auditRows(dbPath, 'sign_in_failed')).toEqual([{ username, surface: 'browser', outcome: 'failed' }]);
  });

  it('refuse a sign-in made meanwhile on a damaged file, writing nothing, its password checked or not', async () => {
    const { dbPath, staticDir, username } = await practice();
    const visits = orphanVisits(dbPath);
    const before = fileHash(dbPath);
    const server = await startBrowserServer({ dbPath, staticDir, port: 0, checksOnWorker: true });
    running.push(server);
    // Heard from the start: the checks may end, and the server close, before the replies are read.
    const stopped = expect(server.checked).rejects.toMatchObject({ kind: 'damaged' });
    const replies = await Promise.all([
      callApi(server, 'session.signIn', { username, password: testPassword }),
      callApi(server, 'session.signIn', { username, password: 'not the password' }),
      callApi(server, 'session.signIn', { username: 'nobody', password: testPassword }),
    ]);
    for (const reply of replies) {
      expect(reply).toMatchObject({
        status: 503,
        body: { ok: false, error: { kind: 'damaged', message: expect.stringContaining(`visits rows ${visits.join(', ')}: patient_id refers`) as string } },
      });
    }
    await stopped;
    expect(fileHash(dbPath)).toBe(before);
  });

  it('stop the server on a damaged file, naming the fault, leaving it byte for byte as it was', async () => {
    const { dbPath, staticDir } = await practice();
    const visits = orphanVisits(dbPath);
    const before = fileHash(dbPath);
    const server = await startBrowserServer({ dbPath, staticDir, port: 0, checksOnWorker: true });
    running.push(server);
    const error = await server.checked.then(
      () => null,
      (refusal: unknown) => refusal,
    );
    expect(error).toMatchObject({
      kind: 'damaged',
      message: expect.stringContaining(
        `${dbPath} is damaged (rows refer to rows that do not exist: visits rows ${visits.join(', ')}: patient_id refers to a patients row that does not exist).`,
      ),
    });
    expect(await statusOf(server.port, '/')).toBe('ECONNREFUSED');
    expect(fileHash(dbPath)).toBe(before);
  });

  it('give an API call made meanwhile on a damaged file the refusal, then close', async () => {
    const { dbPath, staticDir } = await practice();
    const visits = orphanVisits(dbPath);
    const before = fileHash(dbPath);
    const server = await startBrowserServer({ dbPath, staticDir, port: 0, checksOnWorker: true });
    running.push(server);
    const ended = server.checked.then(
      () => null,
      (refusal: unknown) => refusal,
    );
    const reply = await callApi(server, 'app.status');
    expect(reply).toEqual({
      status: 503,
      body: {
        ok: false,
        error: {
          kind: 'damaged',
          message: expect.stringContaining(`(rows refer to rows that do not exist: visits rows ${visits.join(', ')}: patient_id refers`) as string,
        },
      },
    });
    expect(await ended).toMatchObject({ kind: 'damaged', message: (reply.body as { error: { message: string } }).error.message });
    expect(await statusOf(server.port, '/')).toBe('ECONNREFUSED');
    expect(fileHash(dbPath)).toBe(before);
  });

  it('are made before opening, as on every other surface, unless asked for on the worker', async () => {
    const { dbPath, staticDir } = await practice();
    orphanVisits(dbPath);
    await expect(startBrowserServer({ dbPath, staticDir, port: 0 })).rejects.toMatchObject({ kind: 'damaged' });
  });
});

describe('npm run browser', () => {
  // A server left running (a file wrongly passed) is stopped after two minutes (time for a first build of the screens), failing the test rather than holding the run.
  const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'browser.mjs'), ...args], { encoding: 'utf8', timeout: 120_000 });

  it('runs the bundle of the sources (built when stale), which refuses a missing file in one line, with status 2', () => {
    const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(script.scripts.browser).toBe('node scripts/browser.mjs');
    const missing = join(tempDir(), 'none.db');
    const result = run('--db', missing, '--port', '0');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe(`There is no database at ${missing}. Check the path, or add --create to make a new one.`);
    // Only the build's one line may come before it.
    expect(lines.slice(0, -1).every((line) => line === 'Building the browser mode (its bundle is missing or older than src/) …')).toBe(true);
    expect(run('--db', missing, '--port', '0').stderr.trim()).toBe(lines.at(-1));
  });

  it('stops on a damaged file found by the start-up checks on its worker thread, with status 2, its refusal the last line on standard error, the file as it was', async () => {
    const { dbPath } = await practice();
    const visits = orphanVisits(dbPath);
    const before = fileHash(dbPath);
    const result = run('--db', dbPath, '--port', '0');
    expect(result.status).toBe(2);
    // Before it, only what a build of the screens or the bundle says, in a checkout that has none yet.
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `${dbPath} is damaged (rows refer to rows that do not exist: visits rows ${visits.join(', ')}: patient_id refers to a patients row that does not exist). ` +
        'Nothing has been changed. Restore the newest good backup (Settings → Backups, or "npm run cli -- restore FILE").',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fileHash(dbPath)).toBe(before);
  }, 180_000);
});

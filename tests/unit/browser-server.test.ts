/**
 * The browser mode's server over real HTTP and a real database: the token, the envelope,
 * the static files and every refusal. Requests are made with node:http so that paths go
 * out exactly as written (fetch would normalise `/../`) and the Host header can be forged.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserServer, type BrowserServer } from '../../src/main/browser/server';
import { openStore } from '../../src/main/db/open';
import { parseInput } from '../../src/main/api/handlers';
import { composeApp } from '../../src/main/compose';
import { testActor, testPasswordCost, tempDir } from '../support/store';
import { pollUntil } from '../support/poll';
import { setPracticeContact } from '../support/surface';
import { maxInputBytes } from '@shared/api';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const running: BrowserServer[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.close();
});

const password = 'correct horse battery staple';
/** The tab every call comes from unless a test says otherwise; `serve` signs it in. */
const tabId = 'tab-0123456789abcdef';

/**
 * A server over a new database, with a tiny page standing in for the built renderer, and
 * the tab `tabId` signed in as Dr Ada Okafor, a dermatologist (a database the server
 * creates has no users, and nobody is signed in).
 */
async function serve(options: { create?: boolean } = {}) {
  const dir = tempDir();
  const staticDir = join(dir, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Milia Notes</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app");');
  // Beside the static folder: what a traversal would try to read.
  writeFileSync(join(dir, 'secret.txt'), 'SECRET-OUTSIDE');
  const dbPath = join(dir, 'milia.db');
  let clinicianId = 0;
  if (!options.create) {
    const store = openStore(dbPath, { create: true });
    const { services } = composeApp(store, { version: 'test', passwordCost: testPasswordCost });
    const ada = await services.users.create(
      testActor,
      parseInput('users.create', { username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', password }),
    );
    clinicianId = ada.clinician!.id;
    await setPracticeContact(services, testActor);
    store.close();
  }
  const server = await startBrowserServer({ dbPath, port: 0, staticDir, create: options.create ?? false, passwordCost: testPasswordCost });
  running.push(server);
  if (!options.create) expect(JSON.parse((await callApi(server, 'session.signIn', { username: 'okafor', password })).body)).toMatchObject({ ok: true });
  return { ...server, dbPath, dir, clinicianId };
}

function send(port: number, path: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveReply({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An API call as the renderer makes it. */
function callApi(server: { port: number; token: string }, name: string, input: unknown, headers: Record<string, string> = {}) {
  return send(server.port, `/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-milia-token': server.token, 'x-milia-session': tabId, ...headers },
    body: JSON.stringify(input),
  });
}

const zoe = { givenName: 'Zoë', familyName: 'Nguyễn-Ångström', dateOfBirth: '1987-03-14', sex: 'female' };

describe('starting', () => {
  it('gives the address with a fresh token, on 127.0.0.1 and the port it really got', async () => {
    const a = await serve();
    const b = await serve();
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}/?token=${a.token}`);
    expect(a.port).toBeGreaterThan(0);
    expect(a.token).not.toBe(b.token);
  });

  it('listens on 127.0.0.1 only: another loopback address is refused', async () => {
    const { port } = await serve();
    const tryConnect = (host: string) =>
      new Promise<string>((done) => {
        const socket = connect({ host, port }, () => {
          socket.destroy();
          done('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
      });
    expect(await tryConnect('127.0.0.1')).toBe('connected');
    expect(await tryConnect('127.0.0.2')).not.toBe('connected');
    expect(await tryConnect('::1')).not.toBe('connected');
  });

  it('refuses a missing database file unless asked to create it', async () => {
    const dir = tempDir();
    await expect(startBrowserServer({ dbPath: join(dir, 'none.db'), port: 0, staticDir: dir })).rejects.toThrow(/There is no database at/);
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
    const created = await serve({ create: true });
    expect(existsSync(created.dbPath)).toBe(true);
  });

  it('closes the database when it stops, leaving no write-ahead log behind', async () => {
    const server = await serve();
    expect((await callApi(server, 'patients.create', zoe)).status).toBe(200);
    await server.close();
    expect(existsSync(`${server.dbPath}-wal`)).toBe(false);
    const store = openStore(server.dbPath, { readonly: true });
    expect(store.sqlite.prepare('select count(*) as n from patients').get()).toEqual({ n: 1 });
    store.close();
  });

  it('refuses a missing database file from the command line in one line, with status 2', () => {
    const root = resolve(__dirname, '..', '..');
    const missing = join(tempDir(), 'none.db');
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const result = spawnSync(process.execPath, [tsx, join(root, 'src/main/browser/index.ts'), '--db', missing, '--port', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([`There is no database at ${missing}. Check the path, or add --create to make a new one.`]);
  });
});

describe('the token', () => {
  it('is required on every call: 401 with an envelope error without it or with a wrong one', async () => {
    const server = await serve();
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    const attempts: Array<Record<string, string>> = [{}, { 'x-milia-token': '' }, { 'x-milia-token': wrong }, { 'x-milia-token': 'short' }];
    for (const headers of attempts) {
      const reply = await send(server.port, '/api/app.status', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    // Nothing was done on behalf of the refused calls.
    const refusedWrite = await callApi(server, 'patients.create', zoe, { 'x-milia-token': wrong });
    expect(refusedWrite.status).toBe(401);
    expect(JSON.parse((await callApi(server, 'app.status', {})).body)).toMatchObject({ ok: true, value: { empty: true } });
  });
});

describe('the tab session', () => {
  it('is required on every call: 400 without an id of the right shape', async () => {
    const server = await serve();
    for (const session of ['', 'short', 'has spaces in it, sixteen+', 'x'.repeat(129)]) {
      const reply = await callApi(server, 'app.status', {}, { 'x-milia-session': session });
      expect(reply.status, session).toBe(400);
      expect(JSON.parse(reply.body)).toEqual({
        ok: false,
        error: { kind: 'validation', message: 'This call did not carry the id of its tab (x-milia-session). Reload the page.' },
      });
    }
  });

  it('signs each tab in on its own: another tab is refused until it signs in, with the plain sentences', async () => {
    const server = await serve();
    const other = { 'x-milia-session': 'tab-fedcba9876543210' };
    const refused = JSON.parse((await callApi(server, 'patients.create', zoe, other)).body);
    expect(refused).toEqual({ ok: false, error: { kind: 'unauthenticated', message: 'Sign in to continue.' } });
    expect(JSON.parse((await callApi(server, 'session.status', {}, other)).body)).toMatchObject({ ok: true, value: { user: null, setupNeeded: false } });
    const wrong = JSON.parse((await callApi(server, 'session.signIn', { username: 'okafor', password: 'not the password' }, other)).body);
    expect(wrong).toEqual({ ok: false, error: { kind: 'unauthenticated', message: 'The username or password is not right. Check them and try again.' } });
    expect(JSON.parse((await callApi(server, 'session.signIn', { username: 'okafor', password }, other)).body)).toMatchObject({
      ok: true,
      value: { user: { username: 'okafor', surface: 'browser' } },
    });
    expect(JSON.parse((await callApi(server, 'patients.create', zoe, other)).body)).toMatchObject({ ok: true });
    // Signing one tab out leaves the other signed in.
    await callApi(server, 'session.signOut', {}, other);
    expect(JSON.parse((await callApi(server, 'patients.search', { query: 'zoe' }, other)).body)).toMatchObject({ ok: false });
    expect(JSON.parse((await callApi(server, 'patients.search', { query: 'zoe' })).body)).toMatchObject({ ok: true, value: [{ givenName: 'Zoë' }] });
  });
});

describe('API calls', () => {
  it('answers a valid call with the envelope, as JSON that is never cached', async () => {
    const server = await serve();
    const status = await callApi(server, 'app.status', {});
    expect(status.status).toBe(200);
    expect(status.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(status.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(status.body)).toMatchObject({
      ok: true,
      value: {
        empty: true,
        databasePath: server.dbPath,
        actor: { username: 'okafor', role: 'dermatologist', clinicianId: server.clinicianId, surface: 'browser' },
      },
    });

    const created = JSON.parse((await callApi(server, 'patients.create', zoe)).body);
    expect(created).toMatchObject({ ok: true, value: { givenName: 'Zoë', familyName: 'Nguyễn-Ångström' } });
    const found = JSON.parse((await callApi(server, 'patients.search', { query: 'zoe nguyen' })).body);
    expect(found).toMatchObject({ ok: true, value: [{ id: created.value.id }] });
  });

  it('answers invalid input with status 200 and the validation envelope listing each field', async () => {
    const server = await serve();
    const reply = await callApi(server, 'patients.create', { ...zoe, dateOfBirth: 'last tuesday' });
    expect(reply.status).toBe(200);
    const envelope = JSON.parse(reply.body);
    expect(envelope).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(envelope.error.issues).toEqual([{ path: 'dateOfBirth', message: expect.any(String) }]);
  });

  it('answers an unknown call with 404, inherited names included', async () => {
    const server = await serve();
    for (const name of ['patients.delete', 'constructor', '__proto__', 'toString', '', 'app.status/x']) {
      const reply = await callApi(server, name, {});
      expect(reply.status, name).toBe(404);
      expect(JSON.parse(reply.body), name).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    }
  });

  it('takes POST only', async () => {
    const server = await serve();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const reply = await send(server.port, '/api/app.status', { method, headers: { 'x-milia-token': server.token } });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('POST');
    }
  });

  it('refuses a body that is too large, not JSON, or not sent as JSON', async () => {
    const server = await serve();
    const big = JSON.stringify({ query: 'x'.repeat(maxInputBytes) });
    expect((await callApi(server, 'patients.search', JSON.parse(big))).status).toBe(413);
    // Sent in chunks, without a declared length: refused once the limit is passed.
    const streamed = await send(server.port, '/api/patients.search', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-milia-token': server.token, 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(streamed.status).toBe(413);
    const headers = { 'x-milia-token': server.token };
    expect(
      (await send(server.port, '/api/app.status', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{nope' })).status,
    ).toBe(400);
    expect((await send(server.port, '/api/app.status', { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(
      415,
    );
  });
});

describe('static files', () => {
  it('serves index.html for / and files with their content type and the security headers', async () => {
    const { port } = await serve();
    const page = await send(port, '/?token=abc');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Milia Notes</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');

    const script = await send(port, '/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send(port, '/assets/missing.js')).status).toBe(404);
    expect((await send(port, '/assets')).status).toBe(404);
    expect((await send(port, '/index.html', { method: 'POST' })).status).toBe(405);
  });

  it('refuses every path that leaves the folder, encoded or not', async () => {
    const { port } = await serve();
    const attempts = [
      '/../package.json',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
      '//etc/passwd',
    ];
    for (const path of attempts) {
      const reply = await send(port, path);
      expect([400, 404], path).toContain(reply.status);
      expect(reply.body, path).not.toContain('SECRET-OUTSIDE');
      expect(reply.body, path).not.toContain('"name"');
    }
  });
});

/** A call's value over the API, failing the test when the call is refused. */
function apiValue(server: { port: number; token: string }) {
  return async (name: string, input: unknown) => {
    const reply = JSON.parse((await callApi(server, name, input)).body);
    expect(reply, name).toMatchObject({ ok: true });
    return reply.value;
  };
}

/** A patient with one extraction on 14 March 2025, over the API. */
async function treatedVisit(server: { port: number; token: string; clinicianId: number }) {
  const value = apiValue(server);
  const patient = await value('patients.create', zoe);
  const visit = await value('visits.save', {
    patientId: patient.id,
    date: '2025-03-14',
    clinicianId: server.clinicianId,
    presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
    treatments: [{ kind: 'extraction', site: 'cheek', side: 'left', performedBy: server.clinicianId, lesionsTreated: 3, anesthesia: 'none', consent: true }],
  });
  return { visit, value };
}

/** A treated visit and a handout printed for it. */
async function printedHandout(server: { port: number; token: string; clinicianId: number }) {
  const { visit, value } = await treatedVisit(server);
  const record = await value('handouts.create', { visitId: visit.id });
  const shown = await value('handouts.show', { ids: [record.id] });
  return { record, url: shown.url as string, value };
}

/** GET (or HEAD) as a binary body, for a kept file's bytes. */
function fetchBytes(
  port: number,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolveReply, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolveReply({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('handout PDFs', () => {
  it('serves a shown handout inline as its exact stored bytes, never cached, at an address without the token', async () => {
    const server = await serve();
    const { record, url } = await printedHandout(server);
    expect(url).toMatch(/^\/handouts\/[A-Za-z0-9_-]{32}\.pdf$/);
    const reply = await fetchBytes(server.port, url);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/pdf');
    expect(reply.headers['content-disposition']).toBe(`inline; filename="aftercare-handout-${record.id}.pdf"`);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(reply.bytes).digest('hex')).toBe(record.sha256);
    expect(reply.bytes.length).toBe(record.sizeBytes);
  });

  it('opens once: a second GET, a reload, gets the plain sentence to print again', async () => {
    const server = await serve();
    const { url } = await printedHandout(server);
    expect((await fetchBytes(server.port, url)).status).toBe(200);
    for (const again of [url, `${url}?token=${encodeURIComponent(server.token)}`]) {
      const reply = await fetchBytes(server.port, again);
      expect(reply.status, again).toBe(404);
      expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(reply.bytes.toString('utf8')).toBe(
        'This handout address has been used or is more than a minute old: each opens once. Print it again from the app.',
      );
    }
  });

  it('answers 404 for an unknown name, 400 for any other shape or a traversal, and GET only', async () => {
    const server = await serve();
    const { url } = await printedHandout(server);
    expect((await send(server.port, `/handouts/${'A'.repeat(32)}.pdf`)).status).toBe(404);
    for (const path of [
      '/handouts/../secret.txt',
      '/handouts/..%2f..%2fsecret.txt',
      '/handouts/%2e%2e/index.html',
      '/handouts/x.pdf',
      `${url}/..`,
      '/handouts/',
    ]) {
      const reply = await send(server.port, path);
      expect(reply.status, path).toBe(400);
      expect(reply.body, path).not.toContain('SECRET-OUTSIDE');
    }
    expect((await send(server.port, url, { method: 'POST' })).status).toBe(405);
    expect((await send(server.port, url, { headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it('puts several handouts in one PDF, each still its own stored record', async () => {
    const server = await serve();
    const { record, value } = await printedHandout(server);
    const again = await value('handouts.create', { visitId: record.visitId, largePrint: true });
    const shown = await value('handouts.show', { ids: [record.id, again.id] });
    const reply = await fetchBytes(server.port, shown.url);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-disposition']).toBe('inline; filename="aftercare-2-handouts.pdf"');
    expect(reply.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await value('handouts.list', { visitId: record.visitId })).toHaveLength(2);
  });
});

/** A statistics export of 2025 started over the API as the screen does, followed until it is done. */
async function exported(server: { port: number; token: string; clinicianId: number }, format: 'csv' | 'xlsx') {
  const value = apiValue(server);
  const { job } = await value('stats.export', { from: '2025-01-01', to: '2025-12-31', format });
  expect(job).toEqual(expect.any(String));
  const status = await pollUntil(
    async () => {
      const status = await value('stats.exportStatus', { job });
      if (status.state !== 'done') expect(status).toEqual({ state: 'running', done: expect.any(Number), total: expect.any(Number) });
      return status;
    },
    (status) => status.state === 'done',
    'the end of the export',
  );
  return status as { rows: number; fileName: string; size: number; savedTo: string | null; url: string };
}

describe('statistics exports', () => {
  it('offers a finished CSV export for download: its exact bytes, as an attachment under its name, never cached', async () => {
    const server = await serve();
    await treatedVisit(server);
    const done = await exported(server, 'csv');
    expect(done).toMatchObject({ rows: 1, fileName: 'milia-statistics-2025-01-01-to-2025-12-31.csv', savedTo: null });
    expect(done.url).toMatch(/^\/exports\/[A-Za-z0-9_-]{32}\.csv$/);

    // HEAD first: it describes the file without using up its one download.
    const head = await fetchBytes(server.port, done.url, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(done.size));
    expect(head.bytes.length).toBe(0);

    const reply = await fetchBytes(server.port, done.url);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(reply.headers['content-disposition']).toBe('attachment; filename="milia-statistics-2025-01-01-to-2025-12-31.csv"');
    expect(reply.headers['content-length']).toBe(String(done.size));
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.bytes.length).toBe(done.size);
    expect([...reply.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = reply.bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('visit_date,patient,clinician,kind,site,side,lesions_treated,procedure_code,kind_label,site_label,side_label,procedure_label');
    expect(lines[1]).toMatch(/^2025-03-14,[^,]+,Dr Ada Okafor,extraction,cheek,left,3,[^,]*,De-roofing and expression,Cheek,Left,/);
    expect(lines.slice(2)).toEqual(['']);
    // Pseudonyms only: the patient's name never leaves in an export.
    expect(reply.bytes.toString('utf8')).not.toMatch(/Zoë|Nguyễn/);
  });

  it('downloads once: a second GET gets the plain sentence to export again', async () => {
    const server = await serve();
    await treatedVisit(server);
    const { url } = await exported(server, 'csv');
    expect((await send(server.port, url)).body).toMatch(/^\uFEFFvisit_date,/u);
    const again = await send(server.port, url);
    expect(again.status).toBe(404);
    expect(again.body).toBe('This export address has been used or is more than a minute old: each downloads once. Export it again from the app.');
  });

  it('answers 404 for an unknown or forgotten export, 400 for any other shape or a traversal, and GET or HEAD only', async () => {
    const server = await serve();
    await treatedVisit(server);
    const { url } = await exported(server, 'csv');
    for (const path of [`/exports/${'A'.repeat(32)}.csv`, `/exports/${'A'.repeat(32)}.xlsx`, url.replace(/\.csv$/, '.xlsx')]) {
      const reply = await send(server.port, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).toBe('This export address has been used or is more than a minute old: each downloads once. Export it again from the app.');
    }
    for (const path of [
      '/exports/../x',
      '/exports/../secret.txt',
      '/exports/..%2f..%2fsecret.txt',
      '/exports/%2e%2e/index.html',
      '/exports/x.csv',
      url.replace(/\.csv$/, '.pdf'),
      `${url}/..`,
      '/exports/',
    ]) {
      const reply = await send(server.port, path);
      expect(reply.status, path).toBe(400);
      expect(reply.body, path).not.toContain('SECRET-OUTSIDE');
    }
    // A handout's route does not serve an export, nor the other way round.
    expect((await send(server.port, url.replace('/exports/', '/handouts/'))).status).toBe(400);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const reply = await send(server.port, url, { method });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('GET, HEAD');
    }
    expect((await send(server.port, url, { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await send(server.port, url)).status).toBe(200);
  });
});

describe('the Host and Origin guards', () => {
  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const server = await serve();
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `0.0.0.0:${server.port}`, `[::1]:${server.port}`]) {
      const page = await send(server.port, '/', { headers: { host } });
      expect(page.status, host).toBe(403);
      const call = await callApi(server, 'app.status', {}, { host });
      expect(call.status, host).toBe(403);
      expect(call.body).not.toContain('"ok":true');
    }
    expect((await send(server.port, '/', { headers: { host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('refuses a call from another origin, even with the token', async () => {
    const server = await serve();
    expect((await callApi(server, 'app.status', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await callApi(server, 'app.status', {}, { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });
});

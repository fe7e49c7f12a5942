/**
 * The browser mode's server against hostile requests, over real HTTP on raw sockets (so that
 * headers go out exactly as written, duplicated, and a body can be promised and held back):
 * one Host header only, no body read before the call is known to be allowed, and kept files
 * at one-use addresses that carry no token.
 */
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxInputBytes } from '@shared/api';
import { startBrowserServer, type BrowserServer } from '../../src/main/browser/server';
import { openStore } from '../../src/main/db/open';
import { parseInput } from '../../src/main/api/handlers';
import { composeApp } from '../../src/main/compose';
import { testActor, testPasswordCost, tempDir } from '../support/store';
import { setPracticeContact } from '../support/surface';

const running: BrowserServer[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.close();
  vi.useRealTimers();
});

const password = 'correct horse battery staple';
const tab = 'tab-0123456789abcdef';

/** A server over a database with one dermatologist, signed in on the tab `tab`. */
async function serve() {
  const dir = tempDir();
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Milia Notes</title>');
  const dbPath = join(dir, 'milia.db');
  const store = openStore(dbPath, { create: true });
  const { services } = composeApp(store, { version: 'test', passwordCost: testPasswordCost });
  const ada = await services.users.create(
    testActor,
    parseInput('users.create', { username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', password }),
  );
  await setPracticeContact(services, testActor);
  store.close();
  const server = await startBrowserServer({ dbPath, port: 0, staticDir, passwordCost: testPasswordCost });
  running.push(server);
  const host = `127.0.0.1:${server.port}`;
  expect((await exchange(server.port, apiRequest(host, server.token, 'session.signIn', { username: 'okafor', password }))).status).toBe(200);
  return { ...server, host, clinicianId: ada.clinician!.id };
}

/** An API call as the page sends it, as raw bytes. */
function apiRequest(host: string, token: string, name: string, input: unknown): string {
  const body = JSON.stringify(input);
  return [
    `POST /api/${name} HTTP/1.1`,
    `Host: ${host}`,
    'Content-Type: application/json',
    `X-Milia-Token: ${token}`,
    `X-Milia-Session: ${tab}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

interface Answer {
  status: number;
  head: string;
  body: Buffer;
}

function parseAnswer(raw: Buffer): Answer {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split).toString('latin1');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: raw.subarray(split + 4) };
}

/** Sends the bytes as they are and reads until the server closes the connection. */
function exchange(port: number, request: string): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    // Not ended: the server closes the connection once it has answered (Connection: close).
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolveAnswer(parseAnswer(Buffer.concat(chunks))));
  });
}

const declaredBody = 60 * 1024 * 1024;

interface HeldBack {
  answer: Answer;
  /** The server closed the connection without being sent the rest of the body. */
  closedByServer: boolean;
  /** How much more of the body the connection took before it failed (kernel buffers only). */
  bytesTakenAfter: number;
}

/**
 * Sends the head of a request declaring a 60 MB body, then a few bytes of it, and waits for
 * the answer without sending more. Then tries to push the rest, to measure what the server
 * still takes in: a server that reads the body to the end takes all 60 MB.
 */
function holdBackBody(port: number, head: string): Promise<HeldBack> {
  return new Promise((resolveHeld, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port }, () => socket.write(`${head}\r\nContent-Length: ${declaredBody}\r\n\r\n{"a":`));
    const chunks: Buffer[] = [];
    let closedByServer = false;
    let answered = false;
    socket.on('end', () => (closedByServer = true));
    socket.on('error', () => undefined);
    const pushRest = async (): Promise<number> => {
      // Give the server a moment to close the connection on its own.
      await new Promise((wait) => setTimeout(wait, 500));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let taken = 0;
      while (taken < declaredBody - 5 && !socket.destroyed && socket.writable) {
        const more = socket.write(chunk);
        taken += chunk.length;
        if (!more) {
          const drained = await Promise.race([
            new Promise<boolean>((done) => socket.once('drain', () => done(true))),
            new Promise<boolean>((done) => socket.once('close', () => done(false))),
            new Promise<boolean>((done) => setTimeout(() => done(false), 2000)),
          ]);
          if (!drained) break;
        }
      }
      return taken;
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(raw.subarray(0, Math.max(split, 0)).toString('latin1'))?.[1] ?? -1);
      if (answered || split < 0 || raw.length < split + 4 + length) return;
      answered = true;
      void pushRest().then((bytesTakenAfter) => {
        socket.destroy();
        resolveHeld({ answer: parseAnswer(raw), closedByServer, bytesTakenAfter });
      }, reject);
    });
    setTimeout(() => {
      if (!answered) {
        socket.destroy();
        reject(new Error('The server did not answer before the body was sent.'));
      }
    }, 5000);
  });
}

describe('one Host header', () => {
  it('refuses a request with two Host headers, ours first or second, in any spelling', async () => {
    const server = await serve();
    const ours = server.host;
    for (const [first, second] of [
      [ours, 'evil.example'],
      ['evil.example', ours],
      [ours, ours],
      [ours, `localhost:${server.port}`],
    ] as const) {
      for (const request of [
        `GET / HTTP/1.1\r\nHost: ${first}\r\nhost: ${second}\r\nConnection: close\r\n\r\n`,
        apiRequest(first, server.token, 'app.status', {}).replace('\r\n', `\r\nHOST: ${second}\r\n`),
      ]) {
        const answer = await exchange(server.port, request);
        expect(answer.status, `${first} then ${second}`).toBe(403);
        expect(answer.body.toString('utf8')).toBe('This server answers only to its own address.');
      }
    }
    // One, in either spelling, is served.
    expect((await exchange(server.port, `GET / HTTP/1.1\r\nhOsT: ${ours}\r\nConnection: close\r\n\r\n`)).status).toBe(200);
    expect((await exchange(server.port, apiRequest(ours, server.token, 'app.status', {}))).status).toBe(200);
  });

  it('refuses a request without a Host header', async () => {
    const server = await serve();
    expect((await exchange(server.port, 'GET / HTTP/1.0\r\n\r\n')).status).toBe(403);
  });
});

describe('no body is read before the call is known to be allowed', () => {
  it('answers an API call without the token 401 and closes the connection, never taking in its 60 MB body', async () => {
    const server = await serve();
    const held = await holdBackBody(server.port, `POST /api/patients.create HTTP/1.1\r\nHost: ${server.host}\r\nContent-Type: application/json`);
    expect(held.answer.status).toBe(401);
    expect(held.answer.head).toMatch(/^connection: close$/im);
    expect(JSON.parse(held.answer.body.toString('utf8'))).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'This call did not carry the token of this Milia Notes server. Open the address it printed.' },
    });
    expect(held.closedByServer).toBe(true);
    // At most what the two kernels' socket buffers hold, never the 60 MB.
    expect(held.bytesTakenAfter).toBeLessThan(8 * 1024 * 1024);
  });

  it('answers a call with the token but a declared length over the limit 413, before reading it, and closes', async () => {
    const server = await serve();
    const held = await holdBackBody(
      server.port,
      `POST /api/patients.search HTTP/1.1\r\nHost: ${server.host}\r\nContent-Type: application/json\r\nX-Milia-Token: ${server.token}\r\nX-Milia-Session: ${tab}`,
    );
    expect(held.answer.status).toBe(413);
    expect(JSON.parse(held.answer.body.toString('utf8'))).toEqual({
      ok: false,
      error: { kind: 'validation', message: 'The request is too large to be a Milia Notes call.' },
    });
    expect(held.closedByServer).toBe(true);
    expect(held.bytesTakenAfter).toBeLessThan(8 * 1024 * 1024);
    expect(declaredBody).toBeGreaterThan(maxInputBytes);
  });

  it('closes without reading a body sent to another host name, to a page, or to a kept file', async () => {
    const server = await serve();
    for (const [head, status] of [
      ['POST /api/app.status HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json', 403],
      [`GET / HTTP/1.1\r\nHost: ${server.host}`, 200],
      [`GET /handouts/${'A'.repeat(32)}.pdf HTTP/1.1\r\nHost: ${server.host}`, 404],
    ] as const) {
      const held = await holdBackBody(server.port, head);
      expect(held.answer.status, head).toBe(status);
      expect(held.closedByServer, head).toBe(true);
      expect(held.bytesTakenAfter, head).toBeLessThan(8 * 1024 * 1024);
    }
  });

  it('still reads an allowed call’s body in full and keeps the connection for the next', async () => {
    const server = await serve();
    const first = apiRequest(server.host, server.token, 'app.status', {}).replace('Connection: close\r\n', '');
    const answer = await exchange(server.port, first + apiRequest(server.host, server.token, 'app.status', {}));
    // Two answers on one connection: the first did not close it.
    expect(answer.status).toBe(200);
    expect(answer.body.toString('latin1').match(/HTTP\/1\.1 200/g)).toHaveLength(1);
  });
});

/** A handout printed over the API, as the page asks for it: the address comes back in the answer. */
async function shownHandout(server: Awaited<ReturnType<typeof serve>>): Promise<string> {
  const call = async (name: string, input: unknown) => {
    const answer = await exchange(server.port, apiRequest(server.host, server.token, name, input));
    const envelope = JSON.parse(answer.body.toString('utf8'));
    expect(envelope, name).toMatchObject({ ok: true });
    return envelope.value;
  };
  const patient = await call('patients.create', { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const visit = await call('visits.save', {
    patientId: patient.id,
    date: '2025-03-14',
    clinicianId: server.clinicianId,
    presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
    treatments: [{ kind: 'extraction', site: 'cheek', side: 'left', performedBy: server.clinicianId, lesionsTreated: 3, anesthesia: 'none', consent: true }],
  });
  const record = await call('handouts.create', { visitId: visit.id });
  return (await call('handouts.show', { ids: [record.id] })).url;
}

const get = (server: { port: number; host: string }, path: string) =>
  exchange(server.port, `GET ${path} HTTP/1.1\r\nHost: ${server.host}\r\nConnection: close\r\n\r\n`);

const handoutGone = 'This handout address has been used or is more than a minute old: each opens once. Print it again from the app.';

describe('kept files at one-use addresses', () => {
  it('gives an address with a 192-bit random name and no token, served once without it', async () => {
    const server = await serve();
    const url = await shownHandout(server);
    expect(url).toMatch(/^\/handouts\/[A-Za-z0-9_-]{32}\.pdf$/);
    expect(url).not.toContain(server.token);
    const first = await get(server, url);
    expect(first.status).toBe(200);
    expect(first.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const second = await get(server, url);
    expect(second.status).toBe(404);
    expect(second.body.toString('utf8')).toBe(handoutGone);
  });

  it('is gone a minute after it was made, unfetched', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const server = await serve();
    const url = await shownHandout(server);
    vi.setSystemTime(Date.now() + 60_000);
    const late = await get(server, url);
    expect(late.status).toBe(404);
    expect(late.body.toString('utf8')).toBe(handoutGone);
    const fresh = await shownHandout(server);
    vi.setSystemTime(Date.now() + 59_000);
    expect((await get(server, fresh)).status).toBe(200);
  });
});

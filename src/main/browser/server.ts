/**
 * The browser mode's server: the built renderer and the API over HTTP, on 127.0.0.1 only,
 * for working on the screens (and testing them) in an ordinary browser. Every call goes
 * through the same invoker as the desktop app's IPC; this file only adds HTTP and its
 * guards. Never part of the packaged app.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { api, maxInputBytes } from '@shared/api';
import { changesPath } from '@shared/changes';
import { AppError, type ApiError } from '@shared/errors';
import { createSessions } from '../api/sessions';
import { composeApp, type App } from '../compose';
import { passwords } from '../services/passwords';
import { passwordsAhead } from '../services/passwordsAhead';
import type { PasswordCost } from '../services/passwords';
import { startAutomaticBackups, type AutomaticBackups } from '../services/automaticBackups';
import type { RestoreHook } from '../services/backups';
import { openStore } from '../db/open';
import { isSqliteStore, type Store } from '../db/records';
import { contentSecurityPolicy, withFreshStyleNonce } from '../security';
import { appVersion } from '../version';
import { BodyTooLarge, hasOneHost, isOwnHost, isOwnOrigin, newToken, readBody, tokenMatches } from './guard';
import { beforeChecks, type BeforeChecks } from './beforeChecks';
import { changeFeed } from './changeFeed';
import { ExportStash } from './exports';
import { PdfStash } from './pdfs';
import type { FileStash } from './stash';
import { contentTypeOf, readStatic, resolveStatic } from './static';
import { startWorkers } from '../workers/pool';
import { runStartupChecks, sealAfterClose } from '../workers/startupChecks';

export interface BrowserServerOptions {
  /** The SQLite file; or, instead, */
  dbPath?: string;
  /**
   * the practice server (a PostgreSQL URL), migrated at start when this version is newer; its
   * integrity and backups are the server's own (pg_dump), not this process's.
   */
  serverUrl?: string;
  /** 0 picks a free port. */
  port: number;
  /** Create the database file when it does not exist; without it a missing file is refused. */
  create?: boolean;
  /** The secret callers must send; a random one per start when left out. */
  token?: string;
  /** The built renderer; out/renderer of this checkout when left out. */
  staticDir?: string;
  /** Where unexpected faults are reported. */
  onInternalError?(error: unknown): void;
  /**
   * Back up at start when the newest backup is a day old, and at close (as the desktop app
   * does). Off unless asked for, so that the tests start from an empty backup folder.
   */
  automaticBackups?: boolean;
  /** The Argon2id cost new passwords are hashed at; the production cost unless a test asks for a cheaper one. */
  passwordCost?: PasswordCost;
  /**
   * The start-up checks of an existing file (SQLite's quick check and the foreign keys, about
   * half a second at 20,000 patients) on the worker thread while the server starts, instead
   * of before opening, so that the page loads meanwhile: the file is opened for writing only
   * once they pass, every API call waiting until then, but the sign-in screen's state
   * (read-only, see beforeChecks.ts) and a sign-in's password check, which starts at once;
   * `checked` says how they ended, and a damaged file gets the waiting calls its refusal and
   * closes the server. Off: checked before opening, as every other surface.
   */
  checksOnWorker?: boolean;
}

export interface BrowserServer {
  /** The address to open, token included: `http://127.0.0.1:PORT/?token=TOKEN`. */
  url: string;
  port: number;
  token: string;
  /** Resolved when the start-up checks passed (or were made before opening) and the file is open; rejected with the refusal after closing the server. */
  checked: Promise<void>;
  close(): Promise<void>;
}

/**
 * This checkout, the first folder up with a package.json: the browser mode runs from the
 * sources or from their bundle (scripts/browser-bundle.mjs), never from a packaged app.
 */
function findProjectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
export const projectRoot = findProjectRoot();
const defaultStaticDir = join(projectRoot, 'out', 'renderer');
const host = '127.0.0.1';
const tokenHeader = 'x-milia-token';
/** The tab's session: a random id the page keeps for its tab (the token only says the call comes from a page this server gave). */
const sessionHeader = 'x-milia-session';
const sessionId = /^[A-Za-z0-9_-]{16,128}$/;

/** The page's policy as a header too: unlike the meta tag, it can forbid framing. */
const pageHeaders = {
  'content-security-policy': `${contentSecurityPolicy(false)}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * Writes the answer. One given before the request's body has been read (a refusal) closes
 * the connection instead of reading the rest: a 60 MB body sent without the token is never
 * taken in.
 */
function answer(response: ServerResponse, status: number, headers: Record<string, string | number>, body?: string | Buffer): void {
  const unread = !response.req.complete;
  response.writeHead(status, unread ? { ...headers, connection: 'close' } : headers);
  response.end(body);
  if (unread) response.once('finish', () => response.req.socket.destroy());
}

function send(response: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string | number>): void {
  answer(response, status, { ...pageHeaders, 'content-length': Buffer.byteLength(body), ...headers }, body);
}

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(response, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
}

/** A route to files a stash keeps, and the words for an address already used or too old. */
interface KeptRoute {
  stash: FileStash;
  disposition: 'inline' | 'attachment';
  gone: string;
}

const refusal = (kind: ApiError['kind'], message: string) => ({ ok: false, error: { kind, message } });

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  if ((options.dbPath === undefined) === (options.serverUrl === undefined))
    throw new Error('The browser mode works on a database file or on the practice server: give one.');
  const dbPath = options.dbPath ?? '';
  const token = options.token ?? newToken();
  const staticDir = resolve(options.staticDir ?? defaultStaticDir);
  // A new or empty file has nothing to check (openStore judges it); the copy made before a
  // migration is itself fully checked, so only a file opened as it is waits for the worker.
  const checksAfter = (options.checksOnWorker ?? false) && dbPath !== '' && existsSync(dbPath) && statSync(dbPath).size > 0;
  // One hashing for the server's life: a sign-in's password check starts before the checks pass.
  const hashing = passwordsAhead(passwords(options.passwordCost));
  // Read-only, a file of another program or of a newer version is still refused before listening;
  // meanwhile it shows the sign-in screen. Null once the checks ended.
  let early: BeforeChecks | null = checksAfter ? beforeChecks(dbPath, hashing) : null;
  const retireEarly = async (): Promise<void> => {
    const retiring = early;
    early = null;
    await retiring?.close();
  };
  // Opened (and bound) once the checks pass: even opening may write (a migration, the seal of
  // legacy audit rows, the planner's statistics), and nothing may write a damaged file.
  // The server's record layer (and its driver) loaded only for it: the single-file start needs neither.
  let store: Store | null = options.serverUrl
    ? await (await import('../db/records/pg')).openServerStore(options.serverUrl)
    : checksAfter
      ? null
      : openStore(dbPath, { create: options.create ?? false, startupChecks: true });
  const onInternalError = options.onInternalError ?? ((error: unknown) => console.error(error));
  const pdfs = new PdfStash();
  const feed = changeFeed();
  const downloads = new ExportStash();
  // Exports run on a worker thread: this server only passes messages.
  const workers = startWorkers();
  // The checks start with their threads, beside the server's own start rather than after it.
  const checking = checksAfter ? runStartupChecks(workers, dbPath) : null;
  // Heard once listening (below); a failure before then is not an unhandled one meanwhile.
  checking?.catch(() => undefined);
  // Set by bind(), below, and again after a restore.
  let services = null as App['services'] | null;
  let app!: App;
  let automatic = null as AutomaticBackups | null;
  // A restore closes the store, swaps the file and reopens it here: the browser mode carries on
  // with the restored database (the desktop app relaunches instead).
  const onRestore: RestoreHook = async (swap) => {
    automatic?.stop();
    // An export under way there still reads the file being replaced: it fails, and is started again after.
    await workers.close();
    store?.close();
    try {
      return await swap();
    } finally {
      store = openStore(dbPath);
      bind();
    }
  };
  function bind(): void {
    // While the person signs in: their first screen then waits for its reads alone.
    void store!.records.prepareAhead();
    feed.follow(store!);
    app = composeApp(store!, {
      version: appVersion(),
      shells: { pdf: pdfs, files: downloads, workers },
      backups: { onRestore },
      onInternalError,
      passwords: hashing,
    });
    ({ services } = app);
    // The practice server is backed up where it runs (pg_dump), not by each workstation.
    if (options.automaticBackups && isSqliteStore(store!)) automatic = startAutomaticBackups(services, { onError: onInternalError });
  }
  if (store) bind();
  // Null once the file is open, or the refusal every API call gets: the calls wait for it.
  let settle!: (failure: ApiError | null) => void;
  const opened = new Promise<ApiError | null>((resolveOpened) => (settle = resolveOpened));
  if (store) settle(null);
  /** The refusals sent to calls that waited, which must reach them before the server closes. */
  const refused = new Set<Promise<unknown>>();
  // Made once: a tab stays signed in across a restore (its user is checked against the restored record at its next call).
  const sessions = createSessions({ surface: 'browser', app: () => app, onInternalError });
  let port = 0;

  async function serveApi(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    if (request.method !== 'POST') return sendJson(response, 405, refusal('validation', 'API calls are made with POST.'), { allow: 'POST' });
    if (!tokenMatches(request.headers[tokenHeader], token)) {
      return sendJson(response, 401, refusal('forbidden', 'This call did not carry the token of this Milia Notes server. Open the address it printed.'));
    }
    if (!Object.hasOwn(api, name)) return sendJson(response, 404, refusal('not_found', `There is no API call named "${name}".`));
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) return sendJson(response, 415, refusal('validation', 'API calls send JSON (content-type: application/json).'));
    let body: string;
    try {
      body = await readBody(request, maxInputBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return sendJson(response, 413, refusal('validation', 'The request is too large to be a Milia Notes call.'));
      }
      throw error;
    }
    let input: unknown;
    try {
      input = body === '' ? {} : JSON.parse(body);
    } catch {
      return sendJson(response, 400, refusal('validation', 'The request body is not valid JSON.'));
    }
    const session = request.headers[sessionHeader];
    if (typeof session !== 'string' || !sessionId.test(session)) {
      return sendJson(response, 400, refusal('validation', 'This call did not carry the id of its tab (x-milia-session). Reload the page.'));
    }
    if (early && name === 'session.status') {
      const value = await early.status(input);
      if (value) return sendJson(response, 200, { ok: true, value });
    } else if (early && name === 'session.signIn') void early.signInAhead(input);
    const failure = await opened;
    if (failure) {
      refused.add(finished(response).catch(() => undefined));
      return sendJson(response, 503, { ok: false, error: failure });
    }
    sendJson(response, 200, await sessions.call(session, name as keyof typeof api, input));
  }

  /** The record's changes, streamed to a page of this server (changeFeed.ts): the token is the credential, as for a call. */
  function serveChanges(request: IncomingMessage, response: ServerResponse): void {
    if (request.method !== 'GET') return sendJson(response, 405, refusal('validation', 'The changes are read with GET.'), { allow: 'GET' });
    if (!tokenMatches(request.headers[tokenHeader], token)) {
      return sendJson(response, 401, refusal('forbidden', 'This request did not carry the token of this Milia Notes server. Open the address it printed.'));
    }
    feed.serve(response);
  }

  async function serveFile(request: IncomingMessage, response: ServerResponse, rawPath: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, 'Method not allowed', { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' });
    const lookup = resolveStatic(staticDir, rawPath);
    if (lookup.kind === 'refused') return send(response, 400, 'Bad path', { 'content-type': 'text/plain; charset=utf-8' });
    let bytes = await readStatic(lookup.path);
    if (bytes === null) return send(response, 404, 'Not found', { 'content-type': 'text/plain; charset=utf-8' });
    const headers: Record<string, string | number> = { ...pageHeaders };
    // The page gets a style nonce of its own on every load, in its meta tag and its header alike.
    if (lookup.path === join(staticDir, 'index.html')) {
      const fresh = withFreshStyleNonce(bytes.toString('utf8'));
      bytes = Buffer.from(fresh.page);
      headers['content-security-policy'] = `${contentSecurityPolicy(false, fresh.nonce)}; frame-ancestors 'none'`;
    }
    answer(
      response,
      200,
      { ...headers, 'content-type': contentTypeOf(lookup.path), 'content-length': bytes.length, 'cache-control': 'no-cache' },
      request.method === 'HEAD' ? undefined : bytes,
    );
  }

  /**
   * A file the stash keeps: a handout the renderer opens in a new tab, or an export it
   * downloads. Neither can send a header, and a token in the address would stay in the
   * browser's history: the page got this address from an API call that carried the token,
   * and its random name is the only credential, good for one GET within a minute.
   */
  function serveStashed(request: IncomingMessage, response: ServerResponse, rawPath: string, kept: KeptRoute): void {
    const text = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed', { ...text, allow: 'GET, HEAD' });
    // HEAD describes the file without using up its one fetch.
    const found = request.method === 'GET' ? kept.stash.take(rawPath) : kept.stash.lookup(rawPath);
    if (found.kind === 'refused') return send(response, 400, 'Bad path', text);
    if (found.kind === 'missing') return send(response, 404, kept.gone, text);
    // Not the page's headers: its policy forbids plugins, and the PDF viewer is one.
    answer(
      response,
      200,
      {
        'content-type': found.contentType,
        'content-disposition': `${kept.disposition}; filename="${found.fileName}"`,
        'content-length': found.bytes.length,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // No link in the file may pass its address on.
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
      },
      request.method === 'HEAD' ? undefined : found.bytes,
    );
  }

  const keptRoutes: KeptRoute[] = [
    {
      stash: pdfs,
      disposition: 'inline',
      gone: 'This handout address has been used or is more than a minute old: each opens once. Print it again from the app.',
    },
    {
      stash: downloads,
      disposition: 'attachment',
      gone: 'This export address has been used or is more than a minute old: each downloads once. Export it again from the app.',
    },
  ];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hasOneHost(request.rawHeaders) || !isOwnHost(request.headers.host, port) || !isOwnOrigin(request.headers.origin, port)) {
      return send(response, 403, 'This server answers only to its own address.', { 'content-type': 'text/plain; charset=utf-8' });
    }
    const [rawPath = '/'] = (request.url ?? '/').split('?', 1);
    if (rawPath === changesPath) return serveChanges(request, response);
    if (rawPath.startsWith('/api/')) return serveApi(request, response, rawPath.slice('/api/'.length));
    const kept = keptRoutes.find((route) => rawPath.startsWith(route.stash.prefix));
    if (kept) return serveStashed(request, response, rawPath, kept);
    return serveFile(request, response, rawPath);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      onInternalError(error);
      if (!response.headersSent)
        sendJson(response, 500, refusal('internal', 'Something went wrong and nothing was saved. Try again; if it happens again, tell IT.'));
      else response.destroy();
    });
  });
  try {
    server.listen(options.port, host);
    await once(server, 'listening');
  } catch (error) {
    automatic?.stop();
    await services?.backups.whenIdle();
    await workers.close();
    await retireEarly();
    store?.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolveClose) => {
      server.close(() => {
        // The exit backup (when automatic), or the end of a running one, before closing.
        const done = automatic ? automatic.atExit() : (services?.backups.whenIdle() ?? Promise.resolve());
        void done.finally(async () => {
          feed.close();
          await workers.close();
          await retireEarly();
          // A file left whole is checked again and sealed, so that its next start need not wait for the checks.
          const folded = store && isSqliteStore(store) ? store.closeFolded() : (store?.close(), false);
          if (folded) await sealAfterClose(workers, dbPath).catch(onInternalError);
          resolveClose();
        });
      });
      server.closeAllConnections();
    }));
  const closingRefusal: ApiError = { kind: 'storage', message: 'This Milia Notes server is closing.' };
  const checked = checking
    ? checking
        .then(async () => {
          const retired = retireEarly();
          if (closing) settle(closingRefusal);
          else {
            store = openStore(dbPath);
            bind();
            settle(null);
          }
          await retired;
        })
        .catch(async (error: unknown) => {
          await retireEarly();
          // The thread ended by a close is not a finding about the file.
          if (closing) return settle(closingRefusal);
          settle(
            error instanceof AppError
              ? error.toJSON()
              : {
                  kind: 'storage',
                  message: `The start-up checks of ${dbPath} could not be made (${error instanceof Error ? error.message : String(error)}). Nothing was changed.`,
                },
          );
          // The waiting calls take their refusal first (their turns come before this timer's).
          await new Promise(setImmediate);
          await Promise.all(refused);
          await close();
          throw error;
        })
    : Promise.resolve();
  return { url: `http://${host}:${port}/?token=${token}`, port, token, checked, close };
}

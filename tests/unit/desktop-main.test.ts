/**
 * The desktop main process started through its real entry (src/main/desktop/index.ts) with
 * only the `electron` module replaced: the window as it is created, the session's guards,
 * and the IPC handlers answering our own window's top frame and refusing every other sender.
 * The database is a real file in a temporary data folder.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiNames } from '@shared/apiNames';
import type { Envelope } from '@shared/errors';

type Listener = (...args: unknown[]) => unknown;
interface IpcEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: object | null } | null;
}

const electron = vi.hoisted(() => {
  const appListeners = new Map<string, Listener[]>();
  const handlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const windows: FakeWindow[] = [];
  const created: { options: Record<string, unknown>; id: number }[] = [];
  const session: Record<string, Listener> = {};
  const order: string[] = [];
  const schemes: { privileged: unknown[]; handlers: Map<string, (request: Request) => Promise<Response>> } = { privileged: [], handlers: new Map() };
  let nextId = 41;
  let userData = '';
  /** Whether the single-instance lock is held, and whether quit was called: what a quit under way shows. */
  const lock = { held: false };
  const quitting = { called: false };
  let quit: () => void = () => {};
  const quitted = new Promise<void>((resolve) => (quit = resolve));

  /** Enough of a WebContents for the guards: listeners and the window-open handler, kept. */
  class FakeContents {
    readonly id = nextId++;
    readonly listeners = new Map<string, Listener>();
    windowOpen: Listener | null = null;
    on(name: string, fn: Listener) {
      this.listeners.set(name, fn);
      return this;
    }
    setWindowOpenHandler(fn: Listener) {
      this.windowOpen = fn;
    }
    print() {}
  }
  class FakeWindow {
    readonly webContents = new FakeContents();
    readonly loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      created.push({ options, id: this.webContents.id });
      windows.push(this);
    }
    static getAllWindows() {
      return windows;
    }
    on() {
      return this;
    }
    once() {
      return this;
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    hidden = false;
    show() {}
    hide() {
      this.hidden = true;
    }
    destroy() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }
  const on = (name: string, fn: Listener) => {
    appListeners.set(name, [...(appListeners.get(name) ?? []), fn]);
  };
  return {
    state: { appListeners, handlers, created, windows, session, quitted, order, schemes, lock, quitting, setUserData: (dir: string) => (userData = dir) },
    FakeContents,
    app: {
      isPackaged: false,
      setName: () => {},
      setPath: (name: string, path: string) => {
        if (name === 'userData') userData = path;
      },
      getPath: (name: string) => (name === 'userData' ? userData : join(userData, name)),
      // Never the checkout: its .electron-native binding is built for Electron, not this Node.
      getAppPath: () => userData,
      getVersion: () => '0.1.0-desktop-test',
      requestSingleInstanceLock: () => (lock.held = true),
      releaseSingleInstanceLock: () => {
        lock.held = false;
      },
      whenReady: () => {
        order.push('whenReady');
        return Promise.resolve();
      },
      on,
      quit: () => {
        quitting.called = true;
        quit();
      },
      exit: (code: number) => {
        throw new Error(`app.exit(${code}) during the test`);
      },
      relaunch: () => {},
    },
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged: (custom: unknown[]) => {
        order.push('registerSchemesAsPrivileged');
        schemes.privileged.push(...custom);
      },
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => schemes.handlers.set(scheme, fn),
    },
    ipcMain: { handle: (name: string, fn: (event: unknown, input: unknown) => unknown) => handlers.set(name, fn) },
    // A computer without a keyring: the record stays this computer's file, and no password could be kept.
    safeStorage: {
      isAsyncEncryptionAvailable: async () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptStringAsync: async () => {
        throw new Error('no secret store during the test');
      },
      decryptStringAsync: async () => {
        throw new Error('no secret store during the test');
      },
    },
    dialog: {
      showErrorBox: (title: string, message: string) => {
        throw new Error(`error box during the test: ${title}: ${message}`);
      },
      showMessageBoxSync: () => 0,
      showSaveDialog: async () => ({ canceled: true }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (session.request = fn),
        setPermissionCheckHandler: (fn: Listener) => (session.check = fn),
        webRequest: { onHeadersReceived: (fn: Listener) => (session.headers = fn) },
      },
      fromPartition: () => ({ setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} }),
    },
  };
});
vi.mock('electron', () => electron);

const { state } = electron;
const root = join(__dirname, '..', '..');
/** The page the entry serves: the built page on the app scheme, whatever ELECTRON_RENDERER_URL says outside a development build. */
const appUrl = 'app://milia/index.html';
let dataDir = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'milia-desktop-'));
  vi.stubEnv('MILIA_USER_DATA', dataDir);
  // A production build started with the variable set (as a hostile shortcut would): it is ignored.
  vi.stubEnv('DEV', false);
  vi.stubEnv('ELECTRON_RENDERER_URL', 'https://evil.example/');
  await import('../../src/main/desktop/index');
  await vi.waitFor(() => expect(state.windows).toHaveLength(1), { timeout: 30_000 });
});

/** Quit as the app does: before-quit takes the exit backup, closes the store, then quits. */
const beforeQuit = () => {
  for (const fn of state.appListeners.get('before-quit') ?? []) fn({ preventDefault: () => {} });
};

afterAll(async () => {
  // A test that quit already leaves nothing to do here: the record is closed, so before-quit lets the quit go.
  beforeQuit();
  await state.quitted;
  for (const fn of state.appListeners.get('will-quit') ?? []) fn();
  rmSync(dataDir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

const own = () => state.windows[0]!.webContents.id;
const call = async (name: string, input: unknown, event: IpcEvent): Promise<Envelope<unknown>> => {
  const handler = state.handlers.get(name);
  if (!handler) throw new Error(`no IPC handler for ${name}`);
  return (await handler(event, input)) as Envelope<unknown>;
};
const fromOwnWindow = (): IpcEvent => ({ sender: { id: own() }, senderFrame: { url: appUrl, parent: null } });
const forbidden = { ok: false, error: { kind: 'forbidden', message: 'This call did not come from the Milia Notes window.' } };

describe('the desktop main process, started through its entry', () => {
  it('opens a real database in the data folder and shows the app page, whatever ELECTRON_RENDERER_URL says in a production build', () => {
    expect(existsSync(join(dataDir, 'milia-notes.db'))).toBe(true);
    expect(state.windows[0]!.loaded).toEqual([appUrl]);
  });

  it('creates the main window sandboxed and isolated, with the preload and nothing else of Node', () => {
    expect(state.created).toHaveLength(1);
    const prefs = state.created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: expect.any(String),
    });
    const preload = prefs.preload as string;
    expect(isAbsolute(preload)).toBe(true);
    expect(preload.endsWith(join('preload', 'index.js'))).toBe(true);
    expect(state.created[0]!.options).toMatchObject({ title: 'Milia Notes', show: false });
  });

  it('registers the app scheme as a standard, secure origin before the app is ready, bypassing nothing', () => {
    expect(state.order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(state.order.indexOf('whenReady'));
    expect(state.schemes.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    ]);
  });

  it('serves the app scheme from the renderer folder beside main and nothing above it', async () => {
    const handler = state.schemes.handlers.get('app')!;
    expect([...state.schemes.handlers.keys()]).toEqual(['app']);
    // Beside src/main here there is no built renderer: the page is simply not found.
    expect((await handler(new Request('app://milia/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://milia/..%2fdesktop%2findex.ts'))).status).toBe(403);
    expect((await handler(new Request('app://milia/index.html', { method: 'POST' }))).status).toBe(405);
  });

  it('grants no permission and sends the Content-Security-Policy of the built page', () => {
    let granted: boolean | undefined;
    state.session.request!(null, 'media', (allow: boolean) => (granted = allow));
    expect(granted).toBe(false);
    expect(state.session.check!(null, 'notifications')).toBe(false);
    let headers: Record<string, string[]> = {};
    const respond = (url: string) =>
      state.session.headers!(
        { url, responseHeaders: { 'X-Other': ['1'] } },
        (r: { responseHeaders?: Record<string, string[]> }) => (headers = r.responseHeaders ?? {}),
      );
    respond('https://elsewhere.example/');
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy']![0]).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
    // The app scheme's page carries its own, with the nonce of its load.
    respond(appUrl);
    expect(headers).toEqual({});
  });

  it('keeps every new web page on the app page, with no new window or webview', () => {
    const contents = new electron.FakeContents();
    for (const fn of state.appListeners.get('web-contents-created') ?? []) fn({}, contents);
    expect(contents.windowOpen!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const navigate = (url: string) => {
      let prevented = false;
      contents.listeners.get('will-navigate')!({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate(`${appUrl}#/patients/1`)).toBe(false);
    let attached = false;
    contents.listeners.get('will-attach-webview')!({ preventDefault: () => (attached = true) });
    expect(attached).toBe(true);
  });

  it("answers our own window's session: nothing but the first run and sign-in until someone is signed in", async () => {
    const signIn = 'Sign in to continue.';
    expect(await call('patients.search', { query: 'Okafor' }, fromOwnWindow())).toEqual({ ok: false, error: { kind: 'unauthenticated', message: signIn } });
    const password = 'correct horse battery staple';
    const setup = await call(
      'practice.setup',
      { practice: { practiceName: 'Riverside Dermatology', phone: '020 7946 0000' }, admin: { username: 'sam', name: 'Sam Adeyemi', password } },
      fromOwnWindow(),
    );
    expect(setup).toMatchObject({ ok: true, value: { setupNeeded: false, user: { username: 'sam', role: 'admin', surface: 'desktop' } } });
    const user = { username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', password };
    expect(await call('users.create', user, fromOwnWindow())).toMatchObject({ ok: true });
    // Switching user: the dermatologist signs in on the same window, as the later tests need.
    expect(await call('session.signIn', { username: 'okafor', password }, fromOwnWindow())).toMatchObject({
      ok: true,
      value: { user: { username: 'okafor', role: 'dermatologist' } },
    });
  });

  it('serves every API call over IPC, and answers our own window', async () => {
    expect([...state.handlers.keys()].sort()).toEqual([...apiNames].sort());
    const status = await call('app.status', {}, fromOwnWindow());
    expect(status).toMatchObject({ ok: true, value: { version: '0.1.0-desktop-test', databasePath: join(dataDir, 'milia-notes.db') } });
    const created = await call('patients.create', { givenName: 'Zoë', familyName: 'Okafor', dateOfBirth: '1990-02-03', sex: 'female' }, fromOwnWindow());
    expect(created.ok).toBe(true);
  });

  it.each<[string, (ownId: number) => IpcEvent]>([
    ['another window', (id) => ({ sender: { id: id + 100 }, senderFrame: { url: appUrl, parent: null } })],
    ['a subframe of our window', (id) => ({ sender: { id }, senderFrame: { url: appUrl, parent: {} } })],
    ['our window showing another site', (id) => ({ sender: { id }, senderFrame: { url: 'https://evil.example/', parent: null } })],
    [
      'our window showing a file',
      (id) => ({ sender: { id }, senderFrame: { url: pathToFileURL(join(root, 'out', 'renderer', 'index.html')).href, parent: null } }),
    ],
    ['our window showing another page of the app scheme', (id) => ({ sender: { id }, senderFrame: { url: 'app://milia/other.html', parent: null } })],
    ['a frame already gone', (id) => ({ sender: { id }, senderFrame: null })],
  ])('refuses a call from %s with the forbidden envelope, changing nothing', async (_who, event) => {
    const search = async () => call('patients.search', { query: 'Nkemelu' }, fromOwnWindow());
    const before = await search();
    expect(before.ok).toBe(true);
    const input = { givenName: 'Ifeoma', familyName: 'Nkemelu', dateOfBirth: '1980-01-01', sex: 'female' };
    expect(await call('patients.create', input, event(own()))).toEqual(forbidden);
    expect(await call('app.status', {}, event(own()))).toEqual(forbidden);
    expect(await search()).toEqual(before);
  });

  // Last: it closes the record.
  it('on quitting, hides the window and gives up the single-instance lock at once, so that a launch meanwhile starts, then quits once the record is closed', async () => {
    expect(state.lock.held).toBe(true);
    beforeQuit();
    expect(state.windows.map((w) => w.hidden)).toEqual([true]);
    expect(state.lock.held).toBe(false);
    expect(state.quitting.called).toBe(false);
    await state.quitted;
    expect(existsSync(join(dataDir, 'milia-notes.db-wal'))).toBe(false);
  });
});

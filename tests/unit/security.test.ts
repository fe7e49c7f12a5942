/**
 * The desktop window's security decisions, without Electron: the pure rules, and the
 * preload and window modules run against a stand-in for the electron module.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { allowPermission, appUrlFor, contentSecurityPolicy, denyWindowOpen, isAppUrl, isTrustedSender, policyHeaderFor } from '../../src/main/security';
import { apiNames, bridgeKey, changesBridgeKey, changesChannel, reachabilityChannel } from '@shared/apiNames';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (name: string, input: unknown) => ({ ok: true, value: { name, input } })),
    send: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
  BrowserWindow: class {
    static made: Record<string, unknown>[] = [];
    constructor(options: Record<string, unknown>) {
      electron.BrowserWindow.made.push(options);
    }
    once() {}
    loadURL() {
      return Promise.resolve();
    }
  },
}));
vi.mock('electron', () => electron);

const builtApp = appUrlFor({ development: false });
const devApp = 'http://localhost:5173/';

describe('the app URL', () => {
  it('is the built page on the app scheme, never a file', () => {
    expect(builtApp).toBe('app://milia/index.html');
  });

  it('is the dev server only in a development build', () => {
    expect(appUrlFor({ devServerUrl: devApp, development: true })).toBe(devApp);
    expect(appUrlFor({ devServerUrl: 'https://evil.example/', development: false })).toBe(builtApp);
    expect(appUrlFor({ development: true })).toBe(builtApp);
  });
});

describe('navigation', () => {
  it('is allowed to the app page itself', () => {
    expect(isAppUrl(builtApp, builtApp)).toBe(true);
    expect(isAppUrl(`${builtApp}#/patients/3`, builtApp)).toBe(true);
    expect(isAppUrl('app://milia/', builtApp)).toBe(true);
    expect(isAppUrl(`${devApp}patients?x=1`, devApp)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://example.com/index.html',
    'http://localhost:5174/',
    'https://localhost:5173/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    pathToFileURL(join('/opt', 'milia', 'out', 'renderer', 'index.html')).href,
    'app://milia/other.html',
    'app://milia/assets/index.js',
    'app://other/index.html',
    'app://user@milia/index.html',
    'app://milia:8080/index.html',
    'apps://milia/index.html',
    'file://remote-host/opt/milia/out/renderer/index.html',
    'mailto:someone@example.com',
    'about:blank',
    'not a url',
    '',
  ])('is refused to %s', (target) => {
    expect(isAppUrl(target, builtApp)).toBe(false);
    if (!target.startsWith('http://localhost:5173')) expect(isAppUrl(target, devApp)).toBe(false);
  });

  it('is refused when the app URL itself is not a page', () => {
    expect(isAppUrl('about:blank', 'about:blank')).toBe(false);
    expect(isAppUrl('x', 'not a url')).toBe(false);
  });
});

describe('windows, permissions and callers', () => {
  it('never opens a new window', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])('denies the %s permission', (permission) => {
    expect(allowPermission(permission)).toBe(false);
  });

  it('serves the API only to our window top frame on our page', () => {
    const app = { webContentsId: 7, appUrl: builtApp };
    expect(isTrustedSender({ webContentsId: 7, frameUrl: builtApp, topFrame: true }, app)).toBe(true);
    expect(isTrustedSender({ webContentsId: 8, frameUrl: builtApp, topFrame: true }, app)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: builtApp, topFrame: false }, app)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: null, topFrame: true }, app)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'https://example.com/', topFrame: true }, app)).toBe(false);
  });
});

describe('the Content-Security-Policy', () => {
  const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('lets the built page run only its own scripts and styles', () => {
    const built = directives(contentSecurityPolicy(false));
    expect(built.get('default-src')).toEqual(["'none'"]);
    expect(built.get('script-src')).toEqual(["'self'"]);
    expect(built.get('style-src')).toEqual(["'self'"]);
    expect(built.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy(false)).not.toMatch(/unsafe|\*|ws:|http/);
  });

  it('loosens only what the dev server needs', () => {
    const dev = directives(contentSecurityPolicy(true));
    expect(dev.get('script-src')).toContain("'unsafe-inline'");
    expect(dev.get('connect-src')).toContain('ws://localhost:*');
    expect(contentSecurityPolicy(true)).not.toMatch(/unsafe-eval/);
  });
});

describe('the preload', () => {
  beforeEach(() => vi.resetModules());

  /** What the preload exposed under each key. */
  const exposed = () => new Map(electron.contextBridge.exposeInMainWorld.mock.calls as Array<[string, Record<string, unknown>]>);

  it('exposes one function per API entry under the bridge key, the changes under theirs, and no IPC object', async () => {
    electron.contextBridge.exposeInMainWorld.mockClear();
    await import('../../src/preload/index');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(2);
    const bridges = exposed();
    expect([...bridges.keys()]).toEqual([bridgeKey, changesBridgeKey]);
    const client = bridges.get(bridgeKey)!;
    expect(Object.keys(client).sort()).toEqual([...apiNames].sort());
    expect(Object.keys(bridges.get(changesBridgeKey)!).sort()).toEqual(['reachability', 'subscribe']);
    for (const value of [...Object.values(client), ...Object.values(bridges.get(changesBridgeKey)!)]) {
      expect(typeof value).toBe('function');
      expect([electron.ipcRenderer, electron.ipcRenderer.invoke, electron.ipcRenderer.send, electron.ipcRenderer.on]).not.toContain(value);
    }
  });

  it('passes on only the changes and the reachability the main process sends on their channels, and stops when unsubscribed', async () => {
    electron.contextBridge.exposeInMainWorld.mockClear();
    electron.ipcRenderer.on.mockClear();
    await import('../../src/preload/index');
    const changes = exposed().get(changesBridgeKey) as {
      subscribe(listener: (topics: readonly string[]) => void): () => void;
      reachability(listener: (reachable: boolean) => void): () => void;
    };
    const topics: Array<readonly string[]> = [];
    const reach: boolean[] = [];
    const stop = changes.subscribe((t) => topics.push(t));
    changes.reachability((r) => reach.push(r));
    const handlers = new Map(electron.ipcRenderer.on.mock.calls as Array<[string, (event: unknown, payload: unknown) => void]>);
    expect([...handlers.keys()]).toEqual([changesChannel, reachabilityChannel]);
    handlers.get(changesChannel)!({}, ['visits']);
    handlers.get(reachabilityChannel)!({}, false);
    handlers.get(reachabilityChannel)!({}, 'not a flag');
    expect(topics).toEqual([['visits']]);
    expect(reach).toEqual([false]);
    stop();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(changesChannel, handlers.get(changesChannel));
  });

  it('sends a call by its name and returns the envelope', async () => {
    electron.contextBridge.exposeInMainWorld.mockClear();
    await import('../../src/preload/index');
    const client = exposed().get(bridgeKey) as Record<string, (input: unknown) => Promise<unknown>>;
    await expect(client['patients.get']!({ id: 3 })).resolves.toEqual({ ok: true, value: { name: 'patients.get', input: { id: 3 } } });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('patients.get', { id: 3 });
  });

  it('imports nothing but electron and the shared contract', () => {
    const source = readFileSync(join(__dirname, '..', '..', 'src', 'preload', 'index.ts'), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['@shared/api', '@shared/apiNames', 'electron']);
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});

describe('the window', () => {
  it('isolates and sandboxes the renderer without Node, and loads the app page', async () => {
    const { createMainWindow } = await import('../../src/main/desktop/window');
    createMainWindow(builtApp);
    const prefs = electron.BrowserWindow.made.at(-1)!.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('blocks navigation and redirects away from the app, new windows and webviews', async () => {
    const { guardWebContents } = await import('../../src/main/desktop/window');
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    guardWebContents(contents as unknown as WebContents, builtApp);
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (details: { url: string }) => unknown;
    expect(openHandler({ url: builtApp })).toEqual({ action: 'deny' });
    const attempt = (event: string, url: string) => {
      const preventDefault = vi.fn();
      contents.emit(event, { url, preventDefault });
      return preventDefault.mock.calls.length > 0;
    };
    expect(attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-navigate', builtApp)).toBe(false);
    expect(attempt('will-attach-webview', builtApp)).toBe(true);
  });

  it("denies every permission request and check, and sends the policy with every response but the app scheme's own", async () => {
    const { guardSession } = await import('../../src/main/desktop/window');
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((contents: unknown, permission: string) => boolean) | undefined;
    let headers: ((details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: unknown) => void) => void) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
      webRequest: { onHeadersReceived: (handler: typeof headers) => (headers = handler) },
    };
    guardSession(session as unknown as Session, false);
    const granted = vi.fn();
    request!(null, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(check!(null, 'clipboard-read')).toBe(false);
    const respond = vi.fn();
    headers!({ url: 'http://localhost:5173/', responseHeaders: { 'X-Other': ['1'] } }, respond);
    expect(respond).toHaveBeenLastCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy(false)] } });
    // The page's own header names the nonce of its load: replacing it would refuse its styles.
    headers!({ url: builtApp, responseHeaders: { 'Content-Security-Policy': ['style-src nonce-x'] } }, respond);
    expect(respond).toHaveBeenLastCalledWith({});
  });

  it('leaves the app scheme its own policy and gives everything else the strict or the dev one', () => {
    expect(policyHeaderFor('app://milia/index.html', false)).toBeNull();
    expect(policyHeaderFor('https://example.com/', false)).toBe(contentSecurityPolicy(false));
    expect(policyHeaderFor('http://localhost:5173/', true)).toBe(contentSecurityPolicy(true));
    expect(policyHeaderFor('not a url', false)).toBe(contentSecurityPolicy(false));
  });
});

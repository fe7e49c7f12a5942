/**
 * The main window and the guards every web page of the app gets: a sandboxed, isolated
 * renderer that can reach the data only through the preload's API, cannot open windows,
 * cannot navigate away from the app's page and is granted no permission.
 */
import { join } from 'node:path';
import { BrowserWindow, dialog, type Session, type WebContents } from 'electron';
import { appName } from '../paths';
import { allowPermission, denyWindowOpen, isAppUrl, policyHeaderFor } from '../security';

/** Keeps a page on the app's own URL and away from new windows and embedded webviews. */
export function guardWebContents(contents: WebContents, appUrl: string): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The visit editor's beforeunload guard would otherwise silently keep the window open.
  contents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync({
      type: 'warning',
      buttons: ['Stay', 'Leave without saving'],
      defaultId: 0,
      cancelId: 0,
      title: 'Unsaved changes',
      message: 'This visit has changes that are not saved.',
      detail: 'Stay to save them, or leave and lose them.',
    });
    if (choice === 1) event.preventDefault();
  });
}

/**
 * No permission is granted, and every response carries the renderer's policy: the app
 * scheme's page carries its own, with the nonce of its load; anything else gets it added.
 */
export function guardSession(session: Session, dev: boolean): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(allowPermission(permission)));
  session.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));
  session.webRequest.onHeadersReceived((details, callback) => {
    const policy = policyHeaderFor(details.url, dev);
    callback(policy === null ? {} : { responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

export function createMainWindow(appUrl: string): BrowserWindow {
  const window = new BrowserWindow({
    title: appName,
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    // Written out at the call, so that a reader (and electronegativity) sees every setting.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A middle click would ask for a new window, which is refused anyway.
      disableBlinkFeatures: 'Auxclick',
      preload: join(__dirname, '..', 'preload', 'index.js'),
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  return window;
}

/// <reference types="electron-vite/node" />
/**
 * The desktop app: opens (or creates) the database, or connects to the practice server when
 * Settings → Record says so, serves every API entry over IPC to our own window only, and shows
 * the window. A database it cannot open is reported and left untouched.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { apiNames } from '@shared/api';
import { changesChannel, reachabilityChannel } from '@shared/apiNames';
import { AppError, type Envelope } from '@shared/errors';
import { backupFolderFor, databaseExpected, markDatabaseExpected, newestGoodBackup } from '../backups/backup';
import { restoreDatabase } from '../backups/restore';
import { createSessions, type Sessions } from '../api/sessions';
import { composeApp } from '../compose';
import { startAutomaticBackups } from '../services/automaticBackups';
import type { RestoreHook } from '../services/backups';
import { storageFault, storageFaultMessage } from '../db/faults';
import { openStore, type SqliteStore, type Store } from '../db/open';
import { isSqliteStore } from '../db/records';
import { shownUrl } from '../db/pg/url';
import { appName, defaultDatabasePath, userDataFolder } from '../paths';
import { restrictNewFiles } from '../files/modes';
import { tightenAtStart } from '../backups/tighten';
import { registerAppScheme, serveAppScheme } from './appProtocol';
import { createPdfPreview } from './pdfPreview';
import { appUrlFor, isTrustedSender } from '../security';
import { createSaveDialog } from './saveDialog';
import { recordFileName, recordSettings } from './recordSettings';
import { createMainWindow, guardSession, guardWebContents } from './window';
import { startWorkers, type Workers } from '../workers/pool';
import { runStartupChecks, sealAfterClose } from '../workers/startupChecks';

/**
 * electron-vite's dev server (it sets ELECTRON_RENDERER_URL) only in a development build:
 * `import.meta.env.DEV` is fixed when the bundle is built, so a production build, packaged or
 * started by `npm start`, never reads the variable; not packaged is a second guard.
 */
const development = import.meta.env.DEV && !app.isPackaged;
const appUrl = appUrlFor({ devServerUrl: development ? process.env.ELECTRON_RENDERER_URL : undefined, development });

/** better-sqlite3 built for Electron's ABI by `npm start`; the one in node_modules is Node's. */
function electronNativeBinding(): string | undefined {
  const file = join(app.getAppPath(), '.electron-native', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}

function openFailureMessage(error: unknown, path: string): string {
  if (error instanceof AppError) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|was compiled against a different/.test(text)) {
    return 'The database engine was built for another version of Electron. Start Milia Notes with "npm start", which rebuilds it.';
  }
  const fault = storageFault(error);
  if (fault) return storageFaultMessage(fault, path);
  return `Milia Notes could not open its database at ${path}: ${text}`;
}

/**
 * Opens the database with the start-up checks. A damaged or missing database (one the app
 * has run on before) stops the start with a plain message and the offer to restore the
 * newest backup that passes a full check now; it is never replaced by an empty one.
 */
async function openDatabase(workers: Workers): Promise<SqliteStore | null> {
  const path = defaultDatabasePath();
  const open = (checked = false) =>
    openStore(path, { create: true, expected: databaseExpected(path), startupChecks: !checked, nativeBinding: electronNativeBinding() });
  try {
    mkdirSync(dirname(path), { recursive: true });
    tightenAtStart(path, (sentence) => void dialog.showMessageBox({ type: 'info', title: appName, message: sentence }), {
      nativeBinding: electronNativeBinding(),
    });
    // The checks of a file that holds something (half a second on a large record) run on
    // worker threads; a missing or empty one is judged by openStore itself.
    const checked = existsSync(path) && statSync(path).size > 0;
    if (checked) await runStartupChecks(workers, path);
    const store = open(checked);
    markDatabaseExpected(path);
    return store;
  } catch (error) {
    const message = openFailureMessage(error, path);
    const good = error instanceof AppError && error.kind === 'damaged' ? newestGoodBackup(backupFolderFor(path)) : null;
    if (!good) {
      dialog.showErrorBox(`${appName} cannot start`, message);
      return null;
    }
    const choice = dialog.showMessageBoxSync({
      type: 'error',
      title: `${appName} cannot start`,
      message,
      detail: `The newest good backup is from ${new Date(good.at).toLocaleString()} (${good.summary.counts.patients} patients, ${good.summary.counts.visits} visits, newest visit ${good.summary.newestVisit ?? 'none'}). Restoring it keeps a copy of the current file.`,
      buttons: ['Restore this backup', 'Quit'],
      defaultId: 1,
      cancelId: 1,
    });
    if (choice !== 0) return null;
    try {
      await restoreDatabase(path, good.file);
      return open();
    } catch (restoreError) {
      dialog.showErrorBox(`${appName} cannot start`, openFailureMessage(restoreError, path));
      return null;
    }
  }
}

/** Every API call over IPC, from our own window's top frame only, as the window's session (one per window: its web contents). */
function serveApi(sessions: Sessions, window: () => BrowserWindow | null): void {
  const refused: Envelope<never> = { ok: false, error: { kind: 'forbidden', message: 'This call did not come from the Milia Notes window.' } };
  for (const name of apiNames) {
    ipcMain.handle(name, (event, input: unknown) => {
      const frame = event.senderFrame;
      const own = window();
      const trusted =
        own !== null &&
        isTrustedSender(
          { webContentsId: event.sender.id, frameUrl: frame?.url ?? null, topFrame: frame?.parent === null },
          { webContentsId: own.webContents.id, appUrl },
        );
      return trusted ? sessions.call(String(event.sender.id), name, input) : refused;
    });
  }
}

/** The way back when the practice server cannot be used at start: the app is not open, so Settings → Record is out of reach. */
const backToThisComputer = `An administrator who decides this computer should use its own record instead deletes ${join(userDataFolder(), recordFileName)} and starts ${appName} again.`;

/**
 * Connects to the practice server Settings → Record names (migrating its database when this
 * version is newer). One that cannot be reached is said in a sentence, with the choice to try
 * again; this computer's file is never opened in its place, so nobody documents into the wrong
 * record unawares.
 */
async function openServer(url: string): Promise<Store | null> {
  for (;;) {
    try {
      // The server's record layer and its driver loaded only for it.
      return await (await import('../db/records/pg')).openServerStore(url);
    } catch (error) {
      const fault = storageFault(error);
      const message = error instanceof AppError ? error.message : fault ? storageFaultMessage(fault) : `${shownUrl(url)} could not be opened.`;
      const choice = dialog.showMessageBoxSync({
        type: 'error',
        title: `${appName} cannot reach the practice server`,
        message,
        detail: `The practice server is ${shownUrl(url)}. ${backToThisComputer}`,
        buttons: ['Try again', 'Quit'],
        defaultId: 0,
        cancelId: 1,
      });
      if (choice !== 0) return null;
    }
  }
}

/** The record Settings → Record names: the practice server, or this computer's file. */
async function openRecord(workers: Workers, startUrl: () => Promise<string | null>): Promise<Store | null> {
  let url: string | null;
  try {
    url = await startUrl();
  } catch (error) {
    dialog.showErrorBox(`${appName} cannot start`, `${error instanceof AppError ? error.message : String(error)}\n\n${backToThisComputer}`);
    return null;
  }
  return url === null ? openDatabase(workers) : openServer(url);
}

async function start(): Promise<void> {
  let window: BrowserWindow | null = null;
  // Heavy work (start-up checks, exports, handouts, backups) runs on a worker thread with its
  // own connection: this process only passes messages.
  const workers = startWorkers({ nativeBinding: electronNativeBinding() });
  const record = recordSettings(userDataFolder(), safeStorage);
  const store = await openRecord(workers, record.startUrl);
  if (!store) {
    await workers.close();
    app.exit(1);
    return;
  }
  const closeStore = (): void => {
    void workers.close();
    if (store.isOpen()) store.close();
  };
  // Quitting leaves a file checked again and sealed, so that the next start need not wait for the checks.
  const closeAndSeal = async (): Promise<void> => {
    await workers.close();
    const folded = store.isOpen() && isSqliteStore(store) ? store.closeFolded() : (closeStore(), false);
    if (folded) await sealAfterClose(workers, store.path).catch(onError);
  };
  // A restore closes the store, swaps the file, then relaunches the app on the restored one,
  // a moment after answering so that the window can say so. A failed swap relaunches too, on
  // the database as it was.
  const onRestore: RestoreHook = async (swap) => {
    automatic.stop();
    closeStore();
    try {
      return await swap();
    } finally {
      setTimeout(() => {
        app.relaunch();
        app.exit(0);
      }, 1500);
    }
  };
  // "Restart now" in Settings → Record: quitting as usual (the exit backup is taken), a moment
  // after answering so that the window can say so, then starting again on what is kept.
  const restartSoon = (): void => {
    setTimeout(() => {
      app.relaunch();
      app.quit();
    }, 1500);
  };
  const onError = (error: unknown) => console.error(error);
  const milia = composeApp(store, {
    version: app.getVersion(),
    shells: { pdf: createPdfPreview(onError), files: createSaveDialog(() => window, store.path), workers, record: { ...record.shell, restart: restartSoon } },
    backups: { onRestore },
    onInternalError: onError,
  });
  const { services } = milia;
  // While the person signs in: their first screen then waits for its reads alone.
  void store.records.prepareAhead();
  // Automatic backups act as the app itself (a system actor), whoever is signed in; the practice
  // server's are its own (pg_dump on the server).
  const automatic = isSqliteStore(store) ? startAutomaticBackups(services) : { stop: () => undefined, atExit: () => Promise.resolve() };
  // Quitting waits for the exit backup (a few seconds at most for a large record).
  let exitBackup: Promise<void> | null = null;
  let backedUp = false;
  app.on('before-quit', (event) => {
    if (backedUp || !store.isOpen()) return;
    event.preventDefault();
    if (!exitBackup) {
      // Quit means gone for the person: no window left to type into while the record closes.
      for (const shown of BrowserWindow.getAllWindows()) shown.hide();
      // The backup and the seal take seconds on a large record; a launch meanwhile starts as
      // usual (the file takes a second process, as it does the command line) instead of
      // meeting this instance's lock and quitting unseen.
      app.releaseSingleInstanceLock();
    }
    exitBackup ??= automatic
      .atExit()
      .finally(async () => {
        backedUp = true;
        await closeAndSeal();
      })
      .finally(() => app.quit());
  });
  app.on('will-quit', closeStore);
  guardSession(session.defaultSession, appUrl.startsWith('http'));
  serveAppScheme(join(__dirname, '..', 'renderer'));
  const sessions = createSessions({ surface: 'desktop', app: () => milia, onInternalError: onError });
  serveApi(sessions, () => window);
  // The record's changes to the window, which reads again what they alter (only the kinds of record travel).
  store.onChange((topics) => {
    if (window && !window.isDestroyed()) window.webContents.send(changesChannel, topics);
  });
  // Whether the practice server answers, to the window's banner (again to a page loaded while it is away).
  let reachable = true;
  store.onReachability?.((now) => {
    reachable = now;
    if (window && !window.isDestroyed()) window.webContents.send(reachabilityChannel, now);
  });
  const show = (): void => {
    const shown = createMainWindow(appUrl);
    const sessionId = String(shown.webContents.id);
    window = shown;
    shown.webContents.on('did-finish-load', () => {
      if (!reachable) shown.webContents.send(reachabilityChannel, false);
    });
    shown.on('closed', () => {
      window = null;
      // Not once quitting has closed the record.
      if (store.isOpen()) void sessions.end(sessionId, 'the window was closed').catch(onError);
    });
  };
  show();
  app.on('second-instance', () => {
    if (!window) return show();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) show();
  });
}

// Everything this process creates is this account's only (see files/modes.ts).
restrictNewFiles();
app.setName(appName);
registerAppScheme();
// The same folder the command line uses (paths.ts), whatever Electron would derive.
app.setPath('userData', userDataFolder());
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appUrl));
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// One instance per user: a second launch focuses the open window instead.
if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start);

/**
 * The desktop app's way to print a handout: the PDF written to a private temporary file,
 * shown in a window of its own by Chromium's built-in viewer, and the system print dialog
 * opened over it. The window is as locked down as the main one, minus the preload (it needs
 * no API) and plus plugins (the viewer is one), and it lives in a session of its own, so the
 * main window's policy header, which forbids plugins, never reaches it.
 */
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, type WebContents } from 'electron';
import type { ShownPdf } from '@shared/printing';
import type { PdfShell } from '../api/pdfShell';
import { writeFileDurably } from '../files/durable';
import { allowPermission, denyWindowOpen, isPreviewUrl } from '../security';

/** In memory only (no `persist:`): nothing of a preview outlives the app. */
const previewPartition = 'milia-print-preview';

/** Keeps a preview on its one file: no other page, no new window, no webview. */
export function guardPreviewContents(contents: WebContents, pdfUrl: string): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  const stay = (event: { url: string; preventDefault(): void }) => {
    if (!isPreviewUrl(event.url, pdfUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

let sessionGuarded = false;
function guardPreviewSession(): void {
  if (sessionGuarded) return;
  const preview = session.fromPartition(previewPartition);
  preview.setPermissionRequestHandler((_contents, permission, callback) => callback(allowPermission(permission)));
  preview.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));
  sessionGuarded = true;
}

/** File names are ours (`aftercare-handout-12`), but a file name is never trusted blindly. */
const safeName = (title: string): string => title.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 80) || 'aftercare';

export function createPdfPreview(onError: (error: unknown) => void = (error) => console.error(error)): PdfShell {
  return {
    async showPdf(bytes: Buffer, title: string): Promise<ShownPdf> {
      guardPreviewSession();
      // A folder of its own (mode 0700) keeps the handout from other users of the machine.
      const dir = await mkdtemp(join(tmpdir(), 'milia-print-'));
      const file = join(dir, `${safeName(title)}.pdf`);
      writeFileDurably(file, bytes);
      const pdfUrl = pathToFileURL(file).href;

      // The main window's isolation, written out at the call, plus the viewer plugin and no
      // preload: a PDF never reaches the API.
      const window = new BrowserWindow({
        title,
        width: 900,
        height: 1000,
        show: false,
        webPreferences: {
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          webviewTag: false,
          disableBlinkFeatures: 'Auxclick',
          plugins: true,
          partition: previewPartition,
        },
      });
      guardPreviewContents(window.webContents, pdfUrl);
      // Synchronously: on quit there is no later turn in which to delete it.
      window.on('closed', () => rmSync(dir, { recursive: true, force: true }));
      try {
        await window.loadURL(pdfUrl);
      } catch (error) {
        window.destroy();
        throw error;
      }
      window.show();
      // The dialog stays open as long as the user likes; the call does not wait for it.
      window.webContents.print({}, (printed, reason) => {
        if (!printed && !/cancel/i.test(reason)) onError(new Error(`Printing the handout failed: ${reason}`));
      });
      return { url: null };
    },
  };
}

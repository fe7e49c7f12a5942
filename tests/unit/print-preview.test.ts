/**
 * The desktop app's print preview, against a stand-in for the electron module: the window's
 * isolation, its one-file navigation lock, the temporary file and the print dialog.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isPreviewUrl } from '../../src/main/security';

const electron = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  /** What happened to the windows, in order. */
  const log: string[] = [];
  class FakeContents extends Emitter {
    setWindowOpenHandler = vi.fn();
    print = vi.fn((_options: unknown, _callback: (printed: boolean, reason: string) => void) => void log.push('print'));
  }
  class FakeWindow extends Emitter {
    static made: FakeWindow[] = [];
    webContents = new FakeContents();
    loadURL = vi.fn(async (_url: string) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push('loaded');
    });
    show = vi.fn();
    destroy = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeWindow.made.push(this);
    }
  }
  const previewSession = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  return { BrowserWindow: FakeWindow, dialog: {}, session: { fromPartition: vi.fn(() => previewSession) }, previewSession, log };
});
vi.mock('electron', () => electron);

const pdf = Buffer.from('%PDF-1.7\nexact handout bytes\n%%EOF');

describe('the preview URL', () => {
  const file = pathToFileURL(join('/tmp', 'milia-print-x', 'aftercare-handout-3.pdf')).href;

  it('is the one PDF file, with or without the viewer fragment', () => {
    expect(isPreviewUrl(file, file)).toBe(true);
    expect(isPreviewUrl(`${file}#page=2`, file)).toBe(true);
  });

  it('is nothing else: another file, a query, a site, or a preview of something not a file', () => {
    for (const other of [
      pathToFileURL(join('/tmp', 'milia-print-x', 'other.pdf')).href,
      `${file}?x=1`,
      'file:///etc/passwd',
      'https://example.com/aftercare-handout-3.pdf',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isPreviewUrl(other, file), other).toBe(false);
    }
    expect(isPreviewUrl('https://example.com/', 'https://example.com/')).toBe(false);
  });
});

describe('the preview window', () => {
  beforeEach(() => {
    electron.BrowserWindow.made.length = 0;
    electron.log.length = 0;
  });

  it('shows the exact bytes from a private temporary file, sandboxed, with the viewer plugin and no preload', async () => {
    const { createPdfPreview } = await import('../../src/main/desktop/pdfPreview');
    await expect(createPdfPreview().showPdf(pdf, 'aftercare-handout-3')).resolves.toEqual({ url: null });
    const window = electron.BrowserWindow.made[0]!;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, plugins: true });
    expect(prefs).not.toHaveProperty('preload');
    // Its own in-memory session: the main window's policy (no plugins) and storage stay apart.
    expect(prefs.partition).toMatch(/^(?!persist:)/);
    expect(electron.previewSession.setPermissionRequestHandler).toHaveBeenCalled();

    const url = window.loadURL.mock.calls[0]![0];
    const file = fileURLToPath(url);
    expect(file.endsWith('aftercare-handout-3.pdf')).toBe(true);
    expect(readFileSync(file)).toEqual(pdf);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(statSync(join(file, '..')).mode & 0o077).toBe(0);

    window.emit('closed');
    expect(existsSync(join(file, '..'))).toBe(false);
  });

  it('opens the print dialog once, after the PDF has loaded', async () => {
    const { createPdfPreview } = await import('../../src/main/desktop/pdfPreview');
    await createPdfPreview().showPdf(pdf, 'aftercare-2-handouts');
    const window = electron.BrowserWindow.made[0]!;
    expect(electron.log).toEqual(['loaded', 'print']);
    expect(window.show).toHaveBeenCalled();
    window.emit('closed');
  });

  it('reports a failed print but not a cancelled one', async () => {
    const { createPdfPreview } = await import('../../src/main/desktop/pdfPreview');
    const onError = vi.fn();
    await createPdfPreview(onError).showPdf(pdf, 'aftercare-handout-4');
    const window = electron.BrowserWindow.made[0]!;
    const callback = window.webContents.print.mock.calls[0]![1] as (printed: boolean, reason: string) => void;
    callback(false, 'Print job canceled');
    expect(onError).not.toHaveBeenCalled();
    callback(false, 'Print job failed');
    expect(onError).toHaveBeenCalledOnce();
    window.emit('closed');
  });

  it('cannot navigate off its file, open windows or attach webviews', async () => {
    const { guardPreviewContents } = await import('../../src/main/desktop/pdfPreview');
    const file = pathToFileURL(join('/tmp', 'milia-print-y', 'aftercare-handout-5.pdf')).href;
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    guardPreviewContents(contents as unknown as WebContents, file);
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (details: { url: string }) => unknown;
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: file })).toEqual({ action: 'deny' });
    const attempt = (event: string, url: string) => {
      const preventDefault = vi.fn();
      contents.emit(event, { url, preventDefault });
      return preventDefault.mock.calls.length > 0;
    };
    expect(attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-navigate', file)).toBe(false);
    expect(attempt('will-attach-webview', file)).toBe(true);
  });
});

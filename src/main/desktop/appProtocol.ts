/**
 * The app scheme in Electron: registered before the app is ready as a standard, secure
 * origin of its own (so the page has an origin, storage and a policy like a site's, and
 * file:// needs no extra privileges), then served by the handler of appFiles.ts from the
 * built renderer folder only. Nothing bypasses the policy.
 */
import { protocol } from 'electron';
import { appScheme } from '../security';
import { createAppHandler } from './appFiles';

/** Before app ready: a scheme's privileges can only be set then. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // Fetch and CORS support let the page load its module scripts (the build's <script type="module" crossorigin>).
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** After app ready, on the default session (the main window's). */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(appScheme, createAppHandler(rendererDir));
}

/**
 * The desktop window's security decisions as plain functions, so that they are tested
 * without Electron: which URL the window may show, who may call the API, and the
 * Content-Security-Policy of the renderer.
 */
import { randomBytes } from 'node:crypto';

/** The renderer's own origin: a custom scheme served from the built files only, never file://. */
export const appScheme = 'app';
export const appHost = 'milia';
export const appPageUrl = `${appScheme}://${appHost}/index.html`;

/**
 * The URL of the app's own page: the dev server's in a development build (never in a
 * production build or a packaged app, where an environment variable must not redirect it),
 * else the built page on the app scheme.
 */
export function appUrlFor(options: { devServerUrl?: string | undefined; development: boolean }): string {
  if (options.devServerUrl && options.development) return new URL(options.devServerUrl).href;
  return appPageUrl;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether `target` is the app's own page: for the built app the same page on the app scheme
 * (its root serves the same page), for the dev server the same origin. Every other page,
 * host, file or scheme is refused.
 */
export function isAppUrl(target: string, appUrl: string): boolean {
  const to = parse(target);
  const app = parse(appUrl);
  if (!to || !app) return false;
  if (app.protocol === `${appScheme}:`) {
    const samePage = to.pathname === app.pathname || to.pathname === '/';
    return to.protocol === app.protocol && to.host === app.host && to.username === '' && to.password === '' && samePage;
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') return to.origin === app.origin;
  return false;
}

/**
 * The policy header the session adds to a response, or null to keep the response's own: the
 * app scheme's handler sends the page with a nonce of that load, which a header naming another
 * nonce would refuse. Anything else (only the dev server, in a development build) gets the policy.
 */
export function policyHeaderFor(url: string, dev: boolean): string | null {
  return parse(url)?.protocol === `${appScheme}:` ? null : contentSecurityPolicy(dev);
}

/**
 * Whether `target` is the one PDF a print preview window shows: that file and nothing else
 * (the viewer's own `#page=` fragment aside), so a link inside a PDF cannot take the window
 * anywhere.
 */
export function isPreviewUrl(target: string, pdfUrl: string): boolean {
  const to = parse(target);
  const pdf = parse(pdfUrl);
  if (!to || !pdf || pdf.protocol !== 'file:') return false;
  return to.protocol === 'file:' && to.host === pdf.host && to.pathname === pdf.pathname && to.search === '';
}

/** New windows (window.open, target=_blank) are never opened. */
export const denyWindowOpen = (): { action: 'deny' } => ({ action: 'deny' });

/** The app needs no camera, microphone, location, notifications or any other permission. */
export const allowPermission = (_permission: string): boolean => false;

/** An IPC call is served only from our window's top frame showing our page. */
export function isTrustedSender(
  sender: { webContentsId: number; frameUrl: string | null; topFrame: boolean },
  app: { webContentsId: number; appUrl: string },
): boolean {
  return sender.webContentsId === app.webContentsId && sender.topFrame && sender.frameUrl !== null && isAppUrl(sender.frameUrl, app.appUrl);
}

/** How a policy names its style nonce, also inside the page's meta tag, where the build writes ' as &#39;. */
const nonceSource = /(?:'|&#39;)nonce-([A-Za-z0-9+/_=-]+)(?:'|&#39;)/;

/** A nonce for the component library's <style> elements: 144 random bits. */
export const newStyleNonce = (): string => randomBytes(18).toString('base64');

/** The style nonce a policy (or a page holding its policy) names, if any. */
export function styleNonceOf(policyOrPage: string): string | null {
  return nonceSource.exec(policyOrPage)?.[1] ?? null;
}

/**
 * The built page with a fresh nonce in place of the build's, for a server that sends the page
 * afresh on every load (the browser mode, the desktop's app scheme): each load then has a
 * nonce of its own.
 */
export function withFreshStyleNonce(page: string): { page: string; nonce: string | null } {
  const built = styleNonceOf(page);
  if (built === null) return { page, nonce: null };
  const nonce = newStyleNonce();
  return { page: page.replaceAll(`nonce-${built}`, `nonce-${nonce}`), nonce };
}

/**
 * The renderer's policy: its own scripts and styles only, no plugins, frames or forms. The
 * component library writes its theme variables and responsive styles into <style> elements:
 * those carry the page's nonce (MantineProvider's getStyleNonce), any other inline style is
 * refused. The dev server needs inline scripts and styles (React refresh, injected CSS) and
 * its socket; a nonce there would switch 'unsafe-inline' off, so it has none.
 */
export function contentSecurityPolicy(dev: boolean, styleNonce: string | null = null): string {
  const styles = styleNonce === null ? "style-src 'self'" : `style-src 'self' 'nonce-${styleNonce}'`;
  const directives = [
    "default-src 'none'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    dev ? "style-src 'self' 'unsafe-inline'" : styles,
    "img-src 'self' data:",
    "font-src 'self'",
    dev ? "connect-src 'self' ws://localhost:* ws://127.0.0.1:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  return directives.join('; ');
}

/**
 * What the app scheme serves, as plain functions tested without Electron: a GET for a file of
 * the built renderer (out/renderer) on our one host, with its type; nothing above that folder,
 * no other host, no other method, no file type we do not ship. The page itself is sent with a
 * fresh style nonce on every load, its policy as a header too.
 */
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { rendererTypeOf } from '../files/rendererTypes';
import { appHost, appScheme, contentSecurityPolicy, withFreshStyleNonce } from '../security';

export type AppRequestOutcome = { ok: true; file: string; type: string } | { ok: false; status: 403 | 404 | 405 };

/**
 * The file a request names under `rendererDir`, or why it is refused: 405 for anything but a
 * GET, 403 for another scheme or host, a user or port, or a path that would leave the folder
 * (`..` however encoded, a backslash, a NUL), 404 for a folder or a type we do not ship.
 */
export function resolveAppRequest(method: string, url: string, rendererDir: string): AppRequestOutcome {
  if (method !== 'GET') return { ok: false, status: 405 };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 403 };
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost || parsed.username !== '' || parsed.password !== '') return { ok: false, status: 403 };
  let segments: string[];
  try {
    segments = parsed.pathname.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return { ok: false, status: 403 };
  }
  // Decoded, a segment may hold what the URL parser never saw as a separator or a step up.
  if (segments.some((s) => s === '..' || s === '.' || /[\\/\0]/.test(s) || (s !== '' && isAbsolute(s)))) return { ok: false, status: 403 };
  const path = segments.filter((s) => s !== '');
  if (path.length === 0) path.push('index.html');
  else if (segments.at(-1) === '') return { ok: false, status: 404 };
  const file = join(rendererDir, ...path);
  const inside = relative(rendererDir, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return { ok: false, status: 403 };
  const type = rendererTypeOf(file);
  if (!type) return { ok: false, status: 404 };
  return { ok: true, file, type };
}

const reasons = { 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' } as const;

function refusal(status: 403 | 404 | 405): Response {
  return new Response(reasons[status], { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/** Whether `file`, links followed, is still inside `dir`, links followed. */
async function staysInside(file: string, dir: string): Promise<boolean> {
  const [real, root] = await Promise.all([realpath(file), realpath(dir)]);
  const inside = relative(root, real);
  return inside !== '' && !inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside);
}

/** The app scheme's handler: a Request in, the file (or a refusal) out. */
export function createAppHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const outcome = resolveAppRequest(request.method, request.url, rendererDir);
    if (!outcome.ok) return refusal(outcome.status);
    let bytes: Buffer;
    try {
      if (!(await staysInside(outcome.file, rendererDir))) return refusal(403);
      bytes = await readFile(outcome.file);
    } catch {
      // Missing, a folder, unreadable: all the same to the page.
      return refusal(404);
    }
    const headers: Record<string, string> = { 'Content-Type': outcome.type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
    if (outcome.type.startsWith('text/html')) {
      const fresh = withFreshStyleNonce(bytes.toString('utf8'));
      headers['Content-Security-Policy'] = contentSecurityPolicy(false, fresh.nonce);
      return new Response(fresh.page, { status: 200, headers });
    }
    return new Response(new Uint8Array(bytes), { status: 200, headers });
  };
}

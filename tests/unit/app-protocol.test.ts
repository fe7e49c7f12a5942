/**
 * The app scheme the desktop window loads its page from, without Electron: which file a
 * request names (a pure function), and the handler answering real Requests from a real
 * renderer folder on disk, with files and links outside it that must never be served.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHandler, resolveAppRequest } from '../../src/main/desktop/appFiles';
import { contentSecurityPolicy, styleNonceOf } from '../../src/main/security';

let root = '';
let renderer = '';
const builtNonce = 'YnVpbHQtbm9uY2UtMTIz';
const page = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(false, builtNonce).replaceAll("'", '&#39;')}" /><script type="module" crossorigin src="./assets/index-1a2b.js"></script></head><body></body></html>`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'milia-app-scheme-'));
  renderer = join(root, 'out', 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), page);
  writeFileSync(join(renderer, 'assets', 'index-1a2b.js'), 'console.log("app")');
  writeFileSync(join(renderer, 'assets', 'index-1a2b.css'), 'body{margin:0}');
  writeFileSync(join(renderer, 'assets', 'noto-sans.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(renderer, 'assets', 'notes.exe'), 'MZ');
  mkdirSync(join(renderer, 'assets', 'folder.js'));
  // What must never be reachable: a file beside the renderer folder, and a link out of it.
  writeFileSync(join(root, 'out', 'secret.txt'), 'the database key');
  writeFileSync(join(root, 'out', 'secret.js'), 'steal()');
  symlinkSync(join(root, 'out', 'secret.js'), join(renderer, 'assets', 'linked.js'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('which file an app scheme request names', () => {
  it('is the page for the root and for index.html, and a built asset with its type', () => {
    expect(resolveAppRequest('GET', 'app://milia/', renderer)).toEqual({ ok: true, file: join(renderer, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('GET', 'app://milia', renderer)).toEqual({ ok: true, file: join(renderer, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('GET', 'app://milia/index.html?x=1#/patients/3', renderer)).toEqual({
      ok: true,
      file: join(renderer, 'index.html'),
      type: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest('GET', 'app://milia/assets/index-1a2b.js', renderer)).toMatchObject({ ok: true, type: 'text/javascript; charset=utf-8' });
    expect(resolveAppRequest('GET', 'app://milia/assets/index-1a2b.css', renderer)).toMatchObject({ ok: true, type: 'text/css; charset=utf-8' });
    expect(resolveAppRequest('GET', 'app://milia/assets/noto-sans.woff2', renderer)).toMatchObject({ ok: true, type: 'font/woff2' });
    expect(resolveAppRequest('GET', 'app://milia/assets/icon.SVG', renderer)).toMatchObject({ ok: true, type: 'image/svg+xml' });
  });

  it.each(['POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'get'])('refuses a %s with 405', (method) => {
    expect(resolveAppRequest(method, 'app://milia/index.html', renderer)).toEqual({ ok: false, status: 405 });
  });

  it.each([
    'app://other/index.html',
    'app://milia.evil.example/index.html',
    'app://user@milia/index.html',
    'app://user:pw@milia/index.html',
    'app://milia:8080/index.html',
    'file:///etc/passwd',
    'https://milia/index.html',
    'not a url',
  ])('refuses %s, not our scheme and host, with 403', (url) => {
    expect(resolveAppRequest('GET', url, renderer)).toEqual({ ok: false, status: 403 });
  });

  it.each([
    'app://milia/assets/%2E%2E%2F%2E%2E%2Fsecret.js',
    'app://milia/..%2fsecret.js',
    'app://milia/..%5csecret.js',
    'app://milia/assets%5c..%5c..%5csecret.js',
    'app://milia/%2fetc%2fpasswd',
    'app://milia/index.html%00.js',
    'app://milia/%E0%A4%A',
    'app://milia/C:%5cWindows%5cwin.ini',
  ])('refuses %s, a way out of the folder however encoded, with 403', (url) => {
    expect(resolveAppRequest('GET', url, renderer)).toEqual({ ok: false, status: 403 });
  });

  it('keeps a plain or encoded .. of its own inside: the URL parser removes it before the path is read', () => {
    const inside = { ok: true, file: join(renderer, 'secret.js'), type: 'text/javascript; charset=utf-8' };
    expect(resolveAppRequest('GET', 'app://milia/../../secret.js', renderer)).toEqual(inside);
    expect(resolveAppRequest('GET', 'app://milia/%2e%2e/secret.js', renderer)).toEqual(inside);
    expect(resolveAppRequest('GET', 'app://milia/assets/../index.html', renderer)).toMatchObject({ ok: true, file: join(renderer, 'index.html') });
  });

  it('refuses a folder and a type the build does not hold with 404', () => {
    expect(resolveAppRequest('GET', 'app://milia/assets/', renderer)).toEqual({ ok: false, status: 404 });
    expect(resolveAppRequest('GET', 'app://milia/assets/notes.exe', renderer)).toEqual({ ok: false, status: 404 });
    expect(resolveAppRequest('GET', 'app://milia/assets', renderer)).toEqual({ ok: false, status: 404 });
  });
});

describe('the app scheme handler', () => {
  const get = (url: string, method = 'GET') => createAppHandler(renderer)(new Request(url, { method }));

  it('serves the page with a fresh style nonce on every load, the same in its header and its meta tag', async () => {
    const first = await get('app://milia/index.html');
    const second = await get('app://milia/');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await first.text();
    const nonce = styleNonceOf(body);
    expect(nonce).not.toBeNull();
    expect(nonce).not.toBe(builtNonce);
    expect(body).not.toContain(builtNonce);
    expect(first.headers.get('content-security-policy')).toBe(contentSecurityPolicy(false, nonce));
    expect(styleNonceOf(await second.text())).not.toBe(nonce);
    expect(body).toContain('<script type="module" crossorigin src="./assets/index-1a2b.js"></script>');
  });

  it('serves a built asset byte for byte with its type', async () => {
    const script = await get('app://milia/assets/index-1a2b.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("app")');
    const font = await get('app://milia/assets/noto-sans.woff2');
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(Buffer.from(await font.arrayBuffer())).toEqual(Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  });

  it.each<[string, string, number]>([
    ['a file outside the folder', 'app://milia/..%2fsecret.js', 403],
    ['a file outside the folder, the parser having removed the ..', 'app://milia/%2e%2e/secret.js', 404],
    ['a link out of the folder', 'app://milia/assets/linked.js', 403],
    ['another host', 'app://evil/index.html', 403],
    ['a missing file', 'app://milia/assets/gone.js', 404],
    ['a folder named like a file', 'app://milia/assets/folder.js', 404],
    ['a type the build does not hold', 'app://milia/assets/notes.exe', 404],
  ])('refuses %s with a plain answer and nothing of the file', async (_what, url, status) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text).toBe(status === 403 ? 'Forbidden' : 'Not Found');
  });

  it('refuses a POST with 405', async () => {
    const response = await get('app://milia/index.html', 'POST');
    expect(response.status).toBe(405);
    expect(await response.text()).toBe('Method Not Allowed');
  });
});

/**
 * The checks every request passes before it reaches the API: it is addressed to this server
 * by name (a DNS-rebinding page would send its own host name), a browser page calling it
 * comes from this origin, and it carries the token printed at start.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh secret for one run of the server. */
export const newToken = (): string => randomBytes(24).toString('base64url');

/** The Host header names this server: 127.0.0.1 or localhost, with its port. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase();
  return name === `127.0.0.1:${port}` || name === `localhost:${port}`;
}

/**
 * The request names one host. Node keeps the first of two Host headers, so a second one,
 * in either order, could address another server behind a proxy that reads the last.
 */
export function hasOneHost(rawHeaders: readonly string[]): boolean {
  let hosts = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  return hosts === 1;
}

/** A request without an Origin header is not from a page; one with it must be ours. */
export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares in constant time; hashing first makes the lengths equal without leaking them. */
export function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(token));
}

export class BodyTooLarge extends Error {}

/**
 * The request body as text, refusing more than `limit` bytes as soon as it is exceeded. The
 * rest is not read: the caller answers 413 and closes the connection.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

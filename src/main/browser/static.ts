/**
 * The built renderer as static files: a request path maps to a file inside the folder or to
 * nothing. A path that tries to leave the folder (`..`, encoded or not, a backslash, a NUL)
 * is refused before the file system is asked.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { rendererTypeOf } from '../files/rendererTypes';

export const contentTypeOf = (file: string): string => rendererTypeOf(file) ?? 'application/octet-stream';

export type StaticLookup = { kind: 'file'; path: string } | { kind: 'refused' };

/**
 * The file a URL path (the part before `?`, still percent-encoded) names inside `root`;
 * `/` is index.html.
 */
export function resolveStatic(root: string, rawPath: string): StaticLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  if (decoded.split('/').some((segment) => segment === '..')) return { kind: 'refused' };
  const relativePath = decoded === '/' ? 'index.html' : decoded.slice(1);
  const full = resolve(root, relativePath);
  const inside = relative(root, full);
  // Belt and braces after the segment check: whatever resolve made of it stays inside root.
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { kind: 'refused' };
  return { kind: 'file', path: full };
}

/** The file's bytes, or null when it is not a regular file. */
export async function readStatic(path: string): Promise<Buffer | null> {
  try {
    if (!(await stat(path)).isFile()) return null;
    return await readFile(path);
  } catch {
    return null;
  }
}

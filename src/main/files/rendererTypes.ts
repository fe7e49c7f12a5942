/**
 * The content types of the files the renderer build holds, for the two surfaces that serve
 * it: the desktop's app:// scheme and the browser mode. A type not listed is not one we ship.
 */
import { extname } from 'node:path';

const rendererTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The type of a renderer file by its extension, or undefined for one the build does not ship. */
export const rendererTypeOf = (file: string): string | undefined =>
  Object.hasOwn(rendererTypes, extname(file).toLowerCase()) ? rendererTypes[extname(file).toLowerCase()] : undefined;

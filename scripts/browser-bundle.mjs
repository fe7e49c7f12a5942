/**
 * The browser mode's server, its worker thread and its start-up checks' threads as three
 * CommonJS bundles, rebuilt when missing or older than src/main or src/shared, in
 * node_modules/.cache/milia-browser: under the checkout, so that they find drizzle/ and
 * node_modules as the sources do, and not in out/, which the packaged app ships. A start then
 * reads one file instead of compiling the TypeScript module graph and resolving each package's
 * files (about a second of CPU before listening, measured). `node scripts/browser-bundle.mjs`
 * builds it when stale and exits (the bench, before timing).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bundleDir = join(root, 'node_modules', '.cache', 'milia-browser');
const sources = [join(root, 'src', 'main'), join(root, 'src', 'shared'), fileURLToPath(import.meta.url)];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stats.mtimeMs);
}

function isStale() {
  const built = ['index.js', 'worker.js', 'checks.js'].map((name) => join(bundleDir, name));
  if (!built.every(existsSync)) return true;
  const oldest = Math.min(...built.map((file) => statSync(file).mtimeMs));
  return sources.some((source) => newestChange(source) > oldest);
}

/** Builds the bundles when stale (a few seconds); throws, with esbuild's messages on stderr, when the build fails. */
export function ensureBrowserBundle(log = (line) => process.stderr.write(`${line}\n`)) {
  if (!isStale()) return;
  log('Building the browser mode (its bundle is missing or older than src/) …');
  const esbuild = createRequire(join(root, 'package.json'))('esbuild');
  esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: { index: 'src/main/browser/index.ts', worker: 'src/main/workers/thread.ts', checks: 'src/main/workers/checksThread.ts' },
    outdir: bundleDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Loaded from node_modules: the native builds, the packages that read files beside their modules,
    // archiver (its dependencies' old `Buffer()` calls warn when run from outside node_modules), and
    // faker (half the bundle, needed only when demo data is made), so that a start does not read it.
    external: ['better-sqlite3', '@node-rs/argon2', 'pdfkit', 'fontkit', 'archiver', '@faker-js/faker'],
    // The ES module builds, so that what the server never uses is left out (most of zod's and drizzle's).
    mainFields: ['module', 'main'],
    alias: { '@shared': './src/shared' },
    // For a debugger, or `node --enable-source-maps`: reading the maps at every start costs a tenth of a second.
    sourcemap: 'linked',
    logLevel: 'error',
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) ensureBrowserBundle();

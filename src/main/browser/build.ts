/**
 * Builds the renderer when out/renderer is missing or older than its sources, so that the
 * browser mode never serves stale screens, and a fresh build (as `npm test` makes just
 * before the end-to-end tests) is not made again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What the built page depends on, besides node_modules. */
const sourcesOf = (root: string): string[] => [
  join(root, 'src', 'renderer'),
  join(root, 'src', 'shared'),
  // The page's Content-Security-Policy meta tag comes from these two.
  join(root, 'src', 'main', 'security.ts'),
  join(root, 'electron.vite.config.ts'),
];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stats.mtimeMs);
}

function rendererIsStale(root: string): boolean {
  const index = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return sourcesOf(root).some((source) => newestChange(source) > built);
}

/**
 * Runs `electron-vite build` (the desktop build's own config, so the page is the same one
 * the app shows) when the renderer is stale. Its output goes to stderr: the browser mode's
 * stdout starts with the address. Throws when the build fails.
 */
export function ensureRendererBuilt(root: string, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (!rendererIsStale(root)) return;
  log('Building the screens (out/renderer is missing or older than src/) …');
  const require = createRequire(join(root, 'package.json'));
  const manifest = require.resolve('electron-vite/package.json');
  const bin = (require(manifest) as { bin: Record<string, string> }).bin['electron-vite']!;
  const result = spawnSync(process.execPath, [join(dirname(manifest), bin), 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error('The build of the screens failed (see above). Fix it, or run "npm run build" to see the error again.');
}

/**
 * Builds the three parts of the desktop app into out/: the main process (dependencies stay
 * in node_modules, so better-sqlite3 loads its native build at run time), the sandboxed
 * preload (one CommonJS file with everything but electron bundled in), and the renderer.
 */
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy, newStyleNonce } from './src/main/security';

/** Ships the migrations beside the main bundle, where findMigrationsFolder looks first. */
const copyMigrations = (): Plugin => ({
  name: 'milia:copy-migrations',
  apply: 'build',
  writeBundle(output) {
    cpSync(resolve(__dirname, 'drizzle'), resolve(output.dir ?? resolve(__dirname, 'out/main'), 'drizzle'), { recursive: true });
  },
});

/**
 * The built page's policy, with a nonce of this build for the component library's styles (the
 * browser mode and the desktop's app scheme replace it on every load); the dev server gets the
 * looser one as a header from main.
 */
const contentSecurityPolicyMeta = (): Plugin => ({
  name: 'milia:csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(false, newStyleNonce()) }, injectTo: 'head-prepend' },
  ],
});

/** `@shared/…` is src/shared in every part (tsconfig.base.json says the same to TypeScript). */
const resolveShared = { alias: { '@shared': resolve(__dirname, 'src/shared') } };

export default defineConfig({
  main: {
    resolve: resolveShared,
    // The worker thread heavy jobs run on is a second entry, out/main/worker.js, and the start-up
    // checks' threads a third, out/main/checks.js (workers/pool.ts starts both).
    build: {
      lib: {
        entry: {
          index: resolve(__dirname, 'src/main/desktop/index.ts'),
          worker: resolve(__dirname, 'src/main/workers/thread.ts'),
          checks: resolve(__dirname, 'src/main/workers/checksThread.ts'),
        },
      },
    },
    plugins: [copyMigrations()],
  },
  preload: {
    resolve: resolveShared,
    // A sandboxed preload cannot require anything but electron: bundle the rest (zod comes
    // with the API table, and its comments trip a harmless annotation warning).
    build: {
      lib: { entry: resolve(__dirname, 'src/preload/index.ts') },
      externalizeDeps: false,
      rollupOptions: {
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: resolveShared,
    // Minified: the page loads its one bundle at every start (electron-vite leaves it unminified).
    build: { minify: true, rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } },
    plugins: [react(), contentSecurityPolicyMeta()],
  },
});

#!/usr/bin/env node
/**
 * `npm run browser -- --db FILE [--port N] [--create]`: runs the browser mode
 * (src/main/browser/index.ts) from its bundle, built first when stale, so that no TypeScript
 * is compiled at start.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleDir, ensureBrowserBundle, root } from './browser-bundle.mjs';

try {
  ensureBrowserBundle();
} catch {
  process.stderr.write('The build of the browser mode failed (see above).\n');
  process.exit(1);
}
createRequire(join(root, 'package.json'))(join(bundleDir, 'index.js'));

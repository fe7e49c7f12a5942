/**
 * Once before the end-to-end tests: the one browser this machine has must be there, and the
 * screens must be built (a no-op after `npm run build`, as in `npm test`).
 */
import { existsSync } from 'node:fs';
import { ensureRendererBuilt } from '../../../src/main/browser/build';
import { projectRoot } from '../../../src/main/browser/server';

export default function globalSetup(): void {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error("The end-to-end tests use Debian's Chromium at /usr/bin/chromium. Install it: apt-get install -y chromium");
  }
  ensureRendererBuilt(projectRoot);
}

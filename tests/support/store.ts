/** A fresh database in its own temporary folder for each test: real SQLite, never a mock. */
import { systemActor } from '@shared/permissions';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore } from '../../src/main/db/open';
import { createServices } from '../../src/main/services';
import { parsingServices } from './surface';
import { testPasswordCost } from './passwords';
import type { Actor } from '@shared/types';

/** The command line's operating-system account: full rights, as most tests need; role tests sign real users in. */
export const testActor: Actor = systemActor('Test Runner', 'cli');

export { testPasswordCost };

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Work done after the test, last registered first. */
export function cleanup(work: () => void | Promise<void>): void {
  cleanups.push(work);
}

/** A new folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'milia-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Services over a new, migrated database file, taking input as a surface gives it; closed and removed after the test. */
export function testServices() {
  const dir = tempDir();
  const dbPath = join(dir, 'milia.db');
  const store = openStore(dbPath, { create: true });
  cleanups.push(() => store.close());
  return Object.assign(parsingServices(createServices(store, { passwordCost: testPasswordCost })), { dir, dbPath });
}

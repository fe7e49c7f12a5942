/** Copies of drizzle/ cut short, to make databases of an older schema. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMigrationsFolder } from '../../src/main/db/open';
import { tempDir } from './store';

/** A copy of drizzle/ that knows only the first `n` migrations. */
export function migrationsUpTo(n: number): string {
  const dir = join(tempDir(), 'drizzle');
  cpSync(findMigrationsFolder(), dir, { recursive: true });
  const file = join(dir, 'meta', '_journal.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: unknown[] };
  data.entries = data.entries.slice(0, n);
  writeFileSync(file, JSON.stringify(data));
  return dir;
}

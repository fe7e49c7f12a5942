// Fails when src/main/db/schema.ts and drizzle/ disagree: drizzle-kit generates against a
// copy of drizzle/, and any new migration it writes there means one is missing from the repo.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'milia-migrations-'));
try {
  const out = join(work, 'drizzle');
  cpSync(join(root, 'drizzle'), out, { recursive: true });
  const config = join(work, 'drizzle.config.mjs');
  // Run from the root so that drizzle-kit reads tsconfig.json's @shared alias; its `out` must be relative.
  writeFileSync(config, `export default ${JSON.stringify({ dialect: 'sqlite', schema: join(root, 'src/main/db/schema.ts'), out: relative(root, out) })};\n`);
  const before = readdirSync(out).filter((f) => f.endsWith('.sql')).length;
  const output = execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', `--config=${config}`, '--name=pending'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const after = readdirSync(out).filter((f) => f.endsWith('.sql')).length;
  if (after !== before) {
    console.error('src/main/db/schema.ts has changes with no migration in drizzle/. Run "npm run db:generate" and commit the result.');
    process.exit(1);
  }
  // drizzle-kit exits 0 even when it cannot load the schema: only its own verdict counts as a match.
  if (!output.includes('No schema changes')) {
    console.error(`drizzle-kit could not compare src/main/db/schema.ts with drizzle/:\n${output}`);
    process.exit(1);
  }
  console.log('drizzle/ matches src/main/db/schema.ts');
} finally {
  rmSync(work, { recursive: true, force: true });
}

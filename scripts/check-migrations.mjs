// Fails when src/main/db/schema.ts and drizzle/ disagree: drizzle-kit generates against a
// copy of drizzle/, and any new migration it writes there means one is missing from the repo.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'milia-migrations-'));
try {
  const out = join(work, 'drizzle');
  cpSync(join(root, 'drizzle'), out, { recursive: true });
  const config = join(work, 'drizzle.config.mjs');
  writeFileSync(config, `export default ${JSON.stringify({ dialect: 'sqlite', schema: join(root, 'src/main/db/schema.ts'), out: './drizzle' })};\n`);
  const before = readdirSync(out).filter((f) => f.endsWith('.sql')).length;
  execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', `--config=${config}`, '--name=pending'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const after = readdirSync(out).filter((f) => f.endsWith('.sql')).length;
  if (after !== before) {
    console.error('src/main/db/schema.ts has changes with no migration in drizzle/. Run "npm run db:generate" and commit the result.');
    process.exit(1);
  }
  console.log('drizzle/ matches src/main/db/schema.ts');
} finally {
  rmSync(work, { recursive: true, force: true });
}

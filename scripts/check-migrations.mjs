// Fails when a schema and its migrations disagree, for the SQLite file (src/main/db/schema.ts,
// drizzle/) and for the practice server (src/main/db/pg/schema.ts, drizzle/pg/): drizzle-kit
// generates against a copy of the migrations, and any new migration it writes there means one
// is missing from the repo.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');

const engines = [
  { dialect: 'sqlite', schema: 'src/main/db/schema.ts', migrations: 'drizzle', generate: 'npm run db:generate' },
  { dialect: 'postgresql', schema: 'src/main/db/pg/schema.ts', migrations: 'drizzle/pg', generate: 'npm run db:generate:pg' },
];

/** Whether drizzle-kit finds nothing to generate for `schema` over a copy of `migrations`; says why not. */
function matches({ dialect, schema, migrations, generate }) {
  const work = mkdtempSync(join(tmpdir(), 'milia-migrations-'));
  try {
    const out = join(work, 'drizzle');
    cpSync(join(root, migrations), out, { recursive: true });
    const config = join(work, 'drizzle.config.mjs');
    // Run from the root so that drizzle-kit reads tsconfig.json's @shared alias; its `out` must be relative.
    writeFileSync(config, `export default ${JSON.stringify({ dialect, schema: join(root, schema), out: relative(root, out) })};\n`);
    const count = () => readdirSync(out).filter((f) => f.endsWith('.sql')).length;
    const before = count();
    const output = execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', `--config=${config}`, '--name=pending'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (count() !== before) {
      console.error(`${schema} has changes with no migration in ${migrations}/. Run "${generate}" and commit the result.`);
      return false;
    }
    // drizzle-kit exits 0 even when it cannot load the schema: only its own verdict counts as a match.
    if (!output.includes('No schema changes')) {
      console.error(`drizzle-kit could not compare ${schema} with ${migrations}/:\n${output}`);
      return false;
    }
    console.log(`${migrations}/ matches ${schema}`);
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Both, whatever the first says.
const results = engines.map(matches);
if (results.includes(false)) process.exitCode = 1;

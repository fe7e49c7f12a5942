// `npm test`: every check and suite in turn, each run whatever failed before (only the
// end-to-end tests need the build), then one line per suite and last, alone on its line,
// "N passed, N failed, N skipped" over all of them. Exit status 1 if anything failed or did not run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  errorsOutsideTests,
  playwrightFailures,
  playwrightSuite,
  runSteps,
  staticSuite,
  succeeded,
  summaryLines,
  vitestFailures,
  vitestSuite,
} from './test-report.mjs';

const root = resolve(import.meta.dirname, '..');
const vitestReport = 'test-results/vitest.json';
const playwrightReport = 'test-results/playwright.json';
const serverReport = 'test-results/vitest-server.json';

/** The unit test files that run on both engines. */
function bothEngines() {
  const folder = join(root, 'tests', 'unit');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.test.ts') && /\b(engineServices|testStore|engineStore)\(/.test(readFileSync(join(folder, f), 'utf8')))
    .map((f) => `tests/unit/${f}`);
}

// npm itself, as the one running this script (npm.cmd on Windows cannot be spawned directly).
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
const npmRun = (script) => [...npm, 'run', script];
const bin = (path) => [process.execPath, join(root, 'node_modules', path)];

const staticStep = (name, command) => ({ name, command, summarise: (status) => staticSuite(name, status) });

const steps = [
  staticStep('typecheck', npmRun('typecheck')),
  staticStep('lint', npmRun('lint')),
  // The Electron settings, statically: any finding not allowed, with its reason, fails it.
  staticStep('electronegativity', [process.execPath, join(root, 'scripts', 'electronegativity.mjs')]),
  staticStep('format', npmRun('format:check')),
  staticStep('migrations', npmRun('db:check')),
  {
    name: 'vitest',
    command: [...bin('vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
    report: vitestReport,
    summarise: (status) => vitestSuite('vitest', readReport(vitestReport), status),
    failures: () => vitestFailures(readReport(vitestReport), root),
  },
  {
    // The files written for both engines (they make their record with `engineServices`,
    // `testStore` or `engineStore`), again on a real PostgreSQL server: the practice server's suite.
    name: 'vitest (server)',
    command: [...bin('vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${serverReport}`, ...bothEngines()],
    env: { MILIA_TEST_ENGINE: 'pg' },
    report: serverReport,
    summarise: (status) => vitestSuite('vitest (server)', readReport(serverReport), status),
    failures: () => vitestFailures(readReport(serverReport), root),
  },
  staticStep('build', npmRun('build')),
  {
    name: 'e2e',
    needs: 'build',
    // The reporters, the JSON one included, are in playwright.config.ts.
    command: [...bin('@playwright/test/cli.js'), 'test'],
    report: playwrightReport,
    summarise: (status) => playwrightSuite('e2e', readReport(playwrightReport), status),
    failures: () => playwrightFailures(readReport(playwrightReport), root),
  },
];

function readReport(path) {
  const file = join(root, path);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.error(`${path} is not valid JSON, so its suite counts as failed.`);
    return undefined;
  }
}

/** Errors vitest caught outside its tests and the failed tests, by step: repeated beside the summary, where a log's tail shows them. */
const outside = [];

/** Runs a step, its output passed through as it comes and, for vitest, kept to be read at the end. */
function exec({ name, command, report, env }) {
  // A report left by an earlier run must not stand in for this one.
  if (report) rmSync(join(root, report), { force: true });
  const [program, ...args] = command;
  console.log(`\n── ${name}`);
  const keep = name.startsWith('vitest');
  const child = spawn(program, args, { cwd: root, stdio: ['inherit', keep ? 'pipe' : 'inherit', keep ? 'pipe' : 'inherit'], env: { ...process.env, ...env } });
  const chunks = [];
  if (keep)
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ])
      from.on('data', (chunk) => {
        to.write(chunk);
        chunks.push(chunk);
      });
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`${name} could not start: ${error.message}`);
      resolve(127);
    });
    child.on('close', (status, signal) => {
      const errors = keep ? errorsOutsideTests(Buffer.concat(chunks).toString('utf8')) : [];
      if (errors.length > 0) outside.push(`── ${name}, errors outside its tests:`, ...errors);
      resolve(status ?? signal);
    });
  });
}

const suites = await runSteps(steps, exec);
// The failed tests by name, beside the summary too: a CI log's tail shows only the end.
for (const step of steps) {
  const failures = suites.find((s) => s.name === step.name)?.failed ? (step.failures?.() ?? []) : [];
  if (failures.length > 0) outside.push(`── ${step.name}, failed:`, ...failures);
}
if (outside.length > 0) console.log(`\n${outside.join('\n')}`);
console.log(`\n${summaryLines(suites).join('\n')}`);
process.exitCode = succeeded(suites) ? 0 : 1;

// What `npm test` reports: each step's outcome as a suite (a static check counts as one test,
// the test runners by their JSON reports), and the steps run in turn without stopping at the
// first failure, so that the last line counts everything and names what did not run.
import { isAbsolute, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** A static check (typecheck, lint, ...): one passed or one failed test. */
export function staticSuite(name, status) {
  return status === 0 ? suite(name, 1, 0, 0, 'ok') : suite(name, 0, 1, 0, `failed (${exitWords(status)})`);
}

/** A step that never ran: one failure, named with the reason. */
export function notRun(name, reason) {
  return suite(name, 0, 1, 0, `not run (${reason})`);
}

/** Vitest's JSON report (absent when it wrote none) and its exit status. */
export function vitestSuite(name, report, status) {
  if (!report) return suite(name, 0, 1, 0, `failed with no report (${exitWords(status)})`);
  // A file that failed to load has no failed test of its own: it counts once.
  const broken = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
  const passed = report.numPassedTests;
  const failed = report.numFailedTests + broken.length;
  const skipped = report.numPendingTests + report.numTodoTests;
  const notes = [];
  if (report.numTodoTests > 0) notes.push(`${report.numTodoTests} to do`);
  if (broken.length > 0) notes.push(`${plural(broken.length, 'file')} failed to load`);
  return withExit(suite(name, passed, failed, skipped, counts(passed, failed, skipped, notes)), status);
}

/** Playwright's JSON report (absent when it wrote none) and its exit status. */
export function playwrightSuite(name, report, status) {
  if (!report) return suite(name, 0, 1, 0, `failed with no report (${exitWords(status)})`);
  const { expected, unexpected, skipped, flaky = 0 } = report.stats;
  // An error outside any test (a spec that failed to load, the global setup) stops the run.
  const errors = report.errors?.length ?? 0;
  const passed = expected + flaky;
  const failed = unexpected + errors;
  const notes = [];
  if (flaky > 0) notes.push(`${flaky} flaky: passed on a retry`);
  if (errors > 0) notes.push(`${plural(errors, 'error')} outside the tests`);
  return withExit(suite(name, passed, failed, skipped, counts(passed, failed, skipped, notes)), status);
}

/**
 * Runs the steps in order, each whatever happened before, except one that `needs` a step
 * that failed. `exec(step)` resolves to the exit status; `summarise(status)` makes its suite.
 */
export async function runSteps(steps, exec) {
  const suites = [];
  for (const step of steps) {
    const needed = step.needs && suites.find((s) => s.name === step.needs);
    if (needed && needed.failed > 0) {
      suites.push(notRun(step.name, `${step.needs} failed`));
      continue;
    }
    suites.push(step.summarise(await exec(step)));
  }
  return suites;
}

/** One line per suite, the failed ones named again, and last the totals alone on their line. */
export function summaryLines(suites) {
  const total = suites.reduce((t, s) => ({ passed: t.passed + s.passed, failed: t.failed + s.failed, skipped: t.skipped + s.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
  const failing = suites.filter((s) => s.failed > 0).map((s) => s.name);
  return [
    ...suites.map((s) => `${s.name}: ${s.detail}`),
    ...(failing.length > 0 ? [`Failed: ${failing.join(', ')}`] : []),
    `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
  ];
}

export const succeeded = (suites) => suites.every((s) => s.failed === 0);

function suite(name, passed, failed, skipped, detail) {
  return { name, passed, failed, skipped, detail };
}

/**
 * What vitest caught outside its tests (an error thrown by a timer or a connection after its
 * test ended), from its printed output, colours taken out: that section's lines, at most
 * `limit`, or none. A run that failed only for these is otherwise told as "see its output
 * above", thousands of lines above where a CI log's tail shows it.
 */
export function errorsOutsideTests(output, limit = 40) {
  const lines = stripVTControlCharacters(output).split('\n');
  const start = lines.findIndex((l) => /⎯ Unhandled Errors? ⎯/.test(l));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^\s*Test Files\b/.test(l));
  const section = lines.slice(start, end < 0 ? undefined : end).filter((l) => l.trim() !== '');
  return section.length > limit ? [...section.slice(0, limit), `… ${section.length - limit} more lines in its output above`] : section;
}

/**
 * The tests a vitest report failed, one line each: where, which, and the first line of why,
 * at most `limit`. Repeated beside the summary, as the errors outside the tests are, so that a
 * CI log's tail names the test and not only the suite.
 */
export function vitestFailures(report, root, limit = 20) {
  const lines = [];
  for (const file of report?.testResults ?? []) {
    const where = shortPath(file.name, root);
    const failed = file.assertionResults.filter((a) => a.status === 'failed');
    if (file.status === 'failed' && failed.length === 0) lines.push(`${where}: ${firstLine(file.message)}`);
    for (const a of failed) lines.push(`${where} › ${[...a.ancestorTitles, a.title].join(' › ')}: ${firstLine(a.failureMessages[0])}`);
  }
  return capped(lines, limit);
}

/** The same for a Playwright report: its tests that failed on every try, and its errors outside them. */
export function playwrightFailures(report, root, limit = 20) {
  const lines = (report?.errors ?? []).map((e) => `${e.location ? shortPath(e.location.file, root) : 'outside the tests'}: ${firstLine(e.message)}`);
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests.filter((t) => t.status === 'unexpected'))
        lines.push(`${spec.file}:${spec.line} › ${spec.title}: ${firstLine(test.results.at(-1)?.error?.message)}`);
    for (const inner of suite.suites ?? []) walk(inner);
  };
  for (const suite of report?.suites ?? []) walk(suite);
  return capped(lines, limit);
}

const shortPath = (path, root) => (isAbsolute(path) ? relative(root, path) : path);

function firstLine(message, width = 240) {
  const line = stripVTControlCharacters(message ?? 'no message')
    .trim()
    .split('\n')[0];
  return line.length > width ? `${line.slice(0, width)}…` : line;
}

const capped = (lines, limit) => (lines.length > limit ? [...lines.slice(0, limit), `… ${lines.length - limit} more in its output above`] : lines);

/** A runner that failed with no failed test (an error between tests, a crash) fails once more. */
function withExit(s, status) {
  if (status === 0 || s.failed > 0) return s;
  return suite(s.name, s.passed, 1, s.skipped, `${s.detail}; but it ended with ${exitWords(status)} and no failed test: see its output above`);
}

function counts(passed, failed, skipped, notes) {
  return `${passed} passed, ${failed} failed, ${skipped} skipped${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

function exitWords(status) {
  return typeof status === 'number' ? `exit status ${status}` : `signal ${status}`;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

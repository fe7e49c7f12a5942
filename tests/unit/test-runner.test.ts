/**
 * `npm test`'s summary: every step runs whatever failed before it (only the end-to-end tests
 * wait for the build), and the last line counts every test, a static check as one, a suite
 * that did not run as a failure. The reports are real ones, written by vitest and Playwright
 * over small made-up suites.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  errorsOutsideTests,
  notRun,
  playwrightFailures,
  playwrightSuite,
  runSteps,
  staticSuite,
  succeeded,
  summaryLines,
  vitestFailures,
  vitestSuite,
  type ExitStatus,
  type PlaywrightReport,
  type VitestReport,
} from '../../scripts/test-report.mjs';

const report = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'test-reports', name), 'utf8')) as T;
// One file with a pass, a failure, a skip and a to-do; one that throws as it loads; one that passes.
const vitestFailing = report<VitestReport>('vitest-failures.json');
// A pass, a failure, a test that passed on its retry, a skip and a fixme.
const playwrightFlaky = report<PlaywrightReport>('playwright-flaky.json');
// A spec that throws as it loads: Playwright runs nothing and reports the error.
const playwrightLoadError = report<PlaywrightReport>('playwright-load-error.json');

describe('a suite from its report', () => {
  it('counts a static check as one passed or one failed test', () => {
    expect(staticSuite('typecheck', 0)).toEqual({ name: 'typecheck', passed: 1, failed: 0, skipped: 0, detail: 'ok' });
    expect(staticSuite('lint', 2)).toEqual({ name: 'lint', passed: 0, failed: 1, skipped: 0, detail: 'failed (exit status 2)' });
    expect(staticSuite('build', 'SIGKILL').detail).toBe('failed (signal SIGKILL)');
  });

  it('counts vitest failures, a file that failed to load once, and skipped and to-do tests as skipped', () => {
    expect(vitestSuite('vitest', vitestFailing, 1)).toEqual({
      name: 'vitest',
      passed: 2,
      failed: 2,
      skipped: 2,
      detail: '2 passed, 2 failed, 2 skipped (1 to do, 1 file failed to load)',
    });
  });

  it('counts a vitest run that failed with every test passing as one failure', () => {
    const allPassed: VitestReport = {
      ...vitestFailing,
      numFailedTests: 0,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [
        { name: '/project/t/ok.test.ts', status: 'passed', assertionResults: [{ status: 'passed', ancestorTitles: [], title: 'passes', failureMessages: [] }] },
      ],
    };
    expect(vitestSuite('vitest', allPassed, 0)).toMatchObject({ passed: 2, failed: 0, skipped: 0, detail: '2 passed, 0 failed, 0 skipped' });
    expect(vitestSuite('vitest', allPassed, 1)).toMatchObject({
      passed: 2,
      failed: 1,
      detail: '2 passed, 0 failed, 0 skipped; but it ended with exit status 1 and no failed test: see its output above',
    });
  });

  it('counts a flaky Playwright test as passed and says so, and skipped and fixme tests as skipped', () => {
    expect(playwrightSuite('e2e', playwrightFlaky, 1)).toEqual({
      name: 'e2e',
      passed: 2,
      failed: 1,
      skipped: 2,
      detail: '2 passed, 1 failed, 2 skipped (1 flaky: passed on a retry)',
    });
  });

  it('counts an error outside the Playwright tests as a failure', () => {
    expect(playwrightSuite('e2e', playwrightLoadError, 1)).toEqual({
      name: 'e2e',
      passed: 0,
      failed: 1,
      skipped: 0,
      detail: '0 passed, 1 failed, 0 skipped (1 error outside the tests)',
    });
  });

  it('finds the error vitest caught after a test, with the test file it came from, in its coloured output', () => {
    const output = readFileSync(join(__dirname, '..', 'fixtures', 'test-reports', 'vitest-unhandled.txt'), 'utf8');
    const errors = errorsOutsideTests(output);
    expect(errors[0]).toMatch(/⎯ Unhandled Errors ⎯/);
    expect(errors).toContain('Error: Connection terminated unexpectedly');
    expect(errors.join('\n')).toContain('This error originated in "late.test.js" test file.');
    expect(errors.some((l) => l.includes('\u001b') || /Test Files/.test(l))).toBe(false);
    expect(errorsOutsideTests(output, 3)).toEqual([...errors.slice(0, 3), `… ${errors.length - 3} more lines in its output above`]);
    expect(errorsOutsideTests(output.replace(/Unhandled Errors/g, 'Failed Tests'))).toEqual([]);
  });

  it('names each failed test with its file and the first line of why, for the tail of a CI log', () => {
    expect(vitestFailures(vitestFailing, '/project')).toEqual([
      't/a.test.ts › sums › fails: AssertionError: expected 2 to be 3 // Object.is equality',
      't/broken.test.ts: cannot load',
    ]);
    expect(vitestFailures(vitestFailing, '/project', 1)).toEqual([
      't/a.test.ts › sums › fails: AssertionError: expected 2 to be 3 // Object.is equality',
      '… 1 more in its output above',
    ]);
    // The flaky test passed on its retry: only the one that failed every try is named, colours taken out.
    const [failed, ...rest] = playwrightFailures(playwrightFlaky, '/project');
    expect(rest).toEqual([]);
    expect(failed).toMatch(/^a\.spec\.ts:3 › fails: Error: expect\(received\)\.toBe\(expected\)/);
    expect(playwrightFailures(playwrightLoadError, '/project')).toEqual(['e2e/b.spec.ts: Error: cannot load']);
    expect([vitestFailures(undefined, '/project'), playwrightFailures(undefined, '/project')]).toEqual([[], []]);
  });

  it('counts a runner that wrote no report as one failure', () => {
    expect(vitestSuite('vitest', undefined, 1)).toEqual({ name: 'vitest', passed: 0, failed: 1, skipped: 0, detail: 'failed with no report (exit status 1)' });
    expect(playwrightSuite('e2e', undefined, 'SIGTERM').detail).toBe('failed with no report (signal SIGTERM)');
  });
});

describe('the steps and the summary', () => {
  type FakeStep = { name: string; needs?: string; status: ExitStatus; summarise(status: ExitStatus): ReturnType<typeof staticSuite> };
  const step = (name: string, status: ExitStatus, needs?: string): FakeStep => ({
    name,
    status,
    ...(needs ? { needs } : {}),
    summarise: (s) => staticSuite(name, s),
  });
  const run = async (steps: FakeStep[]) => {
    const ran: string[] = [];
    const suites = await runSteps(steps, (s) => {
      ran.push(s.name);
      return s.status;
    });
    return { ran, suites };
  };

  it('runs every step after a failure, and ends with the totals alone on the last line', async () => {
    const { ran, suites } = await run([step('typecheck', 2), step('lint', 0), step('vitest', 1), step('build', 0), step('e2e', 0, 'build')]);
    expect(ran).toEqual(['typecheck', 'lint', 'vitest', 'build', 'e2e']);
    expect(summaryLines(suites)).toEqual([
      'typecheck: failed (exit status 2)',
      'lint: ok',
      'vitest: failed (exit status 1)',
      'build: ok',
      'e2e: ok',
      'Failed: typecheck, vitest',
      '3 passed, 2 failed, 0 skipped',
    ]);
    expect(succeeded(suites)).toBe(false);
  });

  it('does not run a step whose needed step failed, and counts it as a failure by name', async () => {
    const { ran, suites } = await run([step('lint', 0), step('build', 1), step('e2e', 0, 'build')]);
    expect(ran).toEqual(['lint', 'build']);
    expect(suites.at(-1)).toEqual(notRun('e2e', 'build failed'));
    expect(summaryLines(suites).slice(-3)).toEqual(['e2e: not run (build failed)', 'Failed: build, e2e', '1 passed, 2 failed, 0 skipped']);
  });

  it('adds skipped tests to the totals and succeeds only when nothing failed', async () => {
    const skips: VitestReport = {
      ...vitestFailing,
      numFailedTests: 0,
      testResults: [
        { name: '/project/t/ok.test.ts', status: 'passed', assertionResults: [{ status: 'skipped', ancestorTitles: [], title: 'skips', failureMessages: [] }] },
      ],
    };
    const suites = [staticSuite('typecheck', 0), vitestSuite('vitest', skips, 0)];
    expect(summaryLines(suites).at(-1)).toBe('3 passed, 0 failed, 2 skipped');
    expect(succeeded(suites)).toBe(true);
  });
});

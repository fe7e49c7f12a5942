// The types of test-report.mjs, for its tests (the scripts are plain JavaScript).

export interface Suite {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  /** What follows "name: " on its summary line. */
  detail: string;
}

/** An exit status, or the signal that stopped the process. */
export type ExitStatus = number | string;

export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

export interface PlaywrightReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky?: number };
  errors?: unknown[];
}

export interface Step {
  name: string;
  /** The step whose failure means this one is not run. */
  needs?: string;
  summarise(status: ExitStatus): Suite;
}

export function staticSuite(name: string, status: ExitStatus): Suite;
export function notRun(name: string, reason: string): Suite;
export function vitestSuite(name: string, report: VitestReport | undefined, status: ExitStatus): Suite;
export function playwrightSuite(name: string, report: PlaywrightReport | undefined, status: ExitStatus): Suite;
export function errorsOutsideTests(output: string, limit?: number): string[];
export function runSteps<S extends Step>(steps: S[], exec: (step: S) => ExitStatus | Promise<ExitStatus>): Promise<Suite[]>;
export function summaryLines(suites: Suite[]): string[];
export function succeeded(suites: Suite[]): boolean;

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
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { status: string; ancestorTitles: string[]; title: string; failureMessages: string[] }[];
  }[];
}

export interface PlaywrightReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky?: number };
  errors?: { message: string; location?: { file: string } }[];
  suites?: PlaywrightSpecs[];
}

export interface PlaywrightSpecs {
  specs?: { file: string; line: number; title: string; tests: { status: string; results: { error?: { message?: string } }[] }[] }[];
  suites?: PlaywrightSpecs[];
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
export function vitestFailures(report: VitestReport | undefined, root: string, limit?: number): string[];
export function playwrightFailures(report: PlaywrightReport | undefined, root: string, limit?: number): string[];
export function errorsOutsideTests(output: string, limit?: number): string[];
export function runSteps<S extends Step>(steps: S[], exec: (step: S) => ExitStatus | Promise<ExitStatus>): Promise<Suite[]>;
export function summaryLines(suites: Suite[]): string[];
export function succeeded(suites: Suite[]): boolean;

/**
 * The command line as if standard error were a terminal (for its progress lines), the
 * arguments passed on: `terminalCli.ts backup --out FILE --db DB`.
 */
Object.defineProperty(process.stderr, 'isTTY', { value: true });
void import('../../src/main/cli/index');

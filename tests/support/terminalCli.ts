/**
 * The command line as if standard output and standard error were terminals (for its progress
 * lines, and what it shows there), the arguments passed on: `terminalCli.ts backup --out FILE --db DB`.
 */
Object.defineProperty(process.stderr, 'isTTY', { value: true });
Object.defineProperty(process.stdout, 'isTTY', { value: true });
void import('../../src/main/cli/index');

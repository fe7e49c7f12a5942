/**
 * The command line as IT runs it: a real process per command (tsx), in a data folder of its
 * own so that it never touches the real default database, whatever a test forgets.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from './store';

export const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entries = { cli: join(root, 'src', 'main', 'cli', 'index.ts'), terminal: join(root, 'tests', 'support', 'terminalCli.ts') };

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The working folder (relative `--out` files land here); the checkout by default. */
  cwd?: string;
  /** `terminal`: the command line with standard error taken for a terminal. */
  entry?: keyof typeof entries;
  /** What the command reads on standard input (closed at once when left out). */
  input?: string | Buffer;
}

/** Runs `args`; standard output comes as bytes too (an XLSX on standard output). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun & { bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [entries[options.entry ?? 'cli'], ...args], {
      cwd: options.cwd ?? root,
      // The project's tsconfig (the @shared alias) whatever the working folder.
      env: { ...process.env, MILIA_USER_DATA: tempDir(), TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // A command that exits before reading its input must not fail the test with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (status) => {
      const bytes = Buffer.concat(out);
      resolve({ status, stdout: bytes.toString('utf8'), stderr, bytes });
    });
  });
}

/** The status and the two outputs as text, for comparing a whole run with toEqual. */
export async function cli(...args: string[]): Promise<CliRun> {
  const { status, stdout, stderr } = await runCli(args);
  return { status, stdout, stderr };
}

/** The command line with standard error taken for a terminal (progress lines). */
export async function terminalCli(...args: string[]): Promise<CliRun> {
  const { status, stdout, stderr } = await runCli(args, { entry: 'terminal' });
  return { status, stdout, stderr };
}

/**
 * The command line of `cli.md`: `npm run cli -- <command> [options]`. It parses the
 * options, runs one command of the table over the same services as the app, and turns
 * errors into one clear line and an exit status: 0 done, 2 the command or its input is
 * wrong, 1 anything else. Stack traces only with `--debug`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDatabasePath } from '../paths';
import { AppError, describeIssues } from '@shared/errors';
import { fileFault, fileFaultMessage, storageFault, storageFaultMessage } from '../db/faults';
import { commands } from './commands';
import { helpLines, helpWidth, wrapped } from './helpLayout';
import { shellPath } from './paths';
import { MachineFault, UsageError, actAs, type CommandContext, type OptionSpecs } from './support';
import { printable } from './json';
import { restrictNewFiles } from '../files/modes';
import { tightenAtStart } from '../backups/tighten';

// Everything this process creates is this account's only (see files/modes.ts).
restrictNewFiles();

const globalOptions = {
  db: { type: 'string' },
  server: { type: 'string' },
  as: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

const names = Object.keys(commands);

function help(): string {
  const width = helpWidth();
  return [
    'Milia Notes command line.',
    '',
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands:',
    // Each command's usage on a line of its own (its options wrapped under its first) and what it does beneath:
    // a column beside the longest usage leaves no room.
    ...names.flatMap((n) => [...wrapped(commands[n]!.usage, width, '  ', ' '.repeat(n.length + 3)), ...wrapped(commands[n]!.summary, width, '      ')]),
    '',
    'Options of every command:',
    ...helpLines(
      [
        ['  --db PATH', `the database file (default: ${shellPath(defaultDatabasePath())})`],
        ['  --server URL', 'the practice server instead, postgresql://USER@HOST:5432/DATABASE (default: the environment variable MILIA_SERVER, when set)'],
        ['  --as USERNAME', "act as that user, with that user's rights (default: this operating-system account, with full rights)"],
        ['  --debug', 'show the stack trace of an unexpected error'],
        ['  --help', 'this help; "<command> --help" for one command'],
      ],
      width,
    ),
    '',
  ].join('\n');
}

function commandHelp(name: string): string {
  const c = commands[name]!;
  return [
    ...wrapped(`Usage: npm run cli -- ${c.usage} [--db PATH] [--as USERNAME]`, helpWidth(), '', ' '.repeat(`Usage: npm run cli -- ${name} `.length)),
    '',
    ...wrapped(`${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`, helpWidth(), ''),
    ...(c.details ? ['', ...helpLines(c.details, helpWidth())] : []),
    '',
  ].join('\n');
}

/** Runs one command line; resolves to the exit status. */
async function main(args: string[]): Promise<number> {
  // The command is the first word that is not an option (or the value of a global one).
  const first = parseArgs({ args, options: globalOptions, strict: false, allowPositionals: true });
  const name = first.positionals[0];
  if (name === undefined) {
    if (first.values.help) {
      process.stdout.write(help());
      return 0;
    }
    throw new UsageError(`Say which command to run: ${names.join(', ')}. Run with --help for details.`);
  }
  const command = Object.hasOwn(commands, name) ? commands[name]! : undefined;
  if (!command) throw new UsageError(`There is no command "${printable(name)}". The commands are: ${names.join(', ')}. Run with --help for details.`);

  const { values, positionals } = parseArgs({ args, options: { ...globalOptions, ...command.options }, strict: true, allowPositionals: true });
  if (values.help) {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  const rest = positionals.slice(1);
  // An empty value names nothing: a path would read as the current folder, a filter as no filter.
  const empty = Object.entries(values).find(([, value]) => typeof value === 'string' && value.trim() === '');
  if (empty) throw new UsageError(`--${empty[0]} is empty. Give it a value, or leave the option out. Usage: npm run cli -- ${command.usage}`);
  if (rest.some((word) => word.trim() === '')) throw new UsageError(`${name} was given an empty word. Usage: npm run cli -- ${command.usage}`);
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (rest.length < min || rest.length > max) {
    const what = rest.length > max ? `does not take "${rest.slice(max).join(' ')}"` : 'needs more';
    throw new UsageError(`${name} ${what}. Usage: npm run cli -- ${command.usage}`);
  }
  const db = resolve(typeof values.db === 'string' ? values.db : defaultDatabasePath());
  const serverFrom = typeof values.server === 'string' ? '--server' : process.env.MILIA_SERVER ? 'MILIA_SERVER' : undefined;
  const server = serverFrom === undefined ? undefined : typeof values.server === 'string' ? values.server : process.env.MILIA_SERVER!;
  const ctx: CommandContext = {
    db,
    dbGiven: typeof values.db === 'string',
    values,
    positionals: rest,
    ...(server === undefined ? {} : { server, serverFrom }),
  };
  // The file's own upkeep, only when the record is the file.
  if (server === undefined) tightenAtStart(db, (sentence) => process.stderr.write(`${printable(sentence)}\n`));
  if (typeof values.as === 'string') await actAs(ctx, values.as, command.permission, command.access);
  return (await command.run(ctx)) ?? 0;
}

/** One clear message for an error, and its exit status. */
async function report(error: unknown): Promise<{ message: string; status: number }> {
  if (error instanceof UsageError) return { message: error.message, status: 2 };
  if (error instanceof MachineFault) return { message: error.message, status: 1 };
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS_')) {
    const unknown = /^Unknown option '([^']+)'/.exec(error.message)?.[1];
    // Node's own words run over several lines ("… is ambiguous.\nDid you forget …"): one line here.
    const what = unknown ? `There is no option ${unknown}.` : printable(error.message.replace(/\s*\n\s*/g, ' ')).replace(/\.?$/, '.');
    return { message: `${what} Run with --help for the options.`, status: 2 };
  }
  if (error instanceof AppError) {
    // What was asked is refused (exit 2); a conflict (a file in use, a backup running) is a state of the machine (1).
    const refused: readonly string[] = ['validation', 'not_found', 'forbidden', 'unauthenticated', 'locked'];
    const status = refused.includes(error.kind) ? 2 : 1;
    return { message: error.issues.length > 0 ? `${error.message}\n${describeIssues(error.issues)}` : error.message, status };
  }
  if (storageFault(error) === 'notadb') return { message: storageFaultMessage('notadb', 'The --db file'), status: 2 };
  // A file the command cannot write where it was told to is a refusal of what was asked; a full disk is the machine's.
  const file = fileFault(error);
  const path = (error as NodeJS.ErrnoException).path;
  if (file === 'denied' && path) return { message: `${path} may not be used by this account (permission denied). Ask IT about its permissions.`, status: 2 };
  if (file !== null) return { message: fileFaultMessage(file), status: file === 'full' ? 1 : 2 };
  // Loaded only now: the handlers bring the whole app (faker included) with them.
  const { toEnvelopeError } = await import('../api/handlers');
  const envelope = toEnvelopeError(error);
  const known = !envelope.ok && envelope.error.kind === 'storage';
  const message = known
    ? envelope.error.message
    : `Something went wrong: ${error instanceof Error ? error.message : String(error)}. Run again with --debug for the details, and tell IT if it persists.`;
  return { message, status: 1 };
}

// A reader that stops early (`| head`) is not an error; there is nothing left to say.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const argv = process.argv.slice(2);
main(argv).then(
  (status) => {
    process.exitCode = status;
  },
  async (error: unknown) => {
    const { message, status } = await report(error);
    // Whatever a message quotes (a path, a key, a name), a terminal is never told to act on it.
    process.stderr.write(`${message.split('\n').map(printable).join('\n')}\n`);
    if (argv.includes('--debug') && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = status;
  },
);

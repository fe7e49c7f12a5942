/**
 * `npm run browser -- --db FILE --port N [--create]`, or `--server URL` (or MILIA_SERVER) for
 * the practice server: the app in an ordinary browser, for working on the screens and for the
 * end-to-end tests. The first line on stdout is the address to open (it carries this run's
 * token); Ctrl-C closes the database cleanly.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '@shared/errors';
import { restrictNewFiles } from '../files/modes';
import { tightenAtStart } from '../backups/tighten';
import { ensureRendererBuilt } from './build';
import { shownUrl } from '../db/pg/url';
import { projectRoot, startBrowserServer, type BrowserServerOptions } from './server';

const usage = 'Usage: npm run browser -- --db FILE [--port N] [--create], or --server URL [--port N]';

/** A mistake in how the command was called: one line, exit status 2. */
function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) refuse(`--port must be a number from 0 to 65535 (0 picks a free port), not "${value}".`);
  return port;
}

function options() {
  try {
    return parseArgs({
      options: {
        db: { type: 'string' },
        server: { type: 'string' },
        port: { type: 'string' },
        create: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    refuse(`${error instanceof Error ? error.message : String(error)}. ${usage}`);
  }
}

async function main(): Promise<void> {
  const values = options();
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const serverUrl = values.server ?? (values.db === undefined ? process.env.MILIA_SERVER : undefined);
  if (serverUrl !== undefined) return serve({ serverUrl }, parsePort(values.port), `Practice server: ${shownUrl(serverUrl)}`);
  if (!values.db) refuse(`--db or --server is required. ${usage}`);
  const dbPath = resolve(values.db);
  const port = parsePort(values.port);
  // Before the build, which takes a while: a mistyped path is the likeliest mistake.
  if (!values.create && !existsSync(dbPath)) refuse(`There is no database at ${dbPath}. Check the path, or add --create to make a new one.`);

  restrictNewFiles();
  // On standard error: the first line of standard output is the address.
  tightenAtStart(dbPath, (sentence) => process.stderr.write(`${sentence}\n`));
  // The checks on the worker thread beside the server's start: the page loads meanwhile, a damaged file still stops the server.
  await serve({ dbPath, create: values.create, checksOnWorker: true }, port, `Database: ${dbPath}`);
}

async function serve(record: Pick<BrowserServerOptions, 'dbPath' | 'serverUrl' | 'create' | 'checksOnWorker'>, port: number, where: string): Promise<void> {
  if (record.serverUrl !== undefined && !/^postgres(ql)?:\/\//.test(record.serverUrl)) {
    refuse(`The practice server's address must start with postgresql://, as postgresql://milia@server.local/milia does. Check --server or MILIA_SERVER.`);
  }
  ensureRendererBuilt(projectRoot);
  let server;
  try {
    server = await startBrowserServer({ ...record, port });
  } catch (error) {
    if (error instanceof AppError) refuse(error.message);
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') refuse(`Port ${port} is in use. Choose another, or --port 0 for a free one.`);
    throw error;
  }
  process.stdout.write(`${server.url}\n`);
  process.stdout.write(`${where}\nOpen the address above in a browser. Press Ctrl-C to stop.\n`);

  const stop = (): void => {
    // A second Ctrl-C stops at once: the default action is back. The file is then left unsealed, and the next start checks it whole.
    if (record.dbPath !== undefined)
      process.stderr.write('Closing: the database is checked once more, so that the next start need not wait (Ctrl-C again stops now) …\n');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await server.checked.catch((error: unknown) => {
    if (error instanceof AppError) refuse(error.message);
    throw error;
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

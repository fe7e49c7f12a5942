/**
 * A throw-away PostgreSQL cluster for the tests: `initdb` into a new temporary folder, trust
 * authentication on the loopback address only, a free port, its socket inside the folder, no
 * fsync (the data dies with the run), `pg_ctl -w start`; stopped with `pg_ctl -m fast` and
 * removed. Root may not run a cluster, so as root it runs as the `postgres` system user (which
 * Debian's package creates) in a folder that user owns.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface PgCluster {
  /** The superuser's URL over the loopback: `postgresql://postgres@127.0.0.1:PORT/postgres`. */
  url: string;
  /** The temporary folder holding it (its data in `data/`). */
  dir: string;
  stop(): void;
}

const debianRoot = '/usr/lib/postgresql';

/** The folder holding initdb and pg_ctl: Debian's newest version, or the PATH's. */
export function findPgBin(): string {
  const debian = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(debianRoot, v, 'bin'))
    : [];
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const found = [...debian, ...onPath].find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) {
    throw new Error(
      `PostgreSQL is not installed: no initdb and pg_ctl in ${debianRoot}/*/bin or on the PATH, and MILIA_TEST_PG_URL names no server. ` +
        'The server tests need a real PostgreSQL: install Debian\'s "postgresql" package (.ci/run does), or set MILIA_TEST_PG_URL to a superuser URL.',
    );
  }
  return found;
}

/** A port nobody listens on at this moment. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asRoot = process.getuid?.() === 0;

function ids(user: string): { uid: number; gid: number } {
  try {
    return { uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' })) };
  } catch {
    throw new Error(`The tests run as root, and PostgreSQL refuses to run as root, but there is no "${user}" system user to run it as.`);
  }
}

/** Runs one of PostgreSQL's programs, as the postgres user when this is root. */
function runner(bin: string) {
  return (program: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(bin, program), asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
}

/** Stops the cluster in `dir` (made by startPgCluster) and removes the folder. */
export function stopPgCluster(dir: string): void {
  try {
    runner(findPgBin())('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'milia-pg-'));
  const data = join(dir, 'data');
  const run = runner(bin);
  try {
    if (asRoot) {
      const { uid, gid } = ids('postgres');
      chownSync(dir, uid, gid);
    }
    // Byte order (the "C" collation) sorts text as SQLite does; a UTF-8 ctype keeps every script's letters letters.
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--lc-collate=C', '--lc-ctype=C.UTF-8', '--no-sync', '--no-instructions']);
    const port = await freePort();
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, dir, stop: () => stopPgCluster(dir) };
  } catch (error) {
    // execFileSync's error names the command and carries its standard error.
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

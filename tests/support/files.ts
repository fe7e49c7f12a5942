/** Real files for the file-writing tests: a hash of the bytes, a named pipe, a database held open by another process. */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** SHA-256 of a file's bytes. */
export const fileHash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Makes a named pipe (a FIFO) at `path` with the system's mkfifo; fails the test when it cannot. */
export function makeFifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0 || !statSync(path).isFIFO()) throw new Error(`mkfifo ${path} failed: ${made.stderr?.toString() ?? made.error?.message}`);
}

/**
 * Another process (the app, say) with the database open in WAL mode after a committed write,
 * so that its -wal and -shm files exist with real content, until `release`.
 */
export async function holdOpen(db: string): Promise<{ release(): Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(join(__dirname, '..', '..', 'node_modules', 'better-sqlite3'))});
    const db = new Database(${JSON.stringify(db)});
    db.pragma('journal_mode = WAL');
    db.prepare("insert into settings (key, value) values ('holder', '1') on conflict (key) do update set value = excluded.value").run();
    process.stdout.write('open\\n');
    process.stdin.resume();
    process.stdin.on('end', () => { db.close(); process.exit(0); });`;
  const holder = spawn(process.execPath, ['-e', script]);
  await new Promise<void>((resolve, reject) => {
    holder.stdout.once('data', () => resolve());
    holder.on('exit', (code) => reject(new Error(`the process holding ${db} ended (${code})`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        if (holder.exitCode !== null) return resolve();
        holder.on('exit', () => resolve());
        holder.stdin.end();
      }),
  };
}

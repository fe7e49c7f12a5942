/**
 * A long command killed part-way leaves the database as it was: `seed` and `import` write
 * everything in one transaction, so a SIGKILL in the middle of one (a crash, a power cut, IT
 * closing the terminal) must leave every table's rows exactly as before, with `check` clean.
 *
 * The kill lands inside the transaction: the command holds the write lock from its first
 * write to its commit, and a second connection sees that lock (its own BEGIN IMMEDIATE is
 * refused at once). The transaction fits in SQLite's page cache, so the -wal file only grows
 * at the commit itself; the lock is the earlier, surer sign that the writing has begun.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabase } from '../../src/main/check';
import { openStore } from '../../src/main/db/open';
import { seed } from '../../src/main/seed';
import { createServices } from '../../src/main/services';
import { parsingServices } from '../support/surface';
import { testActor as actor, tempDir } from '../support/store';
import { cli } from '../support/cli';
import { contentHash } from '../support/contentHash';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  ended: () => boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the command: tsx runs it in a child process of its own, so its whole process group. */
  kill(): void;
}

const running = new Set<Run>();
afterEach(async () => {
  for (const run of running) run.kill();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startCli(args: string[]): Run {
  const child = spawn(tsx, ['src/main/cli/index.ts', ...args], {
    cwd: root,
    // Never the real default database, whatever a test forgets.
    env: { ...process.env, MILIA_USER_DATA: tempDir() },
    // Its own process group, which the kill reaches whole.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  let ended = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const run: Run = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    ended: () => ended,
    exited: new Promise((resolve) =>
      // Once its pipes are closed, no process of the group is left.
      child.on('close', (code, signal) => {
        ended = true;
        running.delete(run);
        resolve({ code, signal });
      }),
    ),
    kill: () => {
      if (running.has(run)) process.kill(-child.pid!, 'SIGKILL');
    },
  };
  running.add(run);
  return run;
}

/** Whether another connection is inside a write transaction: BEGIN IMMEDIATE is then refused at once. */
function writeLockHeld(probe: Database.Database): boolean {
  try {
    probe.exec('begin immediate');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  }
  probe.exec('rollback');
  return false;
}

/**
 * Waits until the command is writing (the lock held over 50 ms: not a pragma's moment at
 * start-up), lets it write for `delay` ms more, checks it has not committed, and kills it.
 */
async function killWhileWriting(run: Run, db: string, delay: number): Promise<void> {
  const probe = new Database(db);
  try {
    probe.pragma('busy_timeout = 0');
    let heldSince: number | null = null;
    const deadline = Date.now() + 90_000;
    while (heldSince === null || Date.now() - heldSince < 50) {
      expect(run.ended(), `the command ended before it was killed: ${run.stderr()}${run.stdout().slice(0, 500)}`).toBe(false);
      expect(Date.now() < deadline, 'the command never began writing').toBe(true);
      if (writeLockHeld(probe)) heldSince ??= Date.now();
      else heldSince = null;
      await sleep(5);
    }
    await sleep(delay);
    expect(writeLockHeld(probe), `the command committed within ${delay + 50} ms of its first write, before the kill: give it more to write`).toBe(true);
    run.kill();
  } finally {
    probe.close();
  }
  expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(run.stdout()).toBe('');
}

/** What must not change: the rows of every table, their counts (for a readable failure), and `check`. */
function snapshot(db: string) {
  // As the app opens it: the start-up checks refuse a damaged file.
  const store = openStore(db, { startupChecks: true });
  try {
    const count = (table: string) => store.sqlite.prepare(`select count(*) from ${table}`).pluck().get() as number;
    return {
      counts: Object.fromEntries(
        ['clinicians', 'patients', 'visits', 'presentations', 'treatments', 'follow_ups', 'handouts', 'audit_log'].map((t) => [t, count(t)]),
      ),
      hash: contentHash(store),
      faults: checkDatabase(store),
    };
  } finally {
    store.close();
  }
}

/** A database with a small record of its own: `patients` synthetic patients of seed `seedNumber`. */
async function seeded(patients: number, seedNumber: number): Promise<string> {
  const db = join(tempDir(), 'milia.db');
  const store = openStore(db, { create: true });
  try {
    await seed(store.records, actor, { patients, seed: seedNumber });
  } finally {
    store.close();
  }
  return db;
}

const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

describe('a long command killed part-way', () => {
  it('seed --patients 2000 killed while writing leaves every row as it was, and check clean', async () => {
    const db = await seeded(20, 3);
    const before = snapshot(db);
    expect(before.faults).toEqual([]);
    expect(before.counts.patients).toBe(20);

    // About 2 s of writing on a quiet machine: the kill lands well inside it.
    const delay = between(100, 600);
    await killWhileWriting(startCli(['seed', '--patients', '2000', '--seed', '5', '--db', db]), db, delay);

    const after = snapshot(db);
    expect(after, `killed ${delay} ms into the writing`).toEqual(before);
    // And the database takes the next write as usual.
    const store = openStore(db);
    try {
      expect(
        (
          await parsingServices(createServices(store)).patients.create(actor, {
            givenName: 'Zoë',
            familyName: 'Nguyễn',
            dateOfBirth: '1987-03-14',
            sex: 'female',
          })
        ).id,
      ).toBe(21);
    } finally {
      store.close();
    }
  }, 120_000);

  it('import FILE of a large export killed while writing leaves every row as it was, and check clean', async () => {
    const source = await seeded(2000, 1);
    const file = join(tempDir(), 'export.json');
    const exported = await cli('export', '--out', file, '--db', source);
    expect(exported).toEqual({ status: 0, stdout: '', stderr: '' });

    const db = await seeded(20, 3);
    const before = snapshot(db);
    expect(before.faults).toEqual([]);

    // About 1 s of writing on a quiet machine.
    const delay = between(20, 300);
    await killWhileWriting(startCli(['import', file, '--db', db]), db, delay);

    const after = snapshot(db);
    expect(after, `killed ${delay} ms into the writing`).toEqual(before);
  }, 120_000);
});

/**
 * Files only for their owner: every file the command line and the app's services write is
 * 0600 and every folder they make 0700, even under the common umask 022 (which would give
 * 0644 and 0755); and a database left readable by others is tightened at start, said once.
 * Real processes and real files; Electron's Save dialog is the one stand-in (it only answers
 * with a path).
 */
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { restoreDatabase } from '../../src/main/backups/restore';
import { openStore } from '../../src/main/db/open';
import { createSaveDialog } from '../../src/main/desktop/saveDialog';
import { tightenDatabaseFiles } from '../../src/main/backups/tighten';
import { createServices } from '../../src/main/services';
import { startAutomaticBackups } from '../../src/main/services/automaticBackups';
import { runCli } from '../support/cli';
import { olderDatabase } from '../support/databases';
import { parsingServices, setPracticeContact } from '../support/surface';
import { testActor as actor, tempDir, testPasswordCost } from '../support/store';

const answer = vi.hoisted(() => ({ path: '' }));
vi.mock('electron', () => ({
  app: { getPath: () => '/nonexistent/Documents' },
  dialog: { showSaveDialog: async () => ({ canceled: false, filePath: answer.path }) },
}));

// The tests run, and start the command line, under the umask most systems give: 022.
let umask = 0;
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});

const modeOf = (path: string): number => lstatSync(path).mode & 0o777;

/** Every file and folder under `root` (itself included) whose mode is not 0600 for a file or 0700 for a folder, as `path 0644`. */
function notPrivate(root: string): string[] {
  const loose: string[] = [];
  const visit = (path: string): void => {
    const stats = lstatSync(path);
    const wanted = stats.isDirectory() ? 0o700 : 0o600;
    if ((stats.mode & 0o777) !== wanted) loose.push(`${relative(root, path) || '.'} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(root);
  return loose;
}

/** Every file under `root`, relative, for saying what a walk covered. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(root, name)).isFile());
}

async function ok(args: string[], options: { cwd?: string; input?: string } = {}): Promise<void> {
  const run = await runCli(args, options);
  expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  // Nothing an earlier command wrote had to be tightened.
  expect(run.stderr).not.toContain('readable by this account only');
}

describe('files the command line writes', () => {
  it('are 0600 in folders of 0700 under umask 022: the database, its backups, exports, handouts, imports and restores', async () => {
    const root = tempDir();
    const db = join(root, 'practice', 'records', 'milia.db');
    const other = join(root, 'other', 'milia.db');
    const period = ['--from', '2000-01-01', '--to', '2030-12-31'];
    await ok(['init', '--db', db]);
    await ok(['seed', '--patients', '3', '--db', db]);
    await ok(['user', 'add', '--username', 'ada', '--role', 'admin', '--name', 'Ada Okafor', '--password-stdin', '--db', db], {
      input: 'a long enough password\n',
    });
    await ok(['export', '--out', join(root, 'export.json'), '--db', db]);
    await ok(['init', '--db', other]);
    await ok(['import', join(root, 'export.json'), '--db', other]);
    await ok(['backup', '--out', join(root, 'backup.db'), '--db', db]);
    await ok(['restore', join(root, 'backup.db'), '--db', db]);
    await ok(['stats', ...period, '--format', 'csv', '--out', join(root, 'stats.csv'), '--db', db]);
    await ok(['stats', ...period, '--format', 'xlsx', '--out', join(root, 'stats.xlsx'), '--db', db]);
    // Without --out, the workbook goes to the working folder.
    await ok(['stats', ...period, '--format', 'xlsx', '--db', db], { cwd: root });
    await ok(['audit', ...period, '--format', 'csv', '--out', join(root, 'audit.csv'), '--db', db]);
    // The practice's contact, without which no handout is printed, set in this process (umask 022).
    const store = openStore(db);
    await setPracticeContact(createServices(store, { passwordCost: testPasswordCost }), actor);
    const visit = store.sqlite.prepare('select visit_id from treatments limit 1').pluck().get() as number;
    store.close();
    await ok(['handout', '--visit', String(visit), '--out', join(root, 'handout.pdf'), '--db', db]);

    expect(
      filesUnder(root)
        .filter((f) => !f.includes('Backups'))
        .sort(),
    ).toEqual(
      [
        'audit.csv',
        'backup.db',
        'export.json',
        'handout.pdf',
        'milia-statistics-2000-01-01-to-2030-12-31.xlsx',
        'other/milia.db',
        'practice/records/milia.db',
        'practice/records/milia.db.backup-state.json',
        'stats.csv',
        'stats.xlsx',
      ].sort(),
    );
    // The copy kept before the restore, and its sidecar.
    expect(filesUnder(join(root, 'practice', 'records', 'Backups'))).toHaveLength(2);
    expect(notPrivate(root)).toEqual([]);
  }, 240_000);
});

describe("files the app's services write", () => {
  /** Services over a new database at `db`, made in-process under umask 022 (no entry point sets one here). */
  function servicesAt(db: string) {
    const store = openStore(db, { create: true });
    return { store, services: parsingServices(createServices(store, { passwordCost: testPasswordCost })) };
  }

  it('are 0600 in folders of 0700 without the umask: the database and its -wal and -shm, backups, automatic backups and the state file', async () => {
    const root = tempDir();
    const { store, services } = servicesAt(join(root, 'milia.db'));
    try {
      await services.patients.create(actor, { givenName: 'Ada', familyName: 'Byrne', dateOfBirth: '1970-01-01', sex: 'female' });
      await services.backups.run(actor);
      await services.backups.whenIdle();
      const automatic = startAutomaticBackups(services, { checkEveryMs: 0 });
      await automatic.started;
      await automatic.atExit();
      expect(filesUnder(root).sort()).toEqual(expect.arrayContaining(['milia.db', 'milia.db-shm', 'milia.db-wal', 'milia.db.backup-state.json']));
      // The manual backup and the one at exit, each with its sidecar.
      expect(filesUnder(join(root, 'Backups'))).toHaveLength(4);
      expect(notPrivate(root)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('are 0600 for an export saved through the desktop Save dialog', async () => {
    const root = tempDir();
    const db = join(root, 'milia.db');
    const { store, services } = servicesAt(db);
    try {
      answer.path = join(root, 'statistics.csv');
      const target = await createSaveDialog(() => null, db).chooseTarget('milia-statistics.csv', 'csv');
      const csv = await services.stats.exportData(actor, { from: '2025-01-01', to: '2025-12-31', asOf: '2025-12-31', format: 'csv' });
      await target!.save(Buffer.from(JSON.stringify(csv.rows)));
      expect(modeOf(answer.path)).toBe(0o600);
      expect(notPrivate(root)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('makes the restored database 0600 when the backup restored was readable by others', async () => {
    const root = tempDir();
    const db = join(root, 'milia.db');
    servicesAt(db).store.close();
    const source = servicesAt(join(tempDir(), 'copied-in.db')).store;
    source.close();
    // A backup copied in by hand, 0644.
    const handCopied = join(tempDir(), 'from-another-machine.db');
    copyFileSync(source.path, handCopied);
    chmodSync(handCopied, 0o644);
    await restoreDatabase(db, handCopied);
    expect(notPrivate(root)).toEqual([]);
  });

  it('makes the copy kept before a migration 0600, in a backup folder of 0700', () => {
    const db = olderDatabase(3);
    const root = join(db, '..');
    openStore(db).close();
    expect(filesUnder(join(root, 'Backups')).filter((f) => f.endsWith('-before-migration.db'))).toHaveLength(1);
    expect(notPrivate(join(root, 'Backups'))).toEqual([]);
    expect(modeOf(db)).toBe(0o600);
  });
});

describe('a database left readable by other accounts', () => {
  /** A database with a backup and a state file, then every file made 0644 and the folders 0755, as an earlier version left them. */
  async function loosened() {
    const root = tempDir();
    chmodSync(root, 0o755);
    const db = join(root, 'milia.db');
    const store = openStore(db, { create: true });
    const services = createServices(store, { passwordCost: testPasswordCost });
    await services.backups.run(actor);
    await services.backups.whenIdle();
    store.close();
    for (const file of [db, `${db}.backup-state.json`]) chmodSync(file, 0o644);
    chmodSync(join(root, 'Backups'), 0o755);
    for (const file of readdirSync(join(root, 'Backups'))) chmodSync(join(root, 'Backups', file), 0o644);
    return { root, db };
  }

  it('is tightened at the start of a command, which says so once on standard error', async () => {
    const { root, db } = await loosened();
    const first = await runCli(['user', 'list', '--db', db]);
    expect(first.status).toBe(0);
    expect(first.stderr).toBe(
      `Milia Notes made its files readable by this account only: ${db}, ${db}.backup-state.json, 2 backup files in the backup folder ${join(root, 'Backups')}.\n`,
    );
    // The database's own folder is the user's to choose: left as it is.
    expect(notPrivate(root)).toEqual(['. 755']);
    const second = await runCli(['user', 'list', '--db', db]);
    expect({ status: second.status, stderr: second.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it("tightens the backup folder the database's settings name, and its -wal and -shm", async () => {
    const root = tempDir();
    const db = join(root, 'milia.db');
    const store = openStore(db, { create: true });
    const services = createServices(store, { passwordCost: testPasswordCost });
    const settings = await services.settings.get(actor);
    await services.settings.update(actor, { ...settings, backupFolder: 'elsewhere' });
    await services.backups.run(actor);
    await services.backups.whenIdle();
    // Open: its -wal and -shm are there.
    for (const file of [db, `${db}-wal`, `${db}-shm`]) chmodSync(file, 0o644);
    chmodSync(join(root, 'elsewhere'), 0o750);
    try {
      expect(tightenDatabaseFiles(db)).toBe(
        `Milia Notes made its files readable by this account only: ${db}, ${db}-wal, ${db}-shm, the backup folder ${join(root, 'elsewhere')}.`,
      );
      expect(notPrivate(root)).toEqual([]);
      expect(tightenDatabaseFiles(db)).toBeNull();
    } finally {
      store.close();
    }
  });

  it('keeps a read-only database read-only: only the other accounts lose their rights', async () => {
    const { root, db } = await loosened();
    chmodSync(db, 0o444);
    chmodSync(join(root, 'Backups'), 0o555);
    expect(tightenDatabaseFiles(db)).not.toBeNull();
    expect([modeOf(db), modeOf(join(root, 'Backups'))]).toEqual([0o400, 0o500]);
    chmodSync(join(root, 'Backups'), 0o700);
  });

  it("leaves another program's files alone: a SQLite file that is not ours, a text file, a folder", () => {
    const root = tempDir();
    const theirs = join(root, 'theirs.db');
    const sqlite = new Database(theirs);
    sqlite.exec('create table t (x)');
    sqlite.close();
    const text = join(root, 'notes.txt');
    writeFileSync(text, 'not a database');
    const folder = join(root, 'folder');
    mkdirSync(folder, { mode: 0o755 });
    for (const file of [theirs, text]) chmodSync(file, 0o644);
    for (const path of [theirs, text, folder, join(root, 'missing.db')]) expect(tightenDatabaseFiles(path)).toBeNull();
    expect([modeOf(theirs), modeOf(text), modeOf(folder)]).toEqual([0o644, 0o644, 0o755]);
  });
});

/**
 * Every kind of path the command line can be given (`--db`, an import or a restore FILE,
 * `--out`, `call --input`): each problem is exit status 2 and one sentence naming the path
 * with its control characters escaped, never "Something went wrong" nor a stack trace. Real
 * processes over real files; permission denied is judged by an unprivileged account (tests
 * run as root here, and root may read anything).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import { cli, root } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { tempDir } from '../support/store';

const fixtures = join(root, 'tests', 'fixtures', 'interchange');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Each spawn costs seconds on a shared machine: a few at a time, and a test may take minutes. */
const slow = 300_000;
async function inTurn<T>(tasks: Array<() => Promise<T>>, width = 3): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** What a refusal must not hold: a raw control character (line breaks between lines aside), a stack trace, the catch-all. */
function expectOneSentence(run: { status: number | null; stderr: string; stdout: string } | undefined, sentence: string): void {
  expect(run).toEqual({ status: 2, stdout: '', stderr: `${sentence}\n` });
  expect(run!.stderr.slice(0, -1)).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
}

/** A database that holds one patient, made in process. */
function database(folder = tempDir()): string {
  const db = join(folder, 'milia.db');
  const store = openStore(db, { create: true });
  store.sqlite.exec(
    "insert into patients (mrn, given_name, family_name, search_name, date_of_birth, sex) values ('A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female')",
  );
  store.close();
  return db;
}

/** The files that are not databases, in one folder. */
function notDatabases() {
  const folder = tempDir();
  const files = {
    empty: join(folder, 'empty.db'),
    random: join(folder, 'random.db'),
    text: join(folder, 'notes.txt'),
    other: join(folder, 'other.sqlite'),
    folder: join(folder, 'a-folder.db'),
    pipe: join(folder, 'pipe.db'),
  };
  writeFileSync(files.empty, '');
  writeFileSync(files.random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
  writeFileSync(files.text, 'Dear Dr Okafor,\nthe patient is well.\n');
  const other = new Database(files.other);
  other.exec('create table recipes (name text)');
  other.close();
  mkdirSync(files.folder);
  execFileSync('mkfifo', [files.pipe]);
  return files;
}

/**
 * The content hash of a database file, the connection closed again. Read-write, as its owner
 * would: a read-only connection leaves its -wal and -shm behind, which another account's
 * command would then find.
 */
function hashOf(db: string): string {
  const sqlite = new Database(db, { fileMustExist: true });
  try {
    return contentHash(sqlite);
  } finally {
    sqlite.close();
  }
}

describe('--db: every path problem is exit status 2 and one sentence', () => {
  it(
    "refuses a folder, an empty file, random bytes, a text file, another program's SQLite file, devices, a named pipe and a path through a file, changing none of them",
    async () => {
      const files = notDatabases();
      const giveIt = 'Give the database file, or create one with init at a new path.';
      const cases: Array<[string, string]> = [
        [files.folder, `${files.folder} is a folder, not a database. Give the database file inside it, or create one with init at a new path.`],
        [files.empty, `${files.empty} is empty (0 bytes), so it is not a Milia Notes database. ${giveIt}`],
        [files.random, `${files.random} is not a Milia Notes database (it is not a SQLite file). ${giveIt}`],
        [files.text, `${files.text} is not a Milia Notes database (it is not a SQLite file). ${giveIt}`],
        [files.other, `${files.other} is not a Milia Notes database (it holds other tables). Choose the right file.`],
        ['/dev/null', `/dev/null is a device, not a database. ${giveIt}`],
        ['/dev/zero', `/dev/zero is a device, not a database. ${giveIt}`],
        [files.pipe, `${files.pipe} is a named pipe, not a database. ${giveIt}`],
        [join(files.text, 'milia.db'), `${join(files.text, 'milia.db')} cannot exist: a part of that path is a file, not a folder. ${giveIt}`],
      ];
      const before = Object.fromEntries([files.empty, files.random, files.text, files.other].map((f) => [f, readFileSync(f)]));
      const runs = await inTurn(
        cases.map(
          ([db]) =>
            () =>
              cli('check', '--db', db),
        ),
      );
      runs.forEach((run, i) => expectOneSentence(run, cases[i]![1]));
      for (const [file, bytes] of Object.entries(before)) expect(readFileSync(file)).toEqual(bytes);
      expect(readdirSync(files.folder)).toEqual([]);
    },
    slow,
  );

  it(
    'refuses a zero-byte --db in every command, which stays empty; check never says ok for it',
    async () => {
      const folder = tempDir();
      const db = join(folder, 'milia.db');
      writeFileSync(db, '');
      const input = join(folder, 'input.json');
      writeFileSync(input, '{}');
      const sentence = `${db} is empty (0 bytes), so it is not a Milia Notes database. Give the database file, or create one with init at a new path.`;
      const commands = [
        ['init'],
        ['check'],
        ['export'],
        ['import', join(fixtures, 'scripts.json')],
        ['seed', '--patients', '1'],
        ['handout', '--visit', '1', '--out', join(folder, 'h.pdf')],
        ['stats', '--from', '2026-01-01', '--to', '2026-01-31'],
        ['audit', '--from', '2026-01-01', '--to', '2026-01-31'],
        ['backup', '--out', join(folder, 'copy.db')],
        ['restore', join(fixtures, 'scripts.json')],
        ['user', 'list'],
        ['call', 'patients.search', '--input', input],
        ['check', '--as', 'admin'],
      ];
      const runs = await inTurn(commands.map((args) => () => cli(...args, '--db', db)));
      runs.forEach((run, i) => {
        expect({ command: commands[i], ...run }).toEqual({ command: commands[i], status: 2, stdout: '', stderr: `${sentence}\n` });
      });
      expect(statSync(db).size).toBe(0);
      expect(readdirSync(folder).sort()).toEqual(['input.json', 'milia.db']);
    },
    slow,
  );

  it(
    'shows a path with a line break or an escape sequence escaped, never acting on it',
    async () => {
      const folder = tempDir();
      const newline = join(folder, 'new\nline.db');
      const escape = join(folder, 'e\u001b[2J\u001b[Hx.db');
      writeFileSync(newline, '');
      const [broken, screen] = await Promise.all([cli('export', '--db', newline), cli('check', '--db', escape)]);
      expectOneSentence(
        broken,
        `${folder}/new\\u000aline.db is empty (0 bytes), so it is not a Milia Notes database. Give the database file, or create one with init at a new path.`,
      );
      const shown = `${folder}/e\\u001b[2J\\u001b[Hx.db`;
      expectOneSentence(screen, `There is no database at ${shown}. Create one with: npm run cli -- init --db "${shown}"`);
    },
    slow,
  );
});

describe('files given to import, restore, --out and call --input', () => {
  it(
    'refuses each path problem of a file to read in one sentence with exit status 2, and the database is unchanged',
    async () => {
      const files = notDatabases();
      const db = database();
      const before = hashOf(db);
      const missing = join(tempDir(), 'missing.json');
      const under = join(files.text, 'x.json');
      const runs = await inTurn([
        () => cli('import', missing, '--db', db),
        () => cli('import', files.folder, '--db', db),
        () => cli('import', under, '--db', db),
        () => cli('restore', files.folder, '--db', db),
        () => cli('restore', '/dev/null', '--db', db),
        () => cli('restore', files.random, '--db', db),
        () => cli('call', 'patients.search', '--input', files.folder, '--db', db),
        () => cli('call', 'patients.search', '--input', under, '--db', db),
        () => cli('export', '--out', '/dev/null', '--db', db),
        () => cli('export', '--out', files.pipe, '--db', db),
        () => cli('export', '--out', join(files.text, 'export.json'), '--db', db),
      ]);
      const sentences = [
        `There is no file at ${missing}. Check the path given to import.`,
        `${files.folder} is a folder. Give import the file inside it.`,
        `${under} cannot exist: a part of that path is a file, not a folder. Check the path given to import.`,
        `${files.folder} is a folder. Give restore the file inside it.`,
        '/dev/null is a device, not a file. Check the path given to restore.',
        `${files.random} is not a Milia Notes database (it is not a database file). Nothing was changed. Choose a Milia Notes backup (a file named like milia-notes-2026-01-31T08-00-00Z-automatic.db).`,
        `${files.folder} is a folder. Give --input the file inside it.`,
        `${under} cannot exist: a part of that path is a file, not a folder. Check the path given to --input.`,
        '--out /dev/null is a device, not a file. Choose another file for the export.',
        `--out ${files.pipe} is a named pipe, not a file. Choose another file for the export.`,
        `${files.text} is a file, not a folder. Choose another --out.`,
      ];
      runs.forEach((run, i) => expectOneSentence(run, sentences[i]!));
      expect(hashOf(db)).toBe(before);
    },
    slow,
  );

  it(
    'refuses an empty path or option value, which would name the current folder or no filter, in one sentence with exit status 2',
    async () => {
      const db = database();
      const before = hashOf(db);
      const runs = await inTurn([
        () => cli('export', '--out', '', '--db', db),
        () => cli('check', '--db', ' '),
        () => cli('import', '', '--db', db),
        () => cli('audit', '--from', '2026-01-01', '--to', '2026-01-31', '--action', '', '--db', db),
      ]);
      const audit = 'audit --from DATE --to DATE [--format json|csv] [--user U] [--patient ID] [--action A] [--out FILE]';
      const sentences = [
        '--out is empty. Give it a value, or leave the option out. Usage: npm run cli -- export [--out FILE]',
        '--db is empty. Give it a value, or leave the option out. Usage: npm run cli -- check',
        'import was given an empty word. Usage: npm run cli -- import FILE [--max-size MB]',
        `--action is empty. Give it a value, or leave the option out. Usage: npm run cli -- ${audit}`,
      ];
      runs.forEach((run, i) => expectOneSentence(run, sentences[i]!));
      expect(hashOf(db)).toBe(before);
    },
    slow,
  );
});

/**
 * Runs the command line as the unprivileged account `nobody` (uid 65534), when this process
 * runs as root: permissions mean nothing to root. Its folders must be open to that account.
 */
function asNobody(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'milia-nobody-'));
  chmodSync(home, 0o777);
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'setpriv' : tsx;
  const prefix = asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', tsx] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, join(root, 'src', 'main', 'cli', 'index.ts'), ...args], {
      cwd: home,
      env: { ...process.env, HOME: home, MILIA_USER_DATA: home, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (status) => {
      rmSync(home, { recursive: true, force: true });
      resolve({ status, stdout, stderr });
    });
  });
}

/** A folder that the unprivileged account may enter, removed after the tests. */
const shared: string[] = [];
function sharedFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'milia-shared-'));
  chmodSync(folder, 0o755);
  shared.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of shared) {
    for (const entry of readdirSync(folder, { recursive: true }) as string[]) chmodSync(join(folder, entry), 0o755);
    chmodSync(folder, 0o755);
    rmSync(folder, { recursive: true, force: true });
  }
});

describe('permissions, as an account without rights to the files', () => {
  it(
    'refuses a database and an import file it may not read (chmod 000) with a sentence, and a database it may not write for a command that writes',
    async () => {
      const folder = sharedFolder();
      const db = database(folder);
      const writable = join(folder, 'writable');
      mkdirSync(writable);
      chmodSync(writable, 0o777);
      const hidden = join(writable, 'hidden.json');
      copyFileSync(join(fixtures, 'scripts.json'), hidden);
      chmodSync(hidden, 0o000);
      const closedDb = join(writable, 'closed.db');
      copyFileSync(db, closedDb);
      chmodSync(closedDb, 0o000);
      const readOnlyDb = join(writable, 'read-only.db');
      copyFileSync(db, readOnlyDb);
      chmodSync(readOnlyDb, 0o444);
      // A folder on the way that this account may not enter (chmod 700, another owner).
      const locked = join(folder, 'locked');
      mkdirSync(locked);
      copyFileSync(db, join(locked, 'milia.db'));
      chmodSync(locked, 0o700);
      const [unreadable, notRead, notWritten, noOut, unreachable] = await inTurn([
        () => asNobody(['check', '--db', closedDb]),
        () => asNobody(['import', hidden, '--db', readOnlyDb]),
        () => asNobody(['seed', '--patients', '1', '--db', readOnlyDb]),
        () => asNobody(['export', '--out', join(folder, 'export.json'), '--db', readOnlyDb]),
        () => asNobody(['check', '--db', join(locked, 'milia.db')]),
      ]);
      expectOneSentence(
        unreadable,
        `${closedDb} may not be read by this account (permission denied). Ask IT about its permissions, or run the command as the account that owns it.`,
      );
      expectOneSentence(
        notRead,
        `${hidden} may not be read by this account (permission denied). Ask IT about its permissions, or copy the file somewhere this account can read.`,
      );
      expectOneSentence(
        notWritten,
        `${readOnlyDb} cannot be changed: it is read-only for this account. Ask IT about its permissions; check and export work on it as it is.`,
      );
      expectOneSentence(
        noOut,
        `This account may not write in the folder ${folder} (permission denied). Choose another --out, or ask IT about its permissions.`,
      );
      expectOneSentence(
        unreachable,
        `${join(locked, 'milia.db')} cannot be reached: this account may not open a folder on that path. Give the database file, or create one with init at a new path.`,
      );
    },
    slow,
  );

  it.each([
    ['a read-only file (0444) in a folder it may write', 0o777],
    ['a read-only file in a read-only folder, without its shared-memory file', 0o555],
  ])(
    'check and export work on %s, and leave it exactly as it was',
    async (_, folderMode) => {
      const folder = sharedFolder();
      const inner = join(folder, 'record');
      mkdirSync(inner);
      const db = database(inner);
      const expected = await cli('export', '--db', db);
      const before = hashOf(db);
      chmodSync(db, 0o444);
      chmodSync(inner, folderMode);
      const listing = readdirSync(inner).sort();
      const [checked, exported] = await Promise.all([asNobody(['check', '--db', db]), asNobody(['export', '--db', db])]);
      const note = `${db} is read-only for this account: read from a copy of it, and nothing is recorded in it.\n`;
      expect(checked).toEqual({ status: 0, stdout: 'ok\n', stderr: note });
      expect(exported).toEqual({ status: 0, stdout: expected.stdout, stderr: note });
      expect(readdirSync(inner).sort()).toEqual(listing);
      expect(existsSync(`${db}-shm`)).toBe(false);
      chmodSync(inner, 0o755);
      expect(hashOf(db)).toBe(before);
    },
    slow,
  );
});

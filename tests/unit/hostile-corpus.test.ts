/**
 * The hostile-input corpus (tests/support/hostileCorpus.ts) run through the API's invoker, in
 * process, and through the command line, as real processes over copies of one prepared
 * database. Each case must end as intended: kept, or refused with exit 2 and a plain sentence,
 * its refusal changing no row and no file; never a crash. The counts go to
 * `test-results/hostile-corpus.json`.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ApiName } from '@shared/api';
import type { Actor } from '@shared/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/main/compose';
import { openStore } from '../../src/main/db/open';
import type { SqliteStore } from '../../src/main/db/records';
import { userActor } from '../support/actors';
import { root } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { makeFifo } from '../support/files';
import {
  asIntended,
  bidiNames,
  bundleCli,
  borderlineNames,
  controlNames,
  encodingCases,
  folderState,
  formulaNames,
  interchangeText,
  legacyClinicianNames,
  otherAppsDatabase,
  pool,
  randomBytes,
  rawControl,
  recordHash,
  resultOf,
  runCommand,
  sequenceNames,
  summarise,
  surrogateNames,
  terminalJsonProblem,
  unplain,
  unusualNames,
  type Expectation,
  type NameCase,
  type Outcome,
  type Owner,
  type Run,
} from '../support/hostileCorpus';
import { testActor, testPasswordCost } from '../support/store';

let base = '';
let template = '';
let bundle = '';
let made = 0;

/** A new folder for one case, open to the unprivileged account that some cases run as. */
function caseDir(): string {
  const dir = join(base, `case-${++made}`);
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * A copy of the prepared database (one patient, Zoë Nguyễn) in a folder of its own under `dir`:
 * private, as the app makes its files, or `shared` with the unprivileged account a case runs as.
 */
function copyTemplate(dir: string, options: { shared?: boolean } = {}): string {
  const folder = join(dir, 'db');
  mkdirSync(folder);
  chmodSync(folder, options.shared ? 0o777 : 0o700);
  const db = join(folder, 'milia.db');
  copyFileSync(template, db);
  chmodSync(db, options.shared ? 0o666 : 0o600);
  return db;
}

// ---------------------------------------------------------------------------------------------
// Through the API

interface ApiCase {
  name: string;
  owner: Owner;
  expect: Expectation;
  call: ApiName;
  input(): unknown;
  /** Who calls: a dermatologist signed in to the desktop app, or for the practice's settings and users the operating-system account with full rights (the command line's). */
  as?: 'administrator';
  /** What is wrong with an accepted answer's value, or null. */
  check?(value: unknown): string | null;
}

let api: App<SqliteStore>;
/** A dermatologist signed in to the desktop app: the patients' and visits' cases call as one. */
let clinician: Actor;
let patientId = 0;

const storedName = (c: NameCase): string => c.stored ?? c.text.trim().normalize('NFC');
const person = (givenName: string, familyName = 'Smith') => ({ givenName, familyName, dateOfBirth: '1987-03-14', sex: 'female' });
const visit = (notes: string) => ({
  patientId,
  date: '2026-03-10',
  clinicianId: clinician.clinicianId,
  pregnancyStatus: 'neither',
  notes,
  presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 2 }],
  treatments: [],
  followUps: [],
});
const field =
  (key: string, want: unknown) =>
  (value: unknown): string | null => {
    const got = (value as Record<string, unknown>)[key];
    return got === want ? null : `${key} stored as ${JSON.stringify(got)}, not ${JSON.stringify(want)}`;
  };

const givenNameCases: ApiCase[] = [
  ...controlNames,
  ...sequenceNames,
  ...bidiNames,
  ...surrogateNames,
  ...borderlineNames,
  ...unusualNames,
  ...formulaNames,
].map((c) => ({
  name: `patients.create givenName: ${c.label}`,
  owner: 'text',
  expect: c.expect,
  call: 'patients.create',
  input: () => person(c.text),
  check: c.expect === 'accepted' ? field('givenName', storedName(c)) : undefined,
}));

const otherFieldCases: ApiCase[] = [
  { name: 'patients.create familyName: U+202E', owner: 'text', expect: 'refused', call: 'patients.create', input: () => person('Anna', 'Smith\u202e1-NM') },
  { name: 'patients.create mrn: ESC [2J', owner: 'text', expect: 'refused', call: 'patients.create', input: () => ({ ...person('Anna'), mrn: 'MN\x1b[2J-1' }) },
  {
    name: 'patients.create givenName: 100,000 characters',
    owner: 'text',
    expect: 'refused',
    call: 'patients.create',
    input: () => person('A'.repeat(100_000)),
  },
  { name: 'patients.create phone: NUL', owner: 'text', expect: 'refused', call: 'patients.create', input: () => ({ ...person('Anna'), phone: '0117\0 496' }) },
  {
    name: 'patients.create email: U+202E',
    owner: 'text',
    expect: 'refused',
    call: 'patients.create',
    input: () => ({ ...person('Anna'), email: 'anna@exa\u202emple.org' }),
  },
  {
    name: 'patients.update givenName: ESC [2J',
    owner: 'text',
    expect: 'refused',
    call: 'patients.update',
    input: () => ({ id: patientId, mrn: 'MN-000001', ...person('Zoë\x1b[2J', 'Nguyễn') }),
  },
  ...[
    ['NUL', '\0'],
    ['ESC [2J', '\x1b[2J'],
    ['U+202E', '\u202e'],
    ['a lone surrogate', '\ud800'],
  ].map(([label, c]) => ({
    name: `patients.search query: ${label}`,
    owner: 'text' as const,
    expect: 'refused' as const,
    call: 'patients.search' as const,
    input: () => ({ query: `zo${c}e` }),
  })),
  { name: 'patients.search query: Hebrew', owner: 'text', expect: 'accepted', call: 'patients.search', input: () => ({ query: 'כהן' }) },
  {
    name: 'patients.search query: a formula',
    owner: 'text',
    expect: 'accepted',
    call: 'patients.search',
    input: () => ({ query: '=HYPERLINK("http://x","y")' }),
  },
  ...[
    ['ESC ] 0; title BEL', 'Nurse\x1b]0;owned\x07 Per'],
    ['NUL', 'Nurse\0Per'],
    ['U+2067', 'Nurse \u2067Per'],
  ].map(([label, name]) => ({
    name: `users.create name: ${label}`,
    owner: 'text' as const,
    expect: 'refused' as const,
    as: 'administrator' as const,
    call: 'users.create' as const,
    input: () => ({ username: `hostile-${++made}`, name, role: 'nurse', password: 'a long passphrase for tests', clinician: { role: 'nurse' } }),
  })),
  {
    name: 'users.create username: ESC [2J',
    owner: 'text',
    expect: 'refused',
    as: 'administrator',
    call: 'users.create',
    input: () => ({ username: 'per\x1b[2J', name: 'Nurse Per', role: 'nurse', password: 'a long passphrase for tests', clinician: { role: 'nurse' } }),
  },
  {
    name: 'clinicians.save name: U+202E',
    owner: 'text',
    expect: 'refused',
    as: 'administrator',
    call: 'clinicians.save',
    input: () => ({ name: 'Dr Ada \u202eOkafor', role: 'dermatologist' }),
  },
  {
    name: 'settings.update practiceName: ESC [2J',
    owner: 'text',
    expect: 'refused',
    as: 'administrator',
    call: 'settings.update',
    input: async () => ({ ...(await api.services.settings.read()), practiceName: 'Harbourside\x1b[2J Dermatology' }),
  },
  {
    name: 'settings.update address: CR LF kept as LF',
    owner: 'text',
    expect: 'accepted',
    as: 'administrator',
    call: 'settings.update',
    input: async () => ({ ...(await api.services.settings.read()), address: '1 Quay Street\r\nBristol' }),
    check: field('address', '1 Quay Street\nBristol'),
  },
  {
    name: 'session.signIn username: ESC [2J',
    owner: 'text',
    expect: 'either',
    call: 'session.signIn',
    input: () => ({ username: 'okafor\x1b[2J', password: 'a long passphrase for tests' }),
  },
  {
    name: 'users.create name: Arabic',
    owner: 'text',
    expect: 'accepted',
    as: 'administrator',
    call: 'users.create',
    input: () => ({
      username: `arabic-${++made}`,
      name: 'د. فاطمة الزهراء',
      role: 'nurse',
      password: 'a long passphrase for tests',
      clinician: { role: 'nurse' },
    }),
    check: field('name', 'د. فاطمة الزهراء'),
  },
  {
    name: 'visits.save notes: CR LF kept as LF',
    owner: 'text',
    expect: 'accepted',
    call: 'visits.save',
    input: () => visit('Line one\r\nLine two\rLine three'),
    check: field('notes', 'Line one\nLine two\nLine three'),
  },
  {
    name: 'visits.save notes: a tab',
    owner: 'text',
    expect: 'accepted',
    call: 'visits.save',
    input: () => visit('Size:\t1 mm'),
    check: field('notes', 'Size:\t1 mm'),
  },
  { name: 'visits.save notes: ESC [2J', owner: 'text', expect: 'refused', call: 'visits.save', input: () => visit('Seen\x1b[2J today') },
  { name: 'visits.save notes: NUL', owner: 'text', expect: 'refused', call: 'visits.save', input: () => visit('Seen\0today') },
  { name: 'visits.save notes: U+202E', owner: 'text', expect: 'refused', call: 'visits.save', input: () => visit('Seen \u202etoday') },
  { name: 'visits.save notes: DEL', owner: 'text', expect: 'refused', call: 'visits.save', input: () => visit('Seen\x7ftoday') },
];

const apiCases: ApiCase[] = [...givenNameCases, ...otherFieldCases];

const refusals: readonly string[] = ['validation', 'not_found', 'conflict', 'forbidden', 'unauthenticated', 'locked'];

async function runApiCase(c: ApiCase): Promise<Outcome> {
  const started = Date.now();
  const before = contentHash(api.store, { except: ['audit_log'] });
  const outcome: Outcome = {
    case: c.name,
    surface: 'api',
    owner: c.owner,
    expected: c.expect,
    result: 'crashed',
    unplain: null,
    changedData: false,
    wrong: null,
    status: '',
    said: '',
    ms: 0,
  };
  try {
    const envelope = await api.invoke(c.as === 'administrator' ? testActor : clinician, c.call, await c.input());
    if (envelope.ok) {
      Object.assign(outcome, { result: 'accepted', status: 'ok', wrong: c.check?.(envelope.value) ?? null });
    } else {
      const { kind, message, issues } = envelope.error as { kind: string; message: string; issues?: Array<{ path: string; message: string }> };
      const said = [message, ...(issues ?? []).map((i) => `${i.path}: ${i.message}`)].join('\n');
      const refused = refusals.includes(kind);
      // Every refusal here is of the input itself: a refusal of another kind would hide whether the text rules hold.
      const wrong = refused && kind !== 'validation' ? `refused as ${kind}, not as invalid input` : null;
      Object.assign(outcome, { result: refused ? 'refused' : 'fault', status: kind, said, unplain: unplain(said), wrong });
      outcome.changedData = contentHash(api.store, { except: ['audit_log'] }) !== before;
    }
  } catch (error) {
    Object.assign(outcome, { result: 'crashed', status: 'threw', said: String(error) });
  }
  outcome.ms = Date.now() - started;
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Through the command line

interface Prepared {
  args: string[];
  input?: string | Buffer | 'endless';
  asNobody?: boolean;
  /** A database whose rows a refusal must leave as they were. */
  db?: string;
  /** Folders a refusal must leave as they were (the inputs given, a hostile --db path's folder). */
  watch?: string[];
  /** What is wrong with the run beyond its outcome (an accepted file's name stored otherwise), or null. */
  check?(run: Run): string | null;
  /** What is wrong with the resources the run took (memory for a file it must not read), or null; judged whatever the outcome. */
  bound?(run: Run): string | null;
  /** Rows written in process before the run (old data another tool wrote, searches to audit). */
  before?(): Promise<void>;
  /** Ends what the case started beside the command (a FIFO's endless writer). */
  cleanup?(): void;
}

interface CliCase {
  name: string;
  owner: Owner;
  expect: Expectation;
  timeoutMs?: number;
  setup(dir: string): Prepared;
}

const givenNameOf = (db: string, mrn: string): string | undefined => {
  const sqlite = new Database(db, { readonly: true });
  try {
    return (sqlite.prepare('select given_name from patients where mrn = ?').pluck().get(mrn) as string | undefined) ?? undefined;
  } finally {
    sqlite.close();
  }
};

/** A file of `bytes` in a folder of its own under `dir`, watched. */
function inputFile(dir: string, name: string, bytes: string | Buffer): { path: string; folder: string } {
  const folder = join(dir, 'in');
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return { path, folder };
}

/** `import FILE` of `bytes` into a copy of the database. */
function importing(bytes: string | Buffer, check?: (db: string) => string | null) {
  return (dir: string): Prepared => {
    const db = copyTemplate(dir);
    const { path, folder } = inputFile(dir, 'record.json', bytes);
    return { args: ['import', path, '--db', db], db, watch: [folder], check: check && (() => check(db)) };
  };
}

/** `call NAME` with `input` as its JSON file, over a copy of the database. */
function calling(name: string, input: unknown, check?: (db: string) => string | null) {
  return (dir: string): Prepared => {
    const db = copyTemplate(dir);
    const { path, folder } = inputFile(dir, 'input.json', JSON.stringify(input));
    return { args: ['call', name, '--input', path, '--db', db], db, watch: [folder], check: check && (() => check(db)) };
  };
}

const storedAs = (mrn: string, want: string) => (db: string) => {
  const got = givenNameOf(db, mrn);
  return got === want ? null : `stored as ${JSON.stringify(got)}, not ${JSON.stringify(want)}`;
};

const cliNames: readonly NameCase[] = [
  ...controlNames.filter((c) => /^U\+00(00|0A|1B|7F|9B) /.test(c.label)),
  ...sequenceNames.filter((c) => /clear|title|fake/.test(c.label)),
  ...bidiNames.filter((c) => /202E/.test(c.label)),
  surrogateNames[0]!,
  ...unusualNames.filter((c) => /Arabic|NFD/.test(c.label)),
  formulaNames.find((c) => c.text.startsWith('=HYPERLINK'))!,
];

const nameCases: CliCase[] = [
  ...cliNames.map((c) => ({
    name: `call patients.create givenName: ${c.label}`,
    owner: 'text' as const,
    expect: c.expect,
    setup: calling('patients.create', { ...person(c.text), mrn: 'HC-9' }, c.expect === 'accepted' ? storedAs('HC-9', storedName(c)) : undefined),
  })),
  { name: 'import: a given name with ESC [2J', owner: 'text', expect: 'refused', setup: importing(interchangeText('Anna\x1b[2J\x1b[H')) },
  { name: 'import: a family name with U+202E', owner: 'text', expect: 'refused', setup: importing(interchangeText('Anna', 'Smith\u202e1-NM')) },
  { name: 'import: a given name with NUL', owner: 'text', expect: 'refused', setup: importing(interchangeText('Anna\0')) },
  { name: 'import: a given name with a lone surrogate', owner: 'text', expect: 'refused', setup: importing(interchangeText('Anna\udc00')) },
  {
    name: 'import: a clinician name with a line break',
    owner: 'text',
    expect: 'refused',
    setup: importing(interchangeText('Anna').replace('Dr Ada Okafor', 'Dr Ada\\nOkafor')),
  },
  {
    name: 'import: visit notes with CR LF and a tab, kept as LF and the tab',
    owner: 'text',
    expect: 'accepted',
    setup: importing(interchangeText('Anna').replace('Milia of the left upper lid.', 'Line one\\r\\nLine two\\tend'), (db) => {
      const sqlite = new Database(db, { readonly: true });
      try {
        const notes = sqlite.prepare("select notes from visits where key = 'HC-1-v1'").pluck().get();
        return notes === 'Line one\nLine two\tend' ? null : `notes stored as ${JSON.stringify(notes)}`;
      } finally {
        sqlite.close();
      }
    }),
  },
  { name: 'import: an Arabic name', owner: 'text', expect: 'accepted', setup: importing(interchangeText('فاطمة'), storedAs('HC-1', 'فاطمة')) },
  { name: 'import: combining marks stored NFC', owner: 'text', expect: 'accepted', setup: importing(interchangeText('Zoe\u0308'), storedAs('HC-1', 'Zoë')) },
  {
    name: 'user add --name with ESC ] title BEL',
    owner: 'text',
    expect: 'refused',
    setup: (dir) => {
      const db = copyTemplate(dir);
      return {
        args: ['user', 'add', '--username', 'per', '--role', 'nurse', '--name', 'Nurse\x1b]0;owned\x07Per', '--password-stdin', '--db', db],
        input: 'a long passphrase for tests\n',
        db,
      };
    },
  },
];

/** What the command line echoes from a file or its arguments: escaped, never acted on by a terminal. */
const echoCases: CliCase[] = [
  {
    name: 'import: an unknown key that clears the screen and prints a fake line',
    owner: 'cli',
    expect: 'refused',
    setup: importing(interchangeText('Anna').replace('"format"', '"\\u001b[2J\\u001b[HImported 1 patient. OK\\r\\n": 1,\n  "format"')),
  },
  {
    name: 'import: a coded value with ESC [2J',
    owner: 'cli',
    expect: 'refused',
    setup: importing(interchangeText('Anna').replace('"female"', '"\\u001b[2Jfemale"')),
  },
  {
    name: 'import: a raw control character in the JSON',
    owner: 'cli',
    expect: 'refused',
    setup: importing(interchangeText('Anna').replace('"Anna"', '"An\x1b[2Jna"')),
  },
  {
    name: 'call: an unknown key with ESC ] title BEL',
    owner: 'cli',
    expect: 'refused',
    setup: calling('patients.create', { ...person('Anna'), '\x1b]0;owned\x07': 1 }),
  },
  {
    name: 'import: JSON nested 100,000 deep',
    owner: 'cli',
    expect: 'refused',
    setup: importing(`{"format": "milia-notes/3", "patients": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
  },
  {
    name: 'import: a __proto__ key',
    owner: 'cli',
    expect: 'refused',
    setup: importing(interchangeText('Anna').replace('"format"', '"__proto__": {"polluted": true},\n  "format"')),
  },
  {
    name: 'user list: names and a username another tool wrote with ESC [2J and U+202E',
    owner: 'cli',
    expect: 'accepted',
    setup: (dir) => {
      const db = copyTemplate(dir);
      return {
        args: ['user', 'list', '--db', db],
        db,
        before: () => legacyUser(db),
        check: (run) => {
          const raw = rawControl(run.stdout);
          if (raw !== null) return `a raw ${raw} in the list`;
          return run.stdout.includes('Evil') ? null : 'the user is not listed';
        },
      };
    },
  },
  {
    name: 'a command name with ESC [2J',
    owner: 'cli',
    expect: 'refused',
    setup: (dir) => ({ args: ['\x1b[2J\x1b[Hcheck', '--db', copyTemplate(dir)] }),
  },
  {
    name: '--as a username with ESC [2J',
    owner: 'cli',
    expect: 'refused',
    setup: (dir) => ({ args: ['check', '--as', 'admin\x1b[2J\x1b[H', '--db', copyTemplate(dir)] }),
  },
  {
    name: 'audit --format with ESC ] title BEL',
    owner: 'cli',
    expect: 'refused',
    setup: (dir) => ({ args: ['audit', '--from', '2026-01-01', '--to', '2026-01-31', '--format', '\x1b]0;owned\x07csv', '--db', copyTemplate(dir)] }),
  },
  {
    name: 'audit --user with ESC [2J',
    owner: 'cli',
    expect: 'either',
    setup: (dir) => ({ args: ['audit', '--from', '2026-01-01', '--to', '2026-01-31', '--user', 'per\x1b[2J', '--db', copyTemplate(dir)] }),
  },
];

const encodingCliCases: CliCase[] = encodingCases.map((c) => ({
  name: `import: ${c.label}`,
  owner: 'cli',
  expect: c.expect,
  setup: importing(c.bytes, c.stored === undefined ? undefined : storedAs('HC-1', c.stored)),
}));

/** A FIFO fed without end (an opening bracket, then white space) by a shell of its own. */
function endlessFifo(dir: string): { path: string; stop(): void } {
  const path = join(dir, 'in', 'endless.json');
  mkdirSync(join(dir, 'in'), { recursive: true });
  makeFifo(path);
  const writer = spawn('sh', ['-c', '{ printf \'{"patients": [\'; exec yes " "; } > "$1"', 'sh', path], { detached: true, stdio: 'ignore' });
  return {
    path,
    stop: () => {
      try {
        process.kill(-writer.pid!, 'SIGKILL');
      } catch {
        // It ended with the reader.
      }
    },
  };
}

const endless = 90_000;
const boundedCases: CliCase[] = [
  {
    name: 'import: a sparse 600 MB file',
    owner: 'cli',
    expect: 'refused',
    timeoutMs: endless,
    setup: (dir) => {
      const db = copyTemplate(dir);
      const { path, folder } = inputFile(dir, 'huge.json', '{"format": "milia-notes/3", "patients": [');
      truncateSync(path, 600 * 1024 * 1024);
      // Refused before it is read: the process never holds the file.
      return {
        args: ['import', path, '--db', db],
        db,
        watch: [folder],
        bound: (run) => (run.peakRssMb > 550 ? `it held ${run.peakRssMb} MB: the file was read` : null),
      };
    },
  },
  {
    name: 'import: the zero device',
    owner: 'cli',
    expect: 'refused',
    timeoutMs: endless,
    setup: (dir) => {
      const db = copyTemplate(dir);
      return { args: ['import', '/dev/zero', '--db', db], db };
    },
  },
  {
    name: 'import: a FIFO that never ends',
    owner: 'cli',
    expect: 'refused',
    timeoutMs: endless,
    setup: (dir) => {
      const db = copyTemplate(dir);
      const fifo = endlessFifo(dir);
      return { args: ['import', fifo.path, '--db', db], db, cleanup: fifo.stop };
    },
  },
  {
    name: 'import -: standard input that never ends',
    owner: 'cli',
    expect: 'refused',
    timeoutMs: endless,
    setup: (dir) => {
      const db = copyTemplate(dir);
      return { args: ['import', '-', '--db', db], db, input: 'endless' };
    },
  },
  {
    name: 'call --input -: standard input that never ends',
    owner: 'cli',
    expect: 'refused',
    timeoutMs: endless,
    setup: (dir) => {
      const db = copyTemplate(dir);
      return { args: ['call', 'patients.create', '--input', '-', '--db', db], db, input: 'endless' };
    },
  },
  {
    name: 'call --input: the zero device',
    owner: 'cli',
    expect: 'refused',
    timeoutMs: endless,
    setup: (dir) => {
      const db = copyTemplate(dir);
      return { args: ['call', 'patients.create', '--input', '/dev/zero', '--db', db], db };
    },
  },
];

/** A hostile path, made in its own folder under `dir`; `asNobody` when only an unprivileged account meets the problem. */
interface PathKind {
  label: string;
  make(folder: string): string;
  asNobody?: boolean;
}

const pathKinds: Record<string, PathKind> = {
  missing: { label: 'a missing file', make: (f) => join(f, 'none.db') },
  folder: {
    label: 'a folder',
    make: (f) => {
      mkdirSync(join(f, 'folder.db'));
      return join(f, 'folder.db');
    },
  },
  empty: { label: 'a zero-byte file', make: (f) => (writeFileSync(join(f, 'empty.db'), ''), join(f, 'empty.db')) },
  random: { label: 'random bytes', make: (f) => (writeFileSync(join(f, 'random.db'), randomBytes(8192)), join(f, 'random.db')) },
  text: { label: 'a text file', make: (f) => (writeFileSync(join(f, 'notes.txt'), 'Shopping list\nmilk\neggs\n'), join(f, 'notes.txt')) },
  otherApp: { label: "another app's SQLite file", make: (f) => (otherAppsDatabase(join(f, 'other.db')), join(f, 'other.db')) },
  device: { label: 'the null device', make: () => '/dev/null' },
  fifo: { label: 'a FIFO', make: (f) => (makeFifo(join(f, 'pipe.db')), join(f, 'pipe.db')) },
  newline: { label: 'a missing path with a line break in its name', make: (f) => join(f, 'bad\nImported 1 patient. OK.db') },
  escape: { label: 'a file with ESC [2J in its name', make: (f) => (writeFileSync(join(f, '\x1b[2Jevil.db'), randomBytes(512)), join(f, '\x1b[2Jevil.db')) },
  underFile: { label: 'a path under a file', make: (f) => (writeFileSync(join(f, 'plain.txt'), 'x'), join(f, 'plain.txt', 'milia.db')) },
  longName: { label: 'a name longer than the system allows', make: (f) => join(f, `${'n'.repeat(300)}.db`) },
  loop: {
    label: 'a symbolic link to itself',
    make: (f) => {
      symlinkSync('loop.db', join(f, 'loop.db'));
      return join(f, 'loop.db');
    },
  },
  denied: {
    label: 'a file its reader may not read (mode 000, as an unprivileged account)',
    asNobody: true,
    make: (f) => {
      copyFileSync(template, join(f, 'locked.db'));
      chmodSync(join(f, 'locked.db'), 0o000);
      return join(f, 'locked.db');
    },
  },
};

/** The kind's path in a watched folder of its own. */
function hostilePath(dir: string, kind: PathKind): { path: string; folder: string } {
  const folder = join(dir, 'given');
  mkdirSync(folder, { mode: 0o755 });
  chmodSync(folder, 0o755);
  return { path: kind.make(folder), folder };
}

const dbPathCases: CliCase[] = [
  ...Object.values(pathKinds).map((kind) => ({
    name: `check --db ${kind.label}`,
    owner: 'cli' as const,
    expect: 'refused' as const,
    setup: (dir: string): Prepared => {
      const { path, folder } = hostilePath(dir, kind);
      return { args: ['check', '--db', path], watch: [folder], asNobody: kind.asNobody };
    },
  })),
  ...(['empty', 'otherApp', 'folder'] as const).map((k) => ({
    name: `export --db ${pathKinds[k]!.label}`,
    owner: 'cli' as const,
    expect: 'refused' as const,
    setup: (dir: string): Prepared => {
      const { path, folder } = hostilePath(dir, pathKinds[k]!);
      return { args: ['export', '--db', path], watch: [folder] };
    },
  })),
  ...(['check', 'export'] as const).flatMap((command) =>
    (
      [
        ['a read-only database file (0444, as an unprivileged account)', 0o777],
        ['a read-only database in a read-only folder (as an unprivileged account)', 0o555],
      ] as const
    ).map(([label, folderMode]) => ({
      name: `${command} --db ${label}`,
      owner: 'cli' as const,
      expect: 'accepted' as const,
      setup: (dir: string): Prepared => {
        const folder = join(dir, 'readonly');
        mkdirSync(folder);
        const db = join(folder, 'milia.db');
        copyFileSync(template, db);
        chmodSync(db, 0o444);
        chmodSync(folder, folderMode);
        return {
          args: [command, '--db', db],
          asNobody: true,
          check: (run) =>
            command === 'check'
              ? run.stdout.trim() === 'ok'
                ? null
                : `it said ${JSON.stringify(run.stdout.slice(0, 200))}`
              : run.stdout.includes('"milia-notes/5"')
                ? null
                : 'no record was written',
        };
      },
    })),
  ),
];

const importPathCases: CliCase[] = (
  ['missing', 'folder', 'empty', 'random', 'text', 'otherApp', 'device', 'newline', 'escape', 'underFile', 'denied'] as const
).map((k) => ({
  name: `import ${pathKinds[k]!.label}`,
  owner: 'cli',
  expect: 'refused',
  setup: (dir) => {
    const db = copyTemplate(dir, { shared: pathKinds[k]!.asNobody });
    const { path, folder } = hostilePath(dir, pathKinds[k]!);
    return { args: ['import', path, '--db', db], db, watch: [folder], asNobody: pathKinds[k]!.asNobody };
  },
}));

const restorePathCases: CliCase[] = (['missing', 'empty', 'random', 'text', 'otherApp'] as const).map((k) => ({
  name: `restore ${pathKinds[k]!.label}`,
  owner: 'cli',
  expect: 'refused',
  setup: (dir) => {
    const db = copyTemplate(dir);
    const { path, folder } = hostilePath(dir, pathKinds[k]!);
    return { args: ['restore', path, '--db', db], db, watch: [folder, join(dir, 'db')] };
  },
}));

const outPathCases: CliCase[] = [
  ['a folder', (f: string) => (mkdirSync(join(f, 'out')), join(f, 'out'))],
  ['the null device', () => '/dev/null'],
  ['a path under a file', (f: string) => (writeFileSync(join(f, 'plain.txt'), 'x'), join(f, 'plain.txt', 'record.json'))],
  ['a folder that does not exist', (f: string) => join(f, 'nowhere', 'record.json')],
  ['the database itself', null],
].map(([label, make]) => ({
  name: `export --out ${label as string}`,
  owner: 'cli',
  expect: 'refused',
  setup: (dir) => {
    const db = copyTemplate(dir);
    const folder = join(dir, 'given');
    mkdirSync(folder);
    const out = make === null ? db : (make as (f: string) => string)(folder);
    return { args: ['export', '--out', out, '--db', db], db, watch: [folder, join(dir, 'db')] };
  },
}));

const inputPathCases: CliCase[] = (['folder', 'random'] as const).map((k) => ({
  name: `call --input ${pathKinds[k]!.label}`,
  owner: 'cli',
  expect: 'refused',
  setup: (dir) => {
    const db = copyTemplate(dir);
    const { path, folder } = hostilePath(dir, pathKinds[k]!);
    return { args: ['call', 'patients.create', '--input', path, '--db', db], db, watch: [folder] };
  },
}));

/** The RFC 4180 rows of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    row.push(cell);
    cell = '';
  };
  const endRow = (): void => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/** Why the CSV could run in a spreadsheet or splits a record, or null: `rows` data rows (at least, for `atLeast`), no cell a formula. */
function csvProblem(path: string, rows: number, columns: number, atLeast = false): string | null {
  if (!existsSync(path)) return 'no CSV was written';
  const all = csvRows(readFileSync(path, 'utf8').replace(/^\ufeff/, ''));
  if (atLeast ? all.length < rows + 1 : all.length !== rows + 1)
    return `${all.length - 1} rows, not ${atLeast ? 'at least ' : ''}${rows}: a line break split a row`;
  const ragged = all.find((r) => r.length !== all[0]!.length || (columns > 0 && r.length !== columns));
  if (ragged) return `a row of ${ragged.length} cells: ${JSON.stringify(ragged).slice(0, 120)}`;
  const formula = all.flat().find((cell) => /^[ ]*[=+\-@\t\r\n\0]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell));
  return formula === undefined ? null : `the cell ${JSON.stringify(formula)} would run as a formula`;
}

/** A record whose clinicians bear the names another tool wrote, one treatment each. */
async function legacyClinicians(db: string): Promise<void> {
  const store = openStore(db);
  try {
    const app = composeApp(store, { version: 'test', passwordCost: testPasswordCost });
    const keys = legacyClinicianNames.map((_, i) => `c${i}`);
    await app.services.interchange.import(testActor, {
      format: 'milia-notes/3',
      clinicians: keys.map((key) => ({ key, name: `Clinician ${key}`, role: 'dermatologist' })),
      patients: [
        {
          mrn: 'LG-1',
          givenName: 'Anna',
          familyName: 'Smith',
          dateOfBirth: '1960-02-02',
          sex: 'male',
          visits: keys.map((key, i) => ({
            key: `lg-${i}`,
            date: '2026-03-10',
            clinician: key,
            treatments: [
              {
                kind: 'topical_retinoid',
                site: 'cheek',
                side: 'right',
                lesionsTreated: 0,
                performedBy: key,
                details: { product: 'adapalene', strengthPercent: 0.1 },
              },
            ],
          })),
        },
      ],
    });
    const rename = store.sqlite.prepare('update clinicians set name = ? where key = ?');
    legacyClinicianNames.forEach((name, i) => rename.run(name, `c${i}`));
  } finally {
    store.close();
  }
}

const csvCases: CliCase[] = [
  {
    name: 'stats --format csv: clinician names another tool wrote (formulas, line breaks, NUL)',
    owner: 'files',
    expect: 'accepted',
    setup: (dir) => {
      const db = copyTemplate(dir);
      const out = join(dir, 'stats.csv');
      return {
        args: ['stats', '--from', '2026-01-01', '--to', '2026-06-30', '--format', 'csv', '--out', out, '--db', db],
        db,
        before: () => legacyClinicians(db),
        check: () => csvProblem(out, legacyClinicianNames.length, 12),
      };
    },
  },
  {
    name: 'stats --format json: clinician names another tool wrote, escaped for a terminal',
    owner: 'files',
    expect: 'accepted',
    setup: (dir) => {
      const db = copyTemplate(dir);
      return {
        args: ['stats', '--from', '2026-01-01', '--to', '2026-06-30', '--db', db],
        db,
        before: () => legacyClinicians(db),
        check: (run) => terminalJsonProblem(run.stdout, legacyClinicianNames),
      };
    },
  },
  {
    name: 'call patients.search: a name another tool wrote, escaped for a terminal',
    owner: 'cli',
    expect: 'accepted',
    setup: (dir) => {
      const db = copyTemplate(dir);
      const legacy = 'Zoë\u202e\x1b[2J\x9b';
      const { path } = inputFile(dir, 'input.json', JSON.stringify({ query: 'Nguyễn' }));
      return {
        args: ['call', 'patients.search', '--input', path, '--db', db],
        db,
        before: async () => {
          const sqlite = new Database(db);
          sqlite.prepare("update patients set given_name = ? where mrn = 'MN-000001'").run(legacy);
          sqlite.close();
        },
        check: (run) => terminalJsonProblem(run.stdout, [legacy]),
      };
    },
  },
  {
    name: 'audit --format csv: searches for formulas',
    owner: 'files',
    expect: 'accepted',
    setup: (dir) => {
      const db = copyTemplate(dir);
      const out = join(dir, 'audit.csv');
      const today = new Date().toISOString().slice(0, 10);
      return {
        args: ['audit', '--from', today, '--to', today, '--format', 'csv', '--out', out, '--db', db],
        db,
        before: () => formulaSearches(db),
        check: () => csvProblem(out, formulaNames.length, 0, true),
      };
    },
  },
];

/** A user made through the API, then renamed by another tool to a name (and username) that acts on a terminal. */
async function legacyUser(db: string): Promise<void> {
  const store = openStore(db);
  try {
    const app = composeApp(store, { version: 'test', passwordCost: testPasswordCost });
    const made = await app.invoke(testActor, 'users.create', {
      username: 'evil',
      name: 'Evil Admin',
      role: 'admin',
      password: 'a long passphrase for tests',
    });
    if (!made.ok) throw new Error(`the user could not be made: ${made.error.message}`);
    store.sqlite.prepare("update users set name = ?, username = ? where username = 'evil'").run('\x1b[2J\x1b[HEvil \u202eAdmin', 'evil\x1b]0;owned\x07');
  } finally {
    store.close();
  }
}

/** Searches for each formula, audited as typed, in the database of the audit case. */
async function formulaSearches(db: string): Promise<void> {
  const store = openStore(db);
  try {
    const app = composeApp(store, { version: 'test', passwordCost: testPasswordCost });
    for (const c of formulaNames) await app.invoke(testActor, 'patients.search', { query: c.text });
  } finally {
    store.close();
  }
}

const cliCases: CliCase[] = [
  ...nameCases,
  ...echoCases,
  ...encodingCliCases,
  ...boundedCases,
  ...dbPathCases,
  ...importPathCases,
  ...restorePathCases,
  ...outPathCases,
  ...inputPathCases,
  ...csvCases,
];

/** What a run said: its standard error, and a refused call's envelope (message and issues). */
function saidBy(run: Run): string {
  try {
    const envelope = JSON.parse(run.stdout) as { ok: boolean; error?: { message: string; issues?: Array<{ path: string; message: string }> } };
    if (!envelope.ok && envelope.error) {
      return [run.stderr.trimEnd(), envelope.error.message, ...(envelope.error.issues ?? []).map((i) => `${i.path}: ${i.message}`)].filter(Boolean).join('\n');
    }
  } catch {
    // Not an envelope.
  }
  return run.stderr;
}

async function runCliCase(c: CliCase): Promise<Outcome> {
  const dir = caseDir();
  const prepared = c.setup(dir);
  await prepared.before?.();
  const before = { db: prepared.db && recordHash(prepared.db), folders: (prepared.watch ?? []).map(folderState) };
  const userData = join(dir, 'userdata');
  mkdirSync(userData, { mode: 0o777 });
  chmodSync(userData, 0o777);
  let run: Run;
  try {
    run = await runCommand(prepared.args, { cli: bundle, input: prepared.input, asNobody: prepared.asNobody, timeoutMs: c.timeoutMs ?? 15_000, userData });
  } finally {
    prepared.cleanup?.();
  }
  const { result, status } = resultOf(run);
  const said = saidBy(run);
  const outcome: Outcome = {
    case: c.name,
    surface: 'cli',
    owner: c.owner,
    expected: c.expect,
    result,
    unplain: null,
    changedData: false,
    wrong: null,
    status,
    said: said.slice(0, 2000),
    ms: run.ms,
  };
  if (result === 'refused') {
    const stdoutControl = [...run.stdout].find((ch) => ch !== '\n' && /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(ch));
    outcome.unplain =
      unplain(said) ?? (stdoutControl === undefined ? null : `a raw U+${stdoutControl.codePointAt(0)!.toString(16).padStart(4, '0')} on standard output`);
    const dbChanged = prepared.db !== undefined && existsSync(prepared.db) && recordHash(prepared.db) !== before.db;
    const folderChanged = (prepared.watch ?? []).some((f, i) => folderState(f) !== before.folders[i]);
    outcome.changedData = dbChanged || folderChanged;
  }
  outcome.wrong = (result === 'accepted' ? prepared.check?.(run) : null) ?? prepared.bound?.(run) ?? null;
  return outcome;
}

// ---------------------------------------------------------------------------------------------

const outcomes = new Map<string, Outcome>();
/** Cases the corpus itself could not prepare: each fails its own test, and the count. */
const broken = new Map<string, unknown>();
const key = (surface: string, name: string): string => `${surface}: ${name}`;

/** The outcome's account, for a failing case's message. */
const account = (o: Outcome): string =>
  `${o.result} (${o.status}) where ${o.expected} was expected${o.unplain ? `; not plain: ${o.unplain}` : ''}${o.changedData ? '; data changed' : ''}${o.wrong ? `; ${o.wrong}` : ''}; it said: ${JSON.stringify(o.said.slice(0, 400))}`;

function expectAsIntended(name: string): void {
  const failed = broken.get(name);
  if (failed !== undefined) throw failed;
  const o = outcomes.get(name);
  expect(o, 'the case did not run').toBeDefined();
  expect(asIntended(o!), account(o!)).toBe(true);
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'milia-corpus-'));
  chmodSync(base, 0o755);
  bundle = bundleCli();
  template = join(base, 'template.db');
  const prepared = openStore(template, { create: true });
  try {
    const created = await composeApp(prepared, { version: 'test' }).invoke(testActor, 'patients.create', { ...person('Zoë', 'Nguyễn') });
    expect(created.ok).toBe(true);
  } finally {
    prepared.close();
  }

  // The command line's cases start first, a few processes at a time; the API's run meanwhile.
  const queue = pool(3);
  const cliRuns = cliCases.map((c) =>
    queue(() => runCliCase(c)).then(
      (o) => void outcomes.set(key('cli', c.name), o),
      (error: unknown) => void broken.set(key('cli', c.name), error),
    ),
  );

  const store = openStore(join(base, 'api.db'), { create: true });
  api = composeApp(store, { version: 'test', passwordCost: testPasswordCost });
  clinician = await userActor(api.services, 'dermatologist');
  const zoe = await api.invoke(testActor, 'patients.create', person('Zoë', 'Nguyễn'));
  if (!zoe.ok) throw new Error('the API case patient could not be made');
  patientId = zoe.value.id;
  for (const c of apiCases) outcomes.set(key('api', c.name), await runApiCase(c));

  await Promise.all(cliRuns);
}, 400_000);

afterAll(() => {
  api?.store.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('hostile input through the API', () => {
  it.each(apiCases.map((c) => [c.name]))('%s', (name) => expectAsIntended(key('api', name)));
});

describe('hostile input through the command line', () => {
  it.each(cliCases.map((c) => [c.name]))('%s', (name) => expectAsIntended(key('cli', name)));
});

describe('the corpus', () => {
  it('writes its counts: nothing crashed and no refusal changed data', () => {
    const all = [...outcomes.values()];
    const summary = summarise(all);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    writeFileSync(join(root, 'test-results', 'hostile-corpus.json'), `${JSON.stringify({ ...summary, outcomes: all }, null, 2)}\n`);
    const { notAsIntended, ...counts } = summary;
    console.log(`hostile-input corpus: ${JSON.stringify(counts)}${notAsIntended.length ? `\nnot as intended:\n  ${notAsIntended.join('\n  ')}` : ''}`);
    expect(summary.tried).toBe(apiCases.length + cliCases.length);
    expect({ crashed: summary.crashed, faults: summary.faults, changedData: summary.changedData }).toEqual({ crashed: 0, faults: 0, changedData: 0 });
  });
});

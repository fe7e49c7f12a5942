/**
 * The hostile-input corpus: names with every class of character, interchange files in other
 * encodings, huge and endless inputs, and paths of every kind, each with what must happen to
 * it. `tests/unit/hostile-corpus.test.ts` runs them through the API's invoker and through the
 * command line as real processes, and counts what happened.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { contentHash } from './contentHash';
import { root } from './cli';

/** What a case must come to: kept (exit 0), refused (exit 2 and a plain sentence), or either, as the owner chooses. */
export type Expectation = 'accepted' | 'refused' | 'either';

/** The part of the app whose rules make the case pass: the text fields, the files and exports, or the command line. */
export type Owner = 'text' | 'files' | 'cli';

/** How a run ended. `crashed` is an exit other than 0, 1 or 2, a signal, or the time or memory limit. */
export type Result = 'accepted' | 'refused' | 'fault' | 'crashed';

export interface Outcome {
  case: string;
  surface: 'api' | 'cli';
  owner: Owner;
  expected: Expectation;
  result: Result;
  /** Why the refusal is not one plain sentence (a raw control character, a stack trace…); null when it is, or when nothing was refused. */
  unplain: string | null;
  /** A refusal that changed the record or the files it was given. */
  changedData: boolean;
  /** Anything else the case found wrong (a name stored other than as intended). */
  wrong: string | null;
  /** The exit status, the signal or the limit that ended it (through the API: ok, or the error's kind). */
  status: string;
  /** What it said: standard error, and a refused call's message and issues. */
  said: string;
  ms: number;
}

/** Whether the outcome is what the case expected. */
export function asIntended(o: Outcome): boolean {
  if (o.wrong !== null || o.changedData) return false;
  if (o.result === 'accepted') return o.expected !== 'refused';
  if (o.result === 'refused') return o.expected !== 'accepted' && o.unplain === null;
  return false;
}

/** The counts the summary writes to `test-results/hostile-corpus.json`. */
export function summarise(outcomes: readonly Outcome[]) {
  const count = (p: (o: Outcome) => boolean) => outcomes.filter(p).length;
  return {
    tried: outcomes.length,
    throughApi: count((o) => o.surface === 'api'),
    throughCli: count((o) => o.surface === 'cli'),
    refusedWithExit2AndASentence: count((o) => o.result === 'refused' && o.unplain === null),
    refusedWithoutAPlainSentence: count((o) => o.result === 'refused' && o.unplain !== null),
    acceptedAsIntended: count((o) => o.result === 'accepted' && asIntended(o)),
    acceptedButShouldBeRefused: count((o) => o.result === 'accepted' && o.expected === 'refused'),
    refusedButShouldBeAccepted: count((o) => o.result === 'refused' && o.expected === 'accepted'),
    faults: count((o) => o.result === 'fault'),
    crashed: count((o) => o.result === 'crashed'),
    changedData: count((o) => o.changedData),
    asIntended: count(asIntended),
    notAsIntended: outcomes
      .filter((o) => !asIntended(o))
      .map((o) =>
        [`${o.surface}: ${o.case} (${o.owner}): ${o.result}, ${o.status}`, o.unplain, o.wrong, o.changedData ? 'data changed' : null]
          .filter(Boolean)
          .join('; '),
      ),
  };
}

// ---------------------------------------------------------------------------------------------
// Names

export interface NameCase {
  label: string;
  text: string;
  expect: Expectation;
  /** What an accepted name is stored as (NFC), when not `text` trimmed. */
  stored?: string;
}

const hex = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
const c0Names = [
  'NUL',
  'SOH',
  'STX',
  'ETX',
  'EOT',
  'ENQ',
  'ACK',
  'BEL',
  'BS',
  'TAB',
  'LF',
  'VT',
  'FF',
  'CR',
  'SO',
  'SI',
  'DLE',
  'DC1',
  'DC2',
  'DC3',
  'DC4',
  'NAK',
  'SYN',
  'ETB',
  'CAN',
  'EM',
  'SUB',
  'ESC',
  'FS',
  'GS',
  'RS',
  'US',
];
const inName = (c: string): string => `Anna${c}Smith`;

/** Every C0 control, DEL and a few C1 controls inside a single-line name: all refused (a tab or a line break too: a name is one line). */
export const controlNames: readonly NameCase[] = [
  ...c0Names.map((n, i) => ({ label: `${hex(i)} ${n} (C0)`, text: inName(String.fromCharCode(i)), expect: 'refused' as const })),
  { label: 'U+007F DEL', text: inName('\x7f'), expect: 'refused' },
  ...[
    [0x80, 'PAD'],
    [0x85, 'NEL'],
    [0x8d, 'RI'],
    [0x9b, 'CSI'],
    [0x9d, 'OSC'],
    [0x9f, 'APC'],
  ].map(([c, n]) => ({ label: `${hex(c as number)} ${n} (C1)`, text: inName(String.fromCharCode(c as number)), expect: 'refused' as const })),
];

/** Sequences a terminal acts on, and line breaks that would make a fake line. */
export const sequenceNames: readonly NameCase[] = [
  { label: 'ESC [2J (clear the screen)', text: 'Anna\x1b[2J\x1b[HSmith', expect: 'refused' },
  { label: 'ESC ] 0; title BEL (set the window title)', text: 'Anna\x1b]0;owned\x07Smith', expect: 'refused' },
  { label: 'ESC [31m (colour)', text: '\x1b[31mAnna Smith\x1b[0m', expect: 'refused' },
  { label: 'NUL at the start', text: '\0Anna', expect: 'refused' },
  { label: 'NUL at the end', text: 'Anna\0', expect: 'refused' },
  { label: 'CR LF inside', text: 'Anna\r\nSmith', expect: 'refused' },
  { label: 'a fake line after CR', text: 'Anna\rImported 1 patient. OK', expect: 'refused' },
];

/** Each bidi embedding, override and isolate: they make the text around a name show in another order. */
export const bidiNames: readonly NameCase[] = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069].map((c) => ({
  label: `${hex(c)} (bidi)`,
  text: `Anna Smith${String.fromCharCode(c)}01-01-0591`,
  expect: 'refused' as const,
}));

/** Half a surrogate pair: not a character at all. */
export const surrogateNames: readonly NameCase[] = [
  { label: 'a lone high surrogate', text: 'Anna\ud83dSmith', expect: 'refused' },
  { label: 'a lone low surrogate', text: 'Anna\ude00Smith', expect: 'refused' },
  { label: 'a low surrogate before a high one', text: 'Anna\ude00\ud83dSmith', expect: 'refused' },
];

/** Characters the plan leaves to the text rules' judgement: refused with a sentence or kept, never a crash. */
export const borderlineNames: readonly NameCase[] = [
  { label: 'U+2028 line separator', text: 'Anna\u2028Smith', expect: 'either' },
  { label: 'U+2029 paragraph separator', text: 'Anna\u2029Smith', expect: 'either' },
  { label: 'U+FFFE noncharacter', text: 'Anna\ufffeSmith', expect: 'either' },
  { label: 'U+FFFF noncharacter', text: 'Anna\uffffSmith', expect: 'either' },
  { label: 'U+200F right-to-left mark', text: 'Anna\u200fSmith', expect: 'either' },
  { label: 'U+FEFF zero-width no-break space', text: 'Anna\ufeffSmith', expect: 'either' },
  { label: 'U+200B zero-width space', text: 'Anna\u200bSmith', expect: 'either' },
  { label: 'tag characters (invisible text)', text: 'Anna\u{e0041}\u{e0042}Smith', expect: 'either' },
  { label: 'a private-use character', text: 'Anna\ue000Smith', expect: 'either' },
  { label: 'one letter under 60 combining marks', text: `Z${'\u0336\u0321'.repeat(30)}`, expect: 'either' },
];

/** Real names in other scripts and shapes: every one kept, as typed (NFC). */
export const unusualNames: readonly NameCase[] = [
  { label: 'Arabic', text: 'فاطمة الزهراء', expect: 'accepted' },
  { label: 'Hebrew', text: 'אברהם כהן', expect: 'accepted' },
  { label: 'CJK', text: '山田 太郎', expect: 'accepted' },
  { label: 'Korean', text: '김민준', expect: 'accepted' },
  { label: 'Devanagari with a virama', text: 'प्रिया शर्मा', expect: 'accepted' },
  { label: 'combining marks (NFD given, NFC stored)', text: 'Zoe\u0308 Nguye\u0302\u0303n', expect: 'accepted', stored: 'Zoë Nguyễn' },
  { label: 'emoji with a zero-width joiner', text: 'Anna 👩‍⚕️', expect: 'accepted' },
  { label: 'astral letters', text: '𝔄𝔫𝔫𝔞', expect: 'accepted' },
  { label: 'apostrophe', text: "O'Brien", expect: 'accepted' },
  { label: 'typographic apostrophe', text: 'D’Arcy', expect: 'accepted' },
  { label: 'hyphens', text: 'Smith-Jones-Ångström', expect: 'accepted' },
  { label: 'Vietnamese', text: 'Nguyễn Thị Minh Khai', expect: 'accepted' },
  { label: 'one letter', text: 'Ó', expect: 'accepted' },
  { label: 'Hangul jamo (NFD given, NFC stored)', text: '\u1100\u1161\u11a8', expect: 'accepted', stored: '각' },
  { label: 'a ligature and full-width letters', text: 'Gri\ufb03n Ａｎｎａ', expect: 'accepted' },
  { label: 'surrounding spaces trimmed', text: '  Anna  ', expect: 'accepted', stored: 'Anna' },
];

/** Names a spreadsheet would run as a formula: kept as text, neutralised in every CSV. */
export const formulaNames: readonly NameCase[] = [
  '=1+1',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1)',
  ' =1',
  '=HYPERLINK("http://example.com/x","click")',
  "=cmd|' /C notepad'!'A1'",
  '-@SUM(A1)',
].map((text) => ({ label: `formula ${text}`, text, expect: 'accepted' as const }));

/**
 * Clinician names only another tool could have written (the text rules refuse them now), put
 * straight into the table: each must stay one cell of one row in the statistics CSV, neutralised.
 */
export const legacyClinicianNames: readonly string[] = [
  '=1+1',
  '\t=1',
  '\r=1',
  '\n=1',
  '\0=1',
  '  @SUM(1)',
  'Dr A\nB,=1',
  'Dr C\rD',
  '-2+3',
  '+1',
  '=HYPERLINK("http://x","y")',
  '\u202eDr Evil\x9b[2J',
];

// ---------------------------------------------------------------------------------------------
// Files

/** A one-patient interchange file holding `givenName`, its visit treated by clinician `okafor`. */
export function interchangeText(givenName: string, familyName = 'Ångström', mrn = 'HC-1'): string {
  return `${JSON.stringify(
    {
      format: 'milia-notes/3',
      clinicians: [{ key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' }],
      patients: [
        {
          mrn,
          givenName,
          familyName,
          dateOfBirth: '1987-03-14',
          sex: 'female',
          visits: [{ key: `${mrn}-v1`, date: '2026-03-10', clinician: 'okafor', notes: 'Milia of the left upper lid.' }],
        },
      ],
    },
    null,
    2,
  )}\n`;
}

const cp1252: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
const shiftJis: Record<string, number[]> = { 山: [0x8e, 0x52], 田: [0x93, 0x63], 太: [0x91, 0xbe], 郎: [0x98, 0x59] };

/** A text in a single-byte or Shift-JIS encoding, by table (Node encodes neither Windows-1252 nor Shift-JIS). */
function encodeBytes(text: string, table: Record<string, number | number[]>): Buffer {
  const bytes: number[] = [];
  for (const c of text) {
    const mapped = table[c];
    if (mapped !== undefined) bytes.push(...(Array.isArray(mapped) ? mapped : [mapped]));
    else if (c.charCodeAt(0) <= 0xff) bytes.push(c.charCodeAt(0));
    else throw new Error(`no byte for ${c}`);
  }
  return Buffer.from(bytes);
}

const utf16be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();

/** Splices `bytes` into the UTF-8 interchange file where `marker` stands in the given name. */
function withBytes(marker: string, bytes: number[]): Buffer {
  const [before, after] = interchangeText(`Zo${marker}`).split(marker) as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}

export interface EncodingCase {
  label: string;
  bytes: Buffer;
  expect: Expectation;
  /** The given name an accepted file stores. */
  stored?: string;
}

/** Interchange files in other encodings: refused, never repaired into U+FFFD. */
export const encodingCases: readonly EncodingCase[] = [
  { label: 'UTF-8 (as it should be)', bytes: Buffer.from(interchangeText('Zoë')), expect: 'accepted', stored: 'Zoë' },
  { label: 'UTF-8 with a byte-order mark', bytes: Buffer.from(`\ufeff${interchangeText('Zoë')}`), expect: 'accepted', stored: 'Zoë' },
  { label: 'Latin-1', bytes: Buffer.from(interchangeText('Zoë'), 'latin1'), expect: 'refused' },
  { label: 'Windows-1252 (curly apostrophe, euro)', bytes: encodeBytes(interchangeText('D’Arcy “€”'), cp1252), expect: 'refused' },
  { label: 'UTF-16 LE with a byte-order mark', bytes: Buffer.from(`\ufeff${interchangeText('Zoë')}`, 'utf16le'), expect: 'either', stored: 'Zoë' },
  { label: 'UTF-16 BE with a byte-order mark', bytes: utf16be(`\ufeff${interchangeText('Zoë')}`), expect: 'either', stored: 'Zoë' },
  { label: 'UTF-16 LE without a byte-order mark', bytes: Buffer.from(interchangeText('Zoë'), 'utf16le'), expect: 'refused' },
  { label: 'UTF-16 BE without a byte-order mark', bytes: utf16be(interchangeText('Zoë')), expect: 'refused' },
  { label: 'Shift-JIS', bytes: encodeBytes(interchangeText('太郎', '山田'), shiftJis), expect: 'refused' },
  { label: 'a truncated UTF-8 sequence', bytes: withBytes('#', [0xc3]), expect: 'refused' },
  { label: 'a truncated 4-byte sequence', bytes: withBytes('#', [0xf0, 0x9f, 0x98]), expect: 'refused' },
  { label: "an overlong '/' (C0 AF)", bytes: withBytes('#', [0xc0, 0xaf]), expect: 'refused' },
  { label: 'an overlong NUL (C0 80)', bytes: withBytes('#', [0xc0, 0x80]), expect: 'refused' },
  { label: 'an overlong 3-byte slash (E0 80 AF)', bytes: withBytes('#', [0xe0, 0x80, 0xaf]), expect: 'refused' },
  { label: 'an encoded surrogate (CESU-8, ED A0 80)', bytes: withBytes('#', [0xed, 0xa0, 0x80]), expect: 'refused' },
  { label: 'a byte F5 and above (FF)', bytes: withBytes('#', [0xff]), expect: 'refused' },
];

/** Deterministic bytes that are neither text nor a database. */
export function randomBytes(length: number): Buffer {
  const b = Buffer.alloc(length);
  let x = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** A small SQLite file of another application, at `path`. */
export function otherAppsDatabase(path: string): void {
  const other = new Database(path);
  try {
    other.exec("create table notes (id integer primary key, body text); insert into notes (body) values ('shopping list')");
  } finally {
    other.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Running and judging

const stackTrace = /\n\s+at [^\n]*[(:]/;
const rawControlOrBidi = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/**
 * Why `text` is not a plain refusal, or null: it must say something, in lines of words, with
 * no raw control character (other than the line breaks between its lines) or bidi mark, no
 * stack trace, and not the "Something went wrong" of an unexpected fault.
 */
export function unplain(text: string): string | null {
  const body = text.replace(/\n$/, '');
  if (body.trim() === '') return 'nothing was said';
  const control = rawControl(body);
  if (control !== null) return `a raw ${control} was echoed`;
  if (stackTrace.test(body)) return 'a stack trace was shown';
  if (/Something went wrong/.test(body)) return 'it was reported as an unexpected fault';
  if (/^\s*(?:[A-Z]\w*Error|SqliteError|Error):/m.test(body)) return 'a raw error was shown';
  if (!/[.?!)]$/.test(body.split('\n')[0]!.trim()) && !/: /.test(body)) return 'it is not a sentence';
  return null;
}

/** The first raw control character or bidi mark of a text meant for a terminal (line breaks aside), as U+XXXX, or null. */
export function rawControl(text: string): string | null {
  const found = [...text].find((c) => c !== '\n' && rawControlOrBidi.test(c));
  return found === undefined ? null : hex(found.codePointAt(0)!);
}

/**
 * Why JSON printed for a terminal is not safe there, or not the data: a raw control character
 * or bidi mark (an escape such as \u202e reads back as the same text), or one of `names` missing
 * from its strings (keys and values) once parsed.
 */
export function terminalJsonProblem(stdout: string, names: readonly string[]): string | null {
  const raw = rawControl(stdout);
  if (raw !== null) return `a raw ${raw} on standard output`;
  const strings = new Set<string>();
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.add(v);
    else if (v !== null && typeof v === 'object') {
      // A name may be a key (treatments by clinician) as well as a value.
      if (!Array.isArray(v)) Object.keys(v).forEach(collect);
      Object.values(v).forEach(collect);
    }
  };
  try {
    collect(JSON.parse(stdout));
  } catch {
    return 'standard output is not JSON';
  }
  const missing = names.find((n) => !strings.has(n));
  return missing === undefined ? null : `${JSON.stringify(missing)} is not in the output as it is stored`;
}

/**
 * A fingerprint of a folder's entries and bytes (symbolic links by target), for "nothing
 * changed". Modes are left out (a start-up may tighten them), and so are a database's -wal,
 * -shm and backup state file, which any reader of the database may write (its rows are judged
 * by `recordHash`). A file too large to read is judged by its size and time.
 */
export function folderState(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (/-(wal|shm|journal)$|\.backup-state\.json$/.test(name)) continue;
      const path = join(d, name);
      const s = lstatSync(path);
      hash.update(`\0${path}\0${s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other'}\0`);
      if (s.isDirectory()) walk(path);
      else if (s.isSymbolicLink()) hash.update(readlinkSync(path));
      else if (s.isFile()) hash.update(s.size > 16 * 1024 * 1024 ? `${s.size} ${s.mtimeMs}` : readFileSync(path));
    }
  };
  if (existsSync(dir)) walk(dir);
  return hash.digest('hex');
}

/** The rows of a closed database file, its audit trail aside (a refused call is audited, as it should be). */
export function recordHash(db: string): string {
  const sqlite = new Database(db, { readonly: true });
  try {
    return contentHash(sqlite, { except: ['audit_log'] });
  } finally {
    sqlite.close();
  }
}

/** A small pool: at most `size` tasks at once, so the corpus's processes share the machine. */
export function pool(size: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export interface Run {
  status: number | null;
  signal: string | null;
  /** The time limit or the memory limit ended it. */
  limit: 'time' | 'memory' | null;
  stdout: string;
  stderr: string;
  peakRssMb: number;
  ms: number;
}

export interface RunOptions {
  /** The command line's bundle (`bundleCli`). */
  cli: string;
  /** Standard input: bytes, or an endless stream of JSON white space after an opening `{"patients": [`. */
  input?: string | Buffer | 'endless';
  /** Run as the unprivileged account `nobody` when the tests run as root, who may read and write anything. */
  asNobody?: boolean;
  timeoutMs: number;
  /** The data folder of the run (never the real default database). */
  userData: string;
}

const memoryLimitMb = 1500;

/**
 * The command line's entry bundled by esbuild (which tsx runs on each file at every start), into
 * a folder under the checkout so that it finds `drizzle/`, `resources/` and `node_modules` as
 * `npm run cli` does: a hundred processes then cost what fifty would. Built once per run, from
 * the sources as they are.
 */
export function bundleCli(): string {
  const out = join(root, 'node_modules', '.cache', 'milia-hostile-corpus', 'cli.js');
  const built = spawnSync(
    join(root, 'node_modules', '.bin', 'esbuild'),
    [
      join('src', 'main', 'cli', 'index.ts'),
      '--bundle',
      '--platform=node',
      '--format=cjs',
      '--packages=external',
      '--alias:@shared=./src/shared',
      `--outfile=${out}`,
      '--log-level=error',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`esbuild could not bundle the command line: ${built.stderr}`);
  // A bundle that cannot start would count every case as a crash of the app.
  const help = spawnSync(process.execPath, [out, '--help'], { cwd: root, encoding: 'utf8' });
  if (help.status !== 0) throw new Error(`the bundled command line does not start: ${help.stderr}`);
  return out;
}

/** The resident memory of a process group in MB, from /proc (0 where there is none). */
function groupRssMb(pgid: number): number {
  if (!existsSync('/proc/self/stat')) return 0;
  let pages = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields start after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pages += Number(fields[21]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return (pages * 4096) / 1024 / 1024;
}

/**
 * The command line as a real process in its own data folder, as `tests/support/cli.ts` runs it,
 * and in a process group of its own so that the time and memory limits end all of it.
 */
export function runCommand(args: readonly string[], options: RunOptions): Promise<Run> {
  const started = Date.now();
  const drop = options.asNobody === true && process.getuid?.() === 0;
  const command = drop ? 'setpriv' : process.execPath;
  const node = [options.cli, ...args];
  const commandArgs = drop ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...node] : node;
  const child = spawn(command, commandArgs, {
    cwd: root,
    detached: true,
    env: { ...process.env, MILIA_USER_DATA: options.userData, ...(drop ? { HOME: options.userData } : {}) },
  });
  const pgid = child.pid!;
  let limit: Run['limit'] = null;
  let peakRssMb = 0;
  const stop = (why: NonNullable<Run['limit']>): void => {
    limit ??= why;
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => stop('time'), options.timeoutMs);
  const watch = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, groupRssMb(pgid));
    if (peakRssMb > memoryLimitMb) stop('memory');
  }, 250);
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {});
  let endless: Readable | null = null;
  if (options.input === 'endless') {
    let first = true;
    const spaces = Buffer.alloc(64 * 1024, ' ');
    endless = new Readable({
      read() {
        this.push(first ? Buffer.from('{"patients": [') : spaces);
        first = false;
      },
    });
    endless.pipe(child.stdin);
  } else child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      endless?.unpipe();
      endless?.destroy();
      // Anything the command left running in its group goes with it.
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Nothing left.
      }
      resolve({ status, signal, limit, stdout: Buffer.concat(out).toString('utf8'), stderr, peakRssMb: Math.round(peakRssMb), ms: Date.now() - started });
    });
  });
}

/** How a process ended, as a result: 0 kept, 2 refused, 1 a fault, anything else a crash. */
export function resultOf(run: Run): { result: Result; status: string } {
  if (run.limit)
    return { result: 'crashed', status: run.limit === 'time' ? `still running at the time limit (${run.ms} ms)` : `over ${memoryLimitMb} MB of memory` };
  if (run.signal) return { result: 'crashed', status: `killed by ${run.signal}` };
  const status = `exit ${run.status}`;
  if (run.status === 0) return { result: 'accepted', status };
  if (run.status === 2) return { result: 'refused', status };
  if (run.status === 1) return { result: 'fault', status };
  return { result: 'crashed', status };
}

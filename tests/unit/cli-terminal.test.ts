/**
 * A terminal is not a page: what the command line echoes from a file or the database (an
 * unknown key, a name, a path) shows its control characters and bidi marks escaped, so that a
 * hostile file cannot clear the screen, retitle the window or print a line of its own. JSON
 * on standard output keeps its value: the escapes are JSON's own.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeIssues, formatPath } from '@shared/errors';
import { systemActor } from '@shared/permissions';
import { openStore } from '../../src/main/db/open';
import { cli, root } from '../support/cli';
import { tempDir } from '../support/store';

const slow = 300_000;
const tsx = join(root, 'node_modules', '.bin', 'tsx');
/** What a terminal acts on or reorders by: C0 and C1 controls (line breaks aside), DEL, bidi marks, line and paragraph separators. */
const actsOnTerminal = /[^\P{Cc}\n]|[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** A clear screen, cursor home, a fake success line and a right-to-left override: what a hostile file tries. */
const hostile = '\u001b[2J\u001b[H\u001b]0;pwned\u0007Imported 1 patient. OK\n\u202eevil\u009b';
const hostileShown = '\\u001b[2J\\u001b[H\\u001b]0;pwned\\u0007Imported 1 patient. OK\\u000a\\u202eevil\\u009b';

function database(sql = ''): string {
  const db = join(tempDir(), 'milia.db');
  const store = openStore(db, { create: true });
  store.sqlite.exec(sql);
  store.close();
  return db;
}

describe('what the command line echoes', () => {
  it(
    'shows an unknown key of an import file escaped, on one line of its own',
    async () => {
      const db = database();
      const file = join(tempDir(), 'hostile.json');
      writeFileSync(file, JSON.stringify({ format: 'milia-notes/3', clinicians: [], patients: [], [hostile]: 1 }));
      const run = await cli('import', file, '--db', db);
      expect(run).toEqual({
        status: 2,
        stdout: '',
        stderr: `The import file has 1 fault, so nothing was imported. Correct the file and import it again.\n${hostileShown}: is not a known field: check its spelling\n`,
      });
      expect(run.stderr).not.toMatch(actsOnTerminal);
    },
    slow,
  );

  it(
    'escapes a name from the database in JSON on standard output, the value unchanged, and in the users table',
    async () => {
      const name = `Anna${hostile}`;
      const quoted = name.replaceAll("'", "''");
      const db = database(
        `insert into patients (mrn, given_name, family_name, search_name, date_of_birth, sex) values ('A1', '${quoted}', 'Smith', 'anna smith', '1990-01-01', 'female');
       insert into users (username, name, role) values ('anna', '${quoted}', 'nurse');`,
      );
      const input = join(tempDir(), 'query.json');
      writeFileSync(input, '{"query":"smith"}');
      const [search, users, exported] = await Promise.all([
        cli('call', 'patients.search', '--input', input, '--db', db),
        cli('user', 'list', '--db', db),
        cli('export', '--db', db),
      ]);
      expect(search.status).toBe(0);
      expect(search.stdout).not.toMatch(actsOnTerminal);
      expect(search.stdout).toContain('\\u001b[2J\\u001b[H\\u001b]0;pwned\\u0007Imported 1 patient. OK\\n\\u202eevil\\u009b');
      expect(JSON.parse(search.stdout).value[0].givenName).toBe(name);

      expect(users.status).toBe(0);
      expect(users.stdout).not.toMatch(actsOnTerminal);
      expect(users.stdout.split('\n')[1]).toBe(`anna      Nurse  active  Anna${hostileShown}`);

      expect(exported.status).toBe(0);
      expect(exported.stdout).not.toMatch(actsOnTerminal);
      expect(JSON.parse(exported.stdout).patients[0].givenName).toBe(name);
    },
    slow,
  );

  it(
    'shows a path with an escape sequence escaped in a refusal',
    async () => {
      const path = join(tempDir(), `x${hostile}.json`);
      const run = await cli('import', path, '--db', database());
      expect(run.stderr).toBe(`There is no file at ${path.replace(`x${hostile}`, `x${hostileShown}`)}. Check the path given to import.\n`);
      expect(run.stderr.slice(0, -1)).not.toMatch(/[\p{Cc}]/u);
    },
    slow,
  );

  it(
    'keeps a refusal on one line: a line break in an option value is escaped, and Node’s own words joined',
    async () => {
      const db = database();
      const fake = 'x\nAll good: backup verified';
      const runs = await Promise.all([
        cli('stats', '--from', '2025-01-01', '--to', '2025-01-02', '--format', fake, '--db', db),
        cli('stats', '--from', '2025-01-01\nok', '--to', '2025-01-02', '--db', db),
        cli('audit', '--patient', fake, '--db', db),
        cli('handout', '--visit', fake, '--db', db),
        cli('no\nsuch', '--db', db),
        cli('user', 'add', '--username', 'ann', '--role', 'nurse', '--name', '--password-stdin', '--db', db),
      ]);
      for (const run of runs) {
        expect(run.status).toBe(2);
        expect(run.stderr).toMatch(/^[^\n]+\n$/);
        expect(run.stderr).not.toMatch(actsOnTerminal);
      }
      expect(runs[0]!.stderr).toBe('--format must be json, csv or xlsx, not "x\\u000aAll good: backup verified".\n');
      expect(runs[5]!.stderr).toMatch(/^Option '--name' argument is ambiguous\. Did you forget/);
    },
    slow,
  );

  it(
    'suggests a command that can be pasted when there is no database: a path with a space is quoted',
    async () => {
      const path = join(tempDir(), 'Milia Notes', 'milia-notes.db');
      const run = await cli('check', '--db', path);
      expect(run.stderr).toBe(`There is no database at ${path}. Create one with: npm run cli -- init --db "${path}"\n`);
    },
    slow,
  );
});

describe('CSV to a terminal and to a pipe', () => {
  it(
    "shows the audit trail's CSV escaped on a terminal (a pseudo-terminal made by script), and gives a pipe the bytes as they are",
    async () => {
      const db = database();
      const store = openStore(db);
      await store.records.write((tx) =>
        tx.audit.append({
          actor: systemActor('Eve\u001b[2J\u001b[H', 'cli'),
          action: 'read',
          entity: 'patient',
          entityId: null,
          detail: 'fake\nImported 1 patient. OK\u202e',
        }),
      );
      const day = new Date().toISOString().slice(0, 10);
      store.close();
      const args = ['audit', '--from', day, '--to', day, '--format', 'csv', '--db', db];
      const piped = await cli(...args);
      expect(piped.status).toBe(0);
      expect(piped.stdout).toContain('Eve\u001b[2J\u001b[H');
      const terminal = spawnSync('script', ['-qec', [tsx, join(root, 'src', 'main', 'cli', 'index.ts'), ...args].join(' '), '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, MILIA_USER_DATA: tempDir(), TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
      });
      expect(terminal.status).toBe(0);
      // The terminal turns each line break into CR LF (a row's CR LF into CR CR LF); what the rows hold is escaped, a line break in a cell too.
      const shown = terminal.stdout.replaceAll(/\r+\n/g, '\n');
      expect(shown).not.toMatch(actsOnTerminal);
      expect(shown).toContain('Eve\\u001b[2J\\u001b[H');
      expect(shown).toContain('fake\\u000aImported 1 patient. OK\\u202e');
    },
    slow,
  );
});

describe('field issues as every surface shows them', () => {
  it('escape a key and a quoted value, keeping the line whole', () => {
    const path = formatPath(['patients', 0, hostile]);
    expect(path).toBe(`patients[0].${hostileShown}`);
    expect(describeIssues([{ path, message: "must be one of male, female, other, unknown, not '\u001b[31mred'" }])).toBe(
      `patients[0].${hostileShown}: must be one of male, female, other, unknown, not '\\u001b[31mred'`,
    );
  });
});

/**
 * What the command line reads is bounded and must be UTF-8: a file larger than the limit is
 * refused before it is read, an endless input (the zero device, a named pipe, standard input)
 * stops at the limit, and a file in another encoding is refused, never repaired into U+FFFD.
 * Demo data goes only into an empty record. Real processes over real database files.
 */
import { execFileSync, spawn } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { openStore } from '../../src/main/db/open';
import { seed } from '../../src/main/seed';
import { cli, root, runCli } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { tempDir, testActor } from '../support/store';

const slow = 300_000;
const fixtures = join(root, 'tests', 'fixtures', 'interchange');

function database(): string {
  const db = join(tempDir(), 'milia.db');
  openStore(db, { create: true }).close();
  return db;
}

function hashOf(db: string): string {
  const sqlite = new Database(db, { readonly: true });
  try {
    return contentHash(sqlite);
  } finally {
    sqlite.close();
  }
}

/** An interchange file whose one clinician's name is `name`, as bytes in some encoding. */
const withName = (name: Buffer): Buffer =>
  Buffer.concat([Buffer.from('{"format":"milia-notes/3","clinicians":[{"key":"c1","name":"'), name, Buffer.from('","role":"nurse"}],"patients":[]}\n')]);

describe('import: a size limit, and reading that stops there', () => {
  it(
    'refuses a 600 MB file before reading it, and --max-size raises or lowers the limit',
    async () => {
      const db = database();
      const before = hashOf(db);
      const huge = join(tempDir(), 'huge.json');
      // Sparse: 600 MB to the file system, no disk used.
      writeFileSync(huge, '');
      truncateSync(huge, 600 * 1024 * 1024);
      const started = Date.now();
      const refused = await cli('import', huge, '--db', db);
      expect(refused).toEqual({
        status: 2,
        stdout: '',
        stderr: `${huge} is larger than 256 MB (600 MB). Check that it is the file you meant, or give a larger limit with --max-size MB (the default is 256).\n`,
      });
      expect(Date.now() - started).toBeLessThan(60_000);

      const small = join(fixtures, 'scripts.json');
      const tight = await cli('import', small, '--max-size', '0', '--db', db);
      expect(tight).toEqual({ status: 2, stdout: '', stderr: '--max-size must be a whole number of MB from 1 to 999999, not "0".\n' });
      expect(hashOf(db)).toBe(before);
    },
    slow,
  );

  it(
    'stops an endless input at the limit: the zero device, a named pipe that never ends, standard input',
    async () => {
      const db = database();
      const before = hashOf(db);
      const folder = tempDir();
      const pipe = join(folder, 'endless');
      execFileSync('mkfifo', [pipe]);
      // A writer that never stops: the import must stop reading, whatever comes.
      const writer = spawn('sh', ['-c', `exec yes '{"format":' > '${pipe}'`]);
      writer.on('error', () => {});
      const [zero, fifo, stdin] = await Promise.all([
        cli('import', '/dev/zero', '--max-size', '4', '--db', db),
        cli('import', pipe, '--max-size', '4', '--db', db),
        runCli(['import', '-', '--max-size', '1', '--db', db], { input: Buffer.alloc(3 * 1024 * 1024, 0x20) }),
      ]);
      writer.kill();
      expect(zero).toEqual({
        status: 2,
        stdout: '',
        stderr:
          '/dev/zero is larger than 4 MB (the --max-size limit), so it was not read to the end. Check that it is the input you meant, or raise --max-size.\n',
      });
      expect(fifo).toEqual({
        status: 2,
        stdout: '',
        stderr: `${pipe} is larger than 4 MB (the --max-size limit), so it was not read to the end. Check that it is the input you meant, or raise --max-size.\n`,
      });
      expect({ status: stdin.status, stderr: stdin.stderr }).toEqual({
        status: 2,
        stderr:
          'The input on standard input is larger than 1 MB (the --max-size limit), so it was not read to the end. Check that it is the input you meant, or raise --max-size.\n',
      });
      expect(hashOf(db)).toBe(before);
    },
    slow,
  );

  it(
    'reads call --input to at most 1 MiB, and only UTF-8',
    async () => {
      const db = database();
      const latin1 = join(tempDir(), 'query.json');
      writeFileSync(latin1, Buffer.from('{"query":"Jos\xe9"}', 'latin1'));
      const [zero, encoded] = await Promise.all([
        cli('call', 'patients.search', '--input', '/dev/zero', '--db', db),
        cli('call', 'patients.search', '--input', latin1, '--db', db),
      ]);
      expect(zero).toEqual({
        status: 2,
        stdout: '',
        stderr:
          '/dev/zero is larger than 1 MiB, more than any call takes, so it was not read to the end. Check that it is the input you meant, or give the input the call takes.\n',
      });
      expect(encoded).toEqual({
        status: 2,
        stdout: '',
        stderr: `${latin1} is not UTF-8 text: byte 14 (line 1) is not UTF-8 (it may be Latin-1 or Windows-1252). Save it as UTF-8 and call again; nothing was done.\n`,
      });
    },
    slow,
  );
});

describe('import: only UTF-8', () => {
  it(
    'refuses Latin-1, Windows-1252, UTF-16 with either byte-order mark, a cut-short sequence and an overlong one, naming where; UTF-8 with or without a byte-order mark is read',
    async () => {
      const db = database();
      const before = hashOf(db);
      const folder = tempDir();
      const name = 'Zoë Ní Bhriain';
      const utf16 = (le: boolean) => {
        const text = Buffer.from(withName(Buffer.from(name)).toString('utf8'), 'utf16le');
        if (!le) text.swap16();
        return Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), text]);
      };
      // Each names the first byte that is not UTF-8 (counted from 1) and its line.
      const at = (bytes: Buffer, bad: number, line = 1): [Buffer, string] => [bytes, `byte ${bytes.indexOf(bad) + 1} (line ${line}) is not UTF-8`];
      const files: Array<[string, Buffer, string]> = [
        ['latin1.json', ...at(withName(Buffer.from(name, 'latin1')), 0xeb)],
        ['windows-1252.json', ...at(withName(Buffer.from([0x93, 0x5a, 0x6f, 0x94])), 0x93)],
        ['truncated.json', ...at(Buffer.concat([Buffer.from('{\n"format": "'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')]), 0xe2, 2)],
        ['overlong.json', ...at(Buffer.concat([Buffer.from('{"format": "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]), 0xc0)],
      ];
      for (const [file, bytes] of files) writeFileSync(join(folder, file), bytes);
      writeFileSync(join(folder, 'utf16le.json'), utf16(true));
      writeFileSync(join(folder, 'utf16be.json'), utf16(false));
      const refused = await Promise.all(
        [...files.map(([file]) => file), 'utf16le.json', 'utf16be.json'].map((file) => cli('import', join(folder, file), '--db', db)),
      );
      files.forEach(([file, , where], i) => {
        expect(refused[i]).toEqual({
          status: 2,
          stdout: '',
          stderr: `${join(folder, file)} is not UTF-8 text: ${where} (it may be Latin-1 or Windows-1252). Save it as UTF-8 and import it again; nothing was done.\n`,
        });
      });
      for (const [i, file] of ['utf16le.json', 'utf16be.json'].entries()) {
        expect(refused[files.length + i]).toEqual({
          status: 2,
          stdout: '',
          stderr: `${join(folder, file)} is UTF-16 text, not UTF-8. Save it as UTF-8 and import it again; nothing was done.\n`,
        });
      }
      expect(hashOf(db)).toBe(before);

      const bom = join(folder, 'bom.json');
      writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), withName(Buffer.from(name))]));
      const read = await cli('import', bom, '--db', db);
      expect(read.stderr).toBe('');
      expect(JSON.parse(read.stdout).imported.clinicians).toBe(1);
      const store = openStore(db);
      expect(store.sqlite.prepare('select name from clinicians').pluck().all()).toEqual([name]);
      store.close();
    },
    slow,
  );
});

describe('demo data only into an empty record', () => {
  it(
    'refuses app.loadDemo through the command line once a patient exists, adding nothing',
    async () => {
      const db = database();
      const imported = await cli('import', join(fixtures, 'scripts.json'), '--db', db);
      expect(imported.status).toBe(0);
      const before = hashOf(db);
      const input = join(tempDir(), 'demo.json');
      writeFileSync(input, '{"patients": 5}');
      const demo = await cli('call', 'app.loadDemo', '--input', input, '--db', db);
      expect(demo.status).toBe(2);
      expect(JSON.parse(demo.stdout)).toEqual({
        ok: false,
        error: { kind: 'conflict', message: 'The demo data can be loaded only into an empty record, and this one has patients. Nothing was added.' },
      });
      // Not a patient, a visit, a user or a setting was added.
      expect(hashOf(db)).toBe(before);
    },
    slow,
  );

  it(
    "judges the record again inside the seed's own write, so that a patient saved after the first look still refuses it, adding nothing",
    async () => {
      const db = database();
      const store = openStore(db);
      try {
        // As if a patient were saved between the service's first look and the seed's write.
        await seed(store.records, testActor, { patients: 1, seed: 7 });
        const before = contentHash(store);
        const notEmpty = new AppError('conflict', 'The demo data can be loaded only into an empty record, and this one has patients. Nothing was added.');
        await expect(seed(store.records, testActor, { patients: 3, seed: 1, emptyOnly: notEmpty })).rejects.toBe(notEmpty);
        expect(contentHash(store)).toBe(before);
        // Into an empty record the same guard lets the seed through.
        const empty = openStore(database());
        try {
          await expect(seed(empty.records, testActor, { patients: 2, seed: 1, emptyOnly: notEmpty })).resolves.toMatchObject({ imported: { patients: 2 } });
        } finally {
          empty.close();
        }
      } finally {
        store.close();
      }
    },
    slow,
  );
});

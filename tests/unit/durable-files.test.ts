/**
 * The durable writer on real files: a new temporary file with a random name, created
 * exclusively (a file or symbolic link planted at its name is never opened) and readable by
 * this user only, flushed, renamed over the target (a symbolic link there is replaced, never
 * written through) and the folder flushed after the rename; a failure midway leaves the old
 * file and no temporary one. `node:fs` and `node:crypto` are the real ones, watched: every
 * open, flush and rename is logged, and the random bytes can be fixed to plant a file at the
 * name they give.
 */
import { constants, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@shared/errors';
import { createTemporary, fillTemporary, placeFilled, writeFileDurably } from '../../src/main/files/durable';
import { makeFifo } from '../support/files';
import { tempDir } from '../support/store';

const log = vi.hoisted(() => [] as string[]);

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const paths = new Map<number, string>();
  return {
    ...fs,
    openSync: (path: string, flags: string | number = 'r', mode?: number) => {
      const fd = fs.openSync(path, flags, mode);
      paths.set(fd, String(path));
      log.push(`open ${String(path)} ${String(flags)}`);
      return fd;
    },
    fsyncSync: (fd: number) => {
      log.push(`fsync ${paths.get(fd)}`);
      fs.fsyncSync(fd);
    },
    renameSync: (from: string, to: string) => {
      log.push(`rename ${from} ${to}`);
      fs.renameSync(from, to);
    },
  };
});

vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return { ...crypto, randomBytes: vi.fn(crypto.randomBytes) };
});

beforeEach(() => {
  log.length = 0;
});

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('a durable write', () => {
  it('writes into a new temporary file beside the target, flushes it, renames it, then flushes the folder', () => {
    const dir = tempDir();
    const target = join(dir, 'record.json');
    writeFileDurably(target, ['{"patients":', '[]}\n']);

    expect(readFileSync(target, 'utf8')).toBe('{"patients":[]}\n');
    const temporary = /^open (.+\/\.record\.json\.[0-9a-f]{16}\.tmp) (\d+)$/.exec(log[0] ?? '');
    expect(temporary, log.join('\n')).not.toBeNull();
    const [, name, flags] = temporary!;
    // Created, never opened if something is already there.
    expect(Number(flags) & (constants.O_CREAT | constants.O_EXCL)).toBe(constants.O_CREAT | constants.O_EXCL);
    expect(log).toEqual([`open ${name} ${flags}`, `open ${name} r+`, `fsync ${name}`, `rename ${name} ${target}`, `open ${dir} r`, `fsync ${dir}`]);
    expect(readdirSync(dir)).toEqual(['record.json']);
  });

  it('gives the file to this user only (mode 0600), whatever the file it replaces allowed', () => {
    const dir = tempDir();
    const target = join(dir, 'handout.pdf');
    writeFileSync(target, 'old', { mode: 0o644 });
    writeFileDurably(target, Buffer.from('%PDF-1.7'));
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.7');
    expect(modeOf(target)).toBe(0o600);
  });

  it('names each temporary file at random: no two alike, and nothing in the name to predict it by', () => {
    const dir = tempDir();
    const target = join(dir, 'export.csv');
    const names = Array.from({ length: 20 }, () => createTemporary(target).slice(dir.length + 1));
    expect(new Set(names).size).toBe(20);
    for (const name of names) {
      expect(name).toMatch(/^\.export\.csv\.[0-9a-f]{16}\.tmp$/);
      expect(name).not.toContain(String(process.pid));
      expect(modeOf(join(dir, name))).toBe(0o600);
    }
  });

  it('never opens a symbolic link planted at the temporary name: the write fails and the file it points to is untouched', () => {
    const dir = tempDir();
    const target = join(dir, 'export.json');
    const victim = join(dir, 'victim.db');
    writeFileSync(victim, 'precious');
    // The name the next random bytes give, taken first by a link to another file.
    const bytes = Buffer.alloc(8, 0xab);
    vi.mocked(randomBytes).mockImplementationOnce(() => bytes);
    const planted = join(dir, `.export.json.${bytes.toString('hex')}.tmp`);
    symlinkSync(victim, planted);

    expect(() => writeFileDurably(target, 'overwrite')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readlinkSync(planted)).toBe(victim);
    expect(existsSync(target)).toBe(false);
  });

  it('replaces a symbolic link at the target with the file, never writing through it', () => {
    const dir = tempDir();
    const victim = join(dir, 'elsewhere.txt');
    writeFileSync(victim, 'not yours');
    const link = join(dir, 'export.json');
    symlinkSync(victim, link);

    writeFileDurably(link, 'the export');
    expect(lstatSync(link).isFile()).toBe(true);
    expect(readFileSync(link, 'utf8')).toBe('the export');
    expect(readFileSync(victim, 'utf8')).toBe('not yours');
  });

  it('refuses to replace a named pipe or a folder, leaving it as it was and no temporary file', () => {
    const dir = tempDir();
    const pipe = join(dir, 'pipe');
    makeFifo(pipe);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    for (const [path, kind] of [
      [pipe, 'a named pipe'],
      [folder, 'a folder'],
    ] as const) {
      let error: unknown;
      try {
        writeFileDurably(path, 'data');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toBe(`${path} is ${kind}, not a file, so it was not replaced. Choose a file name.`);
    }
    expect(statSync(pipe).isFIFO()).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['folder', 'pipe']);
  });

  it('leaves the old file whole and no temporary file when the data fails midway, written at once or streamed', async () => {
    const dir = tempDir();
    const target = join(dir, 'stats.csv');
    writeFileSync(target, 'the previous export');
    function* failing() {
      yield 'visit_date,patient\r\n';
      throw new Error('the database went away');
    }
    expect(() => writeFileDurably(target, failing())).toThrow('the database went away');
    async function* failingSlowly() {
      yield 'visit_date,patient\r\n';
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('the export was stopped');
    }
    await expect(placeFilled(target, (temporary) => fillTemporary(temporary, failingSlowly()))).rejects.toThrow('the export was stopped');
    expect(readFileSync(target, 'utf8')).toBe('the previous export');
    expect(readdirSync(dir)).toEqual(['stats.csv']);
  });

  it('streams pieces as they come into the file, and makes it durable the same way', async () => {
    const dir = tempDir();
    const target = join(dir, 'stats.csv');
    async function* rows() {
      yield '\uFEFFvisit_date,patient\r\n';
      for (let i = 1; i <= 3; i++) yield Buffer.from(`2026-01-0${i},P-0000${i}\r\n`);
    }
    await placeFilled(target, (temporary) => fillTemporary(temporary, rows()));
    expect(readFileSync(target, 'utf8')).toBe('\uFEFFvisit_date,patient\r\n2026-01-01,P-00001\r\n2026-01-02,P-00002\r\n2026-01-03,P-00003\r\n');
    expect(log.filter((entry) => entry.startsWith('rename') || entry.startsWith('fsync'))).toEqual([
      expect.stringMatching(/^fsync .+\/\.stats\.csv\.[0-9a-f]{16}\.tmp$/),
      expect.stringMatching(/^rename .+\.tmp .+\/stats\.csv$/),
      `fsync ${dir}`,
    ]);
  });
});

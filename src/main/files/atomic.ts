/**
 * Files written all or nothing: into a temporary file beside the target, flushed to disk,
 * then renamed over it. A crash or a full disk midway leaves the old file (or none), never
 * half of the new one.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes pieces of text to a file through a temporary file and a rename: all or nothing. */
export function writeFileAtomic(path: string, pieces: Iterable<string>): void {
  atomically(path, (fd) => {
    let buffered: string[] = [];
    let size = 0;
    const flush = () => {
      writeSync(fd, buffered.join(''));
      buffered = [];
      size = 0;
    };
    for (const piece of pieces) {
      buffered.push(piece);
      size += piece.length;
      if (size >= 1 << 20) flush();
    }
    flush();
  });
}

/** Writes bytes (a PDF) to a file through a temporary file and a rename: all or nothing. */
export function writeBytesAtomic(path: string, bytes: Uint8Array): void {
  atomically(path, (fd) => {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
  });
}

function atomically(path: string, fill: (fd: number) => void): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    try {
      fill(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

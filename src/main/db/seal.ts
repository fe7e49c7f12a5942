/**
 * The seal of a file found sound. When the app closes a database file, it folds the log into
 * the file, makes the whole start-up checks again and writes beside it (`<file>-checked`) the
 * file's size and digest (BLAKE2b-512) with the SQLite version that checked it. At the next
 * start the file is read whole and hashed instead of checked: the checks are a function of the
 * file's bytes alone, so bytes equal to the sealed ones would pass them again. Any change,
 * one byte, an unfolded log beside it, another SQLite, makes the start check it whole, as does
 * a page the disk cannot return. Reading and hashing take a quarter of the checks' processor
 * time. Nothing here opens the database.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { databaseFiles, writeFileDurably } from '../files/durable';
import { readWhole } from './readWhole';

/** Where the seal of `dbPath` is kept: beside it, named as SQLite names its own companions. */
export const sealPathOf = (dbPath: string): string => databaseFiles(dbPath).seal;

/** The content of a seal file (JSON). */
interface Seal {
  format: 1;
  /** The SQLite version whose checks the bytes passed. */
  sqlite: string;
  size: number;
  blake2b512: string;
  sealedAt: string;
}

/** What the bytes on disk are, read whole. */
export interface Fingerprint {
  size: number;
  blake2b512: string;
}

/** Reads the file whole, in 4 MiB pieces; a page the disk cannot return throws. */
export function fingerprint(path: string): Fingerprint {
  const hash = createHash('blake2b512');
  const size = readWhole(path, (piece) => hash.update(piece));
  return { size, blake2b512: hash.digest('hex') };
}

const emptyOrAbsent = (path: string): boolean => !existsSync(path) || statSync(path).size === 0;

/** Whether nothing is kept beside the file that SQLite would read into it: no log, no journal. */
export const nothingBeside = (dbPath: string): boolean => emptyOrAbsent(`${dbPath}-wal`) && emptyOrAbsent(`${dbPath}-journal`);

function readSeal(dbPath: string): Seal | null {
  try {
    const seal = JSON.parse(readFileSync(sealPathOf(dbPath), 'utf8')) as Partial<Seal>;
    return seal.format === 1 && typeof seal.sqlite === 'string' && typeof seal.size === 'number' && typeof seal.blake2b512 === 'string' ? (seal as Seal) : null;
  } catch {
    // Missing, unreadable or not ours: the file is checked whole, as without a seal.
    return null;
  }
}

/** Whether a seal could hold, without reading the database: one exists for its size, and nothing is beside it. */
export function sealMayHold(dbPath: string): boolean {
  const seal = readSeal(dbPath);
  return seal !== null && nothingBeside(dbPath) && existsSync(dbPath) && statSync(dbPath).size === seal.size;
}

/** Whether the file is, byte for byte, the one sealed after SQLite `sqlite` checked it, with nothing beside it. */
export function sealHolds(dbPath: string, sqlite: string): boolean {
  const seal = readSeal(dbPath);
  if (!seal || seal.sqlite !== sqlite || !nothingBeside(dbPath)) return false;
  let now: Fingerprint;
  try {
    now = fingerprint(dbPath);
  } catch {
    // A page the disk cannot return: the whole checks meet it too, and name it.
    return false;
  }
  return now.size === seal.size && now.blake2b512 === seal.blake2b512;
}

/** What changes whenever the file is written or replaced: its inode, size, and modification and change times to the nanosecond. */
export function fileState(path: string): string {
  const { ino, size, mtimeNs, ctimeNs } = statSync(path, { bigint: true });
  return `${ino}:${size}:${mtimeNs}:${ctimeNs}`;
}

/** Writes the seal whole or not at all. */
export function writeSeal(dbPath: string, sqlite: string, print: Fingerprint): void {
  const seal: Seal = { format: 1, sqlite, ...print, sealedAt: new Date().toISOString() };
  writeFileDurably(sealPathOf(dbPath), `${JSON.stringify(seal, null, 2)}\n`);
}

/** A file read start to end in pieces of 4 MB, one buffer reused: for the start-up checks' read ahead and the seal's hash. */
import { closeSync, openSync, readSync } from 'node:fs';

const pieceBytes = 4 << 20;

/** Hands each piece of the file to `take` in order (valid only during the call); returns the file's size. Throws what the read meets. */
export function readWhole(path: string, take: (piece: Buffer) => void): number {
  const piece = Buffer.allocUnsafe(pieceBytes);
  const fd = openSync(path, 'r');
  let size = 0;
  try {
    for (let n: number; (n = readSync(fd, piece, 0, pieceBytes, size)) > 0; size += n) take(piece.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return size;
}

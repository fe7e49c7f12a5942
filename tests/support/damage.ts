/** Damage done on purpose to a closed database file, as a failing disk would. */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Writes garbage over one page (numbered from 1) of a closed database. */
export function overwritePage(path: string, page: number): void {
  const header = readFileSync(path).subarray(0, 100);
  // The header stores a page size of 65536 as 1.
  const size = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const garbage = Buffer.alloc(size);
  for (let i = 0; i < size; i++) garbage[i] = (i * 151 + 89) % 256;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, garbage, 0, size, (page - 1) * size);
  } finally {
    closeSync(fd);
  }
}

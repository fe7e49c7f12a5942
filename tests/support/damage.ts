/** Damage done on purpose to a closed database file, as a failing disk or a careless hand would. */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

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

/** The visits of one patient left pointing at no patient (foreign keys off), in order: damage only the foreign-key check finds. */
export function orphanVisits(path: string): number[] {
  const db = new Database(path);
  try {
    db.pragma('foreign_keys = OFF');
    const patient = db.prepare('select patient_id from visits order by id limit 1').pluck().get() as number;
    const visits = db.prepare('select id from visits where patient_id = ? order by id').pluck().all(patient) as number[];
    db.prepare('delete from patients where id = ?').run(patient);
    return visits;
  } finally {
    db.close();
  }
}

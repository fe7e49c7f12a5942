/**
 * The record layer: the only code that writes SQL for the core record. Everything above it
 * (engines, services) asks for units of work through the contract; `sqlite/` is the
 * implementation over the workstation's SQLite file, `pg/` the one over the practice server
 * (imported where a server is opened, so that the single-file app never loads its driver).
 */
export type * from './contract';
export { everyOf, mapped, pagesOf } from './counted';
export { actorLabel, patientRow, searchName } from './labels';
export { isSqliteStore, sqliteOf, sqliteStore, type SqliteStore } from './sqlite';
export { presentationKeys, treatmentKeys } from './visitRows';

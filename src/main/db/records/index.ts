/**
 * The record layer: the only code that writes SQL for the core record. Everything above it
 * (engines, services) asks for units of work through the contract; `sqlite/` is the
 * implementation over the workstation's SQLite file.
 */
export type * from './contract';
export { actorLabel, patientRow, searchName } from './labels';
export { isSqliteStore, sqliteOf, sqliteStore, type SqliteStore } from './sqlite';

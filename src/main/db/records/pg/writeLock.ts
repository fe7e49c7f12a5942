/**
 * The record's write lock on the practice server, a transaction-level advisory lock: "MNWR".
 * Held by every write unit from its start and by an audited read's lines (auditedRead.ts), to
 * their commit, so the practice's writers go one after another as the SQLite file's BEGIN
 * IMMEDIATE makes them, and each audit row is sealed after the newest committed one. The
 * migrations hold another ("MILI").
 */
export const writeLock = 0x4d4e5752;

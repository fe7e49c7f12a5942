/** An error as it crosses from a thread (see protocol.ts): enough to tell an AppError or a storage fault from a bug. */
import { AppError } from '@shared/errors';
import { sqliteCode } from '../db/faults';
import type { CarriedError } from './protocol';

export function carried(error: unknown): CarriedError {
  if (error instanceof AppError) return { name: 'AppError', message: error.message, kind: error.kind };
  const sqlite = sqliteCode(error);
  if (error instanceof Error && sqlite !== null) return { name: error.name, message: error.message, sqliteCode: sqlite };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

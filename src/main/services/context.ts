/**
 * What every service shares: the store whose record layer it asks for units of work, and the
 * not-found refusal. Input arrives parsed (the invoker parses every call with the API table).
 */
import { AppError } from '@shared/errors';

export type { AuditEntry, ReadTx, Store, WriteTx } from '../db/records';

export function notFound(what: string, id: number): AppError {
  return new AppError('not_found', `${what} ${id} does not exist. It may have been removed; refresh and try again.`);
}

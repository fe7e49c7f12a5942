/**
 * What every service shares: the store, input parsing into typed errors, one transaction per
 * write, and the audit line each write leaves.
 */
import type { Statement } from 'better-sqlite3';
import { format } from 'date-fns';
import type { z } from 'zod';
import { AppError, validationError } from '@shared/errors';
import type { Actor } from '@shared/types';
import type { Store } from '../db/open';

export type { Store };

/** Parses input with a shared schema; a rejection lists every field with a plain message. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, what);
  return result.data;
}

/** Today on this workstation's calendar, `YYYY-MM-DD`. */
export const today = (): string => format(new Date(), 'yyyy-MM-dd');

export const nowIso = (): string => new Date().toISOString();

export const actorLabel = (actor: Actor): string => `${actor.name} (${actor.role})`;

/**
 * Runs `work` in one IMMEDIATE transaction: it finishes or changes nothing. IMMEDIATE takes
 * the write lock up front, so two writers queue on busy_timeout instead of failing midway.
 */
export function write<T>(store: Store, work: () => T): T {
  return store.sqlite.transaction(work).immediate();
}

const auditStatements = new WeakMap<Store, Statement>();

export function audit(store: Store, actor: Actor, action: string, entity: string, entityId: number | null, detail = ''): void {
  let insert = auditStatements.get(store);
  if (!insert) {
    insert = store.sqlite.prepare('insert into audit_log (at, actor, action, entity, entity_id, detail) values (?, ?, ?, ?, ?, ?)');
    auditStatements.set(store, insert);
  }
  insert.run(nowIso(), actorLabel(actor), action, entity, entityId, detail);
}

export function notFound(what: string, id: number): AppError {
  return new AppError('not_found', `${what} ${id} does not exist. It may have been removed; refresh and try again.`);
}

/**
 * What every service shares: the store whose record layer it asks for units of work, the
 * permission check every call makes first, and the not-found refusal. Input arrives parsed
 * (the invoker parses every call with the API table).
 */
import { AppError } from '@shared/errors';
import { forbiddenMessage, may, type Permission } from '@shared/permissions';
import type { Actor } from '@shared/types';
import type { Store } from '../db/records';

export type { AuditEntry, ReadTx, Store, WriteTx } from '../db/records';

export function notFound(what: string, id: number): AppError {
  return new AppError('not_found', `${what} ${id} does not exist. It may have been removed; refresh and try again.`);
}

/**
 * Refuses, unless the actor's role allows `permission` (the table in `src/shared/permissions.ts`).
 * The refusal is audited in its own transaction, so it is kept although the call changes nothing.
 */
export async function authorize(store: Store, actor: Actor, permission: Permission, what?: string): Promise<void> {
  if (may(actor, permission)) return;
  throw await forbidden(store, actor, permission, forbiddenMessage(actor, permission, what));
}

/** A forbidden refusal saying `message`, once it is audited in its own transaction (the refused call changes nothing). */
export async function forbidden(store: Store, actor: Actor, permission: Permission, message: string): Promise<AppError> {
  await store.records.write((tx) => tx.audit.append({ actor, action: 'forbidden', entity: permission, entityId: null, outcome: 'forbidden', detail: message }));
  return new AppError('forbidden', message);
}

import { rolesOf } from '@shared/permissions';
import type { Actor } from '@shared/types';
import { roles } from '@shared/vocabulary';

/** "Dermatologist", or "Administrator and dermatologist" for an administrator who is also a clinician. */
export function roleLabel(actor: Actor): string {
  if (actor.role === null) return 'Operating-system account';
  return rolesOf(actor)
    .map((r, i) => (i === 0 ? roles.label(r) : roles.label(r).toLowerCase()))
    .join(' and ');
}

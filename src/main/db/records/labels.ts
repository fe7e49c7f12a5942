/** How the record writes who acted and what a patient's name is searched by. */
import { foldText } from '@shared/text';
import type { Actor } from '@shared/types';

/** The actor as `created_by`, `updated_by` and the audit log name them. */
export const actorLabel = (actor: Actor): string => `${actor.name} (${actor.role})`;

/** The folded words of a patient's names, as the search index holds them. */
export const searchName = (givenName: string, familyName: string): string => foldText(`${givenName} ${familyName}`);

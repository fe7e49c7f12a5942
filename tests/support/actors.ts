/**
 * Real users to act as: each made through the users service (a row in `users`, a clinician
 * profile for the clinical roles), then acting as a signed-in user of that account does.
 */
import type { Actor, Surface } from '@shared/types';
import type { Role } from '@shared/vocabulary';
import { parseInput } from '../../src/main/api/handlers';
import type { Services } from '../../src/main/services';
import { actorFor } from '../../src/main/services/session';
import { testActor } from './store';

export const testPassword = 'a long passphrase for tests';

let made = 0;

/**
 * A new user of `role`, signed in on `surface` (the desktop app by default). Dermatologists
 * and nurses get a clinician profile of their role; an administrator may be given one.
 */
export async function userActor(
  services: Pick<Services, 'users'>,
  role: Role,
  options: { clinical?: 'dermatologist' | 'nurse' | null; surface?: Surface; name?: string } = {},
): Promise<Actor> {
  const clinical = options.clinical !== undefined ? options.clinical : role === 'dermatologist' || role === 'nurse' ? role : null;
  const username = `${role}-${++made}`;
  const input = parseInput('users.create', {
    username,
    name: options.name ?? `${role} ${made}`,
    role,
    password: testPassword,
    clinician: clinical && { role: clinical },
  });
  return actorFor(await services.users.create(testActor, input), options.surface ?? 'desktop');
}

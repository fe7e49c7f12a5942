/**
 * Users, as the administrator manages them: add, edit, reset a password, deactivate. A user
 * is never deleted (visits, signatures and the audit trail name them); a deactivated one
 * cannot sign in. A clinician profile is the clinicians row visits name: it is made with the
 * user, in the same transaction, and kept in step with the user's name and active flag.
 * Every change is audited; the password never is.
 */
import type { ApiParsed } from '@shared/api';
import { AppError } from '@shared/errors';
import type { Actor, User } from '@shared/types';
import type { Role } from '@shared/vocabulary';
import { authorize, notFound, type ReadTx, type Store, type WriteTx } from './context';
import type { Passwords } from './passwords';

/** A clinician profile's own fields (older records may hold a role other than dermatologist or nurse). */
type Profile = { role: Role; title: string; registrationNumber: string };

const clinicalRoles: readonly Role[] = ['dermatologist', 'nurse'];

/**
 * The clinician profile a user should have: the one given; else, for a dermatologist or a
 * nurse, one of their own role (visits name clinician profiles, so every clinical user has
 * one), keeping what their current profile says; else none.
 */
function profileFor(role: Role, given: Profile | null, current: User['clinician']): Profile | null {
  if (given) return given;
  if (!clinicalRoles.includes(role)) return null;
  return { role, title: current?.title ?? '', registrationNumber: current?.registrationNumber ?? '' };
}

/** The username as a clinician key, made unique: `okafor`, `okafor-2`. */
async function freshKey(tx: ReadTx, username: string): Promise<string> {
  for (let n = 1; ; n++) {
    const key = n === 1 ? username : `${username}-${n}`;
    if ((await tx.clinicians.idOfKey(key)) === undefined) return key;
  }
}

export const usernameTaken = (username: string): AppError =>
  new AppError('conflict', `The username "${username}" is taken. Choose another.`, [{ path: 'username', message: 'is taken' }]);

/** Creates a user and their clinician profile, if any; the username must be free (checked here, in the transaction). */
export async function insertUser(
  tx: WriteTx,
  user: { username: string; name: string; role: Role; clinician: Profile | null; passwordHash: string | null },
): Promise<number> {
  if (await tx.users.credentials(user.username)) throw usernameTaken(user.username);
  const profile = profileFor(user.role, user.clinician, null);
  const clinicianId = profile ? await tx.users.insertProfile(await freshKey(tx, user.username), { name: user.name, active: true, ...profile }) : null;
  return tx.users.insert({ username: user.username, name: user.name, role: user.role, active: true, clinicianId, passwordHash: user.passwordHash });
}

const lastAdmin = {
  deactivate: 'This is the last active administrator, so it stays active. Make another user an administrator first, then deactivate this one.',
  role: 'This is the last active administrator, so it stays an administrator. Make another user an administrator first, then change this role.',
};

export function userService(store: Store, hashing: Passwords) {
  const { records } = store;

  async function existing(tx: ReadTx, id: number): Promise<User> {
    const user = await tx.users.get(id);
    if (!user) throw notFound('User', id);
    return user;
  }

  /** Refuses a change that would leave no active administrator to manage users. */
  async function keepAnAdmin(tx: ReadTx, before: User, after: { role: Role; active: boolean }): Promise<void> {
    if (before.role !== 'admin' || !before.active || (after.role === 'admin' && after.active)) return;
    if ((await tx.users.activeAdmins()) > 1) return;
    throw new AppError('conflict', after.active ? lastAdmin.role : lastAdmin.deactivate);
  }

  /** The user's active flag, their profile's with it, and its audit row. */
  async function setActive(tx: WriteTx, actor: Actor, user: User, active: boolean): Promise<void> {
    await keepAnAdmin(tx, user, { role: user.role, active });
    await tx.users.update(user.id, { name: user.name, role: user.role, active, clinicianId: user.clinician?.id ?? null });
    if (user.clinician) await tx.users.updateProfile(user.clinician.id, { name: user.name, active, ...profileOf(user.clinician) });
    await tx.audit.append({ actor, action: active ? 'user_activate' : 'user_deactivate', entity: 'user', entityId: user.id, detail: user.username });
  }

  return {
    async list(actor: Actor): Promise<User[]> {
      await authorize(store, actor, 'users.manage');
      return records.read((tx) => tx.users.list());
    },

    async create(actor: Actor, input: ApiParsed<'users.create'>): Promise<User> {
      await authorize(store, actor, 'users.manage');
      // Hashed before the transaction: hashing takes a while, and a write unit holds the database.
      const passwordHash = await hashing.hash(input.password);
      return records.write(async (tx) => {
        const id = await insertUser(tx, { ...input, passwordHash });
        const user = (await tx.users.get(id))!;
        await tx.audit.append({ actor, action: 'user_create', entity: 'user', entityId: id, detail: describe(user) });
        return user;
      });
    },

    async update(actor: Actor, input: ApiParsed<'users.update'>): Promise<User> {
      await authorize(store, actor, 'users.manage');
      return records.write(async (tx) => {
        const before = await existing(tx, input.id);
        await keepAnAdmin(tx, before, input);
        const profile = profileFor(input.role, input.clinician, before.clinician);
        let clinicianId = before.clinician?.id ?? null;
        if (profile && clinicianId === null) {
          clinicianId = await tx.users.insertProfile(await freshKey(tx, before.username), { name: input.name, active: before.active, ...profile });
        } else if (profile && clinicianId !== null) {
          await tx.users.updateProfile(clinicianId, { name: input.name, active: before.active, ...profile });
        } else if (clinicianId !== null) {
          // No longer a clinician: the profile stays for the visits that name it, but is offered no more.
          await tx.users.updateProfile(clinicianId, { name: input.name, active: false, ...profileOf(before.clinician!) });
          clinicianId = null;
        }
        await tx.users.update(before.id, { name: input.name, role: input.role, active: before.active, clinicianId });
        const changed = (await tx.users.get(before.id))!;
        await tx.audit.append({ actor, action: 'user_update', entity: 'user', entityId: before.id, detail: describe(changed) });
        if (input.active !== before.active) await setActive(tx, actor, changed, input.active);
        return (await tx.users.get(before.id))!;
      });
    },

    async resetPassword(actor: Actor, input: ApiParsed<'users.resetPassword'>): Promise<User> {
      await authorize(store, actor, 'users.manage');
      const passwordHash = await hashing.hash(input.password);
      return records.write(async (tx) => {
        const user = await existing(tx, input.id);
        await tx.users.setPassword(user.id, passwordHash);
        await tx.audit.append({ actor, action: 'password_reset', entity: 'user', entityId: user.id, detail: user.username });
        return (await tx.users.get(user.id))!;
      });
    },

    async setActive(actor: Actor, input: ApiParsed<'users.setActive'>): Promise<User> {
      await authorize(store, actor, 'users.manage');
      return records.write(async (tx) => {
        const user = await existing(tx, input.id);
        if (user.active !== input.active) await setActive(tx, actor, user, input.active);
        return (await tx.users.get(user.id))!;
      });
    },
  };
}

const profileOf = (c: NonNullable<User['clinician']>): Profile => ({ role: c.role, title: c.title, registrationNumber: c.registrationNumber });

/** A user as the audit row describes them: what they may do, never their password. */
const describe = (u: User): string =>
  `${u.username}: ${u.name}, ${u.role}${u.clinician ? `, clinician profile ${u.clinician.key} (${u.clinician.role})` : ''}${u.active ? '' : ', deactivated'}`;

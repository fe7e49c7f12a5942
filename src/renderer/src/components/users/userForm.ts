/**
 * The user form's values and their conversion to the API's shape. The form holds a
 * clinician profile's fields whatever the role; what is sent follows the role: a
 * dermatologist or nurse always has a profile of their own role, an administrator one only
 * when also a clinician, a practice manager none. Checked with the service's own schemas, so
 * a field shows the words the service would use.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import * as z from 'zod';
import type { User } from '@shared/types';
import { UserCreate, UserUpdate } from '@shared/users';
import type { Role } from '@shared/vocabulary';

export type ClinicalRole = 'dermatologist' | 'nurse';

export interface UserValues {
  username: string;
  name: string;
  role: Role | '';
  /** An administrator who also documents visits. */
  asClinician: boolean;
  clinician: { role: ClinicalRole | ''; title: string; registrationNumber: string };
  /** Only when adding a user. */
  password: string;
  confirm: string;
}

export const isClinicalRole = (role: Role | ''): role is ClinicalRole => role === 'dermatologist' || role === 'nurse';

/** Whether the values describe someone with a clinician profile. */
export const hasProfile = (v: Pick<UserValues, 'role' | 'asClinician'>): boolean => isClinicalRole(v.role) || (v.role === 'admin' && v.asClinician);

export function userValues(user?: User): UserValues {
  const profile = user?.clinician;
  return {
    username: user?.username ?? '',
    name: user?.name ?? '',
    role: user?.role ?? '',
    asClinician: user?.role === 'admin' && profile !== null && profile !== undefined,
    clinician: {
      role: profile && isClinicalRole(profile.role) ? profile.role : '',
      title: profile?.title ?? '',
      registrationNumber: profile?.registrationNumber ?? '',
    },
    password: '',
    confirm: '',
  };
}

const blankIsMissing = <T extends string>(v: T | ''): T | undefined => (v === '' ? undefined : v);

function profileOf(v: UserValues) {
  if (!hasProfile(v)) return null;
  const role = isClinicalRole(v.role) ? v.role : blankIsMissing(v.clinician.role);
  return { role, title: v.clinician.title, registrationNumber: v.clinician.registrationNumber };
}

const samePassword = (v: { password: string; confirm: string }) => v.password === v.confirm;
const mismatch = { path: ['confirm'], error: 'must be the same as the password' };

/** A new user: the API's `UserCreate`, with the password typed twice. */
export const createResolver = zodResolver(
  z
    .custom<UserValues>()
    .transform((v): unknown => ({
      username: v.username,
      name: v.name,
      role: blankIsMissing(v.role),
      password: v.password,
      clinician: profileOf(v),
      confirm: v.confirm,
    }))
    .pipe(UserCreate.extend({ confirm: z.string() }).refine(samePassword, mismatch)),
);

/** Changes to a user (their username stays): the API's `UserUpdate`. */
export const updateResolver = (user: User) =>
  zodResolver(
    z
      .custom<UserValues>()
      .transform((v): unknown => ({ id: user.id, name: v.name, role: blankIsMissing(v.role), active: user.active, clinician: profileOf(v) }))
      .pipe(UserUpdate),
  );

/** A password reset: typed twice, checked as the service checks a new one. */
export const passwordResolver = (user: User) =>
  zodResolver(
    z
      .custom<Pick<UserValues, 'password' | 'confirm'>>()
      .transform((v) => ({ id: user.id, password: v.password, confirm: v.confirm }))
      .pipe(z.object({ id: z.number(), password: UserCreate.shape.password, confirm: z.string() }).refine(samePassword, mismatch)),
  );

/** Users, their sign-in state and their clinician profiles, in SQLite. */
import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { nowIso } from '@shared/calendar';
import type { User } from '@shared/types';
import type { Role } from '@shared/vocabulary';
import { clinicians, users } from '../../schema';
import type { UserCredentials, UserIdentity, UserReads, UserWrites } from '../contract';
import { preparedInsert, preparedSelect, preparedUpdate, type Db } from './statements';

interface UserRow {
  id: number;
  username: string;
  name: string;
  role: Role;
  active: number;
  hasPassword: number;
  lockedUntil: string | null;
  createdAt: string;
  clinicianId: number | null;
  clinicianKey: string | null;
  clinicalRole: Role | null;
  title: string | null;
  registrationNumber: string | null;
  documented: number;
}

/**
 * A user with their profile and whether they documented anything. The two `in` lists are
 * built once per statement (SQLite materialises an uncorrelated `in`), so listing every user
 * reads the visits once, not once per user.
 */
const userSelect = `
  select u.id, u.username, u.name, u.role, u.active, u.password_hash is not null as hasPassword,
    u.locked_until as lockedUntil, u.created_at as createdAt, u.clinician_id as clinicianId,
    c.key as clinicianKey, c.role as clinicalRole, c.title, c.registration_number as registrationNumber,
    (u.clinician_id in (select clinician_id from visits union select performed_by from treatments)
      or u.id in (select signed_by_user from visits where signed_by_user is not null
                  union select author_user from addenda where author_user is not null)) as documented
  from users u left join clinicians c on c.id = u.clinician_id`;

function toUser(r: UserRow, now: string): User {
  return {
    id: r.id,
    username: r.username,
    name: r.name,
    role: r.role,
    active: r.active === 1,
    clinician:
      r.clinicianId === null
        ? null
        : { id: r.clinicianId, key: r.clinicianKey!, role: r.clinicalRole!, title: r.title ?? '', registrationNumber: r.registrationNumber ?? '' },
    hasPassword: r.hasPassword === 1,
    // A lock that has run out is no lock.
    lockedUntil: r.lockedUntil !== null && r.lockedUntil > now ? r.lockedUntil : null,
    hasDocumented: r.documented === 1,
    createdAt: r.createdAt,
  };
}

export function userRepository(db: Db, sqlite: Database.Database): UserReads & UserWrites {
  const everyone = sqlite.prepare<[], UserRow>(`${userSelect} order by u.username collate nocase`);
  const one = sqlite.prepare<[{ id: number }], UserRow>(`${userSelect} where u.id = :id`);
  const identity = sqlite.prepare<[{ id: number }], Pick<UserRow, 'id' | 'username' | 'name' | 'role' | 'active' | 'clinicianId' | 'clinicalRole'>>(
    `select u.id, u.username, u.name, u.role, u.active, u.clinician_id as clinicianId, c.role as clinicalRole
     from users u left join clinicians c on c.id = u.clinician_id where u.id = :id`,
  );
  const credentialColumns = {
    id: users.id,
    username: users.username,
    active: users.active,
    passwordHash: users.passwordHash,
    failedSignIns: users.failedSignIns,
    lockedUntil: users.lockedUntil,
  };
  const byUsername = preparedSelect(
    db,
    credentialColumns,
    db
      .select(credentialColumns)
      .from(users)
      .where(sql`${users.username} = ${sql.placeholder('username')} collate nocase`),
  );
  const byId = preparedSelect(
    db,
    credentialColumns,
    db
      .select(credentialColumns)
      .from(users)
      .where(eq(users.id, sql.placeholder('id'))),
  );
  const admins = sqlite.prepare<[], number>("select count(*) from users where role = 'admin' and active").pluck();
  const canSignIn = sqlite.prepare<[], number>('select 1 from users where active and password_hash is not null limit 1').pluck();
  const insert = preparedInsert(db, users, ['username', 'name', 'role', 'active', 'clinicianId', 'passwordHash']);
  const update = preparedUpdate(db, users, ['name', 'role', 'active', 'clinicianId', 'updatedAt']);
  const password = preparedUpdate(db, users, ['passwordHash', 'failedSignIns', 'lockedUntil', 'updatedAt']);
  const failures = preparedUpdate(db, users, ['failedSignIns', 'lockedUntil']);
  const insertProfile = preparedInsert(db, clinicians, ['key', 'name', 'role', 'active', 'title', 'registrationNumber']);
  const updateProfile = preparedUpdate(db, clinicians, ['name', 'role', 'active', 'title', 'registrationNumber']);

  return {
    async list() {
      const now = nowIso();
      return everyone.all().map((r) => toUser(r, now));
    },
    async get(id) {
      const row = one.get({ id });
      return row && toUser(row, nowIso());
    },
    async identity(id): Promise<UserIdentity | undefined> {
      const r = identity.get({ id });
      return (
        r && {
          id: r.id,
          username: r.username,
          name: r.name,
          role: r.role,
          active: r.active === 1,
          clinician: r.clinicianId === null ? null : { id: r.clinicianId, role: r.clinicalRole! },
        }
      );
    },
    async credentials(username): Promise<UserCredentials | undefined> {
      return byUsername.get({ username });
    },
    async credentialsOf(id) {
      return byId.get({ id });
    },
    async activeAdmins() {
      return admins.get()!;
    },
    async anyoneCanSignIn() {
      return canSignIn.get() !== undefined;
    },
    async insert(user) {
      return insert(user);
    },
    async update(id, change) {
      update(id, { ...change, updatedAt: nowIso() });
    },
    async setPassword(id, passwordHash) {
      password(id, { passwordHash, failedSignIns: 0, lockedUntil: null, updatedAt: nowIso() });
    },
    async setSignInFailures(id, failedSignIns, lockedUntil) {
      failures(id, { failedSignIns, lockedUntil });
    },
    async insertProfile(key, profile) {
      return insertProfile({ key, ...profile });
    },
    async updateProfile(clinicianId, profile) {
      updateProfile(clinicianId, profile);
    },
  };
}

/** Users, their sign-in state and their clinician profiles, on the practice server: the SQLite record's (sqlite/users.ts), call for call. */
import { and, asc, count, eq, isNotNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { nowIso } from '@shared/calendar';
import type { User } from '@shared/types';
import { addenda, clinicians, treatments, users, visits } from '../../pg/schema';
import type { UserCredentials, UserIdentity, UserReads, UserWrites } from '../contract';
import type { ServerDb } from './patientSearch';

/** SQLite's `collate nocase`: lower() under "C" folds ASCII letters only, and compares bytes. */
const nocase = (value: SQLWrapper): SQL => sql`lower(${value} collate "C")`;

/**
 * A user with their profile and whether they documented anything: their profile is named on
 * a visit or as a treatment's performer, or they signed a visit or wrote an addendum. Each
 * `in` list is read once per statement (a hashed subplan), so listing every user reads the
 * visits once, not once per user. A user without a profile is `null in (…)`: unknown, made false.
 */
const userColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  role: users.role,
  active: users.active,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`,
  lockedUntil: users.lockedUntil,
  createdAt: users.createdAt,
  clinicianId: users.clinicianId,
  clinicianKey: clinicians.key,
  clinicalRole: clinicians.role,
  title: clinicians.title,
  registrationNumber: clinicians.registrationNumber,
  documented: sql<boolean>`coalesce(${users.clinicianId} in (select ${visits.clinicianId} from ${visits} union select ${treatments.performedBy} from ${treatments})
    or ${users.id} in (select ${visits.signedByUser} from ${visits} where ${visits.signedByUser} is not null
                       union select ${addenda.authorUser} from ${addenda} where ${addenda.authorUser} is not null), false)`,
};

interface UserRow {
  id: number;
  username: string;
  name: string;
  role: User['role'];
  active: boolean;
  hasPassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
  clinicianId: number | null;
  clinicianKey: string | null;
  clinicalRole: User['role'] | null;
  title: string | null;
  registrationNumber: string | null;
  documented: boolean;
}

function toUser(r: UserRow, now: string): User {
  return {
    id: r.id,
    username: r.username,
    name: r.name,
    role: r.role,
    active: r.active,
    clinician:
      r.clinicianId === null
        ? null
        : { id: r.clinicianId, key: r.clinicianKey!, role: r.clinicalRole!, title: r.title ?? '', registrationNumber: r.registrationNumber ?? '' },
    hasPassword: r.hasPassword,
    // A lock that has run out is no lock: compared as the ISO text SQLite's record compares, against this workstation's clock.
    lockedUntil: r.lockedUntil !== null && r.lockedUntil > now ? r.lockedUntil : null,
    hasDocumented: r.documented,
    createdAt: r.createdAt,
  };
}

const credentialColumns = {
  id: users.id,
  username: users.username,
  active: users.active,
  passwordHash: users.passwordHash,
  failedSignIns: users.failedSignIns,
  lockedUntil: users.lockedUntil,
};

export function userRepository(db: ServerDb): UserReads & UserWrites {
  const withProfile = () => db.select(userColumns).from(users).leftJoin(clinicians, eq(clinicians.id, users.clinicianId));
  const credentials = async (where: SQL): Promise<UserCredentials | undefined> => {
    const [row] = await db.select(credentialColumns).from(users).where(where);
    return row;
  };

  return {
    async list() {
      const rows = await withProfile().orderBy(asc(nocase(users.username)));
      const now = nowIso();
      return rows.map((r) => toUser(r, now));
    },
    async get(id) {
      const [row] = await withProfile().where(eq(users.id, id));
      return row && toUser(row, nowIso());
    },
    async identity(id): Promise<UserIdentity | undefined> {
      const [r] = await db
        .select({
          id: users.id,
          username: users.username,
          name: users.name,
          role: users.role,
          active: users.active,
          clinicianId: users.clinicianId,
          clinicalRole: clinicians.role,
        })
        .from(users)
        .leftJoin(clinicians, eq(clinicians.id, users.clinicianId))
        .where(eq(users.id, id));
      return (
        r && {
          id: r.id,
          username: r.username,
          name: r.name,
          role: r.role,
          active: r.active,
          clinician: r.clinicianId === null ? null : { id: r.clinicianId, role: r.clinicalRole! },
        }
      );
    },
    credentials: (username) => credentials(sql`${nocase(users.username)} = ${nocase(sql`${username}::text`)}`),
    credentialsOf: (id) => credentials(eq(users.id, id)),
    async activeAdmins() {
      const [row] = await db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.active, true)));
      return row!.n;
    },
    async anyoneCanSignIn() {
      const found = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.active, true), isNotNull(users.passwordHash)))
        .limit(1);
      return found.length > 0;
    },
    async insert(user) {
      const [row] = await db
        .insert(users)
        .values({
          username: user.username,
          name: user.name,
          role: user.role,
          active: user.active,
          clinicianId: user.clinicianId,
          passwordHash: user.passwordHash,
        })
        .returning({ id: users.id });
      return row!.id;
    },
    async update(id, change) {
      await db
        .update(users)
        .set({ name: change.name, role: change.role, active: change.active, clinicianId: change.clinicianId, updatedAt: nowIso() })
        .where(eq(users.id, id));
    },
    async setPassword(id, passwordHash) {
      await db.update(users).set({ passwordHash, failedSignIns: 0, lockedUntil: null, updatedAt: nowIso() }).where(eq(users.id, id));
    },
    async setSignInFailures(id, failedSignIns, lockedUntil) {
      await db.update(users).set({ failedSignIns, lockedUntil }).where(eq(users.id, id));
    },
    async insertProfile(key, profile) {
      const [row] = await db
        .insert(clinicians)
        .values({
          key,
          name: profile.name,
          role: profile.role,
          active: profile.active,
          title: profile.title,
          registrationNumber: profile.registrationNumber,
        })
        .returning({ id: clinicians.id });
      return row!.id;
    },
    async updateProfile(clinicianId, profile) {
      await db
        .update(clinicians)
        .set({ name: profile.name, role: profile.role, active: profile.active, title: profile.title, registrationNumber: profile.registrationNumber })
        .where(eq(clinicians.id, clinicianId));
    },
  };
}

/**
 * Signing in, at the service level: who a username and password are, the failed attempts
 * and the lockout they lead to, the same user's password to unlock, the actor a signed-in
 * user acts as (rebuilt on each call, so a deactivated user stops at once), and the first
 * run. Which window or tab is signed in as whom is the surfaces' (`api/sessions.ts`).
 */
import type { ApiParsed } from '@shared/api';
import { demoSettingKey, demoUsers, type DemoSetting } from '@shared/demo';
import { AppError, type ErrorKind } from '@shared/errors';
import type { Actor, SessionState, Surface, User } from '@shared/types';
import type { UserCredentials, UserIdentity } from '../db/records';
import type { ReadTx, Store, WriteTx } from './context';
import type { Passwords } from './passwords';
import { putSettings, readSettings } from './settings';
import { insertUser } from './users';

/** Failed sign-ins in a row that lock an account, and for how long. */
export const maxFailedSignIns = 5;
export const lockMinutes = 15;

export const wrongCredentials = 'The username or password is not right. Check them and try again.';
export const deactivatedAccount = 'This account is deactivated. Ask an administrator to activate it again.';
export const alreadySetUp = 'This practice is set up already: sign in, or ask an administrator to add you as a user.';

const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** "This account is locked … Try again after 14:35 …": the first whole minute at which it is open again, in local time. */
export function lockedAccount(until: Date): string {
  const open = new Date(Math.ceil(until.getTime() / 60_000) * 60_000);
  return `This account is locked after five failed sign-ins. Try again after ${twoDigits(open.getHours())}:${twoDigits(open.getMinutes())}, or ask an administrator to reset the password.`;
}

/** The actor a user acts as. */
export const actorFor = (user: UserIdentity, surface: Surface): Actor => ({
  userId: user.id,
  username: user.username,
  name: user.name,
  role: user.role,
  clinicianId: user.clinician?.id ?? null,
  clinicalRole: user.clinician?.role ?? null,
  surface,
});

/** Who a failed sign-in with an unknown username is, in the audit: the typed name is not kept (it may be a password typed in the wrong box). */
const unknownUser = (surface: Surface): Actor => ({
  userId: null,
  username: '',
  name: 'Unknown username',
  role: null,
  clinicianId: null,
  clinicalRole: null,
  surface,
});

/** An outdated stored hash, and the new hash of the same password that replaces it. */
interface Renewal {
  from: string;
  to: string;
}

/** The sign-in's or unlock's audit detail when it stored the password's hash anew (an earlier version's scrypt, or another cost). */
const renewedDetail = "the password's stored hash renewed as Argon2id at the app's cost";

export interface SessionServiceOptions {
  /** The clock the lockout is judged by. */
  now?: () => Date;
}

/** What the session layer shows of the record, whoever is signed in. */
export type RecordState = Pick<SessionState, 'setupNeeded' | 'idleMinutes' | 'demoUsers'>;

export function sessionService(store: Store, hashing: Passwords, options: SessionServiceOptions = {}) {
  const { records } = store;
  const now = options.now ?? (() => new Date());

  const lockedUntil = (c: UserCredentials, at: Date): Date | null =>
    c.lockedUntil !== null && c.lockedUntil > at.toISOString() ? new Date(c.lockedUntil) : null;

  const audit = (actor: Actor, action: string, outcome: 'ok' | 'failed', detail: string, entityId: number | null) =>
    records.write((tx) => tx.audit.append({ actor, action, entity: 'user', entityId, outcome, detail }));

  /**
   * Checks a known user's password, counting a failure and locking the account at the fifth
   * in a row; the refusal's kind is the caller's (`unauthenticated` at sign-in, `locked` at
   * the lock screen). Resolves to the user when the password is right.
   */
  async function attempt(credentials: UserCredentials, surface: Surface, password: string, kind: ErrorKind, at: string): Promise<UserIdentity> {
    const user = (await records.read((tx) => tx.users.identity(credentials.id)))!;
    const who = actorFor(user, surface);
    const locked = lockedUntil(credentials, now());
    if (locked) {
      await audit(who, 'sign_in_failed', 'failed', `${at}: the account is locked`, user.id);
      throw new AppError(kind, lockedAccount(locked));
    }
    if (!(await hashing.verify(password, credentials.passwordHash))) {
      // Counted in one write unit (units run one at a time), so that attempts at once all count.
      const lockedNow = await records.write(async (tx) => {
        const current = (await tx.users.credentialsOf(user.id))!;
        const failures = current.failedSignIns + 1;
        const until = failures >= maxFailedSignIns ? new Date(now().getTime() + lockMinutes * 60_000) : null;
        await tx.users.setSignInFailures(user.id, until ? 0 : failures, until?.toISOString() ?? null);
        await tx.audit.append({ actor: who, action: 'sign_in_failed', entity: 'user', entityId: user.id, outcome: 'failed', detail: `${at}: wrong password` });
        if (until) {
          await tx.audit.append({
            actor: who,
            action: 'account_locked',
            entity: 'user',
            entityId: user.id,
            outcome: 'failed',
            detail: `after ${maxFailedSignIns} failed sign-ins, until ${until.toISOString()}`,
          });
        }
        return until;
      });
      throw new AppError(kind, lockedNow ? lockedAccount(lockedNow) : wrongCredentials);
    }
    if (!user.active) {
      await audit(who, 'sign_in_failed', 'failed', `${at}: the account is deactivated`, user.id);
      throw new AppError(kind, deactivatedAccount);
    }
    return user;
  }

  /**
   * A new hash of the password a user just proved, when the stored one is outdated (an earlier
   * version's scrypt, or Argon2id at another cost): made before the write unit, which holds the
   * database meanwhile.
   */
  const renewal = async (credentials: UserCredentials, password: string): Promise<Renewal | null> =>
    credentials.passwordHash !== null && hashing.outdated(credentials.passwordHash)
      ? { from: credentials.passwordHash, to: await hashing.hash(password) }
      : null;

  /**
   * The success's write unit: the failures cleared, the outdated hash replaced (unless the
   * password was changed meanwhile, and the demo's record of a demo user's hash with it), and
   * the audit line, which says when the hash was renewed.
   */
  async function succeeded(actor: Actor, user: UserIdentity, action: 'sign_in' | 'unlock', renewed: Renewal | null): Promise<void> {
    await records.write(async (tx) => {
      await tx.users.setSignInFailures(user.id, 0, null);
      const stored = renewed !== null && (await renew(tx, user, renewed));
      await tx.audit.append({ actor, action, entity: 'user', entityId: user.id, detail: stored ? renewedDetail : '' });
    });
  }

  async function renew(tx: WriteTx, user: UserIdentity, { from, to }: Renewal): Promise<boolean> {
    if ((await tx.users.credentialsOf(user.id))?.passwordHash !== from) return false;
    await tx.users.setPassword(user.id, to);
    const demo = (await tx.settings.get(demoSettingKey)) as DemoSetting | undefined;
    if (demo?.hashes[user.username] === from) await tx.settings.put(demoSettingKey, { hashes: { ...demo.hashes, [user.username]: to } });
    return true;
  }

  /** The demo users to show: active, with the password the seed gave them. */
  async function shownDemoUsers(tx: ReadTx): Promise<SessionState['demoUsers']> {
    const setting = (await tx.settings.get(demoSettingKey)) as DemoSetting | undefined;
    if (!setting) return [];
    const shown: SessionState['demoUsers'] = [];
    for (const demo of demoUsers) {
      const c = await tx.users.credentials(demo.username);
      if (c?.active && c.passwordHash !== null && c.passwordHash === setting.hashes[demo.username]) {
        shown.push({ username: demo.username, password: demo.password, role: demo.role });
      }
    }
    return shown;
  }

  return {
    /** A username and password to the actor they sign in as; each refusal is one plain sentence that does not say which was wrong. */
    async signIn(surface: Surface, { username, password }: ApiParsed<'session.signIn'>): Promise<Actor> {
      const credentials = await records.read((tx) => tx.users.credentials(username));
      if (!credentials) {
        // As long as a wrong password takes, so that the time does not tell which usernames exist.
        await hashing.verify(password, null);
        await audit(unknownUser(surface), 'sign_in_failed', 'failed', 'sign-in: unknown username', null);
        throw new AppError('unauthenticated', wrongCredentials);
      }
      const user = await attempt(credentials, surface, password, 'unauthenticated', 'sign-in');
      const actor = actorFor(user, surface);
      await succeeded(actor, user, 'sign_in', await renewal(credentials, password));
      return actor;
    },

    /** The signed-in user's password again, at the lock screen: refused with kind `locked`, counted like a sign-in. */
    async unlock(userId: number, surface: Surface, { password }: ApiParsed<'session.unlock'>): Promise<Actor> {
      const credentials = await records.read((tx) => tx.users.credentialsOf(userId));
      if (!credentials) throw new AppError('unauthenticated', 'Sign in to continue.');
      const user = await attempt(credentials, surface, password, 'locked', 'unlock');
      const actor = actorFor(user, surface);
      await succeeded(actor, user, 'unlock', await renewal(credentials, password));
      return actor;
    },

    /** The actor a signed-in user acts as now; null when they were deactivated (or are gone, after a restore). */
    async actorOf(userId: number, surface: Surface): Promise<Actor | null> {
      const user = await records.read((tx) => tx.users.identity(userId));
      return user?.active ? actorFor(user, surface) : null;
    },

    /** A user by username, case ignored: whom the command line's `--as` acts as. */
    named(username: string): Promise<User | undefined> {
      return records.read(async (tx) => {
        const found = await tx.users.credentials(username);
        return found && tx.users.get(found.id);
      });
    },

    /** A session event the surface saw (a sign-out, a lock), in the audit trail. */
    note(actor: Actor, action: 'sign_out' | 'lock' | 'idle_lock', detail = ''): Promise<void> {
      return records.write((tx) => tx.audit.append({ actor, action, entity: 'user', entityId: actor.userId, detail }));
    },

    /** What the sign-in and first-run screens need of the record. */
    state(): Promise<RecordState> {
      return records.read(async (tx) => ({
        setupNeeded: !(await tx.users.anyoneCanSignIn()),
        idleMinutes: (await readSettings(tx)).idleMinutes,
        demoUsers: await shownDemoUsers(tx),
      }));
    },

    /**
     * The first run: the practice's details and its first administrator, only while nobody
     * can sign in (a new record, or one whose clinicians became users without passwords):
     * once someone can, a stranger at the window must not make themselves administrator.
     * Resolves to the administrator, whom the caller signs in.
     */
    async setup(surface: Surface, input: ApiParsed<'practice.setup'>): Promise<Actor> {
      const passwordHash = await hashing.hash(input.admin.password);
      const user = await records.write(async (tx) => {
        if (await tx.users.anyoneCanSignIn()) throw new AppError('conflict', alreadySetUp);
        const id = await insertUser(tx, { ...input.admin, role: 'admin', clinician: null, passwordHash });
        const admin = (await tx.users.get(id))!;
        const actor = actorFor(admin, surface);
        await putSettings(tx, { ...(await readSettings(tx)), ...input.practice });
        await tx.audit.append({ actor, action: 'practice_setup', entity: 'settings', entityId: null, detail: input.practice.practiceName });
        await tx.audit.append({ actor, action: 'user_create', entity: 'user', entityId: id, detail: `${admin.username}: ${admin.name}, admin` });
        return admin;
      });
      return actorFor(user, surface);
    },
  };
}

export type SessionService = ReturnType<typeof sessionService>;

/**
 * Who is signed in where: the desktop app keeps one session per window, the browser mode one
 * per tab (by the id the page sends in `x-milia-session`). A session holds its user, whether
 * it is locked and when it was last used; the actor is rebuilt from the users table on each
 * call, so a deactivated user is signed out at their next call. The session's own calls
 * (status, sign-in, sign-out, lock, unlock, activity) and the first run are answered here;
 * any other call needs a signed-in, unlocked session and goes to the invoker as its user.
 *
 * Idle lock: a session without an activity ping for the practice's `idleMinutes` (judged
 * here; the page pings on input) locks at its next call; while locked only the session's own calls
 * are answered, until the same user's password is given (or someone signs in instead).
 */
import { api, permissionOf, type ApiName, type ApiParsed } from '@shared/api';
import { AppError, type Envelope } from '@shared/errors';
import { systemActor } from '@shared/permissions';
import type { Actor, SessionState, Surface } from '@shared/types';
import type { App } from '../compose';
import { parseInput, toEnvelopeError } from './handlers';

export const signInFirst = 'Sign in to continue.';
export const sessionLocked = 'This session is locked. Enter your password to unlock it, or sign in as another user.';

interface Session {
  /** The actor as last rebuilt: audit rows about the session name them even after a deactivation. */
  actor: Actor & { userId: number };
  locked: boolean;
  lastActivity: number;
}

export interface SessionsOptions {
  surface: Exclude<Surface, 'cli'>;
  /** The app now: the browser mode binds a new one after a restore, and sessions carry on over it. */
  app(): Pick<App, 'services' | 'invoke'>;
  /** Milliseconds now, for the idle lock. */
  now?: () => number;
  /** Where unexpected faults are reported (the envelope says only "something went wrong"). */
  onInternalError?(error: unknown): void;
}

/** The calls the API table marks public: this file answers every one (the compiler checks it). */
type PublicCall = { [N in ApiName]: (typeof api)[N]['permission'] extends 'public' ? N : never }[ApiName];
const isPublic = (name: ApiName): name is PublicCall => permissionOf(name) === 'public';

export function createSessions(options: SessionsOptions) {
  const { surface } = options;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  const services = () => options.app().services;

  const signedIn = (actor: Actor): Session => ({ actor: actor as Session['actor'], locked: false, lastActivity: now() });

  /** Ends a session, in the audit trail too. */
  async function end(id: string, detail: string): Promise<void> {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    await services().session.note(session.actor, 'sign_out', detail);
  }

  /**
   * The session's user as the users table has them now: signed out when deactivated, or
   * when the id names someone else (a restored database). Locks it when it has been idle.
   */
  async function live(id: string): Promise<Session | null> {
    const session = sessions.get(id);
    if (!session) return null;
    const actor = await services().session.actorOf(session.actor.userId, surface);
    if (!actor || actor.username !== session.actor.username) {
      await end(id, actor ? 'the record was restored' : 'the account was deactivated');
      return null;
    }
    session.actor = actor as Session['actor'];
    if (!session.locked) {
      const { idleMinutes } = await services().settings.read();
      if (now() - session.lastActivity >= idleMinutes * 60_000) {
        session.locked = true;
        await services().session.note(actor, 'idle_lock', `after ${idleMinutes} minutes without use`);
      }
    }
    return session;
  }

  async function state(id: string): Promise<SessionState> {
    const record = await services().session.state();
    const session = sessions.get(id);
    return { ...record, user: session?.actor ?? null, locked: session?.locked ?? false };
  }

  /** The session's own calls and the first run, each with its input parsed; the answer is the session's state after it. */
  const answers: { [N in PublicCall]: (id: string, session: Session | null, input: ApiParsed<N>) => Promise<void> } = {
    'session.status': async () => {},
    'session.signIn': async (id, session, input) => {
      const actor = await services().session.signIn(surface, input);
      if (session && session.actor.userId !== actor.userId) await end(id, `${actor.username} signed in instead`);
      sessions.set(id, signedIn(actor));
    },
    'session.signOut': (id) => end(id, 'signed out'),
    'session.lock': async (_id, session, { idle }) => {
      if (!session || session.locked) return;
      session.locked = true;
      await services().session.note(session.actor, idle ? 'idle_lock' : 'lock', idle ? 'the page saw no input for the idle minutes' : 'locked by the user');
    },
    'session.unlock': async (_id, session, input) => {
      if (!session) throw new AppError('unauthenticated', signInFirst);
      if (!session.locked) return;
      session.actor = (await services().session.unlock(session.actor.userId, surface, input)) as Session['actor'];
      session.locked = false;
      session.lastActivity = now();
    },
    'session.activity': async (_id, session) => {
      if (session && !session.locked) session.lastActivity = now();
    },
    'practice.setup': async (id, session, input) => {
      const admin = await services().session.setup(surface, input);
      if (session) await end(id, `${admin.username} set up the practice`);
      sessions.set(id, signedIn(admin));
    },
  };

  /** Any other call: as the session's user, once signed in and unlocked. */
  async function forward(id: string, name: ApiName, input: unknown): Promise<Envelope<unknown>> {
    const session = await live(id);
    if (!session) {
      // The first run may fill an empty record with the demo, whose users then sign in.
      if (name === 'app.loadDemo' && (await services().session.state()).setupNeeded) {
        return options.app().invoke(systemActor('Milia Notes first run', surface), name, input);
      }
      throw new AppError('unauthenticated', signInFirst);
    }
    if (session.locked) throw new AppError('locked', sessionLocked);
    // Not activity: screens poll by themselves (the backup banner, the counts); the page reports input with `session.activity`.
    return options.app().invoke(session.actor, name, input);
  }

  return {
    /** One call from a window or tab, identified by its session id; answers with the envelope. */
    async call(id: string, name: ApiName, input: unknown): Promise<Envelope<unknown>> {
      if (!Object.hasOwn(api, name)) return { ok: false, error: { kind: 'not_found', message: `There is no API call named "${String(name)}".` } };
      try {
        if (isPublic(name)) {
          const given = parseInput(name, input ?? {});
          // The table's entry and its input are the same name's; TypeScript does not follow that through a union.
          await (answers[name] as (id: string, session: Session | null, input: unknown) => Promise<void>)(id, await live(id), given);
          return { ok: true, value: await state(id) };
        }
        return await forward(id, name, input);
      } catch (error) {
        const envelope = toEnvelopeError(error);
        if (!envelope.ok && envelope.error.kind === 'internal') options.onInternalError?.(error);
        return envelope;
      }
    },
    /** Signs a session out without a call: its window was closed. */
    end: (id: string, detail: string) => end(id, detail),
  };
}

export type Sessions = ReturnType<typeof createSessions>;

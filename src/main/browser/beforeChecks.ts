/**
 * What the browser mode answers while the start-up checks still run, over a read-only
 * connection: the sign-in screen's state (whether anyone can sign in, the idle minutes, the
 * demo users: no clinical data, and nothing can be written), so that the page shows its form at
 * once; and a sign-in's password check, started the moment it arrives so that the hashing runs
 * beside the checks. The sign-in itself (its reads again, the lockout, its audit and session writes)
 * waits for them, as every other call does.
 */
import type { SessionState } from '@shared/types';
import { parseInput } from '../api/handlers';
import { openStore } from '../db/open';
import type { PasswordsAhead } from '../services/passwordsAhead';
import { sessionService } from '../services/session';

export interface BeforeChecks {
  /** What `session.status` answers a tab (none is signed in yet); null when the file cannot say, and the call then waits for the checks. */
  status(input: unknown): Promise<SessionState | null>;
  /** Starts the password check of a sign-in that waits for the checks. */
  signInAhead(input: unknown): Promise<void>;
  /** Closes the connection once the reads under way are done. */
  close(): Promise<void>;
}

/** Opens `dbPath` read-only: a file of another program or of a newer version is refused here, before the server listens. */
export function beforeChecks(dbPath: string, hashing: PasswordsAhead): BeforeChecks {
  const store = openStore(dbPath, { readonly: true });
  const session = sessionService(store, hashing);
  const reading = new Set<Promise<unknown>>();
  const read = <T>(work: Promise<T>): Promise<T> => {
    reading.add(work);
    const done = () => reading.delete(work);
    work.then(done, done);
    return work;
  };

  return {
    async status(input) {
      try {
        parseInput('session.status', input);
        return { ...(await read(session.state())), user: null, locked: false };
      } catch {
        return null;
      }
    },
    async signInAhead(input) {
      try {
        const { username, password } = parseInput('session.signIn', input);
        const credentials = await read(store.records.read((tx) => tx.users.credentials(username)));
        hashing.ahead(password, credentials?.passwordHash ?? null);
      } catch {
        // The sign-in, once the checks pass, refuses the input or meets the fault itself.
      }
    },
    async close() {
      await Promise.allSettled([...reading]);
      store.close();
    },
  };
}

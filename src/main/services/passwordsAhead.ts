/**
 * A password check started ahead of its sign-in: the browser mode starts the hashing (tens of
 * milliseconds at the production cost; half a second for an earlier version's scrypt hash) the
 * moment a sign-in arrives, while the start-up checks still run, and the sign-in, once they
 * pass, takes that result instead of deriving again. Only the same password against the same
 * stored hash takes it, once, within a minute; anything else is verified as usual.
 */
import { createHash } from 'node:crypto';
import type { Passwords } from './passwords';

/** How long a check started ahead waits for its sign-in. */
const keptMs = 60_000;

export interface PasswordsAhead extends Passwords {
  /** Starts verifying `password` against `stored`, for the next `verify` of the same pair. */
  ahead(password: string, stored: string | null): void;
}

// The pair as a digest: the password itself is not kept beside its result.
const pairKey = (password: string, stored: string | null): string =>
  createHash('sha256')
    .update(JSON.stringify([password, stored]))
    .digest('base64');

export function passwordsAhead(inner: Passwords): PasswordsAhead {
  const started = new Map<string, Promise<boolean>>();
  return {
    hash: (password) => inner.hash(password),
    outdated: (stored) => inner.outdated(stored),
    ahead(password, stored) {
      const key = pairKey(password, stored);
      if (started.has(key)) return;
      const result = inner.verify(password, stored);
      // A failure is the sign-in's to report, when it takes the result.
      result.catch(() => undefined);
      started.set(key, result);
      setTimeout(() => {
        if (started.get(key) === result) started.delete(key);
      }, keptMs).unref();
    },
    verify(password, stored) {
      const key = pairKey(password, stored);
      const result = started.get(key);
      if (!result) return inner.verify(password, stored);
      started.delete(key);
      return result;
    },
  };
}

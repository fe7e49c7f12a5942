/**
 * Password hashing: Argon2id (@node-rs/argon2, on libuv's thread pool) at one of OWASP's
 * recommended costs (m=19 MiB, t=2, p=1) with a random 16-byte salt, stored as its PHC string
 * `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`. It takes a twentieth of the time of the scrypt
 * that earlier versions stored (`scrypt$N$r$p$salt$hash`, N=2^17, about half a second at
 * every sign-in and unlock); those hashes still verify at their own cost, and `outdated` tells
 * the sign-in to store the password anew. Verification compares in constant time, and a user
 * with no hash (unknown, or never given a password) costs the same time as a wrong password:
 * a dummy hash is checked instead.
 */
import { hash as argon2, verify as argon2Verify } from '@node-rs/argon2';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Argon2id's cost: memory in KiB, passes, lanes. */
export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's Password Storage Cheat Sheet: Argon2id with 19 MiB of memory, 2 passes, 1 lane. */
export const productionCost: PasswordCost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

const saltBytes = 16;

interface ScryptHash {
  scheme: 'scrypt';
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}
interface Argon2Hash {
  scheme: 'argon2id';
  cost: PasswordCost;
}

const wholeNumber = (text: string | undefined): number => (text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : NaN);

/** An Argon2id PHC string read back, or null when it is not one this app writes. */
function parseArgon2(stored: string): Argon2Hash | null {
  const match = /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/.exec(stored);
  if (!match) return null;
  const cost = { memoryCost: Number(match[1]), timeCost: Number(match[2]), parallelism: Number(match[3]) };
  // A cost far beyond what this app writes is no hash of ours (and would take the machine's memory).
  if (cost.memoryCost > 262_144 || cost.timeCost > 16 || cost.parallelism > 16) return null;
  return { scheme: 'argon2id', cost };
}

/** A scrypt hash of an earlier version read back, or null when it is not one. */
function parseScrypt(stored: string): ScryptHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  const cost = { N: wholeNumber(n), r: wholeNumber(r), p: wholeNumber(p) };
  if (scheme !== 'scrypt' || rest.length > 0 || salt === undefined || hash === undefined) return null;
  if (![cost.N, cost.r, cost.p].every((x) => Number.isInteger(x) && x > 0) || (cost.N & (cost.N - 1)) !== 0 || cost.N < 2) return null;
  if (cost.N > 2 ** 20 || cost.r > 16 || cost.p > 16) return null;
  return { scheme: 'scrypt', cost, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

const parse = (stored: string): ScryptHash | Argon2Hash | null => parseArgon2(stored) ?? parseScrypt(stored);

function verifyScrypt(password: string, { cost, salt, hash }: ScryptHash): Promise<boolean> {
  if (hash.length === 0) return Promise.resolve(false);
  // Node refuses more than 32 MiB by default; scrypt needs 128·N·r bytes, and a little over.
  const options = { ...cost, maxmem: Math.max(256 * 1024 * 1024, 2 * 128 * cost.N * cost.r) };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, hash.length, options, (error, key) => (error ? reject(error) : resolve(timingSafeEqual(key, hash)))),
  );
}

export interface Passwords {
  /** The hash to store for a new password. */
  hash(password: string): Promise<string>;
  /** Whether a password matches a stored hash; null (no password set, or no such user) never matches, at the same cost. */
  verify(password: string, stored: string | null): Promise<boolean>;
  /** Whether a stored hash is of an earlier scheme or cost: once its password is verified, it is stored hashed anew. */
  outdated(stored: string | null): boolean;
}

/** Hashing at `cost`: the production cost unless a test asks for a cheaper one. */
export function passwords(cost: PasswordCost = productionCost): Passwords {
  // Every password as the same code points, however it was typed (an accent as one character or two).
  const hash = (password: string): Promise<string> => argon2(password.normalize('NFC'), { ...cost, salt: randomBytes(saltBytes) });
  // Made at the first need, from a random password nobody knows.
  let dummy: Promise<string> | null = null;

  return {
    hash,
    async verify(password, stored) {
      const parsed = stored === null ? null : parse(stored);
      const typed = password.normalize('NFC');
      if (parsed?.scheme === 'scrypt') return verifyScrypt(typed, parsed);
      if (parsed) return argon2Verify(stored!, typed);
      await argon2Verify(await (dummy ??= hash(randomBytes(18).toString('base64'))), typed);
      return false;
    },
    outdated(stored) {
      const parsed = stored === null ? null : parse(stored);
      if (parsed === null) return false;
      if (parsed.scheme === 'scrypt') return true;
      return parsed.cost.memoryCost !== cost.memoryCost || parsed.cost.timeCost !== cost.timeCost || parsed.cost.parallelism !== cost.parallelism;
    },
  };
}

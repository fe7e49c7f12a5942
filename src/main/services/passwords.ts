/**
 * Password hashing: scrypt from node:crypto at OWASP's recommended cost (N=2^17, r=8, p=1),
 * a 16-byte random salt, stored as `scrypt$N$r$p$salt$hash` (base64) so that a hash made at
 * another cost still verifies with its own. Verification compares in constant time, and a
 * user with no hash (unknown, or never given a password) costs the same time as a wrong
 * password: a dummy hash is checked instead.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB per hash). */
export const productionCost: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const saltBytes = 16;
const hashBytes = 32;

/** Node refuses more than 32 MiB by default; scrypt needs 128·N·r bytes, and a little over. */
const maxmemFor = ({ N, r }: ScryptCost): number => Math.max(256 * 1024 * 1024, 2 * 128 * N * r);

function derive(password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: maxmemFor(cost) };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

interface Stored {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

const wholeNumber = (text: string | undefined): number => (text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : NaN);

/** A stored hash read back, or null when it is not one this app wrote. */
function parse(stored: string): Stored | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  const cost = { N: wholeNumber(n), r: wholeNumber(r), p: wholeNumber(p) };
  if (scheme !== 'scrypt' || rest.length > 0 || salt === undefined || hash === undefined) return null;
  if (![cost.N, cost.r, cost.p].every((x) => Number.isInteger(x) && x > 0) || (cost.N & (cost.N - 1)) !== 0 || cost.N < 2) return null;
  // A cost far beyond what this app writes is no hash of ours (and would take the machine's memory).
  if (cost.N > 2 ** 20 || cost.r > 16 || cost.p > 16) return null;
  return { cost, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

export interface Passwords {
  /** The hash to store for a new password. */
  hash(password: string): Promise<string>;
  /** Whether a password matches a stored hash; null (no password set, or no such user) never matches, at the same cost. */
  verify(password: string, stored: string | null): Promise<boolean>;
}

/** Hashing at `cost`: the production cost unless a test asks for a cheaper one. */
export function passwords(cost: ScryptCost = productionCost): Passwords {
  async function hash(password: string): Promise<string> {
    const salt = randomBytes(saltBytes);
    const key = await derive(password, salt, cost, hashBytes);
    return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }
  // Made at the first need, from a random password nobody knows.
  let dummy: Promise<string> | null = null;

  return {
    hash,
    async verify(password, stored) {
      const parsed = stored === null ? null : parse(stored);
      if (!parsed) {
        const { salt, hash: expected } = parse(await (dummy ??= hash(randomBytes(18).toString('base64'))))!;
        timingSafeEqual(await derive(password, salt, cost, expected.length), expected);
        return false;
      }
      if (parsed.hash.length === 0) return false;
      const key = await derive(password, parsed.salt, parsed.cost, parsed.hash.length);
      return timingSafeEqual(key, parsed.hash);
    },
  };
}

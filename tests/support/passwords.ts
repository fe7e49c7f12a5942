import { randomBytes, scryptSync } from 'node:crypto';

/** A cheap Argon2id cost, so that tests make users quickly; users.test.ts pins the production cost. Here, not in store.ts, for the end-to-end tests too (store.ts needs vitest). */
export const testPasswordCost = { memoryCost: 256, timeCost: 1, parallelism: 1 };

/** A password's hash as versions before Argon2id stored it (`scrypt$N$r$p$salt$hash`, of the NFC password), at a cheap cost. */
export function legacyScryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * A password check started ahead of its sign-in (the browser mode, while the start-up checks
 * run): the sign-in takes its result instead of deriving again, only for the same password and
 * stored hash, and only once. Real Argon2id, at the tests' cost; the derivations are counted by
 * passing each verification through to the real hashing.
 */
import { describe, expect, it } from 'vitest';
import { passwords, type Passwords } from '../../src/main/services/passwords';
import { passwordsAhead } from '../../src/main/services/passwordsAhead';
import { testPasswordCost } from '../support/passwords';

/** The real hashing, counting its verifications. */
function counted(): Passwords & { derived: () => number } {
  const real = passwords(testPasswordCost);
  let derived = 0;
  return {
    hash: real.hash,
    outdated: real.outdated,
    verify(password, stored) {
      derived++;
      return real.verify(password, stored);
    },
    derived: () => derived,
  };
}

describe('a password check started ahead', () => {
  it('is taken by the next verification of the same password and hash, once', async () => {
    const inner = counted();
    const hashing = passwordsAhead(inner);
    const stored = await hashing.hash('the right passphrase');
    hashing.ahead('the right passphrase', stored);
    hashing.ahead('the right passphrase', stored);
    expect(inner.derived()).toBe(1);
    expect(await hashing.verify('the right passphrase', stored)).toBe(true);
    expect(inner.derived()).toBe(1);
    // Taken: the next sign-in derives again.
    expect(await hashing.verify('the right passphrase', stored)).toBe(true);
    expect(inner.derived()).toBe(2);
  });

  it('is not taken for another password or another hash, which are verified as usual', async () => {
    const inner = counted();
    const hashing = passwordsAhead(inner);
    const stored = await hashing.hash('the right passphrase');
    const other = await hashing.hash('the right passphrase');
    hashing.ahead('the right passphrase', stored);
    expect(await hashing.verify('a wrong passphrase', stored)).toBe(false);
    expect(await hashing.verify('the right passphrase', other)).toBe(true);
    expect(inner.derived()).toBe(3);
  });

  it('keeps a wrong password wrong, and an unknown user (no hash) never matches', async () => {
    const inner = counted();
    const hashing = passwordsAhead(inner);
    const stored = await hashing.hash('the right passphrase');
    hashing.ahead('a wrong passphrase', stored);
    hashing.ahead('the right passphrase', null);
    expect(await hashing.verify('a wrong passphrase', stored)).toBe(false);
    expect(await hashing.verify('the right passphrase', null)).toBe(false);
    expect(inner.derived()).toBe(2);
  });
});

/**
 * Signing in and the sessions of the app window and its browser mode, over a real database
 * and the real session entry (`api/sessions.ts`): the plain sentences of a wrong password, an
 * unknown or deactivated user and a lockout; the lockout itself, judged by a clock the test
 * moves; the idle lock and what a locked session still answers; the first run; the demo's
 * users; and the command line's invoker refusing the session's own calls.
 */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/main/api/handlers';
import { createSessions } from '../../src/main/api/sessions';
import { composeApp } from '../../src/main/compose';
import { passwords } from '../../src/main/services/passwords';
import { actorFor, lockedAccount } from '../../src/main/services/session';
import { demoSettingKey, type DemoSetting } from '@shared/demo';
import { rawSql, testStore } from '../support/engine';
import { legacyScryptHash } from '../support/passwords';
import { testActor, testPasswordCost } from '../support/store';

const password = 'correct horse battery staple';
const wrong = 'The username or password is not right. Check them and try again.';

/** An app over a new database with a clock the test moves: the sign-in lockout's and the sessions' idle lock. */
function clinic() {
  const store = testStore();
  // Real time to start with: a lock is shown as over once the wall clock passes it.
  const clock = { now: Math.floor(Date.now() / 60_000) * 60_000 };
  const app = composeApp(store, { version: 'test', passwordCost: testPasswordCost, clock: () => new Date(clock.now) });
  const errors: unknown[] = [];
  const sessions = createSessions({ surface: 'browser', app: () => app, now: () => clock.now, onInternalError: (e) => errors.push(e) });
  const minutes = (n: number) => (clock.now += n * 60_000);
  const user = async (username: string, role: 'admin' | 'dermatologist' | 'nurse' | 'manager', name = username) =>
    app.services.users.create(testActor, parseInput('users.create', { username, name, role, password }));
  const audit = async () =>
    await rawSql(store).all<Record<string, string | number | null>>(
      'select action, username, role, surface, outcome, detail, entity_id as "entityId" from audit_log order by id',
    );
  return { store, app, sessions, clock, minutes, user, audit, errors };
}

type Clinic = ReturnType<typeof clinic>;

/** A tab's calls: `call(name, input)` as the browser mode makes them for one session id. */
const tab =
  (c: Clinic, id = 'tab-aaaaaaaaaaaaaaaa') =>
  (name: string, input: unknown = {}) =>
    c.sessions.call(id, name as never, input);

describe('signing in', () => {
  it('signs in with the right password, whatever the case of the username, and audits it', async () => {
    const c = clinic();
    const ada = await c.user('okafor', 'dermatologist', 'Dr Ada Okafor');
    const actor = await c.app.services.session.signIn('desktop', { username: 'OKAFOR', password });
    expect(actor).toEqual({
      userId: ada.id,
      username: 'okafor',
      name: 'Dr Ada Okafor',
      role: 'dermatologist',
      clinicianId: ada.clinician!.id,
      clinicalRole: 'dermatologist',
      surface: 'desktop',
    });
    expect((await c.audit()).at(-1)).toMatchObject({ action: 'sign_in', username: 'okafor', role: 'dermatologist', surface: 'desktop', outcome: 'ok' });
  });

  it('answers a wrong password and an unknown username with the same sentence, auditing each without the typed text', async () => {
    const c = clinic();
    await c.user('okafor', 'dermatologist');
    const typed = 'correct horse battery stapler';
    await expect(c.app.services.session.signIn('browser', { username: 'okafor', password: typed })).rejects.toMatchObject({
      kind: 'unauthenticated',
      message: wrong,
    });
    await expect(c.app.services.session.signIn('browser', { username: 'nobody', password: typed })).rejects.toMatchObject({
      kind: 'unauthenticated',
      message: wrong,
    });
    expect((await c.audit()).slice(-2)).toEqual([
      expect.objectContaining({ action: 'sign_in_failed', username: 'okafor', outcome: 'failed', detail: 'sign-in: wrong password' }),
      expect.objectContaining({ action: 'sign_in_failed', username: '', outcome: 'failed', detail: 'sign-in: unknown username' }),
    ]);
    expect(JSON.stringify(await rawSql(c.store).all('select * from audit_log'))).not.toMatch(/nobody|stapler/);
  });

  it('locks the account at the fifth failure in a row for fifteen minutes, saying until when, even to the right password', async () => {
    const c = clinic();
    const ada = await c.user('okafor', 'dermatologist');
    const signIn = (given: string) => c.app.services.session.signIn('browser', { username: 'okafor', password: given });
    for (let i = 1; i <= 4; i++) await expect(signIn(`wrong password ${i}`)).rejects.toMatchObject({ message: wrong });
    const until = new Date(c.clock.now + 15 * 60_000);
    const locked = lockedAccount(until);
    expect(locked).toMatch(/^This account is locked after five failed sign-ins\. Try again after \d\d:\d\d, or ask an administrator to reset the password\.$/);
    const hhmm = `${String(until.getHours()).padStart(2, '0')}:${String(until.getMinutes()).padStart(2, '0')}`;
    expect(locked).toBe(`This account is locked after five failed sign-ins. Try again after ${hhmm}, or ask an administrator to reset the password.`);
    // Within a minute, the minute it is open again.
    expect(lockedAccount(new Date(2026, 2, 2, 14, 34, 10))).toBe(
      'This account is locked after five failed sign-ins. Try again after 14:35, or ask an administrator to reset the password.',
    );
    await expect(signIn('wrong password 5')).rejects.toMatchObject({ kind: 'unauthenticated', message: locked });
    await expect(signIn(password)).rejects.toMatchObject({ kind: 'unauthenticated', message: locked });
    expect((await c.audit()).filter((r) => r.action === 'account_locked')).toEqual([
      expect.objectContaining({ username: 'okafor', outcome: 'failed', entityId: ada.id }),
    ]);
    expect((await c.app.services.users.list(testActor)).find((u) => u.id === ada.id)!.lockedUntil).toBe(until.toISOString());

    c.minutes(14);
    await expect(signIn(password)).rejects.toMatchObject({ message: locked });
    c.minutes(1);
    expect(await signIn(password)).toMatchObject({ userId: ada.id });
    // A success starts the count again.
    for (let i = 1; i <= 4; i++) await expect(signIn(`wrong again ${i}`)).rejects.toMatchObject({ message: wrong });
    expect(await signIn(password)).toMatchObject({ userId: ada.id });
  });

  it('tells a deactivated user so only after the right password; a wrong one gets the usual sentence', async () => {
    const c = clinic();
    const admin = await c.user('sam', 'admin');
    const ada = await c.user('okafor', 'dermatologist');
    await c.app.services.users.setActive(actorFor(admin, 'desktop'), { id: ada.id, active: false });
    const signIn = (given: string) => c.app.services.session.signIn('desktop', { username: 'okafor', password: given });
    await expect(signIn(password)).rejects.toMatchObject({
      kind: 'unauthenticated',
      message: 'This account is deactivated. Ask an administrator to activate it again.',
    });
    await expect(signIn('not the password at all')).rejects.toMatchObject({ message: wrong });
  });

  it('never signs in a user who has no password yet (a clinician carried over from before sign-in)', async () => {
    const c = clinic();
    await rawSql(c.store).run("insert into users (username, name, role) values ('weiss', 'Dr Lena Weiß', 'dermatologist')");
    await expect(c.app.services.session.signIn('desktop', { username: 'weiss', password: '' })).rejects.toMatchObject({ message: wrong });
    await expect(c.app.services.session.signIn('desktop', { username: 'weiss', password })).rejects.toMatchObject({ message: wrong });
  });
});

describe("an earlier version's password hash", () => {
  const renewed = "the password's stored hash renewed as Argon2id at the app's cost";
  const argon2 = /^\$argon2id\$v=19\$m=256,t=1,p=1\$/;

  /** A user whose stored hash is scrypt, as versions before Argon2id wrote it. */
  async function legacyUser(c: Clinic, username = 'okafor') {
    const user = await c.user(username, 'dermatologist');
    const legacy = legacyScryptHash(password);
    await c.store.records.write((tx) => tx.users.setPassword(user.id, legacy));
    const stored = () => rawSql(c.store).value<string>('select password_hash from users where id = ?', user.id);
    return { user, legacy, stored };
  }

  it('signs in, and the same step stores the password anew as Argon2id, audited; a wrong password renews nothing', async () => {
    const c = clinic();
    const { user, legacy, stored } = await legacyUser(c);
    const signIn = (given: string) => c.app.services.session.signIn('desktop', { username: 'okafor', password: given });
    await expect(signIn('not the password')).rejects.toMatchObject({ message: wrong });
    expect(await stored()).toBe(legacy);

    expect(await signIn(password)).toMatchObject({ userId: user.id });
    const now = await stored();
    expect(now).toMatch(argon2);
    expect(await passwords(testPasswordCost).verify(password, now ?? null)).toBe(true);
    expect((await c.audit()).at(-1)).toMatchObject({ action: 'sign_in', username: 'okafor', outcome: 'ok', detail: renewed });

    // The next sign-in checks the new hash and leaves it as it is.
    expect(await signIn(password)).toMatchObject({ userId: user.id });
    expect(await stored()).toBe(now);
    expect((await c.audit()).at(-1)).toMatchObject({ action: 'sign_in', detail: '' });
  });

  it('renews an Argon2id hash made at another cost the same way', async () => {
    const c = clinic();
    const ada = await c.user('okafor', 'dermatologist');
    const other = await passwords({ memoryCost: 512, timeCost: 1, parallelism: 1 }).hash(password);
    await c.store.records.write((tx) => tx.users.setPassword(ada.id, other));
    expect(await c.app.services.session.signIn('desktop', { username: 'okafor', password })).toMatchObject({ userId: ada.id });
    expect(await rawSql(c.store).value<string>('select password_hash from users where id = ?', ada.id)).toMatch(argon2);
    expect((await c.audit()).at(-1)).toMatchObject({ action: 'sign_in', detail: renewed });
  });

  it('renews it at the lock screen too', async () => {
    const c = clinic();
    const { user, stored } = await legacyUser(c);
    expect(await c.app.services.session.unlock(user.id, 'desktop', { password })).toMatchObject({ userId: user.id });
    expect(await stored()).toMatch(argon2);
    expect((await c.audit()).at(-1)).toMatchObject({ action: 'unlock', outcome: 'ok', detail: renewed });
  });

  it("keeps a demo user listed on the sign-in screen: the demo's record of the hash is renewed with it", async () => {
    const c = clinic();
    const call = tab(c);
    expect(await call('app.loadDemo', { patients: 1 })).toMatchObject({ ok: true });
    // The demo as an earlier version loaded it: Dr Okafor's hash, and the demo's record of it, scrypt.
    const legacy = legacyScryptHash('okafor demo password');
    const id = await rawSql(c.store).value<number>("select id from users where username = 'okafor'");
    await c.store.records.write(async (tx) => {
      await tx.users.setPassword(id!, legacy);
      const demo = (await tx.settings.get(demoSettingKey)) as DemoSetting;
      await tx.settings.put(demoSettingKey, { hashes: { ...demo.hashes, okafor: legacy } });
    });
    const listed = async () => ((await call('session.status')) as { value: { demoUsers: Array<{ username: string }> } }).value.demoUsers.map((u) => u.username);
    expect(await listed()).toContain('okafor');

    expect(await c.app.services.session.signIn('desktop', { username: 'okafor', password: 'okafor demo password' })).toMatchObject({ userId: id });
    const now = await rawSql(c.store).value<string>('select password_hash from users where id = ?', id);
    expect(now).toMatch(argon2);
    expect(await c.store.records.read(async (tx) => ((await tx.settings.get(demoSettingKey)) as DemoSetting).hashes.okafor)).toBe(now);
    expect(await listed()).toContain('okafor');
  }, 60_000);

  it('never writes over a password changed between the check and the renewal', async () => {
    const store = testStore();
    const real = passwords(testPasswordCost);
    let meanwhile: (() => Promise<void>) | null = null;
    // The renewal's hashing runs after the check and before the sign-in's write: an administrator's reset lands then.
    const hashing = { ...real, hash: async (p: string) => (await meanwhile?.(), (meanwhile = null), real.hash(p)) };
    const app = composeApp(store, { version: 'test', passwords: hashing });
    const ada = await app.services.users.create(testActor, parseInput('users.create', { username: 'okafor', name: 'okafor', role: 'dermatologist', password }));
    await store.records.write((tx) => tx.users.setPassword(ada.id, legacyScryptHash(password)));
    const reset = await real.hash('the administrator reset it');
    meanwhile = () => store.records.write((tx) => tx.users.setPassword(ada.id, reset));

    expect(await app.services.session.signIn('desktop', { username: 'okafor', password })).toMatchObject({ userId: ada.id });
    expect(await rawSql(store).value<string>('select password_hash from users where id = ?', ada.id)).toBe(reset);
    const last = await rawSql(store).all<{ action: string; detail: string }>('select action, detail from audit_log order by id desc limit 1');
    expect(last).toEqual([{ action: 'sign_in', detail: '' }]);
  });
});

describe('a session', () => {
  it('refuses every call but its own before sign-in, then acts as its user; app.status names them', async () => {
    const c = clinic();
    const ada = await c.user('okafor', 'dermatologist', 'Dr Ada Okafor');
    const call = tab(c);
    expect(await call('patients.search', { query: 'zoe' })).toEqual({ ok: false, error: { kind: 'unauthenticated', message: 'Sign in to continue.' } });
    expect(await call('app.status')).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    expect(await call('session.status')).toEqual({
      ok: true,
      value: { setupNeeded: false, user: null, locked: false, idleMinutes: 10, demoUsers: [] },
    });
    expect(await call('session.signIn', { username: 'okafor', password: 'wrong, wrong, wrong' })).toEqual({
      ok: false,
      error: { kind: 'unauthenticated', message: wrong },
    });

    const signedIn = await call('session.signIn', { username: 'okafor', password });
    expect(signedIn).toMatchObject({
      ok: true,
      value: { user: { userId: ada.id, name: 'Dr Ada Okafor', role: 'dermatologist', surface: 'browser' }, locked: false },
    });
    expect(await call('app.status')).toMatchObject({ ok: true, value: { actor: { userId: ada.id, surface: 'browser' } } });
    expect(await call('patients.create', { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' })).toMatchObject({ ok: true });
    // Another tab is another session.
    expect(await tab(c, 'tab-bbbbbbbbbbbbbbbb')('patients.search', { query: 'zoe' })).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });

    expect(await call('session.signOut')).toMatchObject({ ok: true, value: { user: null } });
    expect(await call('patients.search', { query: 'zoe' })).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    expect((await c.audit()).filter((r) => r.action === 'sign_out')).toEqual([expect.objectContaining({ username: 'okafor', detail: 'signed out' })]);
    expect(c.errors).toEqual([]);
  });

  it('locks after the idle minutes: a locked session refuses a chart call until the same password is given', async () => {
    const c = clinic();
    await c.user('okafor', 'dermatologist');
    const call = tab(c);
    await call('session.signIn', { username: 'okafor', password });
    const patient = await call('patients.create', { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
    const id = (patient as { value: { id: number } }).value.id;

    // Activity pings (the page's, on input) keep it open; calls alone do not, since screens poll by themselves.
    c.minutes(9);
    expect(await call('session.activity')).toMatchObject({ ok: true, value: { locked: false } });
    c.minutes(9);
    expect(await call('chart.get', { id })).toMatchObject({ ok: true });
    c.minutes(1);
    const locked = { ok: false, error: { kind: 'locked', message: 'This session is locked. Enter your password to unlock it, or sign in as another user.' } };
    expect(await call('chart.get', { id })).toEqual(locked);
    expect(await call('session.status')).toMatchObject({ ok: true, value: { locked: true, user: { username: 'okafor' } } });
    // Nothing but the session's own calls while locked; an activity ping does not unlock.
    expect(await call('session.activity')).toMatchObject({ ok: true, value: { locked: true } });
    expect(await call('patients.search', { query: 'zoe' })).toEqual(locked);
    expect((await c.audit()).filter((r) => r.action === 'idle_lock')).toEqual([
      expect.objectContaining({ username: 'okafor', detail: 'after 10 minutes without use' }),
    ]);

    expect(await call('session.unlock', { password: 'not my password' })).toEqual({ ok: false, error: { kind: 'locked', message: wrong } });
    expect(await call('session.unlock', { password })).toMatchObject({ ok: true, value: { locked: false } });
    expect(await call('chart.get', { id })).toMatchObject({ ok: true });
  });

  it('locks by hand, and another user may sign in instead (switch user)', async () => {
    const c = clinic();
    await c.user('okafor', 'dermatologist');
    const per = await c.user('lindqvist', 'nurse');
    const call = tab(c);
    await call('session.signIn', { username: 'okafor', password });
    expect(await call('session.lock')).toMatchObject({ ok: true, value: { locked: true } });
    expect(await call('patients.search', { query: 'x' })).toMatchObject({ ok: false, error: { kind: 'locked' } });
    expect(await call('session.signIn', { username: 'lindqvist', password })).toMatchObject({ ok: true, value: { locked: false, user: { userId: per.id } } });
    expect(await call('patients.search', { query: 'x' })).toMatchObject({ ok: true });
    expect((await c.audit()).filter((r) => ['lock', 'sign_out'].includes(String(r.action)))).toEqual([
      expect.objectContaining({ action: 'lock', username: 'okafor' }),
      expect.objectContaining({ action: 'sign_out', username: 'okafor', detail: 'lindqvist signed in instead' }),
    ]);
  });

  it('takes its idle minutes from the practice settings (1 to 120, 10 by default)', async () => {
    const c = clinic();
    const admin = await c.user('sam', 'admin');
    const call = tab(c);
    await call('session.signIn', { username: 'sam', password });
    const settings = await c.app.services.settings.read();
    expect(settings.idleMinutes).toBe(10);
    expect(await call('settings.update', { ...settings, idleMinutes: 121 })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'idleMinutes', message: expect.any(String) }] },
    });
    expect(await call('settings.update', { ...settings, idleMinutes: 2 })).toMatchObject({ ok: true, value: { idleMinutes: 2 } });
    c.minutes(2);
    expect(await call('session.status')).toMatchObject({ ok: true, value: { locked: true, idleMinutes: 2, user: { userId: admin.id } } });
  });

  it('signs out a user deactivated meanwhile at their next call', async () => {
    const c = clinic();
    const admin = await c.user('sam', 'admin');
    const ada = await c.user('okafor', 'dermatologist');
    const call = tab(c);
    await call('session.signIn', { username: 'okafor', password });
    await c.app.services.users.setActive(actorFor(admin, 'desktop'), { id: ada.id, active: false });
    expect(await call('patients.search', { query: 'x' })).toEqual({ ok: false, error: { kind: 'unauthenticated', message: 'Sign in to continue.' } });
    expect((await c.audit()).at(-1)).toMatchObject({ action: 'sign_out', username: 'okafor', detail: 'the account was deactivated' });
  });
});

describe('the first run', () => {
  it('sets up the practice and its administrator while nobody can sign in, signs them in, and refuses once someone can', async () => {
    const c = clinic();
    const call = tab(c);
    // A clinician carried over from before sign-in: a user, but with no password.
    await rawSql(c.store).run("insert into users (username, name, role) values ('weiss', 'Dr Lena Weiß', 'dermatologist')");
    expect(await call('session.status')).toMatchObject({ ok: true, value: { setupNeeded: true } });
    const setup = {
      practice: { practiceName: 'Riverside Dermatology', address: '1 River St', phone: '020 7946 0000', afterHoursPhone: '020 7946 0999' },
      admin: { username: 'sam', name: 'Sam Adeyemi', password },
    };
    // Every handout prints the phone in its boxes that say to call: the practice needs one from the start.
    const noPhone = await call('practice.setup', { ...setup, practice: { ...setup.practice, phone: ' ' } });
    expect(noPhone).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'practice.phone', message: 'must not be empty' }] } });
    const done = await call('practice.setup', setup);
    expect(done).toMatchObject({ ok: true, value: { setupNeeded: false, locked: false, user: { username: 'sam', role: 'admin', clinicianId: null } } });
    expect(await call('settings.get')).toMatchObject({
      ok: true,
      value: { practiceName: 'Riverside Dermatology', address: '1 River St', phone: '020 7946 0000', afterHoursPhone: '020 7946 0999', idleMinutes: 10 },
    });
    expect((await c.audit()).map((r) => r.action)).toEqual(['practice_setup', 'user_create']);

    const again = await tab(c, 'tab-cccccccccccccccc')('practice.setup', { ...setup, admin: { username: 'eve', name: 'Eve', password } });
    expect(again).toEqual({
      ok: false,
      error: { kind: 'conflict', message: 'This practice is set up already: sign in, or ask an administrator to add you as a user.' },
    });
    expect((await c.app.services.users.list(testActor)).map((u) => u.username)).toEqual(['sam', 'weiss']);
  });

  it('loads the demo before anyone signs in, whose users the sign-in screen lists while they keep their demo passwords', async () => {
    const c = clinic();
    const call = tab(c);
    expect(await call('app.loadDemo', { patients: 3 })).toMatchObject({ ok: true, value: { imported: { patients: 3 } } });
    const status = await call('session.status');
    expect(status).toMatchObject({ ok: true, value: { setupNeeded: false, user: null } });
    const shown = (status as { value: { demoUsers: Array<{ username: string; password: string; role: string }> } }).value.demoUsers;
    expect(shown.map((u) => [u.username, u.role])).toEqual([
      ['admin', 'admin'],
      ['okafor', 'dermatologist'],
      ['weiss', 'dermatologist'],
      ['lindqvist', 'nurse'],
      ['manager', 'manager'],
    ]);
    for (const u of shown) expect(u.password.length).toBeGreaterThanOrEqual(12);
    // The demo dermatologists are the demo's clinicians, and a demo password signs in.
    const okafor = shown.find((u) => u.username === 'okafor')!;
    expect(await call('session.signIn', { username: okafor.username, password: okafor.password })).toMatchObject({
      ok: true,
      value: { user: { name: 'Dr Ada Okafor', clinicalRole: 'dermatologist' } },
    });
    // The demo practice has a name and a phone, so its aftercare prints.
    expect(await call('settings.get')).toMatchObject({ ok: true, value: { practiceName: 'Harbourside Dermatology (demo)', phone: '01632 960 100' } });
    const visitId = await rawSql(c.store).value<number>('select visit_id from treatments order by id limit 1');
    expect(await call('handouts.create', { visitId })).toMatchObject({ ok: true, value: { visitId } });
    await call('session.signOut');
    // Loading again is refused: the record is not empty, and nobody signed in may.
    expect(await call('app.loadDemo', { patients: 3 })).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });

    // A demo password changed by an administrator is no longer shown.
    const admin = shown.find((u) => u.username === 'admin')!;
    await call('session.signIn', { username: admin.username, password: admin.password });
    const users = (await call('users.list')) as { value: Array<{ id: number; username: string }> };
    const weiss = users.value.find((u) => u.username === 'weiss')!;
    expect(await call('users.resetPassword', { id: weiss.id, password: 'a practice of our own now' })).toMatchObject({ ok: true });
    const after = (await call('session.status')) as { value: { demoUsers: Array<{ username: string }> } };
    expect(after.value.demoUsers.map((u) => u.username)).toEqual(['admin', 'okafor', 'lindqvist', 'manager']);
  }, 60_000);

  it('is answered only in the window: the command line invoker refuses every session call', async () => {
    const c = clinic();
    const refusal = {
      ok: false,
      error: {
        kind: 'forbidden',
        message:
          'Signing in and the first run belong to the Milia Notes window. At the command line you act as the operating-system account, or as a user with --as USERNAME.',
      },
    };
    const inputs = {
      'session.status': {},
      'session.signIn': { username: 'sam', password },
      'session.unlock': { password },
      'session.signOut': {},
      'practice.setup': {
        practice: { practiceName: 'Riverside Dermatology', phone: '020 7946 0000' },
        admin: { username: 'sam', name: 'Sam Adeyemi', password },
      },
    };
    for (const [name, input] of Object.entries(inputs)) expect(await c.app.invoke(testActor, name as keyof typeof inputs, input), name).toEqual(refusal);
    expect(await c.audit()).toEqual([]);
  });
});

/**
 * Users as the administrator manages them, over a real database: the clinician profile made
 * and kept in step in the same transaction, usernames unique whatever their case, the last
 * administrator kept, never a deletion, every change audited and the password nowhere but its
 * hash. And the hashing itself at the production cost.
 */
import { describe, expect, it } from 'vitest';
import type { ApiName } from '@shared/api';
import { AppError } from '@shared/errors';
import { parseInput } from '../../src/main/api/handlers';
import { passwords, productionCost } from '../../src/main/services/passwords';
import { actorFor } from '../../src/main/services/session';
import { engineServices, rawSql } from '../support/engine';
import { legacyScryptHash, testPasswordCost } from '../support/passwords';
import { testActor } from '../support/store';

const password = 'correct horse battery staple';

const input = <N extends ApiName>(name: N, value: unknown) => parseInput(name, value);

async function practice() {
  const s = engineServices();
  const create = async (value: Record<string, unknown>) => s.users.create(testActor, input('users.create', { password, ...value }));
  const admin = await create({ username: 'sam', name: 'Sam Adeyemi', role: 'admin' });
  return { s, create, admin, adminActor: actorFor(admin, 'desktop') };
}

async function auditRows(s: ReturnType<typeof engineServices>) {
  return await rawSql(s.store).all<Record<string, string | number | null>>(
    'select action, entity, entity_id as "entityId", username, role, outcome, detail, actor from audit_log order by id',
  );
}

describe('adding a user', () => {
  it('makes a dermatologist a clinician profile keyed by the username, in the same transaction, and audits it', async () => {
    const { s, adminActor } = await practice();
    const ada = await s.users.create(
      adminActor,
      input('users.create', {
        username: 'okafor',
        name: 'Dr Ada Okafor',
        role: 'dermatologist',
        password,
        clinician: { role: 'dermatologist', title: 'MD FRCP', registrationNumber: 'GMC 7012345' },
      }),
    );
    expect(ada).toEqual({
      id: expect.any(Number),
      username: 'okafor',
      name: 'Dr Ada Okafor',
      role: 'dermatologist',
      active: true,
      clinician: { id: expect.any(Number), key: 'okafor', role: 'dermatologist', title: 'MD FRCP', registrationNumber: 'GMC 7012345' },
      hasPassword: true,
      lockedUntil: null,
      hasDocumented: false,
      createdAt: expect.any(String),
    });
    // Visits pick clinicians from the profiles.
    expect(await s.clinicians.list(adminActor)).toEqual([{ id: ada.clinician!.id, key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', active: true }]);
    expect((await auditRows(s)).at(-1)).toMatchObject({
      action: 'user_create',
      entity: 'user',
      entityId: ada.id,
      username: 'sam',
      role: 'admin',
      detail: 'okafor: Dr Ada Okafor, dermatologist, clinician profile okafor (dermatologist)',
    });
  });

  it('gives a nurse a profile of their role when none is given, an administrator none unless asked, and a fresh key when the username is taken as one', async () => {
    const { s, create } = await practice();
    // A clinician from an import, with no account: its key is not the new user's.
    await rawSql(s.store).run("insert into clinicians (key, name, role) values ('lindqvist', 'Per Lindqvist (imported)', 'nurse')");
    const nurse = await create({ username: 'lindqvist', name: 'Nurse Per Lindqvist', role: 'nurse' });
    expect(nurse.clinician).toMatchObject({ key: 'lindqvist-2', role: 'nurse', title: '', registrationNumber: '' });
    const manager = await create({ username: 'shah', name: 'Priya Shah', role: 'manager' });
    expect(manager.clinician).toBeNull();
    const clinicalAdmin = await create({ username: 'kim', name: 'Dr Kim', role: 'admin', clinician: { role: 'dermatologist' } });
    expect(clinicalAdmin.clinician).toMatchObject({ key: 'kim', role: 'dermatologist' });
    expect(actorFor(clinicalAdmin, 'desktop')).toMatchObject({ role: 'admin', clinicalRole: 'dermatologist', clinicianId: clinicalAdmin.clinician!.id });
  });

  it('refuses a username that is taken, whatever its case, in one sentence, adding nothing', async () => {
    const { s, create } = await practice();
    await create({ username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' });
    // A username written before usernames were folded (an old record) counts too.
    await rawSql(s.store).run("insert into users (username, name, role) values ('Weiss', 'Dr Lena Weiß', 'dermatologist')");
    const before = (await auditRows(s)).length;
    for (const username of ['okafor', 'weiss']) {
      const refusal = create({ username, name: 'Someone Else', role: 'nurse' });
      await expect(refusal).rejects.toMatchObject({
        kind: 'conflict',
        message: `The username "${username}" is taken. Choose another.`,
        issues: [{ path: 'username', message: 'is taken' }],
      });
    }
    expect((await s.users.list(testActor)).map((u) => u.username)).toEqual(['okafor', 'sam', 'Weiss']);
    expect(await rawSql(s.store).value('select count(*) from clinicians')).toBe(1);
    expect(await auditRows(s)).toHaveLength(before);
  });

  it('refuses a short or common password without repeating it', async () => {
    const { create } = await practice();
    for (const [given, problem] of [
      ['milia1234', 'must be at least 12 characters'],
      ['Password1234', 'is one of the passwords attackers try first; choose another'],
    ]) {
      const refusal = await create({ username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', password: given }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).message).toBe(`Check the user: password: ${problem}.`);
      expect(JSON.stringify(refusal)).not.toContain(given);
    }
  });

  it('is for administrators only: anyone else gets the forbidden sentence, audited, and nothing is added', async () => {
    const { s, create } = await practice();
    const nurse = actorFor(await create({ username: 'lindqvist', name: 'Nurse Per Lindqvist', role: 'nurse' }), 'browser');
    const refusal = s.users.create(nurse, input('users.create', { username: 'eve', name: 'Eve', role: 'admin', password }));
    await expect(refusal).rejects.toThrow(new AppError('forbidden', 'Only an administrator can manage users; you are signed in as a nurse.'));
    await expect(s.users.list(nurse)).rejects.toThrow('Only an administrator can manage users; you are signed in as a nurse.');
    expect((await s.users.list(testActor)).map((u) => u.username)).toEqual(['lindqvist', 'sam']);
    expect((await auditRows(s)).slice(-2)).toEqual([
      expect.objectContaining({ action: 'forbidden', outcome: 'forbidden', username: 'lindqvist', role: 'nurse' }),
      expect.objectContaining({ action: 'forbidden', outcome: 'forbidden', username: 'lindqvist', role: 'nurse' }),
    ]);
  });
});

describe('changing a user', () => {
  it('keeps the clinician profile in step: name, clinical role, title, registration number and active flag', async () => {
    const { s, create, adminActor } = await practice();
    const ada = await create({ username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' });
    const changed = await s.users.update(
      adminActor,
      input('users.update', {
        id: ada.id,
        name: 'Dr Ada Okafor-Mensah',
        role: 'dermatologist',
        active: true,
        clinician: { role: 'dermatologist', title: 'MD', registrationNumber: 'GMC 7012345' },
      }),
    );
    expect(changed.clinician).toEqual({ id: ada.clinician!.id, key: 'okafor', role: 'dermatologist', title: 'MD', registrationNumber: 'GMC 7012345' });
    expect(await s.store.records.read((tx) => tx.clinicians.get(ada.clinician!.id))).toMatchObject({ name: 'Dr Ada Okafor-Mensah', active: true });

    const off = await s.users.update(adminActor, input('users.update', { id: ada.id, name: 'Dr Ada Okafor-Mensah', role: 'dermatologist', active: false }));
    expect(off).toMatchObject({ active: false, clinician: { title: 'MD', registrationNumber: 'GMC 7012345' } });
    expect(await s.store.records.read((tx) => tx.clinicians.get(ada.clinician!.id))).toMatchObject({ active: false });
    expect((await auditRows(s)).slice(-3).map((r) => [r.action, r.entityId])).toEqual([
      ['user_update', ada.id],
      ['user_update', ada.id],
      ['user_deactivate', ada.id],
    ]);

    const on = await s.users.setActive(adminActor, input('users.setActive', { id: ada.id, active: true }));
    expect(on.active).toBe(true);
    expect(await s.store.records.read((tx) => tx.clinicians.get(ada.clinician!.id))).toMatchObject({ active: true });
    expect((await auditRows(s)).at(-1)).toMatchObject({ action: 'user_activate', entityId: ada.id });
  });

  it('gives an administrator a clinical role and takes it away again, keeping the profile for the visits that name it', async () => {
    const { s, admin, adminActor } = await practice();
    const clinical = await s.users.update(
      adminActor,
      input('users.update', { id: admin.id, name: admin.name, role: 'admin', active: true, clinician: { role: 'nurse' } }),
    );
    expect(clinical.clinician).toMatchObject({ key: 'sam', role: 'nurse' });
    const plain = await s.users.update(adminActor, input('users.update', { id: admin.id, name: admin.name, role: 'admin', active: true, clinician: null }));
    expect(plain.clinician).toBeNull();
    expect(await s.store.records.read((tx) => tx.clinicians.get(clinical.clinician!.id))).toMatchObject({ key: 'sam', active: false });
  });

  it('keeps the last active administrator: neither deactivated nor given another role', async () => {
    const { s, admin, adminActor, create } = await practice();
    const deactivate = s.users.setActive(adminActor, input('users.setActive', { id: admin.id, active: false }));
    await expect(deactivate).rejects.toThrow(
      new AppError(
        'conflict',
        'This is the last active administrator, so it stays active. Make another user an administrator first, then deactivate this one.',
      ),
    );
    const demote = s.users.update(adminActor, input('users.update', { id: admin.id, name: admin.name, role: 'manager', active: true }));
    await expect(demote).rejects.toThrow(
      new AppError(
        'conflict',
        'This is the last active administrator, so it stays an administrator. Make another user an administrator first, then change this role.',
      ),
    );
    expect(await s.store.records.read((tx) => tx.users.get(admin.id))).toMatchObject({ role: 'admin', active: true });
    // With a second administrator, either may go.
    await create({ username: 'kim', name: 'Kim Lee', role: 'admin' });
    expect(await s.users.setActive(adminActor, input('users.setActive', { id: admin.id, active: false }))).toMatchObject({ active: false });
  });

  it('resets a password: the old one stops working, a lockout is lifted, and only the hash is stored', async () => {
    const { s, create, adminActor } = await practice();
    const ada = await create({ username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' });
    const before = await rawSql(s.store).value<string>('select password_hash from users where id = ?', ada.id);
    await s.store.records.write((tx) => tx.users.setSignInFailures(ada.id, 0, '2999-01-01T00:00:00.000Z'));
    expect((await s.users.list(adminActor)).find((u) => u.id === ada.id)!.lockedUntil).toBe('2999-01-01T00:00:00.000Z');

    const newPassword = 'a brand new passphrase';
    const reset = await s.users.resetPassword(adminActor, input('users.resetPassword', { id: ada.id, password: newPassword }));
    expect(reset.lockedUntil).toBeNull();
    const after = await rawSql(s.store).value<string>('select password_hash from users where id = ?', ada.id);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    await expect(s.session.signIn('desktop', { username: 'okafor', password })).rejects.toThrow('The username or password is not right.');
    expect(await s.session.signIn('desktop', { username: 'okafor', password: newPassword })).toMatchObject({ userId: ada.id });
    expect((await auditRows(s)).filter((r) => r.action === 'password_reset')).toEqual([
      expect.objectContaining({ entityId: ada.id, detail: 'okafor', username: 'sam' }),
    ]);

    // Neither password is anywhere in the database as written.
    const dump = JSON.stringify(await rawSql(s.store).all('select * from audit_log')) + JSON.stringify(await rawSql(s.store).all('select * from users'));
    expect(dump).not.toContain(password);
    expect(dump).not.toContain(newPassword);
  });

  it('answers not found for a user that does not exist, changing nothing', async () => {
    const { s, adminActor } = await practice();
    await expect(s.users.setActive(adminActor, input('users.setActive', { id: 99, active: false }))).rejects.toThrow(
      new AppError('not_found', 'User 99 does not exist. It may have been removed; refresh and try again.'),
    );
  });
});

describe('the list of users', () => {
  it('says who has documented anything: a visit or a treatment naming their clinician profile', async () => {
    const { s, create, adminActor } = await practice();
    const ada = await create({ username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' });
    const per = await create({ username: 'lindqvist', name: 'Nurse Per Lindqvist', role: 'nurse' });
    await create({ username: 'weiss', name: 'Dr Lena Weiß', role: 'dermatologist' });
    const patient = await s.patients.create(testActor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
    await s.visits.save(testActor, {
      patientId: patient.id,
      date: '2025-03-14',
      clinicianId: ada.clinician!.id,
      treatments: [{ kind: 'extraction', site: 'cheek', side: 'left', lesionsTreated: 2, anesthesia: 'none', consent: true, performedBy: per.clinician!.id }],
    });
    const documented = Object.fromEntries((await s.users.list(adminActor)).map((u) => [u.username, u.hasDocumented]));
    expect(documented).toEqual({ okafor: true, lindqvist: true, weiss: false, sam: false });
  });

  it("gives each session's call the user's identity (who, role, active, clinician profile) as the whole user has it", async () => {
    const { s, create, admin, adminActor } = await practice();
    const ada = await create({ username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' });
    const kim = await create({ username: 'kim', name: 'Dr Kim', role: 'admin', clinician: { role: 'dermatologist' } });
    await s.users.setActive(adminActor, input('users.setActive', { id: ada.id, active: false }));
    for (const id of [admin.id, ada.id, kim.id]) {
      const user = (await s.store.records.read((tx) => tx.users.get(id)))!;
      const identity = await s.store.records.read((tx) => tx.users.identity(id));
      expect(identity).toEqual({
        id,
        username: user.username,
        name: user.name,
        role: user.role,
        active: user.active,
        clinician: user.clinician && { id: user.clinician.id, role: user.clinician.role },
      });
      expect(actorFor(identity!, 'browser')).toEqual(actorFor(user, 'browser'));
    }
    expect(await s.store.records.read((tx) => tx.users.identity(ada.id))).toMatchObject({ active: false, clinician: { role: 'dermatologist' } });
    expect(await s.store.records.read((tx) => tx.users.identity(99))).toBeUndefined();
  });
});

describe('password hashing', () => {
  it('hashes with Argon2id at the production cost (m=19 MiB, t=2, p=1, 16-byte salt), verifies, and never matches no hash', async () => {
    expect(productionCost).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const hashing = passwords();
    const hash = await hashing.hash(password);
    const [empty, scheme, version, cost, salt, key] = hash.split('$');
    expect([empty, scheme, version, cost]).toEqual(['', 'argon2id', 'v=19', 'm=19456,t=2,p=1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(await hashing.hash(password)).not.toBe(hash);
    expect(await hashing.verify(password, hash)).toBe(true);
    expect(await hashing.verify(`${password}!`, hash)).toBe(false);
    expect(await hashing.verify(password, null)).toBe(false);
    expect(await hashing.verify(password, 'not a hash')).toBe(false);
    expect(hashing.outdated(hash)).toBe(false);
    // A hash made at another cost verifies with its own, and is outdated.
    const cheaper = await passwords(testPasswordCost).hash(password);
    expect(await hashing.verify(password, cheaper)).toBe(true);
    expect(hashing.outdated(cheaper)).toBe(true);
    // A cost far beyond the app's is no hash of ours: refused without spending a gigabyte on it.
    expect(await hashing.verify(password, cheaper.replace('m=256,', 'm=4194304,'))).toBe(false);
  }, 30_000);

  it("still verifies an earlier version's scrypt hash at its own cost, in constant time, and calls it outdated", async () => {
    const hashing = passwords(testPasswordCost);
    const stored = legacyScryptHash(password);
    expect(await hashing.verify(password, stored)).toBe(true);
    expect(await hashing.verify(`${password}!`, stored)).toBe(false);
    // The password is compared as NFC, as scrypt's hashes were made: an accent typed as two characters matches.
    const accented = 'café au lait, décembre';
    expect(await hashing.verify(accented.normalize('NFD'), legacyScryptHash(accented))).toBe(true);
    expect(hashing.outdated(stored)).toBe(true);
    expect(hashing.outdated(null)).toBe(false);
    expect(hashing.outdated('not a hash')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor } from '../support/store';

async function practice() {
  const s = engineServices();
  const add = async (givenName: string, familyName: string, extra: Record<string, unknown> = {}) =>
    await s.patients.create(actor, { givenName, familyName, dateOfBirth: '1980-05-01', sex: 'unknown', ...extra });
  const zoe = await add('Zoë', 'Nguyễn-Ångström', { mrn: 'MN-000123', dateOfBirth: '1987-03-14' });
  const li = await add('Wei', 'Li');
  const lind = await add('Per', 'Lindqvist');
  const soren = await add('Søren', 'Łukasiewicz');
  const greek = await add('Γιώργος', 'Παπαδόπουλος');
  const yamada = await add('太郎', '山田');
  const dmitry = await add('Дмитрий', 'Иванов');
  return { s, zoe, li, lind, soren, greek, yamada, dmitry };
}

const names = (rows: { givenName: string; familyName: string }[]) => rows.map((r) => `${r.givenName} ${r.familyName}`);

describe('patient search', () => {
  it('finds any part of the name in any order, ignoring case and accents', async () => {
    const { s } = await practice();
    const find = async (query: string) => names(await s.patients.search(actor, { query }));
    expect(await find('zoe nguyen')).toEqual(['Zoë Nguyễn-Ångström']);
    expect(await find('NGUYEN zoe')).toEqual(['Zoë Nguyễn-Ångström']);
    expect(await find('angstr')).toEqual(['Zoë Nguyễn-Ångström']);
    expect(await find('Nguyễn')).toEqual(['Zoë Nguyễn-Ångström']);
    expect(await find('soren lukas')).toEqual(['Søren Łukasiewicz']);
    expect(await find('γιωργος')).toEqual(['Γιώργος Παπαδόπουλος']);
    expect(await find('παπαδ')).toEqual(['Γιώργος Παπαδόπουλος']);
    expect(await find('山田')).toEqual(['太郎 山田']);
    expect(await find('дмитрий иван')).toEqual(['Дмитрий Иванов']);
    expect(await find('zoe lindqvist')).toEqual([]);
  });

  it('ranks a whole-word match before a longer name', async () => {
    const { s } = await practice();
    expect(names(await s.patients.search(actor, { query: 'li' }))).toEqual(['Wei Li', 'Per Lindqvist']);
  });

  it('finds by MRN prefix, case-insensitively, and by date of birth', async () => {
    const { s, zoe } = await practice();
    expect((await s.patients.search(actor, { query: 'mn-000123' })).map((p) => p.id)).toEqual([zoe.id]);
    expect(await s.patients.search(actor, { query: 'MN-00012' })).toHaveLength(7);
    expect(await s.patients.search(actor, { query: 'MN-0002' })).toEqual([]);
    expect((await s.patients.search(actor, { query: '1987-03-14' })).map((p) => p.id)).toEqual([zoe.id]);
    expect((await s.patients.search(actor, { query: 'zoe 1987-03-14' })).map((p) => p.id)).toEqual([zoe.id]);
    expect(await s.patients.search(actor, { query: 'li 1987-03-14' })).toEqual([]);
  });

  it('finds an MRN by its number typed alone, the exact number first, leading zeros or not', async () => {
    const { s, zoe } = await practice();
    const three = await s.patients.create(actor, { mrn: 'EXT-0003', givenName: 'Ana', familyName: 'Silva', dateOfBirth: '1990-01-01', sex: 'female' });
    const thirty = await s.patients.create(actor, { mrn: 'MN-000030', givenName: 'Bo', familyName: 'Berg', dateOfBirth: '1990-01-01', sex: 'male' });
    const mrns = async (query: string) => (await s.patients.search(actor, { query })).map((p) => p.mrn);
    // The others of practice() are MN-000124 to MN-000129: their numbers do not start with 123.
    expect(await mrns('000123')).toEqual([zoe.mrn]);
    expect(await mrns('123')).toEqual([zoe.mrn]);
    expect(await mrns('3')).toEqual([three.mrn, thirty.mrn]);
    expect(await mrns('0003')).toEqual([three.mrn, thirty.mrn]);
    expect(await mrns('30')).toEqual([thirty.mrn]);
    expect(await mrns('0000')).toEqual([]);
  });

  it("finds a date of birth typed in the practice's date order as well as ISO", async () => {
    const { s, zoe } = await practice();
    const ids = async (query: string) => (await s.patients.search(actor, { query })).map((p) => p.id);
    for (const typed of ['14/03/1987', '14.3.1987', '14-03-1987', '1987-03-14', 'zoe 14/3/1987']) expect(await ids(typed), typed).toEqual([zoe.id]);
    expect(await ids('03/14/1987')).toEqual([]);
    await s.settings.update(actor, { ...(await s.settings.get(actor)), dateOrder: 'mdy' });
    for (const typed of ['03/14/1987', '3/14/1987', '1987-03-14']) expect(await ids(typed), typed).toEqual([zoe.id]);
    expect(await ids('14/03/1987')).toEqual([]);
  });

  it('limits results, ignores punctuation-only queries and hides archived patients', async () => {
    const { s, li } = await practice();
    expect(await s.patients.search(actor, { query: 'l', limit: 1 })).toHaveLength(1);
    expect(await s.patients.search(actor, { query: '  "* -' })).toEqual([]);
    await s.patients.archive(actor, { id: li.id, archived: true });
    expect(names(await s.patients.search(actor, { query: 'li' }))).toEqual(['Per Lindqvist']);
    expect(names(await s.patients.search(actor, { query: 'li', includeArchived: true }))).toEqual(['Wei Li', 'Per Lindqvist']);
  });

  it('keeps the index in step when a name changes', async () => {
    const { s, li } = await practice();
    await s.patients.update(actor, { id: li.id, mrn: li.mrn, givenName: 'Wei', familyName: 'Lü', dateOfBirth: '1980-05-01', sex: 'male' });
    expect(names(await s.patients.search(actor, { query: 'lu wei' }))).toEqual(['Wei Lü']);
    expect(names(await s.patients.search(actor, { query: 'li' }))).toEqual(['Per Lindqvist']);
  });
});

describe('patient records', () => {
  it('gives the next MRN and refuses one that is taken, in any case', async () => {
    const { s } = await practice();
    const p = await s.patients.create(actor, { givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', sex: 'female' });
    expect(p.mrn).toBe('MN-000130');
    await expect(s.patients.create(actor, { mrn: 'mn-000123', givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', sex: 'female' })).rejects.toThrow(
      /MRN mn-000123 belongs to another patient/,
    );
  });

  it('refuses invalid input with every field path and writes nothing', async () => {
    const s = engineServices();
    let error: unknown;
    try {
      await s.patients.create(actor, { givenName: '', familyName: 'x'.repeat(101), dateOfBirth: '1987-13-01', sex: 'female', extra: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues.map((i) => i.path)).toEqual(['givenName', 'familyName', 'dateOfBirth', 'extra']);
    expect(await rawSql(s.store).get('select count(*) as n from patients')).toEqual({ n: 0 });
  });

  it('refuses a birth date in the future', async () => {
    const s = engineServices();
    await expect(s.patients.create(actor, { givenName: 'A', familyName: 'B', dateOfBirth: '2999-01-01', sex: 'female' })).rejects.toThrow(/in the future/);
  });

  it('archives and restores, with an audit line for each change', async () => {
    const { s, zoe } = await practice();
    expect((await s.patients.archive(actor, { id: zoe.id, archived: true })).archived).toBe(true);
    expect((await s.patients.archive(actor, { id: zoe.id, archived: false })).archived).toBe(false);
    const lines = await rawSql(s.store).all(
      `select action, actor, role, surface, patient_id as "patientId" from audit_log where entity = 'patient' and entity_id = ? order by id`,
      zoe.id,
    );
    const by = { actor: 'Test Runner (command line)', role: 'system', surface: 'cli', patientId: zoe.id };
    expect(lines).toEqual([
      { action: 'create', ...by },
      { action: 'archive', ...by },
      { action: 'unarchive', ...by },
    ]);
  });

  it('says plainly when a patient does not exist', async () => {
    const s = engineServices();
    await expect(s.patients.get(actor, { id: 42 })).rejects.toThrow('Patient 42 does not exist');
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { testActor as actor, testServices } from '../support/store';

function practice() {
  const s = testServices();
  const add = (givenName: string, familyName: string, extra: Record<string, unknown> = {}) =>
    s.patients.create(actor, { givenName, familyName, dateOfBirth: '1980-05-01', sex: 'unknown', ...extra });
  const zoe = add('Zoë', 'Nguyễn-Ångström', { mrn: 'MN-000123', dateOfBirth: '1987-03-14' });
  const li = add('Wei', 'Li');
  const lind = add('Per', 'Lindqvist');
  const soren = add('Søren', 'Łukasiewicz');
  const greek = add('Γιώργος', 'Παπαδόπουλος');
  const yamada = add('太郎', '山田');
  const dmitry = add('Дмитрий', 'Иванов');
  return { s, zoe, li, lind, soren, greek, yamada, dmitry };
}

const names = (rows: { givenName: string; familyName: string }[]) => rows.map((r) => `${r.givenName} ${r.familyName}`);

describe('patient search', () => {
  it('finds any part of the name in any order, ignoring case and accents', () => {
    const { s } = practice();
    const find = (query: string) => names(s.patients.search(actor, { query }));
    expect(find('zoe nguyen')).toEqual(['Zoë Nguyễn-Ångström']);
    expect(find('NGUYEN zoe')).toEqual(['Zoë Nguyễn-Ångström']);
    expect(find('angstr')).toEqual(['Zoë Nguyễn-Ångström']);
    expect(find('Nguyễn')).toEqual(['Zoë Nguyễn-Ångström']);
    expect(find('soren lukas')).toEqual(['Søren Łukasiewicz']);
    expect(find('γιωργος')).toEqual(['Γιώργος Παπαδόπουλος']);
    expect(find('παπαδ')).toEqual(['Γιώργος Παπαδόπουλος']);
    expect(find('山田')).toEqual(['太郎 山田']);
    expect(find('дмитрий иван')).toEqual(['Дмитрий Иванов']);
    expect(find('zoe lindqvist')).toEqual([]);
  });

  it('ranks a whole-word match before a longer name', () => {
    const { s } = practice();
    expect(names(s.patients.search(actor, { query: 'li' }))).toEqual(['Wei Li', 'Per Lindqvist']);
  });

  it('finds by MRN prefix, case-insensitively, and by date of birth', () => {
    const { s, zoe } = practice();
    expect(s.patients.search(actor, { query: 'mn-000123' }).map((p) => p.id)).toEqual([zoe.id]);
    expect(s.patients.search(actor, { query: 'MN-00012' })).toHaveLength(7);
    expect(s.patients.search(actor, { query: 'MN-0002' })).toEqual([]);
    expect(s.patients.search(actor, { query: '1987-03-14' }).map((p) => p.id)).toEqual([zoe.id]);
    expect(s.patients.search(actor, { query: 'zoe 1987-03-14' }).map((p) => p.id)).toEqual([zoe.id]);
    expect(s.patients.search(actor, { query: 'li 1987-03-14' })).toEqual([]);
  });

  it('limits results, ignores punctuation-only queries and hides archived patients', () => {
    const { s, li } = practice();
    expect(s.patients.search(actor, { query: 'l', limit: 1 })).toHaveLength(1);
    expect(s.patients.search(actor, { query: '  "* -' })).toEqual([]);
    s.patients.archive(actor, { id: li.id, archived: true });
    expect(names(s.patients.search(actor, { query: 'li' }))).toEqual(['Per Lindqvist']);
    expect(names(s.patients.search(actor, { query: 'li', includeArchived: true }))).toEqual(['Wei Li', 'Per Lindqvist']);
  });

  it('keeps the index in step when a name changes', () => {
    const { s, li } = practice();
    s.patients.update(actor, { id: li.id, mrn: li.mrn, givenName: 'Wei', familyName: 'Lü', dateOfBirth: '1980-05-01', sex: 'male' });
    expect(names(s.patients.search(actor, { query: 'lu wei' }))).toEqual(['Wei Lü']);
    expect(names(s.patients.search(actor, { query: 'li' }))).toEqual(['Per Lindqvist']);
  });
});

describe('patient records', () => {
  it('gives the next MRN and refuses one that is taken, in any case', () => {
    const { s } = practice();
    const p = s.patients.create(actor, { givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', sex: 'female' });
    expect(p.mrn).toBe('MN-000130');
    expect(() => s.patients.create(actor, { mrn: 'mn-000123', givenName: 'A', familyName: 'B', dateOfBirth: '2000-01-01', sex: 'female' })).toThrow(
      /MRN mn-000123 belongs to another patient/,
    );
  });

  it('refuses invalid input with every field path and writes nothing', () => {
    const s = testServices();
    let error: unknown;
    try {
      s.patients.create(actor, { givenName: '', familyName: 'x'.repeat(101), dateOfBirth: '1987-13-01', sex: 'female', extra: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues.map((i) => i.path)).toEqual(['givenName', 'familyName', 'dateOfBirth', 'extra']);
    expect(s.store.sqlite.prepare('select count(*) as n from patients').get()).toEqual({ n: 0 });
  });

  it('refuses a birth date in the future', () => {
    const s = testServices();
    expect(() => s.patients.create(actor, { givenName: 'A', familyName: 'B', dateOfBirth: '2999-01-01', sex: 'female' })).toThrow(/in the future/);
  });

  it('archives and restores, with an audit line for each change', () => {
    const { s, zoe } = practice();
    expect(s.patients.archive(actor, { id: zoe.id, archived: true }).archived).toBe(true);
    expect(s.patients.archive(actor, { id: zoe.id, archived: false }).archived).toBe(false);
    const lines = s.store.sqlite.prepare("select action, actor from audit_log where entity = 'patient' and entity_id = ? order by id").all(zoe.id);
    expect(lines).toEqual([
      { action: 'create', actor: 'Test Runner (admin)' },
      { action: 'archive', actor: 'Test Runner (admin)' },
      { action: 'unarchive', actor: 'Test Runner (admin)' },
    ]);
  });

  it('says plainly when a patient does not exist', () => {
    const s = testServices();
    expect(() => s.patients.get(actor, { id: 42 })).toThrow('Patient 42 does not exist');
  });
});

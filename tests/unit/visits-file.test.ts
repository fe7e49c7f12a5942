/**
 * A save that fails half-way leaves nothing behind: a SQLite trigger stands in for the fault,
 * so this stays on the SQLite file (visits.test.ts runs the rest on both engines).
 */
import { describe, expect, it } from 'vitest';
import type { VisitInput } from '@shared/schemas';
import { testActor as actor, testServices } from '../support/store';
import { twoSiteVisit, visitPeople } from '../support/visitClinic';

async function clinic() {
  const s = testServices();
  const people = await visitPeople(s);
  const visit = (extra: Partial<VisitInput> = {}) => twoSiteVisit(people, extra);
  const count = (table: string) => (s.store.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const counts = () => Object.fromEntries(['visits', 'presentations', 'treatments', 'follow_ups'].map((t) => [t, count(t)]));
  return { s, ...people, visit, counts };
}

describe('saving a visit', () => {
  it('leaves nothing behind when it fails half-way', async () => {
    const { s, visit, counts } = await clinic();
    const before = counts();
    // A trigger that fails the third insert stands in for any fault in the middle of a save.
    s.store.sqlite.exec("create trigger fail_follow_up before insert on follow_ups begin select raise(abort, 'disk trouble'); end");
    await expect(s.visits.save(actor, visit())).rejects.toThrow('disk trouble');
    expect(counts()).toEqual(before);
    expect(s.store.sqlite.prepare("select count(*) as n from audit_log where entity = 'visit'").get()).toEqual({ n: 0 });
  });
});

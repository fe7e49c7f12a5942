/** Patient search that stays quick as the practice grows: what it reads is bounded by the limit, not by the practice. */
import { describe, expect, it } from 'vitest';
import { mrnNumberSql } from '../../src/main/db/records/sqlite/patients';
import { testActor as actor, testServices } from '../support/store';

describe('search by an MRN number typed alone', () => {
  it('gives the exact number first, then the longer numbers, shortest first and in numeric order, an MRN breaking ties', async () => {
    const s = testServices();
    for (const mrn of ['EXT-300', 'EXT-0031', 'MN-000030', 'ZZ-3', 'MN-000003', 'MN-000013', 'AB-3X'])
      await s.patients.create(actor, { mrn, givenName: 'A', familyName: 'B', dateOfBirth: '1980-01-01', sex: 'female' });
    const mrns = async (query: string, limit?: number) => (await s.patients.search(actor, { query, limit })).map((p) => p.mrn);
    expect(await mrns('3')).toEqual(['MN-000003', 'ZZ-3', 'MN-000030', 'EXT-0031', 'EXT-300']);
    expect(await mrns('3', 3)).toEqual(['MN-000003', 'ZZ-3', 'MN-000030']);
    expect(await mrns('30')).toEqual(['MN-000030', 'EXT-300']);
    expect(await mrns('4')).toEqual([]);
  });

  it('seeks the index of MRN numbers, one length at a time, in its order: no scan and no sort', () => {
    const { store } = testServices();
    const number = mrnNumberSql('p.mrn');
    const plan = store.sqlite
      .prepare(
        `explain query plan select p.id from patients p where length(${number}) = ? and ${number} >= ? and ${number} < ? || ':' and p.archived_at is null order by ${number}, p.mrn limit 25`,
      )
      .all(1, '3', '3') as { detail: string }[];
    expect(plan.map((row) => row.detail)).toEqual(['SEARCH p USING INDEX patients_mrn_number (<expr>=? AND <expr>>? AND <expr><?)']);
  });
});

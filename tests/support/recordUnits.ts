/**
 * What a unit of work owes on any engine, checked once here for records.test.ts (both engines)
 * and records-file.test.ts (the SQLite file, which checks its one connection besides).
 */
import { expect } from 'vitest';
import type { NewPatient, Store } from '../../src/main/db/records';
import { testActor as actor } from './store';

export const ann: NewPatient = {
  mrn: 'R-1',
  givenName: 'Ann',
  familyName: 'Ångström',
  dateOfBirth: '1980-01-02',
  sex: 'female',
  fitzpatrick: null,
  phone: null,
  email: null,
};

/** A table's row count, read as the caller's engine reads it. */
type Count = (table: string) => number | undefined | Promise<number | undefined>;

/** A unit that writes a patient and its audit row: both are there after it. */
export async function commitsTogether(s: Store, count: Count): Promise<void> {
  const id = await s.records.write(async (tx) => {
    const id = await tx.patients.insert(ann);
    await tx.audit.append({ actor, action: 'create', entity: 'patient', entityId: id });
    return id;
  });
  expect(await s.records.read((tx) => tx.patients.get(id))).toMatchObject({ mrn: 'R-1', givenName: 'Ann' });
  expect(await count('audit_log')).toBe(1);
}

/**
 * A unit whose work throws, then one the unique index refuses (`duplicate` checks the refusal as
 * the engine gives it): neither keeps a row (`rolledBack` checks what else the caller's engine
 * owes then), and the next unit is taken as usual.
 */
export async function rejectedUnitsKeepNothing(
  s: Store,
  count: Count,
  checks: { duplicate: (unit: Promise<unknown>) => Promise<unknown>; rolledBack?: () => void },
): Promise<void> {
  await expect(
    s.records.write(async (tx) => {
      await tx.patients.insert(ann);
      throw new Error('changed my mind');
    }),
  ).rejects.toThrow('changed my mind');
  await checks.duplicate(
    s.records.write(async (tx) => {
      await tx.patients.insert(ann);
      // The same MRN again: the unique index refuses the second row.
      await tx.patients.insert({ ...ann, givenName: 'Anne' });
    }),
  );
  expect(await count('patients')).toBe(0);
  checks.rolledBack?.();
  // The connection takes the next unit as usual.
  await s.records.write((tx) => tx.patients.insert(ann));
  expect(await count('patients')).toBe(1);
}

/**
 * The clinical ranges are written once (src/shared/bounds.ts): the spec states them, the zod
 * schemas, the migration's CHECK constraints and `check` enforce them, and a changed range
 * reaches all three.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLiteSyncDialect, getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bounds, type Range } from '@shared/bounds';
import { detailsByKind } from '@shared/clinical';
import { fieldIssues } from '@shared/errors';
import { followUpWeeksSchema, PatientCreate, PresentationInput, TreatmentInput } from '@shared/schemas';
import type { z } from 'zod';
import { openStore } from '../../src/main/db/open';
import { tempDir } from '../support/store';

const spec = (name: string) => readFileSync(join(__dirname, '../../docs/spec', name), 'utf8').replace(/\s+/g, ' ');

/** The messages of a field after parsing `input`, or [] when the field is accepted. */
function messagesAt(schema: z.ZodType, input: unknown, path: string): string[] {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : fieldIssues(parsed.error).flatMap((i) => (i.path === path ? [i.message] : []));
}

const presentation = (fields: object) => ({ type: 'primary', site: 'nose', count: 3, ...fields });
const extraction = (lesionsTreated: number) => ({ kind: 'extraction', site: 'nose', performedBy: 1, lesionsTreated, anesthesia: 'none', consent: true });
const patient = (fitzpatrick: number) => ({ givenName: 'Zoë', familyName: 'Nguyen', dateOfBirth: '1987-03-14', sex: 'female', fitzpatrick });

/** Each bounded field: the schema that holds it, a valid input with the value in place, and the field's path. */
const fields: Array<[keyof typeof bounds, z.ZodType, (n: number) => unknown, string]> = [
  ['fitzpatrick', PatientCreate, patient, 'fitzpatrick'],
  ['count', PresentationInput, (count) => presentation({ count }), 'count'],
  ['sizeMm', PresentationInput, (sizeMm) => presentation({ sizeMm }), 'sizeMm'],
  ['lesionsTreated', TreatmentInput, extraction, 'lesionsTreated'],
  ['freezeSeconds', detailsByKind.cryotherapy, (freezeSeconds) => ({ freezeSeconds }), 'freezeSeconds'],
  ['cycles', detailsByKind.cryotherapy, (cycles) => ({ cycles }), 'cycles'],
  [
    'concentrationPercent',
    detailsByKind.chemical_peel,
    (concentrationPercent) => ({ agent: 'tca', depth: 'epidermal', concentrationPercent }),
    'concentrationPercent',
  ],
  ['strengthPercent', detailsByKind.topical_retinoid, (strengthPercent) => ({ product: 'adapalene', strengthPercent }), 'strengthPercent'],
  ['doseMg', detailsByKind.oral_minocycline, (doseMg) => ({ doseMg }), 'doseMg'],
  ['durationWeeks', detailsByKind.oral_minocycline, (durationWeeks) => ({ durationWeeks }), 'durationWeeks'],
  ['followUpWeeks', followUpWeeksSchema, (cryotherapy) => ({ cryotherapy }), 'cryotherapy'],
];

describe('the clinical ranges', () => {
  it('are the ones the spec states', () => {
    const interchange = spec('interchange.md');
    const { count, lesionsTreated, sizeMm, fitzpatrick } = bounds;
    expect(interchange).toContain(
      `\`count\` is a whole number from ${count.min} to ${count.max}; \`lesionsTreated\` from ${lesionsTreated.min} to ${lesionsTreated.max}; ` +
        `\`sizeMm\` from ${sizeMm.min} to ${sizeMm.max}; \`fitzpatrick\` from ${fitzpatrick.min} to ${fitzpatrick.max}.`,
    );
    const { freezeSeconds, cycles } = bounds;
    expect(spec('vocabulary.md')).toContain(`\`freezeSeconds\` (${freezeSeconds.min}-${freezeSeconds.max}); \`cycles\` (${cycles.min}-${cycles.max})`);
  });

  it('covers every bounded field of the schemas', () => {
    expect(fields.map(([name]) => name).sort()).toEqual(Object.keys(bounds).sort());
  });

  it.each(fields)('%s: the schema accepts both ends and refuses just outside them', (name, schema, input, path) => {
    const { min, max }: Range = bounds[name];
    // Just outside: a whole step for whole-numbered ends (a fraction would also break "whole"), half the lower end otherwise.
    const step = Number.isInteger(min) ? 1 : min / 2;
    expect(messagesAt(schema, input(min), path)).toEqual([]);
    expect(messagesAt(schema, input(max), path)).toEqual([]);
    expect(messagesAt(schema, input(min - step), path)).toEqual([expect.stringContaining(`from ${min} to ${max}`)]);
    expect(messagesAt(schema, input(max + step), path)).toEqual([expect.stringContaining(`from ${min} to ${max}`)]);
  });

  it("are the numbers in the migrations' CHECK constraints", () => {
    const folder = join(__dirname, '../../drizzle');
    const migrations = readdirSync(folder)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(join(folder, f), 'utf8'))
      .join('\n');
    const { fitzpatrick, count, lesionsTreated } = bounds;
    expect(migrations).toContain(
      `CONSTRAINT "patients_fitzpatrick" CHECK("patients"."fitzpatrick" is null or "patients"."fitzpatrick" between ${fitzpatrick.min} and ${fitzpatrick.max})`,
    );
    expect(migrations).toContain(`CONSTRAINT "presentations_count" CHECK("presentations"."count" between ${count.min} and ${count.max})`);
    expect(migrations).toContain(
      `CONSTRAINT "treatments_lesions" CHECK("treatments"."lesions_treated" between ${lesionsTreated.min} and ${lesionsTreated.max})`,
    );
  });
});

describe('a changed range', () => {
  afterEach(() => {
    vi.doUnmock('@shared/bounds');
    vi.resetModules();
  });

  /** A migrated database with one presentation of 450 milia (within the migration's CHECK) and one of 1, written past the app. */
  function databaseWithCounts(): string {
    const path = join(tempDir(), 'milia.db');
    openStore(path, { create: true }).close();
    const db = new Database(path);
    db.exec(`
      insert into clinicians (id, key, name, role) values (1, 'ada', 'Dr Ada Okafor', 'dermatologist');
      insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values (1, 'MN-1', 'Zoe', 'Nguyen', 'zoe nguyen', '1987-03-14', 'female');
      insert into visits (id, key, patient_id, date, clinician_id, created_by, updated_by) values (1, 'v1', 1, '2025-01-15', 1, 'test', 'test');
      insert into presentations (id, visit_id, position, type, site, count) values (1, 1, 0, 'primary', 'nose', 450), (2, 1, 1, 'primary', 'chin', 1);
    `);
    db.close();
    return path;
  }

  it('reaches the zod schema, the CHECK constraint of the drizzle schema and check alike', async () => {
    const store = openStore(databaseWithCounts());
    try {
      const countFaults = async () => {
        const { checkDatabase } = await import('../../src/main/check');
        return (await checkDatabase(store)).filter((line) => line.includes('count'));
      };
      expect(await countFaults()).toEqual([]);

      vi.resetModules();
      vi.doMock('@shared/bounds', async (importOriginal) => {
        const real = await importOriginal<typeof import('@shared/bounds')>();
        return { ...real, bounds: { ...real.bounds, count: { min: 2, max: 400 } } };
      });

      const { PresentationInput: changed } = await import('@shared/schemas');
      expect(messagesAt(changed, presentation({ count: 401 }), 'count')).toEqual(['must be a whole number from 2 to 400']);
      expect(messagesAt(changed, presentation({ count: 400 }), 'count')).toEqual([]);

      const { presentations } = await import('../../src/main/db/schema');
      const checkSql = getTableConfig(presentations as SQLiteTable)
        .checks.filter((c) => c.name === 'presentations_count')
        .map((c) => new SQLiteSyncDialect().sqlToQuery(c.value).sql);
      expect(checkSql).toEqual(['"presentations"."count" between 2 and 400']);

      expect(await countFaults()).toEqual(['presentations rows 1, 2: count is not from 2 to 400']);
    } finally {
      await store.close();
    }
  });
});

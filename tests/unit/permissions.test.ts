/**
 * The permission table, walked: every role × every API call that needs a permission
 * (generated from `api` and `permissions`, so a new call or a changed row is covered at once),
 * as real users through the real invoker on a real record, SQLite file or practice server
 * (tests/support/permissionWalk.ts). A call the role may make works; any other answers
 * `forbidden` with the sentence naming the roles that may, changes no row, and leaves exactly
 * one audit row saying so. The calls on a SQLite file's backups are walked in
 * permissions-file.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forbiddenMessage } from '@shared/permissions';
import { engineStore, rawSql } from '../support/engine';
import { people, permissionWalk, recordCalls } from '../support/permissionWalk';

const permissions = permissionWalk((dir) => engineStore(dir), { backup: false });
beforeAll(permissions.setUp);
afterAll(permissions.tearDown);

describe.each(people)('$who', (person) => {
  it.each(recordCalls)('%s', async (name) => {
    await permissions.walk(person, name);
  });
});

describe('refusals in words', () => {
  it('a practice manager opening a chart is refused, and nothing of the chart is read or logged as read', async () => {
    const s = await permissions.scene('chart.get');
    const app = permissions.app();
    const manager = permissions.actors.get('a practice manager')!;
    const reads = () => rawSql(permissions.store()).value("select count(*) from audit_log where action = 'read' and patient_id = ?", s.patient.id);
    expect(await app.invoke(manager, 'chart.get', { id: s.patient.id })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: "Only a dermatologist or a nurse can open patients' charts; you are signed in as a practice manager." },
    });
    expect(await reads()).toBe(0);
    // The same chart opens for a nurse, and that read is logged.
    expect((await app.invoke(permissions.actors.get('a nurse')!, 'chart.get', { id: s.patient.id })).ok).toBe(true);
    expect(await reads()).toBe(1);
  });

  it('names every role that may, and the one the user has', () => {
    const { actors } = permissions;
    const nurse = actors.get('a nurse')!;
    expect(forbiddenMessage(nurse, 'visits.sign')).toBe(
      'Only a dermatologist can sign visits, write addenda or decide red flags; you are signed in as a nurse.',
    );
    expect(forbiddenMessage(actors.get('a dermatologist')!, 'backups.manage')).toBe(
      'Only an administrator can back up or restore the database; you are signed in as a dermatologist.',
    );
    expect(forbiddenMessage(actors.get('a practice manager')!, 'followUps.closeStale')).toBe(
      'Only an administrator can close very old follow-ups as missed; you are signed in as a practice manager.',
    );
    expect(forbiddenMessage(actors.get('an administrator')!, 'stats.read')).toBe(
      'Only a dermatologist or a practice manager can see or export treatment statistics; you are signed in as an administrator.',
    );
  });
});

/**
 * Backups on a workstation whose record is on the practice server: the server is backed up
 * where it runs, so the backup calls say so and nothing is written on the workstation (the
 * file's backups folder, named from the record's address, once appeared as `postgresql:/`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemActor } from '@shared/permissions';
import { openServerStore, type ServerStore } from '../../src/main/db/records/pg';
import { createServices } from '../../src/main/services';
import { testDatabase } from '../support/pgDatabase';
import { tempDir } from '../support/store';

const stores: ServerStore[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  while (stores.length) stores.pop()!.close();
});

const refusal =
  'The record is on the practice server, which is backed up where it runs (PostgreSQL\'s pg_dump: see "The practice server" in the README); this computer keeps no backups of it. Ask IT for a restore.';

describe('backups on the practice server', () => {
  it('are refused by every backup call in one sentence, writing nothing on the workstation, and the audit trail still verifies', async () => {
    const dir = tempDir();
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    const store = await openServerStore(await testDatabase());
    stores.push(store);
    const services = createServices(store);
    const it = systemActor('it', 'cli');
    for (const call of [
      () => services.backups.list(it),
      () => services.backups.run(it),
      () => services.backups.inspect(it, { file: 'x.db' }),
      () => services.backups.restore(it, { file: 'x.db' }),
    ]) {
      await expect(call()).rejects.toMatchObject({ kind: 'conflict', message: refusal });
    }
    await expect(services.backups.lastBackupAt()).resolves.toBeNull();
    services.backups.markExpected();
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync('postgresql:')).toBe(false);
    await expect(services.audit.verification()).resolves.toMatchObject({ problem: null });
  });
});

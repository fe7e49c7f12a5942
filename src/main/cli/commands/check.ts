import { checkDatabase } from '../../check';
import { fileOnly, withServices, writeOut, type Command } from '../support';

export const check: Command = {
  usage: 'check',
  permission: 'backups.manage',
  access: 'read',
  summary: "SQLite's integrity and foreign-key checks, the app's own invariants and the audit trail's chain",
  run(ctx) {
    // Its checks are SQLite's and the file's own (the state file, the backups' sidecars).
    const db = fileOnly(ctx, 'check', "Check the practice server's storage with PostgreSQL's pg_amcheck, and keep its dumps with backup --server.");
    return withServices(
      ctx,
      async ({ store }) => {
        // The database's own path: a read-only one is checked on a copy, beside which nothing is recorded.
        const faults = checkDatabase(store, db);
        await writeOut([faults.length === 0 ? 'ok\n' : `${faults.join('\n')}\n`]);
        return faults.length === 0 ? 0 : 1;
      },
      'read',
    );
  },
};

import { checkDatabase } from '../../check';
import { withServices, writeOut, type Command } from '../support';

export const check: Command = {
  usage: 'check',
  permission: 'backups.manage',
  summary: "SQLite's integrity and foreign-key checks, the app's own invariants and the audit trail's chain",
  run({ db }) {
    return withServices(db, async ({ store }) => {
      const faults = checkDatabase(store);
      await writeOut([faults.length === 0 ? 'ok\n' : `${faults.join('\n')}\n`]);
      return faults.length === 0 ? 0 : 1;
    });
  },
};

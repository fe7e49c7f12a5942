import Database from 'better-sqlite3';
import { backupTo } from '../../backups/backup';
import { currentJournal } from '../../backups/inspect';
import { assertMilia } from '../../db/integrity';
import { checkDatabasePath } from '../paths';
import { UsageError, outPath, progressLine, type Command } from '../support';

export const backup: Command = {
  usage: 'backup --out FILE',
  permission: 'backups.manage',
  summary: 'a consistent, verified copy of the database, safe while the app runs',
  options: { out: { type: 'string' } },
  details: [
    '--out FILE   the copy to write; it appears only once complete and verified (SQLite',
    '             integrity check, a Milia Notes database), replacing a file of that name',
    "The copy is made with SQLite's online backup: the app may keep working meanwhile.",
  ],
  async run({ db, values }) {
    const out = values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('Say where to write the copy: backup --out FILE.');
    checkDatabasePath(db);
    const target = outPath(out, db, { purpose: 'the copy', example: 'milia-notes-backup.db' });

    // Not openStore: a backup copies the file as it is, without migrating it.
    const source = new Database(db, { fileMustExist: true });
    const progress = progressLine('Backing up', 'pages');
    try {
      source.pragma('busy_timeout = 5000');
      assertMilia(source, db, currentJournal());
      await backupTo(source, target, { onProgress: progress.onProgress });
    } finally {
      progress.end();
      source.close();
    }
  },
};

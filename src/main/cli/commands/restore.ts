import { restoreDatabase } from '../../backups/restore';
import { printable } from '../json';
import { checkDatabasePath, checkInputPath } from '../paths';
import { cliActor, fileOnly, progressLine, type Command } from '../support';

export const restore: Command = {
  usage: 'restore FILE',
  permission: 'backups.manage',
  summary: 'checks FILE, keeps a copy of the current database, then replaces the database with FILE',
  positionals: { min: 1, max: 1 },
  details: [
    [
      'FILE',
      'a backup (milia-notes-...db) or another Milia Notes database file. It is checked first: a SQLite file, a Milia Notes database, not from a newer version, intact. A refused file changes nothing (exit status 2).',
    ],
    '',
    'Close Milia Notes first: a database that is open is not replaced.',
    'The database as it was is kept in the backup folder of its settings (by default Backups beside it); where is said on standard error. An older backup is updated when next opened.',
  ],
  async run(ctx) {
    const db = fileOnly(
      ctx,
      'restore',
      "A dump made with backup --server is restored with PostgreSQL's pg_restore (see the README); a database file is moved onto the server with server import.",
    );
    const file = ctx.positionals[0]!;
    // A database that is not there yet is made by the restore; an empty file, a folder or a device is refused.
    checkDatabasePath(db, { create: true });
    checkInputPath(file, { option: 'restore' });
    const progress = progressLine('Keeping a copy of the current database', 'pages');
    let kept: string;
    try {
      ({ previousCopy: kept } = await restoreDatabase(db, file, { actor: cliActor(), onProgress: progress.onProgress }));
    } finally {
      progress.end();
    }
    process.stderr.write(
      kept ? `The database as it was is kept at ${printable(kept)}\n` : `There was no database at ${printable(db)} before, so there was nothing to keep.\n`,
    );
  },
};

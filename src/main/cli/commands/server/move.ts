/**
 * `server import --db FILE`: a single-workstation record moved onto the practice server, exactly
 * and all or nothing.
 *
 * - The file is read from a consistent copy (see `snapshot`) in a private folder, removed
 *   afterwards: FILE itself is never written, not even migrated. The copy is opened as the app opens a file (start-up checks, migrated when
 *   older, its pre-chain audit rows sealed), with a file's refusals in one sentence each.
 * - Its audit trail must verify first, as `check` verifies it (the chain, and the heads recorded
 *   beside FILE and in its backups): a broken trail is evidence, not something to carry over
 *   unnoticed.
 * - On the server, one transaction holding the record's write lock: refused unless the record is
 *   empty; every row copied with its id (db/pg/moveIn.ts), the statistics deferred and made by
 *   the server at the end; the audit rows with their own numbers and seals, so the server's chain
 *   is the file's, which the services verify from its first row; then the move itself appended
 *   and sealed after the file's newest row, naming who moved what from where and the file's last
 *   seal (the anchor that ties the server's trail to the file and its backups).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Client, type PoolClient } from 'pg';
import { AppError } from '@shared/errors';
import { backupFolderFor, recordedAuditHeads, settingsBackupFolder } from '../../../backups/backup';
import { storageFault } from '../../../db/faults';
import { applicationId } from '../../../db/integrity';
import { openStore, type SqliteStore } from '../../../db/open';
import { openServerDatabase } from '../../../db/pg/migrate';
import { copyToServer, CopyRefused, recordTables } from '../../../db/pg/moveIn';
import * as pgSchema from '../../../db/pg/schema';
import { shownUrl } from '../../../db/pg/url';
import { sqliteOf } from '../../../db/records';
import { ChainWalk, headProblems } from '../../../db/records/auditChain';
import { writeLock } from '../../../db/records/pg';
import { auditRepository } from '../../../db/records/pg/auditTrail';
import { statsRepository } from '../../../db/records/pg/statsReads';
import { hasChain, newestAuditRow, storedHashes, walkChain } from '../../../db/records/sqlite/auditTrail';
import { checkDatabasePath, shownPath } from '../../paths';
import { MachineFault, serverRefusal, serverUrl, type ServerSource } from '../../serverDatabase';
import { UsageError, cliActor, progressLine, writeOut, type CommandContext } from '../../support';
import { getTableName } from 'drizzle-orm';

/** What tells that a file was written: its size and modification time; null when it is not there. */
function mark(path: string): string | null {
  try {
    const stats = statSync(path);
    return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  } catch {
    return null;
  }
}

/** SQLite's online backup of `file` into `target`, through a read-only connection. */
async function onlineBackup(file: string, target: string): Promise<void> {
  try {
    const source = new Database(file, { readonly: true, fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      await source.backup(target);
    } finally {
      source.close();
    }
  } catch (error) {
    if (storageFault(error) === 'notadb') {
      throw new UsageError(`${shownPath(file)} is not a Milia Notes database (it is not a SQLite file). Give --db the workstation's database file.`);
    }
    throw error;
  }
}

/**
 * A consistent copy of `file` at `target`, leaving nothing beside `file`. With its shared-memory
 * file there, a connection may be writing: SQLite's online backup reads one consistent state.
 * Without it no connection is open (WAL needs it), and a read-only connection would create the
 * -wal and -shm files beside the database: the file (and a left-over -wal) is copied as it is,
 * and kept only if neither changed meanwhile; otherwise the online backup is made instead.
 */
async function snapshot(file: string, target: string): Promise<void> {
  const wal = `${file}-wal`;
  if (!existsSync(`${file}-shm`)) {
    const before = [mark(file), mark(wal)];
    copyFileSync(file, target);
    if (before[1] !== null) copyFileSync(wal, `${target}-wal`);
    if (existsSync(`${file}-shm`) === false && [mark(file), mark(wal)].every((now, i) => now === before[i])) return;
    rmSync(target, { force: true });
    rmSync(`${target}-wal`, { force: true });
  }
  await onlineBackup(file, target);
}

/** The copy opened as the app opens a file; its refusals name FILE, as input refused (exit 2) when they are about what FILE is. */
function openCopy(copy: string, file: string, folder: string): SqliteStore {
  const named = (message: string) => shownPath(message.replaceAll(copy, file));
  const probe = new Database(copy, { readonly: true, fileMustExist: true });
  try {
    const appId = probe.pragma('application_id', { simple: true }) as number;
    const tables = probe.prepare("select name from sqlite_master where type = 'table' and name in ('__drizzle_migrations', 'patients')").pluck().all();
    if (appId !== applicationId && !(appId === 0 && tables.length === 2)) {
      throw new UsageError(
        `${shownPath(file)} is not a Milia Notes database (it belongs to another program, or is empty). Give --db the workstation's database file.`,
      );
    }
  } catch (error) {
    if (storageFault(error) === 'notadb') {
      throw new UsageError(`${shownPath(file)} is not a Milia Notes database (it is not a SQLite file). Give --db the workstation's database file.`);
    }
    throw error;
  } finally {
    probe.close();
  }
  try {
    return openStore(copy, { startupChecks: true, preMigrationBackup: () => join(folder, 'before-migration.db') });
  } catch (error) {
    if (error instanceof AppError) {
      const message = `${named(error.message)}${error.kind === 'conflict' ? '' : ' Nothing was moved.'}`;
      if (error.kind === 'conflict' || error.kind === 'validation') throw new UsageError(message);
      throw new AppError(error.kind, message, error.issues);
    }
    throw error;
  }
}

/** What `check` says of the file's audit trail: its chain, then the heads recorded beside it and in its backups. */
function trailProblems(sqlite: Database.Database, file: string): string[] {
  if (!hasChain(sqlite)) return [];
  const recorded = recordedAuditHeads(file, backupFolderFor(file, settingsBackupFolder(sqlite)));
  const walk = new ChainWalk();
  walkChain(sqlite, walk);
  return [...(walk.problem === null ? [] : [walk.problem]), ...headProblems(recorded, walk, storedHashes(sqlite))];
}

/** The record's tables that hold rows on the server, with how many: none for an empty record. */
async function rowsOnServer(client: PoolClient): Promise<string[]> {
  const held: string[] = [];
  for (const table of recordTables()) {
    const name = getTableName(table);
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from ${client.escapeIdentifier(name)}`);
    if (rows[0]!.n > 0) held.push(`${rows[0]!.n} in ${name}`);
  }
  return held;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** The server URL of the command: `--server`, or MILIA_SERVER; judged before anything is read. */
function serverOf({ server, serverFrom }: CommandContext): { url: string; from: ServerSource } {
  if (server === undefined) {
    throw new UsageError("server import needs the practice server: add --server URL (the database owner's URL, as given to server init), or set MILIA_SERVER.");
  }
  const from = serverFrom ?? '--server';
  serverUrl(server, from);
  return { url: server, from };
}

export async function serverImport(ctx: CommandContext): Promise<void> {
  const { url, from } = serverOf(ctx);
  if (typeof ctx.values.db !== 'string') throw new UsageError("Say which file to move: server import --db FILE (the workstation's database file).");
  const file = resolve(ctx.values.db);
  const shown = shownUrl(url);
  if (!existsSync(file)) throw new UsageError(`There is no database at ${shownPath(file)}. Give --db the workstation's database file.`);
  checkDatabasePath(file, { access: 'read' });

  const folder = mkdtempSync(join(tmpdir(), 'milia-move-'));
  const remove = () => rmSync(folder, { recursive: true, force: true });
  // Also when the process is ended part way: the copy holds the whole record.
  process.once('exit', remove);
  let store: SqliteStore | null = null;
  try {
    const copy = join(folder, 'record.db');
    await snapshot(file, copy);
    store = openCopy(copy, file, folder);
    const sqlite = sqliteOf(store);
    const problems = trailProblems(sqlite, file);
    if (problems.length > 0) {
      throw new UsageError(
        `The audit trail of ${shownPath(file)} does not verify: ${problems.join(' ')} Nothing was moved. ` +
          `See the whole report with: npm run cli -- check --db ${shownPath(file)}, and ask IT before moving this record.`,
      );
    }
    const head = newestAuditRow(sqlite);
    await assertSetUp(url, from);
    const { pool } = await openServerDatabase(url).catch((error: unknown) => {
      throw serverRefusal(error, url, from);
    });
    try {
      const client = await pool.connect();
      const progress = progressLine('Moving the record to the server', 'rows');
      // Once COMMIT is sent, a lost connection leaves unknown whether the server kept the move.
      let committing = false;
      let summary: string;
      try {
        await client.query('begin');
        // Every workstation's writes wait for the move, and none slips in between the check and the copy.
        await client.query('select pg_advisory_xact_lock($1)', [writeLock]);
        const owner = await client.query<{ may: boolean }>("select has_sequence_privilege(pg_get_serial_sequence('visits', 'id'), 'UPDATE') as may");
        if (!owner.rows[0]!.may) {
          throw new UsageError(
            `The user in ${from} may not set the record's numbering on ${shown}: server import connects as the database's owner (the URL given to server init), not as the workstations' role. Nothing was moved.`,
          );
        }
        const held = await rowsOnServer(client);
        if (held.length > 0) {
          throw new UsageError(
            `The practice server ${shown} already holds a record (${held.join(', ')}), and a move needs an empty one: nothing was moved. ` +
              'Move into a new database set up with server init without --admin (the file brings its users).',
          );
        }
        const db = drizzle(client, { schema: pgSchema });
        const counts = await statsRepository(db).withRollupsDeferred(() => copyToServer(sqlite, db, progress.onProgress));
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        const identity = (await client.query<{ user: string }>('select current_user as user')).rows[0]!.user;
        const detail =
          `from ${file}: ${plural(total, 'row')} (${[...counts].map(([name, n]) => `${name} ${n}`).join(', ')}), as database user ${identity}; ` +
          (head ? `the file's audit trail ended at row ${head.row}, sealed ${head.hash}` : "the file's audit trail was empty");
        await auditRepository(db).append({ actor: cliActor(), action: 'move_in', entity: 'database', entityId: null, detail });
        committing = true;
        const ended = await client.query('commit');
        if (ended.command !== 'COMMIT') throw new Error('The practice server did not keep the move (its transaction had failed); nothing was moved.');
        summary = `Moved ${shownPath(file)} to ${shown}: ${plural(total, 'row')}, the audit trail's ${plural(counts.get('audit_log') ?? 0, 'row')} with their seals, and the move recorded after them.\n`;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        client.release(true);
        throw moveFailed(error, url, from, committing);
      } finally {
        progress.end();
      }
      // Fresh planner statistics for the workstations' first queries; autovacuum would make them later.
      await client.query('analyze').catch(() => undefined);
      client.release();
      await writeOut([summary]);
    } finally {
      await pool.end();
    }
  } finally {
    store?.close();
    remove();
    process.off('exit', remove);
  }
}

/** What a failed move says: the table the server refused, or the server's fault; whether anything was kept. */
function moveFailed(error: unknown, url: string, from: ServerSource, committing: boolean): unknown {
  if (error instanceof UsageError) return error;
  if (error instanceof CopyRefused) {
    const reason = error.cause instanceof Error ? error.cause.message : String(error.cause);
    return new UsageError(`The practice server refused the file's ${error.table} rows (${reason}). Nothing was moved: the server is as it was.`);
  }
  const said = serverRefusal(error, url, from);
  if (said instanceof MachineFault) {
    return new MachineFault(
      committing
        ? `${said.message} The move was being committed: whether the server kept it is unknown. Run server import again: it is refused, changing nothing, if the record arrived.`
        : `${said.message} Nothing was moved.`,
    );
  }
  return said;
}

/** Refuses a database server init has not set up (no schema yet): the move never creates one, which would leave it without the app's roles. */
async function assertSetUp(url: string, from: ServerSource): Promise<void> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ found: string | null }>("select to_regclass('drizzle.__drizzle_migrations')::text as found");
    if (rows[0]?.found == null) {
      throw new UsageError(
        `${shownUrl(url)} is not set up yet. Set it up first, as its owner: npm run cli -- server init --url ${shownUrl(url)} (without --admin: the file brings its users).`,
      );
    }
  } catch (error) {
    throw error instanceof UsageError ? error : serverRefusal(error, url, from);
  } finally {
    await client.end().catch(() => undefined);
  }
}

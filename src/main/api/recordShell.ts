/**
 * Settings → Record: which record this workstation uses, and where it will find it at its next
 * start. Where the record is belongs to the workstation, not to the record, so it is kept by
 * the surface: the desktop app keeps it in its data folder with the database password in the
 * system's secret store (desktop/recordSettings.ts); the browser mode was started on a file or
 * a server by its command line and says so instead. Testing a connection is the same
 * everywhere. Only an administrator may test or change where the record is; a change is
 * audited in the record in use, and takes effect at the next start, which the desktop app can
 * make at once ("Restart now").
 */
import { AppError } from '@shared/errors';
import type { ApiParsed } from '@shared/api';
import {
  shownConnection,
  type ConnectionTest,
  type RecordConnection,
  type RecordInUse,
  type RecordRestart,
  type ServerConnection,
} from '@shared/recordConnection';
import type { Actor } from '@shared/types';
import { isSqliteStore, type Store } from '../db/records';
import { authorize } from '../services/context';

/** What the surface keeps for the next start. */
export interface RecordShell {
  saved(): Promise<{ connection: RecordConnection | null; passwordKept: boolean }>;
  /** The kept database password (null when none is), for a server saved before. */
  keptPassword(): Promise<string | null>;
  /** Keeps where the record is for the next start, with the password when given (null: none, for this computer's file). Throws the refusal, in one sentence. */
  save(connection: RecordConnection, password: string | null): Promise<void>;
  /** Starts the app again, on what is kept, a moment after this call is answered (quitting as usual first: the exit backup is taken). */
  restart(): void;
}

const where = (c: RecordConnection): string => (c.mode === 'file' ? "this computer's file" : `the practice server ${shownConnection(c)}`);

/** The same server and user as the one kept: only then may the kept password be sent to it. */
const sameServer = (a: ServerConnection, b: RecordConnection | null): boolean =>
  b?.mode === 'server' && a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.database === b.database && a.user === b.user;

export function recordService(
  store: Store,
  shell: RecordShell | undefined,
  testServer: (c: ServerConnection, password: string | null) => Promise<ConnectionTest>,
) {
  const fixedWhy = isSqliteStore(store)
    ? `This Milia Notes server was started on the file ${store.path} (--db), so where its record is cannot be changed here. Stop it and start it with --db FILE or --server URL.`
    : `This Milia Notes server was started on the practice server ${store.path} (--server), so where its record is cannot be changed here. Stop it and start it with --db FILE or --server URL.`;

  /** The password to test or keep with: the one typed, else the one kept for this very server and user. */
  async function passwordFor(connection: ServerConnection, typed: string | undefined): Promise<string | null> {
    if (typed !== undefined) return typed;
    if (!shell) return null;
    const { connection: kept } = await shell.saved();
    return sameServer(connection, kept) ? shell.keptPassword() : null;
  }

  async function describe(actor: Actor): Promise<RecordInUse> {
    await authorize(store, actor, 'practice.manage');
    const current: RecordInUse['current'] = isSqliteStore(store) ? { mode: 'file', path: store.path } : { mode: 'server', address: store.path };
    if (!shell) return { current, saved: null, passwordKept: false, changeable: { ok: false, why: fixedWhy } };
    const { connection, passwordKept } = await shell.saved();
    return { current, saved: connection, passwordKept, changeable: { ok: true } };
  }

  return {
    describe,
    async test(actor: Actor, { connection, password }: ApiParsed<'record.test'>): Promise<ConnectionTest> {
      await authorize(store, actor, 'record.connect');
      if (connection.mode === 'file')
        throw new AppError('validation', "This computer's record needs no connection test: only a practice server's can be tested.");
      return testServer(connection, await passwordFor(connection, password));
    },
    async save(actor: Actor, { connection, password }: ApiParsed<'record.save'>): Promise<RecordInUse> {
      await authorize(store, actor, 'record.connect');
      if (!shell) throw new AppError('conflict', fixedWhy);
      let kept: string | null = null;
      if (connection.mode === 'server') {
        kept = await passwordFor(connection, password);
        // A workstation that could not start on these settings is not set up with them.
        const tested = await testServer(connection, kept);
        if (!tested.ok) throw new AppError('validation', `The settings were not kept: ${tested.message}`);
      }
      await shell.save(connection, kept);
      await store.records.write((tx) =>
        tx.audit.append({
          actor,
          action: 'update',
          entity: 'record-connection',
          entityId: null,
          detail: `From the next start, the record is ${where(connection)}.`,
        }),
      );
      return describe(actor);
    },
    /** Starts the app again at once on what is kept, rather than at the next start; audited in the record in use before it closes. */
    async restart(actor: Actor): Promise<RecordRestart> {
      await authorize(store, actor, 'record.connect');
      if (!shell) throw new AppError('conflict', fixedWhy);
      const { connection } = await shell.saved();
      const restartingOn = where(connection ?? { mode: 'file' });
      await store.records.write((tx) =>
        tx.audit.append({ actor, action: 'restart', entity: 'record-connection', entityId: null, detail: `Restarted to use ${restartingOn}.` }),
      );
      shell.restart();
      return { restartingOn };
    },
  };
}

/**
 * The audit trail for those who may read it (administrators): events found by days, user,
 * patient and action, newest first; every matching event exported as CSV, which is itself
 * audited; and the chain verified once after the database is opened, in slices between
 * other work, so that a broken trail is shown to administrators at start-up.
 */
import type { ApiParsed } from '@shared/api';
import type { AuditEvent, AuditExported, AuditPage, AuditVerification } from '@shared/audit';
import { AppError } from '@shared/errors';
import type { Settings } from '@shared/schemas';
import type { Actor } from '@shared/types';
import { auditCsvBytes, auditCsvInto } from '../auditExport/exportFile';
import { backupFolderFor, recordedAuditHeads } from '../backups/backup';
import { everyOf, isSqliteStore, type AuditFilter } from '../db/records';
import { ChainWalk, headProblems } from '../db/records/auditChain';
import { saveMade, type FileMaker, type SaveTarget } from '../files/saveTarget';
import { authorize, type Store } from './context';

type Query = ApiParsed<'audit.search'>;

/** Where the trail's CSV export of `filter`'s events is made: the surface's worker thread, over its own connection, or here when left out. */
export type AuditFiles = (filter: AuditFilter) => FileMaker;

/** Rows walked between two turns of the event loop at start-up: a few tens of milliseconds each. */
const walkSlice = 20_000;
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The query's days as times (UTC: an event's time is stored in UTC, and its day is read there).
 * The end bound is hour 24 of the last day, which every time of that day (hours 00 to 23) sorts
 * before and every later day after, in the stored text's order: the next day's date would be
 * "+010000-01-01" after 9999-12-31, which sorts first and finds nothing.
 */
const filterOf = (q: Query): AuditFilter => ({
  from: q.from,
  before: `${q.to}T24`,
  userId: q.userId,
  username: q.username,
  patientId: q.patientId,
  action: q.action,
});

/** The query in words, for the audit line of an export. */
function described(q: Query): string {
  const only = [
    q.userId === undefined ? null : `user id ${q.userId}`,
    q.username === undefined ? null : `user ${q.username}`,
    q.patientId === undefined ? null : `patient ${q.patientId}`,
    q.action === undefined ? null : `action ${q.action}`,
  ].filter((part) => part !== null);
  return `${q.from} to ${q.to}${only.length > 0 ? `, ${only.join(', ')}` : ''}`;
}

const auditFileName = (q: Pick<Query, 'from' | 'to'>): string => `milia-audit-${q.from}-to-${q.to}.csv`;

export function auditService(store: Store, settingsRead: () => Promise<Settings>, files?: AuditFiles) {
  const { records } = store;
  const made: AuditFiles =
    files ??
    ((filter) => ({
      into: (temporary) => auditCsvInto(records, filter, temporary),
      bytes: () => auditCsvBytes(records, filter),
    }));
  /** The audit line of an export of `events` events. */
  const exported = (actor: Actor, q: Query, format: 'csv' | 'json', events: number) =>
    ({
      actor,
      action: 'export',
      entity: 'audit',
      entityId: null,
      detail: `${format}, ${described(q)}: ${events} event${events === 1 ? '' : 's'}`,
    }) as const;
  let verification: Promise<AuditVerification> | null = null;

  /** Every matching event, newest first, taken out of the database: audited in the same unit, an audited read (no save waits on it). */
  async function takeOut(actor: Actor, q: Query, format: 'csv' | 'json'): Promise<AuditEvent[]> {
    await authorize(store, actor, 'audit.read');
    return records.audited(async (tx) => {
      const events = await everyOf(await tx.audit.each(filterOf(q)));
      await tx.audit.append(exported(actor, q, format, events.length));
      return events;
    });
  }

  /** The chain walked whole, then each head recorded outside the database compared with it. */
  async function verify(): Promise<AuditVerification> {
    // Read first: every row a recorded head names was committed before the walk began.
    // Heads are kept beside a file and its backups; the server's trail is guarded by its own triggers and rights (no file sits beside it).
    const recorded = isSqliteStore(store) ? recordedAuditHeads(store.path, backupFolderFor(store.path, (await settingsRead()).backupFolder)) : [];
    const walk = new ChainWalk();
    while (await records.read((tx) => tx.audit.walk(walk, walkSlice))) await yieldTurn();
    const stored = await records.read((tx) => tx.audit.storedHashes(recorded.map((head) => head.row)));
    const problems = [...(walk.problem === null ? [] : [walk.problem]), ...headProblems(recorded, walk, (row) => stored.get(row))];
    return { rows: walk.rows, problem: problems.length === 0 ? null : problems.join(' ') };
  }

  return {
    async search(actor: Actor, q: Query): Promise<AuditPage> {
      await authorize(store, actor, 'audit.read');
      return records.read((tx) => tx.audit.search(filterOf(q), q.limit));
    },

    /** Every matching event (the query's limit is for searches), for the command line. */
    events: takeOut,

    /**
     * Every matching event as a CSV file, saved where the surface's `chooseTarget` says (null:
     * the user cancelled, and nothing was read). Without one the surface cannot save files. The
     * events of one snapshot are read without the record's write lock (a long export never holds
     * a save back), the audit line follows, and only then is the file saved.
     */
    async export(actor: Actor, q: Query, chooseTarget?: (fileName: string) => Promise<SaveTarget | null>): Promise<AuditExported> {
      await authorize(store, actor, 'audit.read');
      if (!chooseTarget) {
        throw new AppError('forbidden', 'Exports can be saved only from the Milia Notes window or its browser mode; use the command line "audit" otherwise.');
      }
      const fileName = auditFileName(q);
      const target = await chooseTarget(fileName);
      if (!target) return { saved: null };
      const { rows, savedTo, url } = await saveMade(target, made(filterOf(q)), (events) =>
        records.write((tx) => tx.audit.append(exported(actor, q, 'csv', events))),
      );
      return { saved: { rows, fileName, savedTo, url } };
    },

    /**
     * The chain verified once for this open database, in slices between other work (about a
     * second per million rows); a failure to read is tried again at the next ask.
     */
    verification(): Promise<AuditVerification> {
      verification ??= verify().catch((error: unknown) => {
        verification = null;
        throw error;
      });
      return verification;
    },
  };
}

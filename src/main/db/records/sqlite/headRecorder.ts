/**
 * The audit trail's newest row, written outside the database (in the state file beside it) so
 * that removing the newest rows, or rewriting the chain, is caught: `check` compares them. Units
 * that appended rows hand their newest over once committed; it is written within a second,
 * once for many units, and at close.
 *
 * A recorded head is replaced only by a newer one, and only while the trail still holds it: a
 * head the trail no longer holds is the evidence of what happened to it, and stays for `check`
 * to report (a restore records the restored trail's head itself).
 */
import type Database from 'better-sqlite3';
import { auditHeadIn, readStateFile, writeAuditHead } from '../../../files/stateFile';
import type { AuditHead } from '../auditChain';
import { storedHashes } from './auditTrail';

/** How long committed rows wait for their head to be written, so that a burst of units writes it once. */
const delayMs = 1000;

export function headRecorder(sqlite: Database.Database, dbPath: string) {
  let pending: AuditHead | null = null;
  let timer: NodeJS.Timeout | null = null;
  let hashOf: ((id: number) => string | null | undefined) | null = null;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const head = pending;
    pending = null;
    if (!head || !sqlite.open) return;
    try {
      const recorded = auditHeadIn(readStateFile(dbPath));
      if (recorded && (recorded.row >= head.row || (hashOf ??= storedHashes(sqlite))(recorded.row) !== recorded.hash)) return;
      writeAuditHead(dbPath, head);
    } catch {
      // The head is a second line of evidence: a folder that cannot be written must not fail the work that was saved.
    }
  }

  return {
    /** The newest row of a unit that committed. */
    committed(head: AuditHead): void {
      pending = head;
      timer ??= setTimeout(flush, delayMs).unref();
    },
    /** Writes what is waiting now (at close). */
    flush,
  };
}

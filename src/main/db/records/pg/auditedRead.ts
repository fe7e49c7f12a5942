/**
 * An audited read on the practice server: the reads in a read unit of their own (one snapshot,
 * no lock), the audit lines it appends kept until it is done, then appended in a short unit
 * that holds the write lock only for them. A search or a chart opened at one workstation so
 * never waits behind another's save, nor an export behind every read: only the lines queue,
 * which keeps the chain in order. The result is given only once its lines are committed, so no
 * one sees what the trail does not record; if the work fails, no line is written.
 */
import type { AuditEntry, AuditedReadTx, WriteTx } from '../contract';

type Unit = <T>(mode: 'read' | 'audit', work: (tx: WriteTx) => Promise<T>) => Promise<T>;

export async function auditedRead<T>(unit: Unit, work: (tx: AuditedReadTx) => Promise<T>): Promise<T> {
  const lines: AuditEntry[] = [];
  const value = await unit('read', (tx) =>
    work({
      ...tx,
      audit: {
        ...tx.audit,
        append: async (entry) => {
          lines.push(entry);
        },
      },
    }),
  );
  if (lines.length > 0) {
    await unit('audit', async (tx) => {
      for (const line of lines) await tx.audit.append(line);
    });
  }
  return value;
}

/**
 * The interchange file as a service: the whole record, identifiable, out and in. Only those
 * who may move the whole record may do either, and each is audited: an export in the same
 * unit as its read, so that no copy leaves without its line; an import by the importer, in
 * the unit that writes it.
 */
import type { ImportSummary } from '@shared/interchange';
import type { Actor } from '@shared/types';
import { authorize, type Store } from './context';
import { exportIn, type ExportedDocument, type ExportOptions } from '../interchange/export';
import { importDocument, type ImportOptions } from '../interchange/import';

export function interchangeService(store: Store) {
  return {
    /** The whole record as one snapshot, with an audit line of what it holds. */
    async export(actor: Actor, options: ExportOptions = {}): Promise<ExportedDocument> {
      await authorize(store, actor, 'interchange.move');
      return store.records.write(async (tx) => {
        const doc = await exportIn(tx, options);
        const visits = doc.patients.reduce((n, p) => n + p.visits.length, 0);
        const detail = JSON.stringify({ clinicians: doc.clinicians.length, patients: doc.patients.length, visits });
        await tx.audit.append({ actor, action: 'interchange_export', entity: 'interchange', entityId: null, detail });
        return doc;
      });
    },

    /** An interchange file (parsed JSON, not yet checked), all or nothing. */
    async import(actor: Actor, doc: unknown, options: ImportOptions = {}): Promise<ImportSummary> {
      await authorize(store, actor, 'interchange.move');
      return importDocument(store.records, actor, doc, options);
    },
  };
}

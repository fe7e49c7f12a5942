/**
 * Aftercare handouts as records: each printed handout is composed from the visit, rendered,
 * and stored with its PDF and SHA-256, so a reprint hands back the very bytes first given
 * to the patient. Every function takes the acting user first and parses its input.
 */
import { createHash } from 'node:crypto';
import { HandoutBatch, HandoutCreate, HandoutId, HandoutList, type HandoutRecord } from '@shared/handouts';
import type { Settings } from '@shared/schemas';
import type { Actor } from '@shared/types';
import type { TreatmentKind } from '@shared/vocabulary';
import { actorLabel, audit, notFound, nowIso, parse, today, write, type Store } from './context';
import { toPatient, patientColumns, type PatientRow } from './patients';
import type { VisitRecords } from './visitRecords';
import { composeHandout } from '../handouts/content';
import type { HandoutDocument } from '../handouts/model';
import { renderHandouts } from '../handouts/render';

interface HandoutRow {
  id: number;
  visit_id: number;
  created_at: string;
  created_by: string;
  sha256: string;
  size: number;
  large_print: number;
  paper_size: 'A4' | 'Letter';
  template_versions: string;
  kinds: string;
}

const columns = 'id, visit_id, created_at, created_by, sha256, size, large_print, paper_size, template_versions, kinds';

const toRecord = (r: HandoutRow): HandoutRecord => ({
  id: r.id,
  visitId: r.visit_id,
  createdAt: r.created_at,
  createdBy: r.created_by,
  sha256: r.sha256,
  sizeBytes: r.size,
  largePrint: r.large_print === 1,
  paperSize: r.paper_size,
  templateVersions: JSON.parse(r.template_versions) as Record<string, string>,
  kinds: JSON.parse(r.kinds) as TreatmentKind[],
});

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function handoutService(store: Store, records: VisitRecords, readSettings: () => Settings) {
  const { sqlite } = store;
  const patientRow = sqlite.prepare(`select ${patientColumns} from patients p where p.id = ?`);
  const insert = sqlite.prepare(
    'insert into handouts (visit_id, created_at, created_by, sha256, size, large_print, paper_size, template_versions, kinds, pdf) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const byId = sqlite.prepare(`select ${columns} from handouts where id = ?`);
  const pdfOf = sqlite.prepare('select pdf from handouts where id = ?').pluck();
  const byVisit = sqlite.prepare(`select ${columns} from handouts where visit_id = ? order by created_at desc, id desc`);

  /** The visit's handout as content, from the record as it stands now. */
  const compose = (visitId: number, day: string): HandoutDocument => {
    const visit = records.load('visit', visitId)[0];
    if (!visit) throw notFound('Visit', visitId);
    const row = patientRow.get(visit.patientId) as PatientRow | undefined;
    if (!row) throw notFound('Patient', visit.patientId);
    return composeHandout({ patient: toPatient(row), visit, settings: readSettings(), today: day });
  };

  const record = (id: number): HandoutRecord => {
    const row = byId.get(id) as HandoutRow | undefined;
    if (!row) throw notFound('Handout', id);
    return toRecord(row);
  };

  return {
    /**
     * Composes, renders and stores the handout of a visit, with an audit line, in one
     * transaction. `beforeRecord` hands the PDF over first (the command line writes its file):
     * when it fails, nothing is recorded, so the log never lists a handout that was not given.
     */
    async create(actor: Actor, input: unknown, options: { beforeRecord?: (bytes: Buffer) => void | Promise<void> } = {}): Promise<HandoutRecord> {
      const { visitId, largePrint } = parse(HandoutCreate, input, 'the handout');
      const doc = compose(visitId, today());
      const paperSize = readSettings().paperSize;
      const bytes = await renderHandouts([doc], { paperSize, largePrint });
      const hash = sha256(bytes);
      await options.beforeRecord?.(bytes);
      return write(store, () => {
        // Rendering is asynchronous, so the visit is checked again inside the transaction.
        if (!sqlite.prepare('select 1 from visits where id = ?').get(visitId)) throw notFound('Visit', visitId);
        const by = actorLabel(actor);
        const id = Number(
          insert.run(
            visitId,
            nowIso(),
            by,
            hash,
            bytes.length,
            largePrint ? 1 : 0,
            paperSize,
            JSON.stringify(doc.templateVersions),
            JSON.stringify(doc.kinds),
            bytes,
          ).lastInsertRowid,
        );
        audit(store, actor, 'create', 'handout', id, `visit ${visitId}, sha256 ${hash}`);
        return record(id);
      });
    },

    /** A visit's handouts, newest first, without their PDFs. */
    list(_actor: Actor, input: unknown): HandoutRecord[] {
      const { visitId } = parse(HandoutList, input);
      if (!sqlite.prepare('select 1 from visits where id = ?').get(visitId)) throw notFound('Visit', visitId);
      return (byVisit.all(visitId) as HandoutRow[]).map(toRecord);
    },

    /** A stored handout and its PDF exactly as first printed, for a reprint. */
    pdf(_actor: Actor, input: unknown): { record: HandoutRecord; bytes: Buffer } {
      const { id } = parse(HandoutId, input);
      const found = record(id);
      return { record: found, bytes: pdfOf.get(id) as Buffer };
    },

    /**
     * Several stored handouts as one PDF to print together. Stored PDFs cannot be joined
     * without a PDF merger, so each is composed and rendered again from its visit as it
     * stands now, on the first one's paper, in large print when any of them was; the stored
     * PDFs stay the record of what was handed out.
     */
    async renderBatch(_actor: Actor, input: unknown): Promise<Buffer> {
      const { ids } = parse(HandoutBatch, input, 'the handouts');
      const found = ids.map(record);
      const day = today();
      const docs = found.map((r) => compose(r.visitId, day));
      const first = found[0]!;
      return renderHandouts(docs, { paperSize: first.paperSize, largePrint: found.some((r) => r.largePrint) });
    },
  };
}

export type HandoutService = ReturnType<typeof handoutService>;

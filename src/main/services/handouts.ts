/**
 * Aftercare handouts as records: each printed handout is composed from the visit, rendered,
 * and stored with its PDF and SHA-256, so a reprint hands back the very bytes first given
 * to the patient. Every function takes the acting user first and its input parsed. Nothing is
 * rendered until the practice's name and phone number are set (a stored PDF is still handed
 * back for a reprint: it is the record of what the patient was given).
 */
import { createHash } from 'node:crypto';
import type { ApiParsed } from '@shared/api';
import { today } from '@shared/calendar';
import { AppError } from '@shared/errors';
import type { HandoutRecord } from '@shared/handouts';
import { missingPracticeContact } from '@shared/practiceContact';
import type { Settings } from '@shared/schemas';
import type { Actor } from '@shared/types';
import { actorLabel } from '../db/records';
import { authorize, notFound, type ReadTx, type Store, type WriteTx } from './context';
import { patientOf } from './patients';
import { readSettings } from './settings';
import { visitOf } from './visits';
import { composeHandout } from '../handouts/content';
import type { HandoutDocument } from '../handouts/model';
import { renderHandouts } from '../handouts/render';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The settings to print with, once they name the practice and its phone: without them a
 * patient with a problem would have no number to call. Refused before anything is rendered,
 * recorded or audited (validation refusals are not audited).
 */
async function printingSettings(tx: ReadTx): Promise<Settings> {
  const settings = await readSettings(tx);
  const missing = missingPracticeContact(settings);
  if (missing) throw new AppError('validation', missing);
  return settings;
}

/** The visit's handout as content, from the record as it stands now. */
async function compose(tx: ReadTx, visitId: number, settings: Settings, day: string): Promise<HandoutDocument> {
  const visit = await visitOf(tx, visitId);
  const patient = await patientOf(tx, visit.patientId);
  return composeHandout({ patient, visit, settings, today: day });
}

async function recordOf(tx: ReadTx, id: number): Promise<HandoutRecord> {
  const found = await tx.handouts.get(id);
  if (!found) throw notFound('Handout', id);
  return found;
}

/** The audit line of one handout printed again, naming its patient. */
async function reprinted(tx: WriteTx, actor: Actor, record: HandoutRecord): Promise<void> {
  const patientId = await tx.visits.patientOf(record.visitId);
  await tx.audit.append({ actor, action: 'reprint', entity: 'handout', entityId: record.id, patientId, detail: `visit ${record.visitId}` });
}

/** Lays handouts out as one PDF: here, or on the surface's worker thread. */
export type HandoutRenderer = typeof renderHandouts;

export function handoutService(store: Store, render: HandoutRenderer = renderHandouts) {
  const { records } = store;
  return {
    /**
     * Composes, renders and stores the handout of a visit, with an audit line, in one
     * transaction. `beforeRecord` hands the PDF over first (the command line writes its file):
     * when it fails, nothing is recorded, so the log never lists a handout that was not given.
     */
    async create(
      actor: Actor,
      { visitId, largePrint }: ApiParsed<'handouts.create'>,
      options: { beforeRecord?: (bytes: Buffer) => void | Promise<void> } = {},
    ): Promise<HandoutRecord> {
      await authorize(store, actor, 'handouts.print');
      const { doc, paperSize } = await records.read(async (tx) => {
        const settings = await printingSettings(tx);
        return { doc: await compose(tx, visitId, settings, today()), paperSize: settings.paperSize };
      });
      // Rendered outside any unit of work: it takes a while and needs no database.
      const bytes = await render([doc], { paperSize, largePrint });
      const hash = sha256(bytes);
      await options.beforeRecord?.(bytes);
      return records.write(async (tx) => {
        // Rendering is asynchronous, so the visit is checked again inside the transaction.
        const patientId = await tx.visits.patientOf(visitId);
        if (patientId === undefined) throw notFound('Visit', visitId);
        const id = await tx.handouts.insert({
          visitId,
          createdBy: actorLabel(actor),
          sha256: hash,
          size: bytes.length,
          largePrint,
          paperSize,
          templateVersions: doc.templateVersions,
          kinds: doc.kinds,
          pdf: bytes,
        });
        await tx.audit.append({ actor, action: 'create', entity: 'handout', entityId: id, patientId, detail: `visit ${visitId}, sha256 ${hash}` });
        return recordOf(tx, id);
      });
    },

    /** A visit's handouts, newest first, without their PDFs. */
    async list(actor: Actor, { visitId }: ApiParsed<'handouts.list'>): Promise<HandoutRecord[]> {
      await authorize(store, actor, 'charts.read');
      return records.read(async (tx) => {
        if ((await tx.visits.patientOf(visitId)) === undefined) throw notFound('Visit', visitId);
        return tx.handouts.ofVisit(visitId);
      });
    },

    /** A stored handout and its PDF exactly as first printed, for a reprint; audited with the read, in one unit. */
    async pdf(actor: Actor, { id }: { id: number }): Promise<{ record: HandoutRecord; bytes: Buffer }> {
      await authorize(store, actor, 'handouts.print');
      return records.write(async (tx) => {
        const record = await recordOf(tx, id);
        const bytes = (await tx.handouts.pdf(id))!;
        await reprinted(tx, actor, record);
        return { record, bytes };
      });
    },

    /**
     * Several stored handouts as one PDF to print together. Stored PDFs cannot be joined
     * without a PDF merger, so each is composed and rendered again from its visit as it
     * stands now, on the first one's paper, in large print when any of them was; the stored
     * PDFs stay the record of what was handed out. Each handout's reprint is audited once the
     * PDF is rendered.
     */
    async renderBatch(actor: Actor, { ids }: { ids: readonly number[] }): Promise<Buffer> {
      await authorize(store, actor, 'handouts.print');
      const day = today();
      const { found, docs } = await records.read(async (tx) => {
        const settings = await printingSettings(tx);
        const found: HandoutRecord[] = [];
        for (const id of ids) found.push(await recordOf(tx, id));
        const docs: HandoutDocument[] = [];
        for (const r of found) docs.push(await compose(tx, r.visitId, settings, day));
        return { found, docs };
      });
      const first = found[0]!;
      const bytes = await render(docs, { paperSize: first.paperSize, largePrint: found.some((r) => r.largePrint) });
      await records.write(async (tx) => {
        for (const record of found) await reprinted(tx, actor, record);
      });
      return bytes;
    },
  };
}

export type HandoutService = ReturnType<typeof handoutService>;

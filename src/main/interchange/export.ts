/**
 * Exporting the whole record as an interchange file (`interchange.md`), in a stable order:
 * clinicians by key, patients by MRN, visits by date then key, the rest by position. Optional
 * fields are left out when empty and lists are always written, but for a visit's addenda
 * (new in version 2), left out when there are none so that a record nobody signed exports as
 * its version-1 file did but for the format. Importing an export into an empty database and
 * exporting again gives the same bytes. A presentation's decision and its note (version 4) are
 * written only when it has them, as the visit reads (made at the visit, or by a decision
 * addendum), and a decision addendum names the presentation it decides by its number on the
 * visit, so a record without decisions exports as its version-3 file did but for the format.
 * An archived patient carries the moment it was archived, and an inactive clinician
 * `active: false` (version 5); neither is written otherwise, so a record with neither exports
 * as its version-4 file did but for the format.
 * A visit's signature is the one a dermatologist gave it, here or in the record it was
 * imported from; the import's own signature belongs to this record alone (an importer signs
 * again).
 */
import { interchangeFormat } from '@shared/interchange';
import type { Addendum, FollowUp, Presentation, Treatment, VisitSignature } from '@shared/types';
import { isProcedure } from '@shared/vocabulary';
import type { ReadTx, Records, VisitRecord } from '../db/records';

export interface ExportOptions {
  onProgress?(done: number, total: number): void;
}

const byDateThenKey = (a: VisitRecord, b: VisitRecord): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const presentation = (p: Presentation) => ({
  type: p.type,
  site: p.site,
  ...(p.side !== null && { side: p.side }),
  count: p.count,
  ...(p.sizeMm !== null && { sizeMm: p.sizeMm }),
  ...(p.distribution !== null && { distribution: p.distribution }),
  triggers: p.triggers,
  redFlags: p.redFlags,
  differentials: p.differentials,
  notes: p.notes,
  ...(p.decision !== null && { decision: p.decision }),
  ...(p.decisionNote !== '' && { decisionNote: p.decisionNote }),
});

/** A dermatologist's signature: the visit's own, or for a visit imported signed, the one it came with. */
const signature = (s: VisitSignature | null) => {
  const signed = s?.kind === 'signed' ? s : s?.original;
  return signed ? { by: signed.byName, at: signed.at } : null;
};

/** An addendum; a decision addendum with the number (from 1) of the presentation of its visit it decides. */
const addendum = (a: Addendum, presentations: readonly Presentation[]) => {
  const decided = a.presentationId === null ? 0 : presentations.findIndex((p) => p.id === a.presentationId) + 1;
  return {
    text: a.text,
    by: a.authorName,
    at: a.signedAt,
    ...(decided > 0 && a.decision !== null && { presentation: decided, decision: a.decision }),
  };
};

const followUp = (f: FollowUp) => ({
  dueDate: f.dueDate,
  reason: f.reason,
  status: f.status,
  ...(f.completedDate !== null && { completedDate: f.completedDate }),
  ...(f.outcome !== null && { outcome: f.outcome }),
});

/** The whole record as one consistent snapshot (one read unit). */
export const exportDocument = (records: Records, options: ExportOptions = {}) => records.read((tx) => exportIn(tx, options));

/** The whole record as seen by a unit of work already open (the service's, which audits the export in the same unit). */
export async function exportIn(tx: ReadTx, options: ExportOptions) {
  const clinicianRows = await tx.clinicians.byKey();
  const keyOf = new Map(clinicianRows.map((c) => [c.id, c.key]));
  const clinicianKey = (id: number): string => keyOf.get(id)!;

  const treatment = (t: Treatment) => {
    const procedure = isProcedure(t.kind);
    return {
      kind: t.kind,
      site: t.site,
      ...(t.side !== null && { side: t.side }),
      lesionsTreated: t.lesionsTreated,
      ...(procedure && t.anesthesia !== null && { anesthesia: t.anesthesia }),
      ...(procedure && t.consent !== null && { consent: t.consent }),
      performedBy: clinicianKey(t.performedById),
      details: t.details,
      notes: t.notes,
    };
  };

  const visit = (v: VisitRecord) => {
    const signed = signature(v.signature);
    return {
      key: v.key,
      date: v.date,
      clinician: clinicianKey(v.clinicianId),
      notes: v.notes,
      ...(v.pregnancyStatus !== null && { pregnancyStatus: v.pregnancyStatus }),
      ...(v.retinoidOverride !== null && { retinoidOverride: v.retinoidOverride }),
      presentations: v.presentations.map(presentation),
      treatments: v.treatments.map(treatment),
      followUps: v.followUps.map(followUp),
      ...(signed && { signature: signed }),
      ...(v.addenda.length > 0 && { addenda: v.addenda.map((a) => addendum(a, v.presentations)) }),
    };
  };

  const patientRows = await tx.patients.all();
  const patients = [];
  for (const [i, p] of patientRows.entries()) {
    if (i % 250 === 0) options.onProgress?.(i, patientRows.length);
    patients.push({
      mrn: p.mrn,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      sex: p.sex,
      ...(p.fitzpatrick !== null && { fitzpatrick: p.fitzpatrick }),
      ...(p.phone !== null && { phone: p.phone }),
      ...(p.email !== null && { email: p.email }),
      ...(p.archivedAt !== null && { archivedAt: p.archivedAt }),
      visits: (await tx.visits.load({ patientId: p.id })).sort(byDateThenKey).map(visit),
    });
  }
  options.onProgress?.(patientRows.length, patientRows.length);

  return {
    format: interchangeFormat as string,
    clinicians: clinicianRows.map((c) => ({ key: c.key, name: c.name, role: c.role, ...(!c.active && { active: false }) })),
    patients,
  };
}

/** An export as plain data: the shape of `InterchangeDocument`, written field by field. */
export type ExportedDocument = Awaited<ReturnType<typeof exportDocument>>;

/** Re-indents a nested `JSON.stringify(value, null, 2)`: strings hold no raw line breaks. */
const nested = (value: unknown, pad: string): string => JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`);

/**
 * The file form, `JSON.stringify(doc, null, 2)` and a final line break, in pieces of one
 * patient each, so that a large export is written without one string of the whole file.
 */
export function* documentText(doc: ExportedDocument): Generator<string> {
  yield `{\n  "format": ${JSON.stringify(doc.format)},\n  "clinicians": ${nested(doc.clinicians, '  ')},\n  "patients": `;
  if (doc.patients.length === 0) {
    yield '[]';
  } else {
    yield '[\n';
    const last = doc.patients.length - 1;
    for (const [i, p] of doc.patients.entries()) yield `    ${nested(p, '    ')}${i < last ? ',' : ''}\n`;
    yield '  ]';
  }
  yield '\n}\n';
}

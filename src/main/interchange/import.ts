/**
 * Importing an interchange file (`interchange.md`): all or nothing. Every fault is collected
 * with its JSON path (schema faults, then the rules across records and against the
 * database), in file order, and the first 20 are reported; a file with any fault changes
 * nothing. The writes go through the record layer, like the app's own, in one write unit.
 * Imported visits are historical: each arrives signed "by import" by the importing user at
 * the import's time, keeping the signature and addenda it carried (version 2), and the
 * decisions on its presentations with the decision addenda that recorded them (version 4).
 * An archived patient arrives archived at the moment the file gives, and an inactive clinician
 * inactive (version 5).
 */
import * as z from 'zod';
import { AppError, fieldIssues, formatPath, type FieldIssue } from '@shared/errors';
import {
  type InterchangeClinician,
  interchangeClinicians,
  InterchangeDocument,
  interchangeFormat,
  interchangePatients,
  type ImportSummary,
  type InterchangePatient,
  type InterchangeVisit,
} from '@shared/interchange';
import { dayOf, nowIso, today } from '@shared/calendar';
import type { Actor } from '@shared/types';
import { actorLabel, patientRow, type NewPresentation, type Records, type WriteTx } from '../db/records';

const maxReportedFaults = 20;

export interface ImportOptions {
  /** Called now and then with the work done so far: each patient is checked, then written. */
  onProgress?(done: number, total: number): void;
  /** More writes in the import's own transaction, after its rows (the demo's decided visits and users): all or nothing together. */
  alsoWrite?(tx: WriteTx, summary: ImportSummary): Promise<void>;
}

/**
 * One visit of an interchange file as rows: the visit, its findings (the presentations given,
 * with their decisions) and its follow-ups; not its signature nor its addenda. Its id and its
 * presentations' ids, in their order.
 */
export async function insertVisit(
  tx: WriteTx,
  v: InterchangeVisit,
  {
    patientId,
    clinicianIdOf,
    by,
    presentations = v.presentations,
  }: {
    patientId: number;
    clinicianIdOf: (key: string) => number | Promise<number>;
    by: string;
    presentations?: readonly NewPresentation[];
  },
): Promise<{ visitId: number; presentationIds: number[] }> {
  const clinicianId = await clinicianIdOf(v.clinician);
  const visitId = await tx.visits.insert({
    key: v.key,
    patientId,
    date: v.date,
    clinicianId,
    notes: v.notes,
    pregnancyStatus: v.pregnancyStatus ?? null,
    retinoidOverride: v.retinoidOverride ?? null,
    createdBy: by,
  });
  const treatments = [];
  for (const t of v.treatments) treatments.push({ ...t, performedBy: t.performedBy === undefined ? clinicianId : await clinicianIdOf(t.performedBy) });
  const found = await tx.visits.insertFindings(visitId, presentations, treatments);
  for (const [position, f] of v.followUps.entries()) await tx.followUps.insert(visitId, position, f, by);
  return { visitId, presentationIds: found.presentations };
}

/**
 * Why a decision addendum (version 4) does not fit its visit, as the database's
 * `addenda_decision_matches` would refuse it and more: it names a presentation of the visit,
 * and records the decision that presentation carries. Null when it fits, or is no decision addendum.
 */
function decisionAddendumProblem(v: InterchangeVisit, a: InterchangeVisit['addenda'][number]): { field: string; message: string } | null {
  if (a.presentation === undefined || a.decision === undefined) return null;
  const count = v.presentations.length;
  const p = v.presentations[a.presentation - 1];
  if (!p) {
    return {
      field: 'presentation',
      message:
        count === 0
          ? 'names a presentation, but this visit has none: leave out presentation and decision, or add the presentation'
          : `must be from 1 to ${count}, the number of a presentation of this visit`,
    };
  }
  if (p.decision === undefined) {
    return {
      field: 'decision',
      message: `records ${a.decision} for presentation ${a.presentation}, which has no decision in this file: give that presentation the decision ${a.decision} too`,
    };
  }
  if (p.decision !== a.decision) {
    return {
      field: 'decision',
      message: `records ${a.decision} for presentation ${a.presentation}, whose decision in this file is ${p.decision}: the two must be the same`,
    };
  }
  return null;
}

/** The document with its records left unparsed, so that each is checked on its own. */
const Outline = z.strictObject({
  ...InterchangeDocument.shape,
  clinicians: z.array(z.unknown()).default([]),
  patients: z.array(z.unknown()).default([]),
});

/** MRNs compare as the database's `collate nocase` index does: ASCII letters only. */
const foldMrn = (mrn: string): string => mrn.replace(/[A-Z]/g, (c) => c.toLowerCase());

const progressEvery = 250;

/** Faults in file order: the header and clinicians first (-1), then by patient index. */
class Faults {
  private readonly byRecord = new Map<number, FieldIssue[]>();
  count = 0;

  add(record: number, path: ReadonlyArray<PropertyKey>, message: string): void {
    this.addAll(record, [{ path: formatPath(path), message }]);
  }

  addAll(record: number, issues: readonly FieldIssue[]): void {
    if (issues.length === 0) return;
    const list = this.byRecord.get(record);
    if (list) list.push(...issues);
    else this.byRecord.set(record, [...issues]);
    this.count += issues.length;
  }

  first(n: number): FieldIssue[] {
    const records = [...this.byRecord.keys()].sort((a, b) => a - b);
    return records.flatMap((r) => this.byRecord.get(r)!).slice(0, n);
  }
}

function invalid(faults: Faults): AppError {
  const n = faults.count;
  const listed = n > maxReportedFaults ? ` (the first ${maxReportedFaults} are listed)` : '';
  return new AppError(
    'validation',
    `The import file has ${n} fault${n === 1 ? '' : 's'}${listed}, so nothing was imported. Correct the file and import it again.`,
    faults.first(maxReportedFaults),
  );
}

export async function importDocument(records: Records, actor: Actor, doc: unknown, options: ImportOptions = {}): Promise<ImportSummary> {
  const faults = new Faults();
  const outline = Outline.safeParse(doc);
  if (!outline.success) faults.addAll(-1, fieldIssues(outline.error));
  // The records are checked even when the outline has a fault, so that one run lists all.
  const listOf = (name: 'clinicians' | 'patients'): unknown[] => {
    const list = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>)[name] : undefined;
    return Array.isArray(list) ? list : [];
  };
  // Each format's clinicians and patients by its own schemas; an unknown format (already a fault) by the newest.
  const format = InterchangeDocument.shape.format.safeParse((doc as { format?: unknown } | null)?.format);
  const clinicianSchema = interchangeClinicians[format.success ? format.data : interchangeFormat];
  const patientSchema = interchangePatients[format.success ? format.data : interchangeFormat];
  const rawClinicians = listOf('clinicians');
  const rawPatients = listOf('patients');
  const total = rawPatients.length * 2;
  const progress = (done: number) => options.onProgress?.(done, total);

  // Clinicians: unique keys. Any entry with a key counts for references, even a faulty one,
  // so that one fault is not echoed by every visit that names it.
  const clinicians: InterchangeClinician[] = [];
  const clinicianAt = new Map<string, number>();
  rawClinicians.forEach((raw, i) => {
    const rawKey = (raw as { key?: unknown } | null)?.key;
    // As the schema reads a key (trimmed, then NFC), so that an accent typed as a combining mark names the same clinician.
    const keyAsRead = typeof rawKey === 'string' ? rawKey.trim().normalize('NFC') : null;
    if (keyAsRead !== null && !clinicianAt.has(keyAsRead)) clinicianAt.set(keyAsRead, i);
    const parsed = clinicianSchema.safeParse(raw);
    if (!parsed.success) return faults.addAll(-1, fieldIssues(parsed.error, ['clinicians', i]));
    const first = clinicianAt.get(parsed.data.key);
    if (first !== i) faults.add(-1, ['clinicians', i, 'key'], `is also the key of clinicians[${first}]`);
    else clinicians.push(parsed.data);
  });
  const isClinician = (key: string) => clinicianAt.has(key);

  // Patients: the schema, then the rules within the file.
  const now = today();
  const moment = Date.now();
  const patients: Array<{ index: number; data: InterchangePatient }> = [];
  const mrnAt = new Map<string, number>();
  const visitAt = new Map<string, string>();
  rawPatients.forEach((raw, i) => {
    if (i % progressEvery === 0) progress(i);
    const parsed = patientSchema.safeParse(raw);
    if (!parsed.success) return faults.addAll(i, fieldIssues(parsed.error, ['patients', i]));
    const p = parsed.data;
    const at = (...path: PropertyKey[]) => ['patients', i, ...path];
    const mrn = foldMrn(p.mrn);
    const sameMrn = mrnAt.get(mrn);
    if (sameMrn !== undefined) faults.add(i, at('mrn'), `is also the MRN of patients[${sameMrn}] (MRNs ignore case)`);
    else mrnAt.set(mrn, i);
    if (p.dateOfBirth > now) faults.add(i, at('dateOfBirth'), 'must not be in the future');
    if (p.archivedAt !== undefined) {
      // The day on this workstation's calendar, as the date of birth is.
      if (Date.parse(p.archivedAt) > moment) faults.add(i, at('archivedAt'), 'must not be in the future');
      else if (dayOf(p.archivedAt) < p.dateOfBirth) faults.add(i, at('archivedAt'), `must not be before the date of birth, ${p.dateOfBirth}`);
    }
    p.visits.forEach((v, j) => {
      const sameKey = visitAt.get(v.key);
      if (sameKey !== undefined) faults.add(i, at('visits', j, 'key'), `is also the key of ${sameKey}`);
      else visitAt.set(v.key, formatPath(at('visits', j)));
      if (v.date < p.dateOfBirth) faults.add(i, at('visits', j, 'date'), `must not be before the date of birth, ${p.dateOfBirth}`);
      if (!isClinician(v.clinician)) faults.add(i, at('visits', j, 'clinician'), 'is not the key of a clinician in this file');
      v.treatments.forEach((t, k) => {
        if (t.performedBy !== undefined && !isClinician(t.performedBy)) {
          faults.add(i, at('visits', j, 'treatments', k, 'performedBy'), 'is not the key of a clinician in this file');
        }
      });
      v.followUps.forEach((f, k) => {
        const path = (field: string) => at('visits', j, 'followUps', k, field);
        if (f.dueDate < v.date) faults.add(i, path('dueDate'), `must not be before the visit, ${v.date}`);
        if (f.completedDate !== undefined && f.completedDate < v.date) faults.add(i, path('completedDate'), `must not be before the visit, ${v.date}`);
        if (f.completedDate !== undefined && f.completedDate > now) faults.add(i, path('completedDate'), 'must not be in the future');
      });
      v.addenda.forEach((a, k) => {
        if (v.signature && Date.parse(a.at) < Date.parse(v.signature.at))
          faults.add(i, at('visits', j, 'addenda', k, 'at'), `must not be before the visit's signature, ${v.signature.at}`);
        const problem = decisionAddendumProblem(v, a);
        if (problem) faults.add(i, at('visits', j, 'addenda', k, problem.field), problem.message);
      });
    });
    patients.push({ index: i, data: p });
  });

  const summary = await records.write(async (tx) => {
    // Against the database, inside the transaction so that nothing slips in between.
    for (const { index, data } of patients) {
      if ((await tx.patients.idOfMrn(data.mrn)) !== undefined) faults.add(index, ['patients', index, 'mrn'], 'belongs to a patient already in the database');
      for (const [j, v] of data.visits.entries()) {
        if (await tx.visits.keyTaken(v.key)) faults.add(index, ['patients', index, 'visits', j, 'key'], 'is the key of a visit already in the database');
      }
    }
    if (faults.count > 0) throw invalid(faults);

    const imported = { clinicians: 0, patients: 0, visits: 0, presentations: 0, treatments: 0, followUps: 0 };
    const clinicianIds = new Map<string, number>();
    for (const c of clinicians) {
      let id = await tx.clinicians.idOfKey(c.key);
      if (id === undefined) {
        id = await tx.clinicians.insert({ key: c.key, name: c.name, role: c.role, active: c.active ?? true });
        imported.clinicians++;
      }
      clinicianIds.set(c.key, id);
    }

    const by = actorLabel(actor);
    const importedAt = nowIso();
    const visitIds: Array<[string, number]> = [];
    // The roll-ups are summed once at the end, not per row: a large practice imports in a fraction of the time.
    await tx.stats.withRollupsDeferred(async () => {
      for (const [n, { data: p }] of patients.entries()) {
        if (n % progressEvery === 0) progress(rawPatients.length + n);
        const patientId = await tx.patients.insert({ ...patientRow(p, p.mrn), archivedAt: p.archivedAt ?? null });
        imported.patients++;
        for (const v of p.visits) {
          const { visitId, presentationIds } = await insertVisit(tx, v, { patientId, clinicianIdOf: (key) => clinicianIds.get(key)!, by });
          // Signed after its findings: the database refuses findings on a signed visit.
          const original = v.signature ? { byName: v.signature.by, at: v.signature.at } : null;
          await tx.visits.sign(visitId, { kind: 'import', byName: actor.name, byUser: actor.userId, at: importedAt, original });
          for (const a of v.addenda) {
            const presentationId = a.presentation === undefined ? null : presentationIds[a.presentation - 1]!;
            await tx.visits.insertAddendum({
              visitId,
              text: a.text,
              authorName: a.by,
              authorUser: null,
              signedAt: a.at,
              presentationId,
              decision: a.decision ?? null,
            });
          }
          visitIds.push([v.key, visitId]);
          imported.visits++;
          imported.presentations += v.presentations.length;
          imported.treatments += v.treatments.length;
          imported.followUps += v.followUps.length;
        }
      }
    });
    await tx.audit.append({ actor, action: 'import', entity: 'interchange', entityId: null, detail: JSON.stringify(imported) });
    // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
    const done: ImportSummary = { imported, visitIds: Object.fromEntries(visitIds) };
    await options.alsoWrite?.(tx, done);
    progress(total);
    return done;
  });
  // A large import changes the shape of the data: refresh the planner's statistics now.
  await records.optimize();
  return summary;
}

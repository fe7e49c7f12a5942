import type { ApiParsed } from '@shared/api';
import { today } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { foldWords } from '@shared/text';
import { typedDate } from '@shared/typedDates';
import type { Actor, Patient, PatientSummary } from '@shared/types';
import { patientRow } from '../db/records';
import { authorize, notFound, type ReadTx, type Store, type WriteTx } from './context';
import { readSettings } from './settings';

/** A patient that must exist. */
export async function patientOf(tx: ReadTx, id: number): Promise<Patient> {
  const patient = await tx.patients.get(id);
  if (!patient) throw notFound('Patient', id);
  return patient;
}

/** The next free `MN-000001`-style number. */
const nextMrn = async (tx: ReadTx): Promise<string> => `MN-${String((await tx.patients.highestMrnNumber('MN-')) + 1).padStart(6, '0')}`;

async function checkMrnFree(tx: ReadTx, mrn: string, self?: number): Promise<void> {
  const taken = await tx.patients.idOfMrn(mrn);
  if (taken !== undefined && taken !== self) {
    throw new AppError('conflict', `MRN ${mrn} belongs to another patient. Check the number, or open that patient instead.`, [
      { path: 'mrn', message: 'belongs to another patient' },
    ]);
  }
}

function checkBirth(dateOfBirth: string): void {
  if (dateOfBirth > today()) {
    throw new AppError('validation', 'The date of birth is in the future. Check the date.', [{ path: 'dateOfBirth', message: 'must not be in the future' }]);
  }
}

export function patientService(store: Store) {
  const { records } = store;
  const change = (work: (tx: WriteTx) => Promise<void>, id: number) =>
    records.write(async (tx) => {
      await work(tx);
      return patientOf(tx, id);
    });

  return {
    /**
     * Search by any part of the name in any order (case and accents ignored), by MRN prefix,
     * by the number of an MRN typed alone ("000003" or "3" for MN-000003), or by date of birth
     * (`YYYY-MM-DD`, or with slashes in the practice's date order), all in one box. MRN
     * matches come first, then names
     * matching whole words, then the rest, alphabetically. Each search is audited with its
     * query (never its results); an empty box searches nothing and leaves no line.
     */
    async search(actor: Actor, q: ApiParsed<'patients.search'>): Promise<PatientSummary[]> {
      await authorize(store, actor, 'charts.read');
      const raw = q.query.trim().split(/\s+/).filter(Boolean);
      if (raw.length === 0) return [];
      return records.audited(async (tx) => {
        const { dateOrder } = await readSettings(tx);
        const dates = raw.map((w) => typedDate(w, dateOrder));
        const words = foldWords(raw.filter((_, i) => dates[i] === null).join(' '));
        const dateOfBirth = dates.find((d) => d !== null) ?? null;
        if (words.length === 0 && dateOfBirth === null) return [];
        const alone = raw.length === 1 && dateOfBirth === null ? raw[0]! : null;
        const mrnPrefix = alone !== null && /\d/.test(alone) ? alone : null;
        const mrnNumber = alone !== null && /^\d*[1-9]\d*$/.test(alone) ? alone.replace(/^0+/, '') : null;
        const found = await tx.patients.search({ words, dateOfBirth, mrnPrefix, mrnNumber, includeArchived: q.includeArchived, limit: q.limit });
        await tx.audit.append({ actor, action: 'search', entity: 'patient', entityId: null, detail: q.query });
        return found;
      });
    },

    /** A patient's details; the read and its audit line are one unit, so the line exists exactly when the details were given. */
    async get(actor: Actor, { id }: ApiParsed<'patients.get'>): Promise<Patient> {
      await authorize(store, actor, 'charts.read');
      return records.audited(async (tx) => {
        const patient = await patientOf(tx, id);
        await tx.audit.append({ actor, action: 'read', entity: 'patient', entityId: id, patientId: id });
        return patient;
      });
    },

    async create(actor: Actor, p: ApiParsed<'patients.create'>): Promise<Patient> {
      await authorize(store, actor, 'patients.write');
      checkBirth(p.dateOfBirth);
      return records.write(async (tx) => {
        const mrn = p.mrn ?? (await nextMrn(tx));
        await checkMrnFree(tx, mrn);
        const id = await tx.patients.insert(patientRow(p, mrn));
        await tx.audit.append({ actor, action: 'create', entity: 'patient', entityId: id, patientId: id });
        return patientOf(tx, id);
      });
    },

    async update(actor: Actor, p: ApiParsed<'patients.update'>): Promise<Patient> {
      await authorize(store, actor, 'patients.write');
      checkBirth(p.dateOfBirth);
      return change(async (tx) => {
        await patientOf(tx, p.id);
        await checkMrnFree(tx, p.mrn, p.id);
        const earliest = await tx.visits.firstDate(p.id);
        if (earliest !== null && earliest < p.dateOfBirth) {
          throw new AppError('validation', `The date of birth is after this patient's first visit (${earliest}). Check the date.`, [
            { path: 'dateOfBirth', message: `must not be after the first visit, ${earliest}` },
          ]);
        }
        await tx.patients.update(p.id, patientRow(p, p.mrn));
        await tx.audit.append({ actor, action: 'update', entity: 'patient', entityId: p.id, patientId: p.id });
      }, p.id);
    },

    /** Archiving hides a patient from search and the worklist; the record is kept whole. */
    async archive(actor: Actor, a: ApiParsed<'patients.archive'>): Promise<Patient> {
      await authorize(store, actor, 'patients.write');
      return change(async (tx) => {
        await patientOf(tx, a.id);
        await tx.patients.setArchived(a.id, a.archived);
        await tx.audit.append({ actor, action: a.archived ? 'archive' : 'unarchive', entity: 'patient', entityId: a.id, patientId: a.id });
      }, a.id);
    },
  };
}

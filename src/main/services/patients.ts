import { AppError } from '@shared/errors';
import { isIsoDate } from '@shared/fields';
import { PatientArchive, PatientCreate, PatientId, PatientSearch, PatientUpdate } from '@shared/schemas';
import { foldText, foldWords } from '@shared/text';
import type { Actor, Patient, PatientSummary } from '@shared/types';
import type { Sex } from '@shared/vocabulary';
import { audit, notFound, nowIso, parse, today, write, type Store } from './context';

export interface PatientRow {
  id: number;
  mrn: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  sex: Sex;
  fitzpatrick: number | null;
  phone: string | null;
  email: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export const patientColumns =
  'p.id, p.mrn, p.given_name, p.family_name, p.date_of_birth, p.sex, p.fitzpatrick, p.phone, p.email, p.archived_at, p.created_at, p.updated_at';

export const toSummary = (r: PatientRow): PatientSummary => ({
  id: r.id,
  mrn: r.mrn,
  givenName: r.given_name,
  familyName: r.family_name,
  dateOfBirth: r.date_of_birth,
  sex: r.sex,
  archived: r.archived_at !== null,
});

export const toPatient = (r: PatientRow): Patient => ({
  ...toSummary(r),
  fitzpatrick: r.fitzpatrick,
  phone: r.phone,
  email: r.email,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The folded words of a patient's names, as the search index holds them. */
export const searchName = (givenName: string, familyName: string): string => foldText(`${givenName} ${familyName}`);

/** An FTS5 query matching every word as a prefix, in any order. */
const ftsQuery = (words: readonly string[]): string => words.map((w) => `"${w.replaceAll('"', '')}"*`).join(' ');

export function patientService(store: Store) {
  const { sqlite } = store;
  const getRow = sqlite.prepare(`select ${patientColumns} from patients p where p.id = ?`);
  const mrnTaken = sqlite.prepare('select id from patients where mrn = ? collate nocase');

  const row = (id: number): PatientRow => {
    const r = getRow.get(id) as PatientRow | undefined;
    if (!r) throw notFound('Patient', id);
    return r;
  };

  /** The next free `MN-000001`-style number. */
  const nextMrn = (): string => {
    const last = sqlite.prepare("select max(cast(substr(mrn, 4) as integer)) as n from patients where mrn like 'MN-%'").get() as { n: number | null };
    return `MN-${String((last.n ?? 0) + 1).padStart(6, '0')}`;
  };

  const checkMrnFree = (mrn: string, self?: number) => {
    const taken = mrnTaken.get(mrn) as { id: number } | undefined;
    if (taken && taken.id !== self) {
      throw new AppError('conflict', `MRN ${mrn} belongs to another patient. Check the number, or open that patient instead.`, [
        { path: 'mrn', message: 'belongs to another patient' },
      ]);
    }
  };

  const checkBirth = (dateOfBirth: string) => {
    if (dateOfBirth > today()) {
      throw new AppError('validation', 'The date of birth is in the future. Check the date.', [{ path: 'dateOfBirth', message: 'must not be in the future' }]);
    }
  };

  return {
    row,

    /**
     * Search by any part of the name in any order (case and accents ignored), by MRN prefix
     * or by date of birth (`YYYY-MM-DD`), all in one box. MRN matches come first, then names
     * matching whole words, then the rest, alphabetically.
     */
    search(_actor: Actor, input: unknown): PatientSummary[] {
      const q = parse(PatientSearch, input, 'the search');
      const raw = q.query.trim().split(/\s+/).filter(Boolean);
      const dates = raw.filter(isIsoDate);
      const words = foldWords(raw.filter((w) => !isIsoDate(w)).join(' '));
      if (words.length === 0 && dates.length === 0) return [];
      const archived = q.includeArchived ? '' : 'and p.archived_at is null';
      const dob = dates[0];
      const params: Record<string, unknown> = { limit: q.limit, dob: dob ?? null };
      const dobClause = dob ? 'and p.date_of_birth = :dob' : '';

      if (words.length === 0) {
        return (
          sqlite
            .prepare(`select ${patientColumns} from patients p where 1 ${dobClause} ${archived} order by p.family_name, p.given_name limit :limit`)
            .all(params) as PatientRow[]
        ).map(toSummary);
      }

      params.match = ftsQuery(words);
      // Whole-word hits rank first: "li" puts Li before Lindqvist.
      const exact = words.map((w, i) => {
        params[`w${i}`] = ` ${w} `;
        return `(instr(' ' || p.search_name || ' ', :w${i}) > 0)`;
      });
      const mrnPrefix = raw.length === 1 && /\d/.test(raw[0]!) && !dob ? raw[0]! : null;
      params.mrn = mrnPrefix;
      const sql = `
        select ${patientColumns}, 1 as mrn_hit, 0 as exact from patients p
          where :mrn is not null and p.mrn >= :mrn collate nocase and p.mrn < (:mrn || char(1114111)) collate nocase ${archived}
        union all
        select ${patientColumns}, 0 as mrn_hit, ${exact.join(' + ')} as exact
          from patient_search join patients p on p.id = patient_search.rowid
          where patient_search match :match ${dobClause} ${archived}
        order by mrn_hit desc, exact desc, family_name collate nocase, given_name collate nocase, id
        limit :limit`;
      const rows = sqlite.prepare(sql).all(params) as PatientRow[];
      const seen = new Set<number>();
      return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map(toSummary);
    },

    get(_actor: Actor, input: unknown): Patient {
      return toPatient(row(parse(PatientId, input).id));
    },

    create(actor: Actor, input: unknown): Patient {
      const p = parse(PatientCreate, input, 'the patient');
      checkBirth(p.dateOfBirth);
      return write(store, () => {
        const mrn = p.mrn ?? nextMrn();
        checkMrnFree(mrn);
        const id = Number(
          sqlite
            .prepare(
              `insert into patients (mrn, given_name, family_name, search_name, date_of_birth, sex, fitzpatrick, phone, email)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              mrn,
              p.givenName,
              p.familyName,
              searchName(p.givenName, p.familyName),
              p.dateOfBirth,
              p.sex,
              p.fitzpatrick ?? null,
              p.phone ?? null,
              p.email ?? null,
            ).lastInsertRowid,
        );
        audit(store, actor, 'create', 'patient', id);
        return toPatient(row(id));
      });
    },

    update(actor: Actor, input: unknown): Patient {
      const p = parse(PatientUpdate, input, 'the patient');
      checkBirth(p.dateOfBirth);
      return write(store, () => {
        row(p.id);
        checkMrnFree(p.mrn, p.id);
        const earliest = sqlite.prepare('select min(date) as d from visits where patient_id = ?').get(p.id) as { d: string | null };
        if (earliest.d !== null && earliest.d < p.dateOfBirth) {
          throw new AppError('validation', `The date of birth is after this patient's first visit (${earliest.d}). Check the date.`, [
            { path: 'dateOfBirth', message: `must not be after the first visit, ${earliest.d}` },
          ]);
        }
        sqlite
          .prepare(
            `update patients set mrn = ?, given_name = ?, family_name = ?, search_name = ?, date_of_birth = ?, sex = ?,
               fitzpatrick = ?, phone = ?, email = ?, updated_at = ? where id = ?`,
          )
          .run(
            p.mrn,
            p.givenName,
            p.familyName,
            searchName(p.givenName, p.familyName),
            p.dateOfBirth,
            p.sex,
            p.fitzpatrick ?? null,
            p.phone ?? null,
            p.email ?? null,
            nowIso(),
            p.id,
          );
        audit(store, actor, 'update', 'patient', p.id);
        return toPatient(row(p.id));
      });
    },

    /** Archiving hides a patient from search and the worklist; the record is kept whole. */
    archive(actor: Actor, input: unknown): Patient {
      const a = parse(PatientArchive, input);
      return write(store, () => {
        row(a.id);
        sqlite.prepare('update patients set archived_at = ?, updated_at = ? where id = ?').run(a.archived ? nowIso() : null, nowIso(), a.id);
        audit(store, actor, a.archived ? 'archive' : 'unarchive', 'patient', a.id);
        return toPatient(row(a.id));
      });
    },
  };
}

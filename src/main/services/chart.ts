import { PatientId } from '@shared/schemas';
import type { Actor, Chart, LesionHistory, Visit } from '@shared/types';
import { parse, type Store } from './context';
import { toPatient, type PatientRow, patientColumns } from './patients';
import type { VisitRecords } from './visitRecords';
import { notFound } from './context';

/** Lesion counts per site and side over time, oldest first; counts at one visit add up. */
export function lesionHistory(visits: readonly Visit[]): LesionHistory[] {
  const bySite = new Map<string, LesionHistory>();
  for (const visit of [...visits].reverse()) {
    for (const p of visit.presentations) {
      const id = `${p.site}|${p.side ?? ''}`;
      let h = bySite.get(id);
      if (!h) bySite.set(id, (h = { site: p.site, side: p.side, points: [] }));
      const last = h.points.at(-1);
      if (last && last.visitId === visit.id) last.count += p.count;
      else h.points.push({ date: visit.date, visitId: visit.id, count: p.count });
    }
  }
  return [...bySite.values()];
}

export function chartService(store: Store, records: VisitRecords) {
  const patientRow = store.sqlite.prepare(`select ${patientColumns} from patients p where p.id = ?`);
  return {
    /** A patient with every visit (newest first) and the lesion-count history by site. */
    get(_actor: Actor, input: unknown): Chart {
      const { id } = parse(PatientId, input);
      const row = patientRow.get(id) as PatientRow | undefined;
      if (!row) throw notFound('Patient', id);
      const visits = records.load('patient', id);
      return { patient: toPatient(row), visits, lesionHistory: lesionHistory(visits) };
    },
  };
}

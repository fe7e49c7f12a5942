import type { ApiParsed } from '@shared/api';
import type { Actor, Chart, LesionHistory, Visit } from '@shared/types';
import { authorize, type Store } from './context';
import { patientOf } from './patients';
import { withBlockers } from './signatures';

/** Lesion counts per site and side over time, oldest first; counts at one visit add up. */
function lesionHistory(visits: readonly Visit[]): LesionHistory[] {
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

export function chartService(store: Store) {
  return {
    /**
     * A patient with every visit (newest first) and the lesion-count history by site. The
     * read and its audit line are one unit: the line exists exactly when the chart was given.
     */
    async get(actor: Actor, { id }: ApiParsed<'chart.get'>): Promise<Chart> {
      await authorize(store, actor, 'charts.read');
      return store.records.audited(async (tx) => {
        const patient = await patientOf(tx, id);
        const visits = await withBlockers(tx, await tx.visits.load({ patientId: id }));
        await tx.audit.append({ actor, action: 'read', entity: 'chart', entityId: id, patientId: id });
        return { patient, visits, lesionHistory: lesionHistory(visits) };
      });
    },
  };
}

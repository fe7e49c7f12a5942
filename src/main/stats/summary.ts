/**
 * The summary of `statistics.md` from the aggregates in `sql.ts`: statements prepared once
 * per store, each run once per summary, their few grouped rows shaped into the JSON every
 * surface shows.
 */
import type { Period, StatsSummary, TreatmentRow } from '@shared/stats';
import { followUpStatuses, procedureCodes, type MiliaType, type ProcedureCode, type Site, type TreatmentKind } from '@shared/vocabulary';
import type { Store } from '../db/open';
import * as sql from './sql';

type Coded = { code: string };
type Params = { from: string; to: string; asOf?: string };

/** Every `YYYY-MM` from the month of `from` to the month of `to`, both included. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}

/** Rows keyed by code into an object, zero counts left out. */
function byCode<R extends Coded, V>(rows: R[], value: (r: R) => V): Record<string, V> {
  const out: Record<string, V> = {};
  for (const r of rows) out[r.code] = value(r);
  return out;
}

function nonZero(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v) out[k] = v;
  return out;
}

export function statisticsQueries(store: Store) {
  const prepare = (text: string) => store.sqlite.prepare<[Params]>(text);
  const q = {
    visitCounts: prepare(sql.visitCounts),
    newPatients: prepare(sql.newPatients),
    presentations: prepare(sql.presentations),
    byKind: prepare(sql.treatmentsByKind),
    byMonth: prepare(sql.treatmentsByMonth),
    byClinician: prepare(sql.treatmentsByClinician),
    visitCodes: prepare(sql.visitProcedureCodes),
    peelCodes: prepare(sql.peelProcedureCodes),
    followUps: prepare(sql.followUps),
    outcomes: prepare(sql.outcomesByKind),
    rows: prepare(sql.treatmentRows),
  };
  // Statements only bind the parameters their text names.
  const p = ({ from, to }: Period) => ({ from, to });

  function summary(period: Period): StatsSummary {
    const counts = q.visitCounts.get(p(period)) as { visits: number; patients: number };
    const presentations = q.presentations.all(p(period)) as { type: MiliaType; site: Site; presentations: number; lesions: number; red_flagged: number }[];
    const byType: StatsSummary['presentationsByType'] = {};
    const bySite: StatsSummary['presentationsBySite'] = {};
    let redFlagged = 0;
    for (const r of presentations) {
      for (const [into, key] of [
        [byType, r.type],
        [bySite, r.site],
      ] as const) {
        const sum = ((into as Record<string, { presentations: number; lesions: number }>)[key] ??= { presentations: 0, lesions: 0 });
        sum.presentations += r.presentations;
        sum.lesions += r.lesions;
      }
      redFlagged += r.red_flagged;
    }
    const kinds = q.byKind.all(p(period)) as (Coded & { treatments: number; lesions_treated: number; patients: number })[];

    const months = new Map(monthsOf(period.from, period.to).map((month) => [month, {} as Record<string, number>]));
    for (const r of q.byMonth.all(p(period)) as (Coded & { month: string; n: number })[]) months.get(r.month)![r.code] = r.n;

    const clinicians: Record<string, Record<string, number>> = {};
    // Keyed by name, as the spec says: two clinicians of one name add up under it.
    for (const r of q.byClinician.all(p(period)) as (Coded & { name: string; n: number })[]) {
      const kinds = (clinicians[r.name] ??= {});
      kinds[r.code] = (kinds[r.code] ?? 0) + r.n;
    }

    const fu = q.followUps.all(period) as (Coded & { n: number; overdue: number })[];
    const followUps = { ...Object.fromEntries(followUpStatuses.codes.map((s) => [s, 0])), overdue: 0 } as StatsSummary['followUps'];
    for (const r of fu) {
      followUps[r.code as keyof typeof followUps] = r.n;
      followUps.overdue += r.overdue;
    }

    const outcomes: Record<string, Record<string, number>> = {};
    for (const r of q.outcomes.all(p(period)) as (Coded & { outcome: string; n: number })[]) (outcomes[r.code] ??= {})[r.outcome] = r.n;

    const codes = { ...(q.visitCodes.get(p(period)) as object), ...(q.peelCodes.get(p(period)) as object) } as Record<ProcedureCode, number>;
    return {
      period: { from: period.from, to: period.to, asOf: period.asOf },
      visits: counts.visits,
      patients: counts.patients,
      newPatients: (q.newPatients.get(p(period)) as { n: number }).n,
      presentationsByType: byType,
      presentationsBySite: bySite,
      redFlagged,
      treatmentsByKind: byCode(kinds, (r) => ({ treatments: r.treatments, lesionsTreated: r.lesions_treated, patients: r.patients })),
      treatmentsByMonth: [...months].map(([month, k]) => ({ month, kinds: k })),
      treatmentsByClinician: clinicians,
      // In the vocabulary's order, not the order the database returns them.
      procedureCodes: nonZero(Object.fromEntries(procedureCodes.codes.map((c) => [c, codes[c]]))),
      followUps,
      outcomesByKind: outcomes,
    };
  }

  /**
   * The period's treatments for an export. Patients become pseudonyms numbered in order of
   * first appearance: stable within this export, meaningless without the database.
   */
  function treatments(period: Period): TreatmentRow[] {
    const raw = q.rows.all(p(period)) as {
      visit_date: string;
      patient_id: number;
      clinician: string;
      kind: TreatmentKind;
      site: Site;
      side: TreatmentRow['side'];
      lesions_treated: number;
      procedure_code: ProcedureCode | null;
    }[];
    const pseudonyms = new Map<number, string>();
    const width = Math.max(5, String(raw.length).length);
    return raw.map((r) => {
      let patient = pseudonyms.get(r.patient_id);
      if (patient === undefined) {
        patient = `P-${String(pseudonyms.size + 1).padStart(width, '0')}`;
        pseudonyms.set(r.patient_id, patient);
      }
      return {
        visitDate: r.visit_date,
        patient,
        clinician: r.clinician,
        kind: r.kind,
        site: r.site,
        side: r.side,
        lesionsTreated: r.lesions_treated,
        procedureCode: r.procedure_code,
      };
    });
  }

  return { summary, treatments };
}

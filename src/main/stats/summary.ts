/**
 * The summary of `statistics.md` from the aggregates the record layer computes: their few
 * grouped rows shaped into the JSON every surface shows, and an export's treatments with
 * pseudonyms for patients.
 */
import type { ExportFormat, Period, StatsSummary, TreatmentRow } from '@shared/stats';
import { procedureCodes } from '@shared/vocabulary';
import { mapped, type Counted, type ReadTx, type StatsAggregates, type StatsTreatment } from '../db/records';
import type { ExportInput } from './formats';

/** Every `YYYY-MM` from the month of `from` to the month of `to`, both included. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const [ty, tm] = [Number(to.slice(0, 4)), Number(to.slice(5, 7))];
  while (y < ty || (y === ty && m <= tm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}

function nonZero(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v) out[k] = v;
  return out;
}

export function summarise(period: Period, a: StatsAggregates): StatsSummary {
  const byType: StatsSummary['presentationsByType'] = {};
  const bySite: StatsSummary['presentationsBySite'] = {};
  let redFlagged = 0;
  for (const r of a.presentations) {
    for (const sum of [(byType[r.type] ??= { presentations: 0, lesions: 0 }), (bySite[r.site] ??= { presentations: 0, lesions: 0 })]) {
      sum.presentations += r.presentations;
      sum.lesions += r.lesions;
    }
    redFlagged += r.redFlagged;
  }

  const treatmentsByKind: StatsSummary['treatmentsByKind'] = {};
  for (const r of a.treatmentsByKind) treatmentsByKind[r.kind] = { treatments: r.treatments, lesionsTreated: r.lesionsTreated, patients: r.patients };

  const months = new Map(monthsOf(period.from, period.to).map((month): [string, StatsSummary['treatmentsByMonth'][number]['kinds']] => [month, {}]));
  for (const r of a.treatmentsByMonth) {
    const kinds = months.get(r.month);
    if (kinds) kinds[r.kind] = r.n;
  }

  const clinicians: StatsSummary['treatmentsByClinician'] = {};
  // Keyed by name, as the spec says: two clinicians of one name add up under it.
  for (const r of a.treatmentsByClinician) {
    const kinds = (clinicians[r.name] ??= {});
    kinds[r.kind] = (kinds[r.kind] ?? 0) + r.n;
  }

  const followUps: StatsSummary['followUps'] = { scheduled: 0, completed: 0, missed: 0, cancelled: 0, overdue: 0 };
  for (const r of a.followUps) {
    followUps[r.status] = r.n;
    followUps.overdue += r.overdue;
  }

  const outcomes: StatsSummary['outcomesByKind'] = {};
  for (const r of a.outcomesByKind) (outcomes[r.kind] ??= {})[r.outcome] = r.n;

  return {
    period: { from: period.from, to: period.to, asOf: period.asOf },
    visits: a.visits,
    patients: a.patients,
    newPatients: a.newPatients,
    presentationsByType: byType,
    presentationsBySite: bySite,
    redFlagged,
    treatmentsByKind,
    treatmentsByMonth: [...months].map(([month, kinds]) => ({ month, kinds })),
    treatmentsByClinician: clinicians,
    // In the vocabulary's order, not the order the database returns them.
    procedureCodes: nonZero(Object.fromEntries(procedureCodes.codes.map((c) => [c, a.procedureCodes[c]]))),
    followUps,
    outcomesByKind: outcomes,
  };
}

/**
 * The period's treatments for an export. Patients become pseudonyms numbered in order of
 * first appearance: stable within this export, meaningless without the database.
 */
export function pseudonymise(raw: readonly StatsTreatment[]): TreatmentRow[] {
  return raw.map(pseudonymiser(raw.length));
}

/** The same, as the rows are read: their number sets the pseudonyms' width, so it is known first. */
export function pseudonymised(raw: Counted<StatsTreatment>): Counted<TreatmentRow> {
  return mapped(raw, pseudonymiser(raw.length));
}

/** Each row with its patient's pseudonym, given in order of first appearance among `rows` rows. */
function pseudonymiser(rows: number): (r: StatsTreatment) => TreatmentRow {
  const pseudonyms = new Map<number, string>();
  const width = Math.max(5, String(rows).length);
  // Each field named, not `{ patientId, ...r }`: a rest copy per row doubled this loop's time.
  return (r) => {
    let patient = pseudonyms.get(r.patientId);
    if (patient === undefined) {
      patient = `P-${String(pseudonyms.size + 1).padStart(width, '0')}`;
      pseudonyms.set(r.patientId, patient);
    }
    return {
      visitDate: r.visitDate,
      patient,
      clinician: r.clinician,
      kind: r.kind,
      site: r.site,
      side: r.side,
      lesionsTreated: r.lesionsTreated,
      procedureCode: r.procedureCode,
    };
  };
}

/** An export's rows as the statement gives them, pseudonymised, and for the workbook the summary: what its file is made of. */
export async function exportInput(tx: ReadTx, format: ExportFormat, period: Period): Promise<ExportInput> {
  const rows = pseudonymised(await tx.stats.eachTreatment(period));
  // The CSV is the rows alone: only the workbook has sheets for the summary.
  return format === 'csv' ? { format, rows } : { format, rows, summary: summarise(period, await tx.stats.aggregates(period)) };
}

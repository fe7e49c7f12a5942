/**
 * The visit form's values and their conversion to the API's shape.
 *
 * The form holds what the inputs hold: text for numbers, '' for an unanswered select. Its
 * paths mirror the API's (`treatments.1.details.agent`), so that an issue from the schema or
 * from the service lands on the field it is about. The resolver converts the values and
 * checks them with the service's own `VisitInput`, so a field shows the words the service
 * would use.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { needsDecision } from '@shared/decisions';
import { VisitInput } from '@shared/schemas';
import type { Visit } from '@shared/types';
import {
  isPairedSite,
  isProcedure,
  type Anesthesia,
  type Differential,
  type Distribution,
  type FollowUpStatus,
  type MiliaType,
  type Outcome,
  type PregnancyStatus,
  type RedFlag,
  type ReviewDecision,
  type Side,
  type Site,
  type TreatmentKind,
  type Trigger,
} from '@shared/vocabulary';

export interface PresentationValues {
  type: MiliaType;
  site: Site;
  side: Side | '';
  count: string;
  sizeMm: string;
  distribution: Distribution | '';
  triggers: Trigger[];
  redFlags: RedFlag[];
  differentials: Differential[];
  notes: string;
  decision: ReviewDecision | '';
  decisionNote: string;
}

/** Every kind's detail fields at once, so that switching kind back and forth loses nothing. */
export interface DetailValues {
  instrument: string;
  /** '' when not recorded. */
  extractor: '' | 'yes' | 'no';
  method: string;
  freezeSeconds: string;
  cycles: string;
  laser: string;
  settings: string;
  agent: string;
  concentrationPercent: string;
  depth: string;
  product: string;
  strengthPercent: string;
  frequency: string;
  doseMg: string;
  durationWeeks: string;
}

export interface TreatmentValues {
  kind: TreatmentKind | '';
  site: Site | '';
  side: Side | '';
  lesionsTreated: string;
  anesthesia: Anesthesia | '';
  consent: boolean;
  performedBy: string;
  details: DetailValues;
  notes: string;
}

interface FollowUpValues {
  /** Present on a follow-up saved before, which is passed back as it is. */
  id?: number;
  dueDate: string;
  reason: string;
  status: FollowUpStatus;
  completedDate: string;
  outcome: Outcome | '';
}

export interface VisitValues {
  id?: number;
  patientId: number;
  date: string;
  clinicianId: string;
  notes: string;
  /** Asked only of a patient aged 12-55 who is not male (`asksPregnancy`); empty when not answered. */
  pregnancyStatus: PregnancyStatus | '';
  /** A dermatologist's reason to give a topical retinoid to a child under 12; empty for none. */
  retinoidOverride: string;
  presentations: PresentationValues[];
  treatments: TreatmentValues[];
  /** The follow-ups saved before, then the one this form may add, always last. */
  followUps: FollowUpValues[];
  /** Whether the last follow-up is added. */
  scheduleFollowUp: boolean;
}

const defaultReason = 'Check clearance';

const blankDetails: DetailValues = {
  instrument: '',
  extractor: '',
  method: '',
  freezeSeconds: '',
  cycles: '',
  laser: '',
  settings: '',
  agent: '',
  concentrationPercent: '',
  depth: '',
  product: '',
  strengthPercent: '',
  frequency: '',
  doseMg: '',
  durationWeeks: '',
};

export const newPresentation = (site: Site, side: Side | ''): PresentationValues => ({
  type: 'primary',
  site,
  side,
  count: '',
  sizeMm: '',
  distribution: '',
  triggers: [],
  redFlags: [],
  differentials: [],
  notes: '',
  decision: '',
  decisionNote: '',
});

export const newTreatment = (values: Partial<TreatmentValues>): TreatmentValues => ({
  kind: '',
  site: '',
  side: '',
  lesionsTreated: '',
  anesthesia: '',
  consent: false,
  performedBy: '',
  details: { ...blankDetails },
  notes: '',
  ...values,
});

const newFollowUp = (): FollowUpValues => ({ dueDate: '', reason: defaultReason, status: 'scheduled', completedDate: '', outcome: '' });

export function newVisit(patientId: number, date: string, clinicianId: number | null): VisitValues {
  return {
    patientId,
    date,
    clinicianId: clinicianId === null ? '' : String(clinicianId),
    notes: '',
    pregnancyStatus: '',
    retinoidOverride: '',
    presentations: [],
    treatments: [],
    followUps: [newFollowUp()],
    scheduleFollowUp: false,
  };
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function visitValues(visit: Visit): VisitValues {
  return {
    id: visit.id,
    patientId: visit.patientId,
    date: visit.date,
    clinicianId: String(visit.clinicianId),
    notes: visit.notes,
    pregnancyStatus: visit.pregnancyStatus ?? '',
    retinoidOverride: visit.retinoidOverride ?? '',
    presentations: visit.presentations.map((p) => ({
      type: p.type,
      site: p.site,
      side: p.side ?? '',
      count: String(p.count),
      sizeMm: text(p.sizeMm),
      distribution: p.distribution ?? '',
      triggers: p.triggers,
      redFlags: p.redFlags,
      differentials: p.differentials,
      notes: p.notes,
      decision: p.decision ?? '',
      decisionNote: p.decisionNote,
    })),
    treatments: visit.treatments.map((t) => {
      const d = t.details;
      const details = Object.fromEntries(Object.keys(blankDetails).map((k) => [k, text(d[k])])) as unknown as DetailValues;
      details.extractor = d.extractor === true ? 'yes' : d.extractor === false ? 'no' : '';
      return {
        kind: t.kind,
        site: t.site,
        side: t.side ?? '',
        lesionsTreated: String(t.lesionsTreated),
        anesthesia: t.anesthesia ?? '',
        consent: t.consent ?? false,
        performedBy: String(t.performedById),
        details,
        notes: t.notes,
      };
    }),
    followUps: [
      ...visit.followUps.map((f): FollowUpValues => ({
        id: f.id,
        dueDate: f.dueDate,
        reason: f.reason,
        status: f.status,
        completedDate: f.completedDate ?? '',
        outcome: f.outcome ?? '',
      })),
      newFollowUp(),
    ],
    // Follow-ups already booked for this visit stand; another is added only on request.
    scheduleFollowUp: false,
  };
}

/** An empty input is a missing value; anything else is read as a number (and checked as one). */
const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));
const opt = <T extends string>(v: T | ''): T | undefined => (v.trim() === '' ? undefined : (v as T));
/** A paired site takes a side; a midline site is sent without one. */
const sideOf = (site: Site | '', side: Side | ''): Side | undefined => (site !== '' && isPairedSite(site) ? opt(side) : undefined);

function details(kind: TreatmentKind, d: DetailValues): Record<string, unknown> {
  switch (kind) {
    case 'extraction':
      return { instrument: opt(d.instrument), extractor: d.extractor === '' ? undefined : d.extractor === 'yes' };
    case 'cryotherapy':
      return { method: opt(d.method), freezeSeconds: num(d.freezeSeconds), cycles: num(d.cycles) };
    case 'laser_ablation':
      return { laser: opt(d.laser), settings: opt(d.settings) };
    case 'chemical_peel':
      return { agent: opt(d.agent), concentrationPercent: num(d.concentrationPercent), depth: opt(d.depth) };
    case 'topical_retinoid':
      return { product: opt(d.product), strengthPercent: num(d.strengthPercent), frequency: opt(d.frequency) };
    case 'oral_minocycline':
      return { doseMg: num(d.doseMg), durationWeeks: num(d.durationWeeks) };
    default:
      return {};
  }
}

function treatment(t: TreatmentValues) {
  const common = { site: opt(t.site), side: sideOf(t.site, t.side), performedBy: num(t.performedBy), notes: t.notes };
  if (t.kind === '') return { ...common, kind: undefined };
  const kind = t.kind;
  if (!isProcedure(kind)) return { ...common, kind, details: details(kind, t.details), lesionsTreated: 0 };
  return { ...common, kind, details: details(kind, t.details), lesionsTreated: num(t.lesionsTreated), anesthesia: opt(t.anesthesia), consent: t.consent };
}

/**
 * The API input for the values. Fields the form hides are not sent: triggers unless the
 * type is secondary, the decision unless the presentation needs one (`needsDecision`), details of other kinds.
 */
function toVisitInput(v: VisitValues): unknown {
  return {
    id: v.id,
    patientId: v.patientId,
    date: opt(v.date),
    clinicianId: num(v.clinicianId),
    notes: v.notes,
    pregnancyStatus: opt(v.pregnancyStatus),
    retinoidOverride: opt(v.retinoidOverride),
    presentations: v.presentations.map((p) => {
      const flagged = needsDecision(p);
      return {
        type: p.type,
        site: p.site,
        side: sideOf(p.site, p.side),
        count: num(p.count),
        sizeMm: num(p.sizeMm),
        distribution: opt(p.distribution),
        triggers: p.type === 'secondary' ? p.triggers : [],
        redFlags: p.redFlags,
        differentials: p.differentials,
        notes: p.notes,
        decision: flagged ? opt(p.decision) : undefined,
        decisionNote: flagged && p.decision !== '' ? p.decisionNote : '',
      };
    }),
    treatments: v.treatments.map(treatment),
    // The form's own follow-up is last, so the others keep their indexes (and their issues' paths).
    followUps: v.followUps
      .filter((f) => f.id !== undefined || v.scheduleFollowUp)
      .map((f) => ({ id: f.id, dueDate: opt(f.dueDate), reason: f.reason, status: f.status, completedDate: opt(f.completedDate), outcome: opt(f.outcome) })),
  };
}

const visitSchema = z.custom<VisitValues>().transform(toVisitInput).pipe(VisitInput);

/** Checks the values as the service will; the parsed visit is what gets saved. */
export const visitResolver = zodResolver(visitSchema);

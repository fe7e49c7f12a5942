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
import type { Path } from 'react-hook-form';
import * as z from 'zod';
import { needsDecision } from '@shared/decisions';
import { VisitInput } from '@shared/schemas';
import type { Visit } from '@shared/types';
import {
  isPairedSite,
  isProcedure,
  siteLabel,
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
  /** The saved visit's `updatedAt` as the editor opened it: a save after someone else's is refused with what differs. */
  baseUpdatedAt?: string;
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
  /** The anaesthesia each new procedure starts with (form only: each treatment sends its own). */
  defaultAnesthesia: Anesthesia | '';
  /** "Consent obtained for today's procedures": ticks each new procedure's consent (form only). */
  defaultConsent: boolean;
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
    defaultAnesthesia: '',
    defaultConsent: false,
  };
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function visitValues(visit: Visit): VisitValues {
  return {
    id: visit.id,
    baseUpdatedAt: visit.updatedAt,
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
    defaultAnesthesia: '',
    defaultConsent: false,
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
    baseUpdatedAt: v.baseUpdatedAt,
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

/** How the screen labels each detail field (TreatmentDetailsFields), for its inputs and the banner. */
export const detailLabels: Record<keyof DetailValues, string> = {
  instrument: 'Instrument',
  extractor: 'Comedone extractor',
  method: 'Method',
  freezeSeconds: 'Freeze (seconds)',
  cycles: 'Cycles',
  laser: 'Laser',
  settings: 'Settings',
  agent: 'Agent',
  concentrationPercent: 'Concentration (%)',
  depth: 'Depth',
  product: 'Product',
  strengthPercent: 'Strength (%)',
  frequency: 'Frequency',
  doseMg: 'Dose (mg)',
  durationWeeks: 'Duration (weeks)',
};

const visitLabels: Record<string, string> = {
  date: 'Visit date',
  clinicianId: 'Clinician',
  notes: 'Notes',
  pregnancyStatus: 'Pregnant or breastfeeding',
  retinoidOverride: 'Reason to give a retinoid under 12',
};
const presentationLabels: Record<string, string> = {
  type: 'Type',
  site: 'Site',
  side: 'Side',
  count: 'Count',
  sizeMm: 'Size (mm)',
  distribution: 'Distribution',
  triggers: 'Triggers',
  redFlags: 'Red flags',
  differentials: 'Differential diagnoses',
  notes: 'Notes',
  decision: 'Decision',
  decisionNote: 'Decision note',
};
const treatmentLabels: Record<string, string> = {
  kind: 'Kind',
  site: 'Site',
  side: 'Side',
  lesionsTreated: 'Lesions treated',
  anesthesia: 'Anaesthesia',
  consent: 'Consent',
  performedBy: 'Performed by',
  notes: 'Notes',
};
const followUpLabels: Record<string, string> = { dueDate: 'Due date', reason: 'Reason', status: 'Status', completedDate: 'Completed', outcome: 'Outcome' };

/** A field as the screen shows it: the card it is on ("Treatment 1"), its label, and its form name (to focus it). */
export interface FieldPlace {
  where: string | null;
  label: string;
  name: Path<VisitValues>;
}

/**
 * Where a path of the API (`treatments[0].details.product`) or of the form
 * (`presentations.1.count`) is on the screen; null for a path the screen has no field for.
 */
export function fieldPlace(path: string, values: VisitValues): FieldPlace | null {
  const [head, index, field = '', sub = ''] = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (head === undefined) return null;
  const n = Number(index);
  const at = <T>(labels: Record<string, string>, first: string, build: (key: string) => T): T | null => {
    const key = field === '' ? first : field;
    return labels[key] === undefined ? null : build(key);
  };
  if (head === 'presentations' && Number.isInteger(n)) {
    const p = values.presentations[n];
    const where = p ? `Presentation ${n + 1} (${siteLabel(p.site, p.side)})` : `Presentation ${n + 1}`;
    return at(presentationLabels, 'count', (key) => ({ where, label: presentationLabels[key]!, name: `presentations.${n}.${key}` as Path<VisitValues> }));
  }
  if (head === 'treatments' && Number.isInteger(n)) {
    const where = `Treatment ${n + 1}`;
    if (field === 'details') {
      const label = detailLabels[sub as keyof DetailValues] as string | undefined;
      return label === undefined ? null : { where, label, name: `treatments.${n}.details.${sub}` as Path<VisitValues> };
    }
    return at(treatmentLabels, 'kind', (key) => ({ where, label: treatmentLabels[key]!, name: `treatments.${n}.${key}` as Path<VisitValues> }));
  }
  if (head === 'followUps' && Number.isInteger(n)) {
    // The form's own follow-up is the last; it is labelled on the screen as "Follow-up due" and "Reason".
    const own = n === values.followUps.length - 1;
    return at(followUpLabels, 'dueDate', (key) => ({
      where: own && key === 'dueDate' ? null : own ? 'Follow-up' : `Follow-up ${n + 1}`,
      label: own && key === 'dueDate' ? 'Follow-up due' : followUpLabels[key]!,
      name: `followUps.${n}.${key}` as Path<VisitValues>,
    }));
  }
  const label = visitLabels[head];
  return label === undefined ? null : { where: null, label, name: head as Path<VisitValues> };
}

/**
 * Synthetic patients for demos, tests and the benchmark. The data is built as an interchange
 * document and loaded by the importer, so it obeys every rule an imported file obeys.
 *
 * Reproducible: faker is seeded with the seed (and the offset below), and every date is drawn
 * as a number of days before `today`, so that the same seed gives the same document on the
 * same day, and on another day the same document shifted in time (follow-ups due "in three
 * weeks" stay three weeks ahead). Pass `today` to pin the dates too.
 *
 * MRNs are `SYN<seed>-000001` on, and visit keys the MRN with `-v01` on. Seeding again into
 * the same database continues after the highest number of that seed, with faker seeded by
 * the offset too, so that the new patients are other people.
 *
 * What practices look at first teaches practice: every visit obeys the care rules the services
 * enforce (src/main/services/careRules.ts; tests/unit/seed.test.ts holds each seeded visit to
 * them), and the presentations that need a dermatologist's decision are decided at the visit,
 * but for the last four months' and a few forgotten ones, which make the Review list.
 */
import { Faker, ar, base, de, el, en, es, fr, he, ja, ko, ru, uk, vi, zh_CN, type LocaleDefinition } from '@faker-js/faker';
import type { z } from 'zod';
import { isDestructive, needsDecision } from '@shared/decisions';
import { asksPregnancy } from '@shared/pregnancy';
import { isIsoDate } from '@shared/fields';
import {
  InterchangeVisit as VisitSchema,
  type ImportSummary,
  InterchangeDocumentInput,
  interchangeFormat,
  InterchangeFollowUp,
  InterchangePatient,
  InterchangePresentation,
  InterchangeTreatment,
  InterchangeVisit,
} from '@shared/interchange';
import { demoSettingKey, demoUsers, type DemoSetting } from '@shared/demo';
import type { AppError } from '@shared/errors';
import type { Actor } from '@shared/types';
import {
  defaultFollowUpWeeks,
  isEyeAreaSite,
  isPairedSite,
  isProcedure,
  type Differential,
  type MiliaType,
  type Outcome,
  type RedFlag,
  type ReviewDecision,
  type Role,
  type Sex,
  type Site,
  type TreatmentKind,
  type Trigger,
} from '@shared/vocabulary';
import { nowIso, today as currentDay } from '@shared/calendar';
import { actorLabel, type Records, type WriteTx } from './db/records';
import { importDocument, insertVisit } from './interchange/import';

export interface SeedOptions {
  patients: number;
  seed: number;
  onProgress?(done: number, total: number): void;
  /** The last day of the synthetic record, `YYYY-MM-DD`; today when left out. */
  today?: string;
  /**
   * How the demo users' passwords are hashed. With it, a record that has no users yet gets
   * the demo's users (`@shared/demo`), and the newest visits their nurse documented stay
   * drafts for the "To sign" list; without it (the tests, the benchmark) only patients.
   */
  hashPassword?(password: string): Promise<string>;
  /** Refused, adding nothing, when the record held a patient before: judged in the write's own transaction. */
  emptyOnly?: AppError;
}

type Patient = z.input<typeof InterchangePatient>;
type Visit = z.input<typeof InterchangeVisit>;
type Presentation = z.input<typeof InterchangePresentation>;
type Treatment = z.input<typeof InterchangeTreatment>;
type FollowUp = z.input<typeof InterchangeFollowUp>;
type Weighted<T> = ReadonlyArray<readonly [T, number]>;
/** A presentation's decision, made at its visit; kept beside the synthetic document, which carries none. */
type Decided = { decision: ReviewDecision; decisionNote: string };
/** By visit key, each presentation's decision (null where none is needed or none was made yet). */
export type Decisions = Map<string, Array<Decided | null>>;

const clinicians: ReadonlyArray<{ key: string; name: string; role: Role }> = [
  { key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' },
  { key: 'weiss', name: 'Dr Lena Weiß', role: 'dermatologist' },
  { key: 'nguyen', name: 'Dr Minh Nguyễn', role: 'dermatologist' },
  { key: 'papadopoulou', name: 'Dr Eleni Papadopoulou', role: 'dermatologist' },
  { key: 'lindqvist', name: 'Nurse Per Lindqvist', role: 'nurse' },
  { key: 'moreau', name: 'Nurse Camille Moreau', role: 'nurse' },
];
const dermatologists = clinicians.filter((c) => c.role === 'dermatologist').map((c) => c.key);
const nurses = clinicians.filter((c) => c.role === 'nurse').map((c) => c.key);
/** What a nurse-led visit does; the rest is for the dermatologists. */
const nurseKinds: ReadonlySet<TreatmentKind> = new Set(['observation', 'extraction', 'cryotherapy', 'chemical_peel', 'topical_retinoid']);
/** Not given to children under 12 (the care rules; the demo records no override). */
const childYears = 12;
const notForChildren: ReadonlySet<TreatmentKind> = new Set(['topical_retinoid', 'oral_minocycline']);
/** Asked about pregnancy and breastfeeding before these are given. */
const pregnancyKinds = notForChildren;
/** Presentations of the last 120 days wait on the Review list; older ones were decided, but for a few forgotten. */
const reviewDays = 120;
const forgotten = 0.03;

/** Locales of the practice's patients, with their share and a plausible Fitzpatrick range. */
const locales: ReadonlyArray<{ locale: LocaleDefinition; weight: number; skin: readonly [number, number] }> = [
  { locale: en, weight: 30, skin: [1, 6] },
  { locale: de, weight: 8, skin: [1, 3] },
  { locale: fr, weight: 8, skin: [1, 4] },
  { locale: es, weight: 9, skin: [2, 5] },
  { locale: vi, weight: 8, skin: [3, 5] },
  { locale: el, weight: 5, skin: [2, 4] },
  { locale: ru, weight: 6, skin: [1, 3] },
  { locale: uk, weight: 4, skin: [1, 3] },
  { locale: zh_CN, weight: 8, skin: [3, 4] },
  { locale: ja, weight: 5, skin: [3, 4] },
  { locale: ko, weight: 4, skin: [3, 4] },
  { locale: ar, weight: 3, skin: [3, 6] },
  { locale: he, weight: 2, skin: [2, 4] },
];

const sexes: Weighted<Sex> = [
  ['female', 56],
  ['male', 41],
  ['other', 1.5],
  ['unknown', 1.5],
];

/** The patient's lasting condition; neonatal milia belong to the infants' branch only. */
const conditions: Weighted<Exclude<MiliaType, 'neonatal'>> = [
  ['primary', 66],
  ['secondary', 15],
  ['multiple_eruptive', 8],
  ['milia_en_plaque', 7],
  ['genodermatosis', 4],
];

const sitesByType: Record<Exclude<MiliaType, 'secondary'>, Weighted<Site>> = {
  primary: [
    ['upper_eyelid', 30],
    ['lower_eyelid', 25],
    ['cheek', 25],
    ['periorbital', 8],
    ['nose', 4],
    ['forehead', 4],
    ['temple', 2],
    ['chin', 2],
  ],
  neonatal: [
    ['nose', 55],
    ['cheek', 20],
    ['forehead', 10],
    ['chin', 7],
    ['oral_mucosa', 8],
  ],
  milia_en_plaque: [
    ['ear', 40],
    ['periorbital', 25],
    ['cheek', 15],
    ['jaw', 10],
    ['upper_eyelid', 10],
  ],
  multiple_eruptive: [
    ['cheek', 25],
    ['forehead', 15],
    ['neck', 15],
    ['trunk', 20],
    ['upper_limb', 15],
    ['jaw', 10],
  ],
  genodermatosis: [
    ['cheek', 20],
    ['nose', 15],
    ['forehead', 15],
    ['periorbital', 15],
    ['upper_limb', 15],
    ['trunk', 10],
    ['perioral', 10],
  ],
};

/** Secondary milia by their trigger, at the sites the trigger reaches. */
const triggerWeights: Weighted<Trigger> = [
  ['burn', 15],
  ['blistering_disease', 15],
  ['dermabrasion', 8],
  ['laser_resurfacing', 15],
  ['chemical_peel', 10],
  ['radiotherapy', 8],
  ['topical_steroid', 12],
  ['medication', 7],
  ['trauma', 8],
  ['other', 2],
];
const sitesByTrigger: Record<Trigger, readonly Site[]> = {
  burn: ['upper_limb', 'trunk', 'cheek', 'neck'],
  blistering_disease: ['upper_limb', 'lower_limb', 'trunk'],
  dermabrasion: ['cheek', 'forehead', 'perioral', 'chin'],
  laser_resurfacing: ['cheek', 'periorbital', 'perioral', 'forehead'],
  chemical_peel: ['cheek', 'forehead', 'perioral'],
  radiotherapy: ['neck', 'trunk', 'scalp'],
  topical_steroid: ['cheek', 'upper_limb', 'periorbital'],
  medication: ['cheek', 'trunk', 'forehead'],
  trauma: ['upper_limb', 'lower_limb', 'forehead', 'nose', 'ear'],
  other: ['other', 'trunk', 'upper_limb'],
};

const countRange: Record<MiliaType, readonly [number, number]> = {
  primary: [1, 15],
  neonatal: [5, 40],
  secondary: [3, 30],
  milia_en_plaque: [10, 60],
  multiple_eruptive: [15, 120],
  genodermatosis: [10, 80],
};

const distributionByType: Record<MiliaType, Weighted<Presentation['distribution']>> = {
  primary: [
    ['isolated', 40],
    ['grouped', 60],
  ],
  neonatal: [
    ['grouped', 60],
    ['widespread', 40],
  ],
  secondary: [
    ['grouped', 70],
    ['widespread', 20],
    ['isolated', 10],
  ],
  milia_en_plaque: [['plaque', 1]],
  multiple_eruptive: [
    ['widespread', 70],
    ['grouped', 30],
  ],
  genodermatosis: [
    ['widespread', 50],
    ['grouped', 50],
  ],
};

const treatmentsByType: Record<MiliaType, Weighted<TreatmentKind>> = {
  primary: [
    ['extraction', 40],
    ['observation', 12],
    ['cryotherapy', 8],
    ['curettage', 6],
    ['electrodesiccation', 8],
    ['laser_ablation', 8],
    ['chemical_peel', 5],
    ['topical_retinoid', 10],
    ['other', 3],
  ],
  secondary: [
    ['extraction', 30],
    ['observation', 15],
    ['topical_retinoid', 15],
    ['cryotherapy', 10],
    ['electrodesiccation', 10],
    ['laser_ablation', 10],
    ['curettage', 5],
    ['chemical_peel', 5],
  ],
  multiple_eruptive: [
    ['topical_retinoid', 30],
    ['extraction', 25],
    ['observation', 15],
    ['laser_ablation', 10],
    ['electrodesiccation', 10],
    ['chemical_peel', 10],
  ],
  milia_en_plaque: [
    ['oral_minocycline', 30],
    ['topical_retinoid', 25],
    ['extraction', 15],
    ['laser_ablation', 10],
    ['electrodesiccation', 10],
    ['observation', 10],
  ],
  genodermatosis: [
    ['observation', 30],
    ['extraction', 25],
    ['laser_ablation', 20],
    ['electrodesiccation', 15],
    ['topical_retinoid', 10],
  ],
  neonatal: [['observation', 1]],
};

const differentialsBySite: Partial<Record<Site, readonly Differential[]>> = {
  upper_eyelid: ['syringoma', 'xanthelasma'],
  lower_eyelid: ['syringoma', 'xanthelasma'],
  periorbital: ['syringoma', 'colloid_milium'],
  cheek: ['sebaceous_hyperplasia', 'closed_comedones', 'molluscum_contagiosum'],
  nose: ['sebaceous_hyperplasia', 'molluscum_contagiosum'],
  forehead: ['closed_comedones', 'sebaceous_hyperplasia'],
  ear: ['calcinosis_cutis', 'epidermoid_cyst'],
  trunk: ['epidermoid_cyst', 'eruptive_vellus_hair_cysts'],
  neck: ['eruptive_vellus_hair_cysts', 'epidermoid_cyst'],
};
const worrying: readonly RedFlag[] = ['growth', 'pain', 'ulceration', 'colour_change', 'rapid_spread', 'atypical_look', 'uncertain_diagnosis'];

const outcomes: Weighted<Outcome> = [
  ['cleared', 35],
  ['improved', 35],
  ['unchanged', 15],
  ['worsened', 5],
  ['recurred', 10],
];

const followUpReasons: Record<TreatmentKind, string> = {
  observation: 'Reassess: most milia settle without treatment',
  extraction: 'Check clearance',
  curettage: 'Check clearance',
  electrodesiccation: 'Check healing and clearance',
  cryotherapy: 'Review after cryotherapy',
  laser_ablation: 'Review healing after laser',
  chemical_peel: 'Review after the peel',
  topical_retinoid: 'Review response to the retinoid',
  oral_minocycline: 'Review the minocycline course',
  other: 'Review',
};

const treatmentNotes = [
  'Tolerated well.',
  'Aftercare leaflet given; keep the area clean and dry, no make-up for 48 hours.',
  'Patient asked "will they come back?" Discussed recurrence.',
  'Mild erythema afterwards, settled within 10 minutes.',
  'Sterile technique, contents expressed, no bleeding.',
];
const presentationNotes = [
  'Pearly white papules, 1-2 mm.',
  'Patient finds them "unsightly", wants removal.',
  'Present since childhood, slowly more.',
  'Some lesions coalescing; photographed.',
  'Family history: mother had the same, on the eyelids.',
];

/** The decisions, by why they were needed, with the words a dermatologist writes (the reason is required to proceed). */
const decisionsFor: Record<'flag' | 'plaque', Weighted<ReviewDecision>> = {
  flag: [
    ['biopsy', 45],
    ['referral', 35],
    ['proceed', 20],
  ],
  plaque: [
    ['proceed', 60],
    ['biopsy', 30],
    ['referral', 10],
  ],
};
const decisionNotes: Record<Exclude<ReviewDecision, 'proceed'>, readonly string[]> = {
  biopsy: ['', 'Punch biopsy taken; result to follow.', 'Shave biopsy sent for histology.'],
  referral: ['', 'Referred to the skin cancer clinic.', 'Referred for a second opinion.'],
};
const proceedNotes: Record<keyof typeof decisionsFor, readonly string[]> = {
  flag: ['Dermoscopy typical of milia, no features of a carcinoma.', 'Unchanged for years on photographs; patient informed and agrees.'],
  plaque: ['Biopsy confirmed milia en plaque; treatment continues.'],
};

const dayMs = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / dayMs;
const isoDay = (day: number): string => new Date(day * dayMs).toISOString().slice(0, 10);
/** Whole years from one `YYYY-MM-DD` to another, as date-fns' differenceInYears counts them. */
const wholeYears = (from: string, to: string): number => Number(to.slice(0, 4)) - Number(from.slice(0, 4)) - (to.slice(5) < from.slice(5) ? 1 : 0);

/** The random draws, all from one seeded faker so that a seed always draws the same. */
class Draw {
  constructor(readonly f: Faker) {}
  int(min: number, max: number): number {
    return this.f.number.int({ min, max });
  }
  chance(p: number): boolean {
    return this.f.number.float() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)]!;
  }
  weighted<T>(table: Weighted<T>): T {
    let r = this.f.number.float() * table.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of table) if ((r -= w) < 0) return value;
    return table.at(-1)![0];
  }
  /** `n` distinct items of a list (at most all of them). */
  some<T>(list: readonly T[], n: number): T[] {
    return this.f.helpers.arrayElements([...list], Math.min(n, list.length));
  }
  decimal(min: number, max: number): number {
    return Math.round(this.f.number.float({ min, max }) * 10) / 10;
  }
}

type DocumentOptions = { patients: number; seed: number; today: string; first?: number };

/** The synthetic document, for the interchange tests. */
export const seedDocument = (options: DocumentOptions): InterchangeDocumentInput => synthesize(options).document;

/**
 * The synthetic document and the decisions made at its visits. Days are counted relative to
 * the last day (0; the past is negative), so that nothing drawn depends on the calendar.
 */
export function synthesize(options: DocumentOptions): { document: InterchangeDocumentInput; decisions: Decisions } {
  const first = options.first ?? 1;
  const draw = new Draw(new Faker({ locale: [en, base] }));
  draw.f.seed([options.seed, first]);
  // Decisions draw from their own stream, so that the rest of the record stays as it was drawn.
  const decide = new Draw(new Faker({ locale: [en, base] }));
  decide.f.seed([options.seed, first, 0]);
  const decisions: Decisions = new Map();
  const people = locales.map(({ locale }, i) => {
    const f = new Faker({ locale: [locale, en, base] });
    f.seed([options.seed, first, i + 1]);
    return f;
  });
  const end = dayNumber(options.today);
  const date = (day: number) => isoDay(end + day);
  const prefix = `SYN${options.seed}-`;

  const side = (site: Site): Presentation['side'] =>
    isPairedSite(site)
      ? draw.weighted([
          ['left', 40],
          ['right', 40],
          ['bilateral', 20],
        ] as const)
      : draw.chance(0.1)
        ? 'midline'
        : undefined;

  function presentation(type: MiliaType, site: Site, sideOf: Presentation['side'], count: number, trigger: Trigger[]): Presentation {
    const redFlags: RedFlag[] = [];
    if (type === 'milia_en_plaque' && draw.chance(0.6)) redFlags.push('on_red_plaque');
    if (type === 'multiple_eruptive' && draw.chance(0.25)) redFlags.push('rapid_spread');
    if (trigger.includes('blistering_disease') && draw.chance(0.3)) redFlags.push('blistering_disorder');
    if (type !== 'neonatal' && draw.chance(0.03))
      redFlags.push(
        ...draw.some(
          worrying.filter((f) => !redFlags.includes(f)),
          draw.int(1, 2),
        ),
      );
    const differentials = draw.chance(0.3) ? draw.some<Differential>(differentialsBySite[site] ?? ['other'], draw.int(1, 2)) : [];
    if (redFlags.length > 0 && !differentials.includes('basal_cell_carcinoma') && draw.chance(0.5)) differentials.push('basal_cell_carcinoma');
    const p: Presentation = { type, site, count, triggers: trigger, redFlags, differentials, notes: draw.chance(0.25) ? draw.pick(presentationNotes) : '' };
    if (sideOf !== undefined) p.side = sideOf;
    if (draw.chance(0.8)) p.sizeMm = draw.decimal(0.5, type === 'milia_en_plaque' ? 4 : 3);
    if (draw.chance(0.85)) p.distribution = draw.weighted(distributionByType[type]);
    return p;
  }

  function details(kind: TreatmentKind): Record<string, unknown> {
    switch (kind) {
      case 'extraction':
        return {
          ...(draw.chance(0.85) && {
            instrument: draw.weighted([
              ['needle', 50],
              ['blade_11', 30],
              ['lancet', 20],
            ] as const),
          }),
          ...(draw.chance(0.7) && { extractor: draw.chance(0.6) }),
        };
      case 'cryotherapy':
        return {
          method: draw.weighted([
            ['spray', 60],
            ['cotton_tip', 30],
            ['probe', 10],
          ] as const),
          freezeSeconds: draw.int(3, 10),
          cycles: draw.int(1, 2),
        };
      case 'laser_ablation':
        return draw.chance(0.6)
          ? { laser: 'co2', settings: `${draw.int(1, 3)} W, ${draw.pick([0.05, 0.1, 0.2])} s pulses` }
          : { laser: 'erbium_yag', settings: `${draw.int(2, 6) * 100} mJ, ${draw.int(2, 4)} mm spot` };
      case 'chemical_peel': {
        const agent = draw.weighted([
          ['glycolic', 35],
          ['salicylic', 25],
          ['tca', 20],
          ['jessner', 15],
          ['other', 5],
        ] as const);
        const strengths = { glycolic: [20, 35, 50, 70], salicylic: [20, 30], tca: [10, 15, 20, 25, 35], jessner: [], other: [10, 20, 30] }[agent];
        const concentration = strengths.length > 0 ? draw.pick(strengths) : undefined;
        return {
          agent,
          ...(concentration !== undefined && { concentrationPercent: concentration }),
          depth: agent === 'tca' && concentration !== undefined && concentration >= 25 ? 'dermal' : 'epidermal',
        };
      }
      case 'topical_retinoid': {
        const product = draw.weighted([
          ['tretinoin', 40],
          ['adapalene', 35],
          ['tazarotene', 10],
          ['retinol', 15],
        ] as const);
        const strengths = { tretinoin: [0.025, 0.05, 0.1], adapalene: [0.1, 0.3], tazarotene: [0.05, 0.1], retinol: [0.3, 0.5, 1] }[product];
        return { product, strengthPercent: draw.pick(strengths), frequency: draw.pick(['nightly', 'every other night', 'three nights a week']) };
      }
      case 'oral_minocycline':
        return { doseMg: draw.pick([50, 100]), durationWeeks: draw.pick([8, 12, 16]) };
      default:
        return {};
    }
  }

  function treatment(p: Presentation, clinician: string, years: number): Treatment | null {
    const flagged = (p.redFlags?.length ?? 0) > 0;
    // A red flag waits for a decision (biopsy, referral): no procedure on the day.
    if (flagged) return draw.chance(0.3) ? { kind: 'observation', site: p.site, side: p.side, lesionsTreated: 0 } : null;
    if (p.type !== 'neonatal' && !draw.chance(0.7)) return null;
    const byNurse = nurses.includes(clinician);
    let kind = draw.weighted(treatmentsByType[p.type].filter(([k]) => (!byNurse || nurseKinds.has(k)) && (years >= childYears || !notForChildren.has(k))));
    if (isEyeAreaSite(p.site) && (kind === 'chemical_peel' || kind === 'cryotherapy')) kind = 'extraction';
    const t = {
      kind,
      site: p.site,
      side: p.side,
      lesionsTreated: 0,
      details: details(kind),
      notes: draw.chance(0.2) ? draw.pick(treatmentNotes) : '',
    } as Record<string, unknown>;
    if (p.side === undefined) delete t.side;
    if (isProcedure(kind)) {
      t.lesionsTreated = draw.chance(0.8) ? p.count : draw.int(1, p.count);
      t.anesthesia = isEyeAreaSite(p.site)
        ? draw.weighted([
            ['topical', 60],
            ['none', 40],
          ] as const)
        : kind === 'laser_ablation'
          ? draw.weighted([
              ['local_injection', 50],
              ['topical', 50],
            ] as const)
          : draw.weighted([
              ['none', 50],
              ['topical', 35],
              ['local_injection', 15],
            ] as const);
      t.consent = true;
      if (!byNurse && ['extraction', 'cryotherapy', 'chemical_peel'].includes(kind) && draw.chance(0.2)) t.performedBy = draw.pick(nurses);
    }
    return t as Treatment;
  }

  /** The follow-up booked at a visit, and what became of it by the next visit or today. */
  function followUp(day: number, kinds: TreatmentKind[], nextVisit: number | undefined): FollowUp | null {
    if (!draw.chance(kinds.length > 0 ? 0.85 : 0.3)) return null;
    const basis = kinds.reduce<TreatmentKind | null>((b, k) => (b === null || defaultFollowUpWeeks[k] > defaultFollowUpWeeks[b] ? k : b), null);
    const due = day + 7 * (basis === null ? 12 : defaultFollowUpWeeks[basis]);
    const f: FollowUp = { dueDate: date(due), reason: basis === null ? 'Review' : followUpReasons[basis], status: 'scheduled' };
    const complete = (on: number): FollowUp => ({ ...f, status: 'completed', completedDate: date(on), outcome: draw.weighted(outcomes) });
    if (nextVisit !== undefined && nextVisit <= due + 21) return complete(nextVisit);
    if (nextVisit === undefined && due >= 0) return f;
    // Past its date: overdue or done by phone, or else missed or cancelled (and then the
    // patient came back later, if a visit follows).
    const status = draw.weighted(
      nextVisit === undefined
        ? ([
            ['scheduled', 35],
            ['completed', 30],
            ['missed', 20],
            ['cancelled', 15],
          ] as const)
        : ([
            ['missed', 60],
            ['cancelled', 25],
            ['completed', 15],
          ] as const),
    );
    return status === 'completed' ? complete(due) : { ...f, status };
  }

  const visitNotes = (p: Presentation, n: number): string => {
    const where = `${p.site.replaceAll('_', ' ')}${p.side && p.side !== 'midline' ? ` (${p.side})` : ''}`;
    return draw.weighted([
      ['', 30],
      [`${p.count} ${p.count === 1 ? 'milium' : 'milia'}, ${where}, for about ${draw.int(2, 36)} months.`, 25],
      [n === 0 ? 'New referral from the GP.' : 'Follow-up visit.', 20],
      [`Reviewed after treatment.\nHealing well, no scarring; patient "happy with the result".`, 15],
      [`Concerned about ${where}; explained milia are harmless, options discussed.\nLeaflet given.`, 10],
    ] as const);
  };

  /** The decision made at the visit on a presentation that needs one; none yet in the last four months, nor for a few forgotten. */
  function decision(p: Presentation, day: number): Decided | null {
    if (day > -reviewDays || decide.chance(forgotten)) return null;
    const why = (p.redFlags?.length ?? 0) > 0 || p.differentials?.includes('basal_cell_carcinoma') ? 'flag' : 'plaque';
    const made = decide.weighted(decisionsFor[why]);
    return { decision: made, decisionNote: decide.pick(made === 'proceed' ? proceedNotes[why] : decisionNotes[made]) };
  }

  /** One visit: the lasting condition (and at times a primary milia elsewhere) and what was done. */
  function visit(patient: Patient, key: string, day: number, clinician: string, findings: Presentation[], n: number, nextVisit: number | undefined): Visit {
    const on = date(day);
    const needing = findings.map((p) => needsDecision({ type: p.type, redFlags: p.redFlags ?? [], differentials: p.differentials ?? [] }));
    const made = findings.map((p, i) => (needing[i] ? decision(p, day) : null));
    // Nothing destroys a lesion before its decision, nor after a biopsy or a referral: only where each was to proceed.
    const held = needing.some((needed, i) => needed && made[i]?.decision !== 'proceed');
    const years = wholeYears(patient.dateOfBirth, on);
    const treatments = findings.map((p) => treatment(p, clinician, years)).filter((t): t is Treatment => t !== null && !(held && isDestructive(t.kind)));
    const booked = followUp(
      day,
      treatments.map((t) => t.kind),
      nextVisit,
    );
    const v: Visit = { key, date: on, clinician, notes: visitNotes(findings[0]!, n), presentations: findings, treatments, followUps: booked ? [booked] : [] };
    // Asked, and answered, before a retinoid or minocycline: the demo gives neither in pregnancy or breastfeeding.
    if (treatments.some((t) => pregnancyKinds.has(t.kind)) && asksPregnancy(patient, on)) v.pregnancyStatus = 'neither';
    if (made.some((d) => d !== null)) decisions.set(key, made);
    return v;
  }

  function visitDays(count: number): number[] {
    const gaps = Array.from({ length: count - 1 }, () => (draw.chance(0.12) ? draw.int(180, 900) : draw.int(21, 120)));
    const window = 3650;
    let span = gaps.reduce((a, b) => a + b, 0);
    if (span >= window) {
      const scale = (window - 1) / span;
      for (let i = 0; i < gaps.length; i++) gaps[i] = Math.max(1, Math.floor(gaps[i]! * scale));
      span = gaps.reduce((a, b) => a + b, 0);
    }
    const days = [-span - draw.int(0, window - 1 - span)];
    for (const gap of gaps) days.push(days.at(-1)! + gap);
    return days;
  }

  function patient(n: number): Patient {
    const mrn = `${prefix}${String(n).padStart(6, '0')}`;
    const li = draw.weighted(locales.map((l, i) => [i, l.weight] as const));
    const person = people[li]!;
    const sex = draw.weighted(sexes);
    const nameSex = sex === 'female' || sex === 'male' ? sex : draw.pick(['female', 'male'] as const);
    const p: Patient = { mrn, givenName: person.person.firstName(nameSex), familyName: person.person.lastName(nameSex), dateOfBirth: '', sex };
    if (draw.chance(0.85)) p.fitzpatrick = draw.int(...locales[li]!.skin);
    if (draw.chance(0.8)) p.phone = person.phone.number();
    if (draw.chance(0.6)) p.email = draw.f.internet.exampleEmail();
    const usual = draw.pick(dermatologists);
    const clinicianAt = (i: number) => (i === 0 || draw.chance(0.75) ? usual : draw.chance(0.4) ? draw.pick(dermatologists) : draw.pick(nurses));
    const key = (i: number) => `${mrn}-v${String(i + 1).padStart(2, '0')}`;

    if (draw.chance(0.04)) {
      // An infant seen before three months of age with neonatal milia, observed only; at
      // times back as a child with primary milia.
      const ageAtVisit = draw.int(3, 80);
      const birth = -ageAtVisit - draw.int(0, 3650 - ageAtVisit);
      const days = [birth + ageAtVisit];
      const later = days[0]! + draw.int(90, 1500);
      if (draw.chance(0.5) && later <= 0) days.push(later);
      p.dateOfBirth = date(birth);
      const neonatalSite = draw.weighted(sitesByType.neonatal);
      const neonatal = [presentation('neonatal', neonatalSite, side(neonatalSite), draw.int(...countRange.neonatal), [])];
      if (neonatalSite !== 'oral_mucosa' && draw.chance(0.2)) neonatal.push(presentation('neonatal', 'oral_mucosa', undefined, draw.int(1, 6), []));
      p.visits = [visit(p, key(0), days[0]!, usual, neonatal, 0, days[1])];
      if (days[1] !== undefined) {
        const site = draw.weighted(sitesByType.primary);
        p.visits.push(
          visit(p, key(1), days[1], clinicianAt(1), [presentation('primary', site, side(site), draw.int(...countRange.primary), [])], 1, undefined),
        );
      }
      return p;
    }

    const days = visitDays(draw.int(1, 14) + (draw.chance(0.25) ? 1 : 0));
    const age = draw.chance(0.1) ? draw.int(1, 17) : draw.int(18, 90);
    p.dateOfBirth = date(days[0]! - age * 365 - draw.int(0, 364));
    const type = draw.weighted(conditions);
    const trigger = type === 'secondary' ? [draw.weighted(triggerWeights)] : [];
    if (type === 'secondary' && draw.chance(0.15))
      trigger.push(
        ...draw.some(
          triggerWeights.map(([t]) => t).filter((t) => t !== trigger[0]),
          1,
        ),
      );
    const site = type === 'secondary' ? draw.pick(sitesByTrigger[trigger[0]!]) : draw.weighted(sitesByType[type]);
    const sideOf = side(site);
    let count = draw.int(...countRange[type]);
    p.visits = days.map((day, i) => {
      const findings = [presentation(type, site, sideOf, count, trigger)];
      for (const chance of [0.4, 0.25]) {
        if (!draw.chance(chance)) break;
        const other = draw.weighted(sitesByType.primary);
        if (findings.every((f) => f.site !== other)) findings.push(presentation('primary', other, side(other), draw.int(...countRange.primary), []));
      }
      const v = visit(p, key(i), day, clinicianAt(i), findings, i, days[i + 1]);
      // Treated lesions mostly go; untreated ones stay or spread; some come back.
      const treated = v.treatments?.some((t) => isProcedure(t.kind) && t.site === site);
      const factor = draw.chance(0.1) ? 1.5 + draw.f.number.float() : treated ? 0.1 + draw.f.number.float() * 0.6 : 0.8 + draw.f.number.float() * 0.6;
      count = Math.min(500, Math.max(1, Math.round(count * factor)));
      return v;
    });
    return p;
  }

  const document: InterchangeDocumentInput = {
    format: interchangeFormat,
    clinicians: clinicians.map((c) => ({ ...c })),
    patients: Array.from({ length: options.patients }, (_, i) => patient(first + i)),
  };
  return { document, decisions };
}

/** How many of the newest visits by the demo nurse stay drafts. */
const draftsLeft = 3;
const draftNurse = 'lindqvist';

/** A visit the seed writes itself rather than through the importer. */
type Taken = { mrn: string; visit: Visit };

/**
 * Takes out of the document the newest visits by the demo nurse that are their patient's
 * last: the importer signs every visit it imports, and these are to stay drafts.
 */
function takeDrafts(doc: InterchangeDocumentInput): Taken[] {
  const last = (doc.patients ?? []).flatMap((p) => {
    const v = p.visits?.at(-1);
    return v && v.clinician === draftNurse ? [{ patient: p, visit: v }] : [];
  });
  const chosen = last.sort((a, b) => b.visit.date.localeCompare(a.visit.date)).slice(0, draftsLeft);
  for (const { patient } of chosen) patient.visits!.pop();
  return chosen.map(({ patient, visit }) => ({ mrn: patient.mrn, visit }));
}

/** Takes out of the document the visits with decisions, which the seed writes itself (some as drafts, which a file cannot hold). */
function takeDecided(doc: InterchangeDocumentInput, decisions: Decisions): Taken[] {
  const taken: Taken[] = [];
  for (const p of doc.patients ?? []) {
    p.visits = p.visits?.filter((visit) => !(decisions.has(visit.key) && taken.push({ mrn: p.mrn, visit })));
  }
  return taken;
}

/** The demo's users, with the hashes the sign-in screen checks before showing their passwords. */
async function addDemoUsers(tx: WriteTx, actor: Actor, hashes: string[]): Promise<Map<string, Actor>> {
  const acting = new Map<string, Actor>();
  const setting: DemoSetting = { hashes: {} };
  for (const [i, u] of demoUsers.entries()) {
    const clinicianId = u.clinician === null ? null : ((await tx.clinicians.idOfKey(u.clinician)) ?? null);
    const userId = await tx.users.insert({ username: u.username, name: u.name, role: u.role, active: true, clinicianId, passwordHash: hashes[i]! });
    const clinicalRole = clinicianId === null ? null : ((await tx.clinicians.get(clinicianId))?.role ?? null);
    acting.set(u.username, { userId, username: u.username, name: u.name, role: u.role, clinicianId, clinicalRole, surface: actor.surface });
    setting.hashes[u.username] = hashes[i]!;
    await tx.audit.append({ actor, action: 'user_create', entity: 'user', entityId: userId, detail: `${u.username}: ${u.name}, ${u.role} (demo)` });
  }
  await tx.settings.put(demoSettingKey, setting);
  return acting;
}

/**
 * Writes visits as the importer would, but with the decisions made at them, each left a draft
 * (signed by the caller if it is to be final) and counted in the summary like an imported visit.
 */
function visitWriter(tx: WriteTx, summary: ImportSummary) {
  // Looked up once each: a patient's visits come together, and the clinicians are few.
  const clinicianIds = new Map<string, number>();
  const patientIds = new Map<string, number>();
  const clinicianId = async (key: string) => clinicianIds.get(key) ?? clinicianIds.set(key, (await tx.clinicians.idOfKey(key))!).get(key)!;
  return async ({ mrn, visit }: Taken, decided: ReadonlyArray<Decided | null> | undefined, by: string): Promise<{ visitId: number; patientId: number }> => {
    const v = VisitSchema.parse(visit);
    const patientId = patientIds.get(mrn) ?? patientIds.set(mrn, (await tx.patients.idOfMrn(mrn))!).get(mrn)!;
    const presentations = v.presentations.map((p, i) => ({ ...p, ...decided?.[i] }));
    const { visitId } = await insertVisit(tx, v, { patientId, clinicianIdOf: clinicianId, by, presentations });
    summary.visitIds[v.key] = visitId;
    summary.imported.visits++;
    summary.imported.presentations += v.presentations.length;
    summary.imported.treatments += v.treatments.length;
    summary.imported.followUps += v.followUps.length;
    return { visitId, patientId };
  };
}

/** Adds synthetic patients through the importer (and, with `hashPassword`, the demo's users and drafts); returns what it added. */
export async function seed(records: Records, actor: Actor, options: SeedOptions): Promise<ImportSummary> {
  const day = options.today ?? currentDay();
  if (!isIsoDate(day)) throw new Error(`seed: today must be a date written YYYY-MM-DD, not "${day}"`);
  // After the highest number this seed has given in the database.
  const first = (await records.read((tx) => tx.patients.highestMrnNumber(`SYN${options.seed}-`))) + 1;
  const { document: doc, decisions } = synthesize({ patients: options.patients, seed: options.seed, today: day, first });
  const keys = (doc.patients ?? []).flatMap((p) => (p.visits ?? []).map((v) => v.key));
  // Only into a record with no users yet: demo passwords are published, and must never open a real practice's record.
  const { hashPassword } = options;
  const withUsers = hashPassword !== undefined && (await records.read(async (tx) => (await tx.users.list()).length === 0));
  const drafts = withUsers ? takeDrafts(doc) : [];
  const decided = takeDecided(doc, decisions);
  // Hashed before the write unit, which holds the database: hashing takes a while.
  const hashes = withUsers ? await Promise.all(demoUsers.map((u) => hashPassword(u.password))) : [];
  // The decided visits, the users and the drafts in the import's own transaction: all or nothing.
  const alsoWrite = async (tx: WriteTx, summary: ImportSummary): Promise<void> => {
    // Under the same write lock as the patients just added: a patient saved meanwhile cannot slip past.
    if (options.emptyOnly && (await tx.patients.all()).length > summary.imported.patients) throw options.emptyOnly;
    const writeVisit = visitWriter(tx, summary);
    const by = actorLabel(actor);
    const signedAt = nowIso();
    for (const taken of decided) {
      const { visitId } = await writeVisit(taken, decisions.get(taken.visit.key), by);
      await tx.visits.sign(visitId, { kind: 'import', byName: actor.name, byUser: actor.userId, at: signedAt, original: null });
    }
    if (decided.length > 0) {
      await tx.audit.append({
        actor,
        action: 'import',
        entity: 'interchange',
        entityId: null,
        detail: `${decided.length} synthetic visits with the decisions made at them`,
      });
    }
    if (!withUsers) return;
    const nurse = (await addDemoUsers(tx, actor, hashes)).get(draftNurse)!;
    for (const draft of drafts) {
      const { visitId, patientId } = await writeVisit(draft, decisions.get(draft.visit.key), actorLabel(nurse));
      await tx.audit.append({ actor, action: 'create', entity: 'visit', entityId: visitId, patientId, detail: `demo draft documented by ${nurse.name}` });
    }
  };
  const summary = await importDocument(records, actor, doc, { onProgress: options.onProgress, alsoWrite });
  // In the document's order, as an import gives them.
  summary.visitIds = Object.fromEntries(keys.map((k) => [k, summary.visitIds[k]!]));
  return summary;
}

/**
 * The clinical vocabulary of docs/spec/vocabulary.md, in one place.
 *
 * Codes are a contract (import files, exports, the command line): never change one that has
 * shipped. Labels are for people and may be reworded. Every enum, zod schema, select box,
 * map legend and export column derives from these tables; nothing else spells a code.
 */

/** A code table: ordered codes with their labels. */
function table<const C extends string>(rows: ReadonlyArray<readonly [C, string]>) {
  const codes = rows.map(([code]) => code) as unknown as readonly [C, ...C[]];
  const labels = Object.fromEntries(rows) as Record<C, string>;
  return { codes, labels, label: (code: C): string => labels[code] };
}

export const miliaTypes = table([
  ['primary', 'Primary milia'],
  ['secondary', 'Secondary (traumatic) milia'],
  ['neonatal', 'Neonatal milia'],
  ['milia_en_plaque', 'Milia en plaque'],
  ['multiple_eruptive', 'Multiple eruptive milia'],
  ['genodermatosis', 'Milia with a genodermatosis'],
] as const);
export type MiliaType = (typeof miliaTypes.codes)[number];

export const triggers = table([
  ['burn', 'Burn'],
  ['blistering_disease', 'Blistering disease'],
  ['dermabrasion', 'Dermabrasion'],
  ['laser_resurfacing', 'Laser resurfacing'],
  ['chemical_peel', 'Chemical peel'],
  ['radiotherapy', 'Radiotherapy'],
  ['topical_steroid', 'Topical steroid'],
  ['medication', 'Medication'],
  ['trauma', 'Trauma'],
  ['other', 'Other'],
] as const);
export type Trigger = (typeof triggers.codes)[number];

/** Sites in the order of the vocabulary: `scalp` to `neck` are the face and head. */
const siteRows = [
  ['scalp', 'Scalp', false],
  ['forehead', 'Forehead', false],
  ['glabella', 'Glabella', false],
  ['temple', 'Temple', true],
  ['upper_eyelid', 'Upper eyelid', true],
  ['lower_eyelid', 'Lower eyelid', true],
  ['periorbital', 'Periorbital skin', true],
  ['nose', 'Nose', false],
  ['cheek', 'Cheek', true],
  ['ear', 'Ear and periauricular skin', true],
  ['perioral', 'Perioral skin and lips', false],
  ['chin', 'Chin', false],
  ['jaw', 'Jawline', true],
  ['neck', 'Neck', false],
  ['oral_mucosa', 'Palate or gums', false],
  ['trunk', 'Trunk', false],
  ['upper_limb', 'Arm and hand', true],
  ['lower_limb', 'Leg and foot', true],
  ['genital', 'Genital skin', false],
  ['other', 'Other site (describe in notes)', false],
] as const;
export const sites = table(siteRows.map(([code, label]) => [code, label] as const));
export type Site = (typeof siteRows)[number][0];

const pairedSites: ReadonlySet<Site> = new Set(siteRows.filter((r) => r[2]).map((r) => r[0]));
export const isPairedSite = (site: Site): boolean => pairedSites.has(site);

const faceSiteList = sites.codes.slice(0, sites.codes.indexOf('neck') + 1);
/** The face and head (`scalp` to `neck`): the sites the face map shows. */
export const faceSites: readonly Site[] = faceSiteList;
export const isFaceSite = (site: Site): boolean => faceSiteList.includes(site);

const eyeAreaSites: ReadonlySet<Site> = new Set(['upper_eyelid', 'lower_eyelid', 'periorbital']);
/** The delicate eye area, which changes the aftercare wording. */
export const isEyeAreaSite = (site: Site): boolean => eyeAreaSites.has(site);

export const pairedSides = table([
  ['left', 'Left'],
  ['right', 'Right'],
  ['bilateral', 'Both sides'],
] as const);
export const sides = table([...pairedSides.codes.map((c) => [c, pairedSides.labels[c]] as const), ['midline', 'Midline'] as const]);
export type Side = (typeof sides.codes)[number];

/**
 * A site with its side: "Cheek, left", "Upper eyelid, both sides", "Nose". The side shows on a
 * paired site only; none (absent, empty in a form, or midline) leaves the site alone.
 * `siteName` names the site in other words, such as the handout's for patients.
 */
export function siteLabel(site: Site, side?: Side | '' | null, siteName: (site: Site) => string = sites.label): string {
  const name = siteName(site);
  return side && side !== 'midline' && isPairedSite(site) ? `${name}, ${sides.label(side).toLowerCase()}` : name;
}

export const distributions = table([
  ['isolated', 'Isolated'],
  ['grouped', 'Grouped'],
  ['plaque', 'Plaque'],
  ['widespread', 'Widespread'],
] as const);
export type Distribution = (typeof distributions.codes)[number];

export const redFlags = table([
  ['growth', 'Lesion is growing'],
  ['pain', 'Painful or tender'],
  ['ulceration', 'Ulcerated or bleeding'],
  ['colour_change', 'Change of colour'],
  ['rapid_spread', 'Rapid spread or new crops'],
  ['on_red_plaque', 'Sits on a red plaque'],
  ['atypical_look', 'Not a uniform pearly papule (central dip, fine vessels, yellow)'],
  ['blistering_disorder', 'Known blistering or scarring disorder'],
  ['uncertain_diagnosis', 'Diagnosis uncertain'],
] as const);
export type RedFlag = (typeof redFlags.codes)[number];

/**
 * What the clinician decided about a red-flagged presentation. The app's own codes (the
 * vocabulary names the three choices but not their codes); not part of the interchange file.
 */
export const reviewDecisions = table([
  ['biopsy', 'Biopsy'],
  ['referral', 'Referral'],
  ['proceed', 'Proceed (reason recorded)'],
] as const);
export type ReviewDecision = (typeof reviewDecisions.codes)[number];

export const differentials = table([
  ['basal_cell_carcinoma', 'Basal cell carcinoma'],
  ['syringoma', 'Syringoma'],
  ['xanthelasma', 'Xanthelasma'],
  ['sebaceous_hyperplasia', 'Sebaceous hyperplasia'],
  ['molluscum_contagiosum', 'Molluscum contagiosum'],
  ['closed_comedones', 'Closed comedones'],
  ['epidermoid_cyst', 'Epidermoid cyst'],
  ['calcinosis_cutis', 'Calcinosis cutis'],
  ['colloid_milium', 'Colloid milium'],
  ['eruptive_vellus_hair_cysts', 'Eruptive vellus hair cysts'],
  ['other', 'Other'],
] as const);
export type Differential = (typeof differentials.codes)[number];

export const treatmentKinds = table([
  ['observation', 'Reassurance and observation'],
  ['extraction', 'De-roofing and expression'],
  ['curettage', 'Curettage'],
  ['electrodesiccation', 'Electrodesiccation'],
  ['cryotherapy', 'Cryotherapy'],
  ['laser_ablation', 'Laser ablation'],
  ['chemical_peel', 'Chemical peel'],
  ['topical_retinoid', 'Topical retinoid'],
  ['oral_minocycline', 'Oral minocycline'],
  ['other', 'Other (describe in notes)'],
] as const);
export type TreatmentKind = (typeof treatmentKinds.codes)[number];

const nonProcedureKinds: ReadonlySet<TreatmentKind> = new Set(['observation', 'topical_retinoid', 'oral_minocycline']);
/** Procedures need `consent: true` and an `anesthesia`. */
export const isProcedure = (kind: TreatmentKind): boolean => !nonProcedureKinds.has(kind);
export const procedureKinds: readonly TreatmentKind[] = treatmentKinds.codes.filter(isProcedure);

/** Destruction treatments, whose lesions add up to 17110 / 17111. */
export const destructionKinds: readonly TreatmentKind[] = ['curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation'];

export const anesthesias = table([
  ['none', 'None'],
  ['topical', 'Topical'],
  ['local_injection', 'Local injection'],
] as const);
export type Anesthesia = (typeof anesthesias.codes)[number];

export const extractionInstruments = table([
  ['needle', 'Needle'],
  ['blade_11', 'No. 11 blade'],
  ['lancet', 'Lancet'],
] as const);
export const cryoMethods = table([
  ['spray', 'Spray'],
  ['probe', 'Probe'],
  ['cotton_tip', 'Cotton tip'],
] as const);
export const lasers = table([
  ['co2', 'CO2'],
  ['erbium_yag', 'Erbium:YAG'],
] as const);
export const peelAgents = table([
  ['glycolic', 'Glycolic acid'],
  ['salicylic', 'Salicylic acid'],
  ['tca', 'Trichloroacetic acid (TCA)'],
  ['jessner', "Jessner's solution"],
  ['other', 'Other'],
] as const);
export const peelDepths = table([
  ['epidermal', 'Epidermal'],
  ['dermal', 'Dermal'],
] as const);
export const retinoidProducts = table([
  ['tretinoin', 'Tretinoin'],
  ['adapalene', 'Adapalene'],
  ['tazarotene', 'Tazarotene'],
  ['retinol', 'Retinol'],
] as const);

/** Procedure codes with the app's own short labels (the official descriptors are copyrighted). */
export const procedureCodes = table([
  ['10040', 'Acne surgery (extraction of milia)'],
  ['17110', 'Destruction of benign lesions, 1-14'],
  ['17111', 'Destruction of benign lesions, 15 or more'],
  ['15788', 'Chemical peel, face, epidermal'],
  ['15789', 'Chemical peel, face, dermal'],
  ['15792', 'Chemical peel, non-facial, epidermal'],
  ['15793', 'Chemical peel, non-facial, dermal'],
] as const);
export type ProcedureCode = (typeof procedureCodes.codes)[number];

export const diagnosisCodes = table([
  ['L72.0', 'L72.0 Milia (ICD-10-CM)'],
  ['L72.8', 'L72.8 Other follicular cysts (ICD-10-CM)'],
] as const);
export type DiagnosisCode = (typeof diagnosisCodes.codes)[number];
export const defaultDiagnosisCode: DiagnosisCode = 'L72.0';
/** SNOMED CT concept "Milia". */
export const snomedMilia = '254679001';

export const followUpStatuses = table([
  ['scheduled', 'Scheduled'],
  ['completed', 'Completed'],
  ['missed', 'Missed'],
  ['cancelled', 'Cancelled'],
] as const);
export type FollowUpStatus = (typeof followUpStatuses.codes)[number];

/** Asked at each visit of a patient aged 12-55 who is not male, before a retinoid or minocycline. */
export const pregnancyStatuses = table([
  ['pregnant', 'Pregnant'],
  ['breastfeeding', 'Breastfeeding'],
  ['neither', 'Neither'],
  ['not_asked', 'Not asked'],
] as const);
export type PregnancyStatus = (typeof pregnancyStatuses.codes)[number];

export const outcomes = table([
  ['cleared', 'Cleared'],
  ['improved', 'Improved'],
  ['unchanged', 'Unchanged'],
  ['worsened', 'Worsened'],
  ['recurred', 'Recurred'],
] as const);
export type Outcome = (typeof outcomes.codes)[number];

/** Default follow-up interval in weeks after a treatment of each kind (a practice setting). */
export const defaultFollowUpWeeks: Record<TreatmentKind, number> = {
  observation: 12,
  extraction: 4,
  curettage: 4,
  electrodesiccation: 4,
  cryotherapy: 4,
  laser_ablation: 6,
  chemical_peel: 4,
  topical_retinoid: 8,
  oral_minocycline: 8,
  // Not given by the vocabulary: the common 4-week check after a procedure.
  other: 4,
};

export const sexes = table([
  ['female', 'Female'],
  ['male', 'Male'],
  ['other', 'Other'],
  ['unknown', 'Unknown'],
] as const);
export type Sex = (typeof sexes.codes)[number];

export const fitzpatrickTypes = [1, 2, 3, 4, 5, 6] as const;

export const roles = table([
  ['dermatologist', 'Dermatologist'],
  ['nurse', 'Nurse'],
  ['manager', 'Practice manager'],
  ['admin', 'Administrator'],
] as const);
export type Role = (typeof roles.codes)[number];

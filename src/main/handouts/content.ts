/**
 * The aftercare handout's words: templates under resources/handouts (data, so a clinician
 * can reword them and each keeps a version), and the composition of one handout from a
 * visit. Shared advice is written once in its own template and printed once per handout,
 * however many treatments the visit had; conditions on blocks and lines fit the words to the
 * record (a visit waiting for a decision, the product prescribed, the patient's skin type).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { format, parseISO } from 'date-fns';
import * as z from 'zod';
import { isInfant, isUnderAspirinAge, isYoungBaby } from '@shared/ageBands';
import { AppError } from '@shared/errors';
import { asksPregnancy } from '@shared/pregnancy';
import type { Settings } from '@shared/schemas';
import type { Patient, Treatment, Visit } from '@shared/types';
import { undecided } from '@shared/decisions';
import {
  isEyeAreaSite,
  isFaceSite,
  isProcedure,
  retinoidProducts,
  siteLabel,
  sites,
  treatmentKinds,
  type MiliaType,
  type Side,
  type Site,
  type TreatmentKind,
} from '@shared/vocabulary';
import type { Block, HandoutDocument, Section } from './model';

/**
 * Sub-headings in the order a section prints them. The parents' wording has its own care
 * heading, in the same place.
 */
const subsectionHeadings = [
  'What was done',
  'What to expect',
  'Caring for your skin',
  "Caring for your baby's skin",
  'What to avoid',
  'When to call us',
] as const;
type Heading = (typeof subsectionHeadings)[number];
const slot = (heading: Heading): number => {
  const i = subsectionHeadings.indexOf(heading);
  // The two care headings share one place.
  return i >= subsectionHeadings.indexOf("Caring for your baby's skin") ? i - 1 : i;
};

/**
 * What a block or a line may depend on, so that one template serves every visit without
 * printing what is wrong for it. Each is worked out from the record in `factsOf`.
 */
const conditionNames = [
  /** A presentation of the visit waits for a dermatologist's decision, a biopsy's result or a specialist: no reassurance. */
  'checking',
  /** Which of those: the decision itself, a biopsy decided, a referral decided. */
  'deciding',
  'biopsy',
  'referral',
  /** Milia en plaque, multiple eruptive milia or milia with a genodermatosis: a cause is looked for, no reassurance. */
  'cause',
  /** A treated site is on the face or head. */
  'face',
  /** The visit prescribes a retinoid cream. */
  'retinoid',
  /** The visit prescribes a medicine: a retinoid cream or minocycline tablets. */
  'medicine',
  /** Pregnancy and breastfeeding apply to the patient at the visit: not male, 12 to 55 (`asksPregnancy`). */
  'pregnancyAsked',
  /** The patient is under 1 year old at the visit: a baby sleeps without a pillow and is kept out of strong sun, not given sunscreen every day. */
  'infant',
  /** The patient is under 16 at the visit: never told aspirin may be taken. */
  'underSixteen',
  /** Fitzpatrick skin type IV to VI. */
  'darkSkin',
  /** Near the eyes: a procedure, a cream, either. */
  'eyeProcedure',
  'eyeCream',
  'eyeTreated',
  /** The visit cut or scraped the skin (extraction, curettage, cautery, other): it may bleed. */
  'cuts',
  /** A local anaesthetic injection around the mouth. */
  'nearMouth',
  /** This section's treatment on the leg or foot. */
  'lowerLeg',
  /** This section's treatment on the face or head (`face` is any treatment of the visit). */
  'onFace',
  /** This section's treatment on the forehead, between the eyebrows, at a temple or on a cheek. */
  'nearEyes',
  /** A keloid is more likely: ear, chest or back, or darker skin. */
  'keloidRisk',
  /** A procedure of the visit made a wound where this section's cream goes. */
  'woundNearby',
  /** Each retinoid of this section has its frequency recorded. */
  'frequency',
  /** The retinoid products of this section, and one recorded without its product. */
  'tretinoin',
  'adapalene',
  'tazarotene',
  'retinol',
  'productUnknown',
  /** The treatment has a note (for `other`, what was done). */
  'note',
] as const;
type Condition = (typeof conditionNames)[number];
type Facts = Record<Condition, boolean>;
const conditionSchema = z.enum([...conditionNames, ...conditionNames.map((c) => `!${c}` as const)]);
const conditionsSchema = z.array(conditionSchema).min(1).optional();
const holds = (conditions: readonly string[] | undefined, facts: Facts): boolean =>
  (conditions ?? []).every((c) => (c.startsWith('!') ? !facts[c.slice(1) as Condition] : facts[c as Condition]));

/**
 * The only placeholders, kept few so the templates stay readable as plain text. `{call}` is a
 * whole line of a callout: the practice's name and numbers.
 */
const placeholderNames = ['site', 'lesions', 'prescribed', 'note', 'call'] as const;
type Placeholder = (typeof placeholderNames)[number];
const placeholderPattern = /\{([^{}]*)\}/g;
const callLine = '{call}';

const line = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .refine((text) => [...text.matchAll(placeholderPattern)].every((m) => (placeholderNames as readonly string[]).includes(m[1]!)), {
    error: `may use only the placeholders ${placeholderNames.map((p) => `{${p}}`).join(', ')}`,
  });
/** A line printed always, or only when its conditions hold. */
const item = z.union([line, z.strictObject({ text: line, if: conditionsSchema })]);
const items = z.array(item).min(1);

const blockSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('paragraph'), text: line, if: conditionsSchema }),
  z.strictObject({ kind: z.literal('bullets'), items, if: conditionsSchema }),
  z.strictObject({ kind: z.literal('timeline'), items: z.array(z.strictObject({ when: line, text: line })).min(1), if: conditionsSchema }),
  z.strictObject({ kind: z.literal('callout'), title: line, items, if: conditionsSchema }),
]);
type TemplateBlock = z.output<typeof blockSchema>;
type Item = z.output<typeof item>;

const subsectionsSchema = z
  .array(z.strictObject({ heading: z.enum(subsectionHeadings), blocks: z.array(blockSchema).min(1) }))
  .min(1)
  .refine((subs) => subs.every((s, i) => i === 0 || slot(subs[i - 1]!.heading) < slot(s.heading)), {
    error: `must each appear once, in the order ${subsectionHeadings.join(', ')}`,
  });
type Subsections = z.output<typeof subsectionsSchema>;

export const templateSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, { error: 'must be the file name without .json' }),
  /** The date it was last reviewed and a running number: printed into the handout's record. */
  version: z.string().regex(/^\d{4}-\d{2}-\d{2}\.\d+$/, { error: 'must look like 2026-11-22.1' }),
  /** The heading the patient reads (a treatment's in patients' words, not the clinician's label). */
  title: line.optional(),
  /**
   * Shared parts (like wound care) this treatment needs: printed once, inside its section when
   * it alone needs them, as a section of their own after the treatments when several do.
   */
  uses: z.array(z.string()).optional(),
  subsections: subsectionsSchema,
  /** The wording for the parents of a baby under 3 months ("your baby"), where it differs. */
  parents: subsectionsSchema.optional(),
  /** The parents' heading, where it differs. */
  parentsTitle: line.optional(),
});
export type Template = z.output<typeof templateSchema>;

/** Templates printed as sections of their own: checking first, the rest after the treatments. */
const sectionIds = ['checking', 'anaesthetic', 'eye-area', 'general'] as const;
/** A treatment kind's other templates, chosen by its details: a dermal peel is not a light one. */
const variantIds = ['chemical_peel_dermal'] as const;
function templateIdOf(t: Treatment): string {
  return t.kind === 'chemical_peel' && t.details.depth === 'dermal' ? 'chemical_peel_dermal' : t.kind;
}
/** Placeholders filled from one treatment section's treatments, and the templates that may use them. */
const sectionPlaceholders: Partial<Record<Placeholder, (id: string) => boolean>> = {
  site: (id) => id in treatmentKinds.labels || (variantIds as readonly string[]).includes(id),
  lesions: (id) => id in treatmentKinds.labels || (variantIds as readonly string[]).includes(id),
  prescribed: (id) => id === 'topical_retinoid' || id === 'oral_minocycline',
  note: (id) => id === 'other',
};

/** Words that reassure: never printed while a presentation waits for a decision or a result, or a cause is looked for. */
const reassurance = /harmless|nothing serious|not a sign of anything serious|safe to leave|go away by themselves/i;
/** Sunscreen advice is printed once, in the general section. */
const sunscreen = /sunscreen|\bSPF\b/i;
/** Sunscreen every day is advice for those a year old or more: a baby is kept out of strong sun. */
const dailySunscreen = /\bSPF\b/;
/** Aspirin is named to a child only to say it is not given. */
const aspirin = /\baspirin\b/i;
const aspirinRefused = 'Do not give aspirin to anyone under 16, unless a doctor prescribes it.';

export interface Templates {
  /** Treatment templates by id: each kind's, and its variants. */
  treatments: Map<string, Template>;
  /** Shared parts, by id. */
  parts: Map<string, Template>;
  /** The sections of their own, by id. */
  sections: Record<(typeof sectionIds)[number], Template>;
}

/**
 * The `resources/handouts` folder: MILIA_RESOURCES names the resources folder, a packaged
 * app has it under its resources path, and a checkout has it up from this module.
 */
export function findHandoutsFolder(): string {
  const fromEnv = process.env.MILIA_RESOURCES;
  if (fromEnv) return join(fromEnv, 'handouts');
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = resources ? [join(resources, 'handouts')] : [];
  for (let dir = __dirname; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'resources', 'handouts'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => existsSync(join(c, 'general.json')));
  if (!found) throw new Error(`The handout templates were not found (looked in ${candidates.slice(0, 3).join(', ')} …).`);
  return found;
}

const itemText = (i: Item): string => (typeof i === 'string' ? i : i.text);
const itemIf = (i: Item): readonly string[] => (typeof i === 'string' ? [] : (i.if ?? []));

/** Every text of a template with the conditions it prints under and whether it is a callout's line. */
function textsOf(t: Template): Array<{ text: string; conditions: readonly string[]; calloutLine: boolean }> {
  return [...t.subsections, ...(t.parents ?? [])].flatMap((s) =>
    s.blocks.flatMap((b) => {
      const own = b.if ?? [];
      switch (b.kind) {
        case 'paragraph':
          return [{ text: b.text, conditions: own, calloutLine: false }];
        case 'timeline':
          return b.items.flatMap((i) => [i.when, i.text]).map((text) => ({ text, conditions: own, calloutLine: false }));
        case 'bullets':
        case 'callout':
          return [
            ...(b.kind === 'callout' ? [{ text: b.title, conditions: own, calloutLine: false }] : []),
            ...b.items.map((i) => ({ text: itemText(i), conditions: [...own, ...itemIf(i)], calloutLine: b.kind === 'callout' })),
          ];
      }
    }),
  );
}

/** The rules a template's words must keep, beyond its shape. A fault names the file and the rule. */
function checkWords(t: Template): void {
  const fault = (rule: string) => new Error(`Handout template ${t.id}.json ${rule}.`);
  for (const { text, conditions, calloutLine } of textsOf(t)) {
    for (const [, name] of text.matchAll(placeholderPattern)) {
      if (name === 'call') {
        if (!calloutLine || text !== callLine) throw fault(`uses {call} inside "${text}": it must be a whole line of a callout`);
      } else if (!sectionPlaceholders[name as Placeholder]!(t.id))
        throw fault(
          `uses the placeholder {${name}}, which only ${name === 'prescribed' ? 'a drug' : name === 'note' ? '"other"' : 'a treatment'}'s template may use`,
        );
    }
    if (reassurance.test(text) && !(conditions.includes('!checking') && conditions.includes('!cause')))
      throw fault(
        `reassures ("${text}") without the conditions "!checking" and "!cause": a visit waiting for a decision or a result, or one whose milia have a cause looked for, must not read it`,
      );
    if (t.id !== 'general' && sunscreen.test(text)) throw fault(`gives sunscreen advice ("${text}"): it is printed once, in general.json`);
    if (dailySunscreen.test(text) && !conditions.includes('!infant'))
      throw fault(`advises a sunscreen ("${text}") without the condition "!infant": a baby under 1 year is kept out of strong sun instead`);
    if (aspirin.test(text) && !conditions.includes('!underSixteen') && !(text === aspirinRefused && conditions.includes('underSixteen')))
      throw fault(`names aspirin ("${text}") without the condition "!underSixteen": a child under 16 reads only "${aspirinRefused}", under "underSixteen"`);
  }
  for (const s of [...t.subsections, ...(t.parents ?? [])])
    for (const b of s.blocks)
      if (b.kind === 'callout' && [b.title, ...b.items.map(itemText)].some((x) => /\bcall\b/i.test(x) && x !== callLine) && !b.items.includes(callLine))
        throw fault(`has the callout "${b.title}", which tells the reader to call, without a {call} line for the phone numbers`);
}

/**
 * Reads and checks every template of the folder. A fault here is a packaging or editing
 * mistake, not the user's: it names the file and the field.
 */
export function loadTemplates(folder = findHandoutsFolder()): Templates {
  const all = new Map<string, Template>();
  for (const file of readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const path = join(folder, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`Handout template ${path} is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = templateSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
      throw new Error(`Handout template ${path} is not valid: ${issues}`);
    }
    if (parsed.data.id !== basename(file, '.json')) throw new Error(`Handout template ${path} has the id "${parsed.data.id}": it must match its file name.`);
    all.set(parsed.data.id, parsed.data);
  }
  const need = (id: string): Template => {
    const t = all.get(id);
    if (!t) throw new Error(`The handout template ${id}.json is missing from ${folder}.`);
    return t;
  };
  const treatments = new Map([...treatmentKinds.codes, ...variantIds].map((id) => [id as string, need(id)]));
  const sections = Object.fromEntries(sectionIds.map((id) => [id, need(id)])) as Templates['sections'];
  const parts = new Map<string, Template>();
  for (const t of treatments.values()) {
    for (const id of t.uses ?? []) {
      if (treatments.has(id) || id in sections) throw new Error(`Handout template ${t.id}.json uses "${id}", which is not a shared part.`);
      parts.set(id, need(id));
    }
  }
  for (const t of [...parts.values(), ...Object.values(sections)])
    if (t.uses !== undefined) throw new Error(`Handout template ${t.id}.json uses other templates: only a treatment's may.`);
  for (const t of [...treatments.values(), ...parts.values(), ...Object.values(sections)]) {
    if (t.title === undefined) throw new Error(`Handout template ${t.id}.json needs a title: the heading the patient reads.`);
    if (t.parentsTitle !== undefined && t.parents === undefined) throw new Error(`Handout template ${t.id}.json has a parentsTitle without parents' wording.`);
    checkWords(t);
  }
  const unused = [...all.keys()].filter((id) => !treatments.has(id) && !parts.has(id) && !(id in sections));
  if (unused.length > 0) throw new Error(`Handout templates ${unused.map((id) => `${id}.json`).join(', ')} in ${folder} are not used by any treatment.`);
  return { treatments, parts, sections };
}

let loaded: Templates | undefined;
/** Loaded once, at the first handout: a broken template fails the first print loudly. */
function templates(): Templates {
  loaded ??= loadTemplates();
  return loaded;
}

/**
 * Sites in words for the patient, with `{your}` for "your" or "your baby's". `plain` heads
 * the list of treated sites where the vocabulary's label ("Glabella", "Periorbital skin") is
 * for clinicians; elsewhere the label serves. `words` is for sentences, `one` with a side and
 * `both` for both sides.
 */
const siteWords: Record<Site, { plain?: string; words: string; one?: string; both?: string }> = {
  scalp: { words: '{your} scalp' },
  forehead: { words: '{your} forehead' },
  glabella: { plain: 'Between the eyebrows', words: 'the skin between {your} eyebrows' },
  temple: { words: '{your} temple', one: '{your} {side} temple', both: 'both {your} temples' },
  upper_eyelid: { words: '{your} upper eyelid', one: '{your} {side} upper eyelid', both: 'both {your} upper eyelids' },
  lower_eyelid: { words: '{your} lower eyelid', one: '{your} {side} lower eyelid', both: 'both {your} lower eyelids' },
  periorbital: {
    plain: 'Skin around the eye',
    words: 'the skin around {your} eye',
    one: 'the skin around {your} {side} eye',
    both: 'the skin around both {your} eyes',
  },
  nose: { words: '{your} nose' },
  cheek: { words: '{your} cheek', one: '{your} {side} cheek', both: 'both {your} cheeks' },
  ear: { plain: 'Ear and the skin around it', words: '{your} ear', one: '{your} {side} ear', both: 'both {your} ears' },
  perioral: { plain: 'Lips and the skin around the mouth', words: 'the skin around {your} mouth' },
  chin: { words: '{your} chin' },
  jaw: { words: '{your} jawline', one: 'the {side} side of {your} jaw', both: 'both sides of {your} jaw' },
  neck: { words: '{your} neck' },
  oral_mucosa: { plain: 'Gums or roof of the mouth', words: '{your} gums or the roof of {your} mouth' },
  trunk: { plain: 'Chest, back or tummy', words: '{your} chest, back or tummy' },
  upper_limb: { plain: 'Arm or hand', words: '{your} arm or hand', one: '{your} {side} arm or hand', both: 'both {your} arms or hands' },
  lower_limb: { plain: 'Leg or foot', words: '{your} leg or foot', one: '{your} {side} leg or foot', both: 'both {your} legs or feet' },
  genital: { plain: 'Genital area', words: '{your} genital area' },
  other: { plain: 'Other area', words: 'the treated area' },
};

function siteInWords(site: Site, side: Side | null, your: string): string {
  const w = siteWords[site];
  const phrase = side === 'bilateral' && w.both ? w.both : (side === 'left' || side === 'right') && w.one ? w.one.replace('{side}', side) : w.words;
  return phrase.replaceAll('{your}', your);
}

/** "a", "a and b", "a, b and c". */
function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const milia = (n: number): string => `${n} ${n === 1 ? 'milium' : 'milia'}`;

/** What the treated list says was done at a site: with a count when lesions were counted. */
const doneAtSite: Record<TreatmentKind, { counted: string; uncounted: string }> = {
  observation: { counted: 'checked, no treatment needed', uncounted: 'checked, no treatment needed' },
  extraction: { counted: 'removed', uncounted: 'milia removed' },
  curettage: { counted: 'removed', uncounted: 'milia removed' },
  electrodesiccation: { counted: 'treated', uncounted: 'milia treated' },
  cryotherapy: { counted: 'frozen', uncounted: 'milia frozen' },
  laser_ablation: { counted: 'treated with a laser', uncounted: 'milia treated with a laser' },
  chemical_peel: { counted: 'treated with a chemical peel', uncounted: 'chemical peel' },
  topical_retinoid: { counted: 'to treat with a retinoid cream', uncounted: 'retinoid cream' },
  oral_minocycline: { counted: 'to treat with minocycline', uncounted: 'minocycline tablets' },
  other: { counted: 'treated', uncounted: 'treated' },
};

function treatedEntry(t: Treatment): HandoutDocument['visit']['treated'][number] {
  const where = siteLabel(t.site, t.side, (site) => siteWords[site].plain ?? sites.label(site));
  const done = doneAtSite[t.kind];
  const what = t.lesionsTreated > 0 ? `${milia(t.lesionsTreated)} ${done.counted}` : done.uncounted;
  return { site: t.site, side: t.side, label: `${where}: ${what}`, lesions: t.lesionsTreated };
}

function fill(text: string, values: Partial<Record<Placeholder, string>>): string {
  return text.replace(placeholderPattern, (_, name: Placeholder) => values[name] ?? '');
}

/** The blocks and lines whose conditions hold, filled in; a block or sub-heading left empty is dropped. */
function select(subs: Subsections, facts: Facts, values: Partial<Record<Placeholder, string>>): Section['subsections'] {
  const f = (text: string) => fill(text, values);
  const lines = (items: Item[]) => items.filter((i) => holds(itemIf(i), facts)).map((i) => f(itemText(i)));
  const block = (b: TemplateBlock): Block | null => {
    if (!holds(b.if, facts)) return null;
    switch (b.kind) {
      case 'paragraph':
        return { kind: 'paragraph', text: f(b.text) };
      case 'timeline':
        return { kind: 'timeline', items: b.items.map((i) => ({ when: f(i.when), text: f(i.text) })) };
      case 'bullets': {
        const kept = lines(b.items);
        return kept.length > 0 ? { kind: 'bullets', items: kept } : null;
      }
      case 'callout': {
        // The numbers close the list: the signs to call about above them, as a list, and the call line with what follows it below.
        const kept = lines(b.items);
        const at = values.call === undefined ? -1 : kept.indexOf(values.call);
        const items = at < 0 ? kept : kept.slice(0, at);
        return items.length > 0 ? { kind: 'callout', title: f(b.title), items, after: at < 0 ? [] : kept.slice(at) } : null;
      }
    }
  };
  return subs
    .map((s) => ({
      heading: s.heading,
      blocks: joinCallouts(s.blocks.map(block).filter((b): b is Block => b !== null)),
    }))
    .filter((s) => s.blocks.length > 0);
}

/**
 * Callouts of one sub-heading with the same title become one, at the first one's place: each
 * line once, the phone numbers with them.
 */
function joinCallouts(blocks: Block[]): Block[] {
  const first = new Map<string, Extract<Block, { kind: 'callout' }>>();
  const out: Block[] = [];
  for (const b of blocks) {
    const earlier = b.kind === 'callout' ? first.get(b.title) : undefined;
    if (b.kind !== 'callout') out.push(b);
    else if (!earlier) {
      const copy = { ...b, items: [...b.items], after: [...b.after] };
      first.set(b.title, copy);
      out.push(copy);
    } else {
      earlier.items = [...new Set([...earlier.items, ...b.items])];
      earlier.after = [...new Set([...earlier.after, ...b.after])];
    }
  }
  return out;
}

/** Blocks of the same sub-heading run together, in the printing order. */
function merge(lists: Subsections[]): Subsections {
  const byHeading = new Map<Heading, TemplateBlock[]>();
  for (const subs of lists) for (const s of subs) byHeading.set(s.heading, [...(byHeading.get(s.heading) ?? []), ...s.blocks]);
  return [...byHeading.entries()].sort(([a], [b]) => slot(a) - slot(b)).map(([heading, blocks]) => ({ heading, blocks }));
}

/** Parents read "your baby": the patient is a baby the care rules keep to observation (by age, never by type). */
function isForParents(patient: Patient, visit: Visit): boolean {
  return isYoungBaby(patient.dateOfBirth, visit.date);
}

const causeTypes: ReadonlySet<MiliaType> = new Set(['milia_en_plaque', 'multiple_eruptive', 'genodermatosis']);
const cuttingKinds: ReadonlySet<TreatmentKind> = new Set(['extraction', 'curettage', 'electrodesiccation', 'other']);
const mouthSites: ReadonlySet<Site> = new Set(['perioral', 'chin', 'oral_mucosa']);
const nearEyeSites: ReadonlySet<Site> = new Set(['forehead', 'glabella', 'temple', 'cheek']);
const keloidSites: ReadonlySet<Site> = new Set(['ear', 'trunk']);
const retinoidProduct = (t: Treatment): string | undefined => (typeof t.details.product === 'string' ? t.details.product : undefined);
const recorded = (value: unknown): value is string | number => (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';

/** The record's facts the templates' conditions read: of the visit, and of one section's treatments. */
function factsOf(patient: Patient, visit: Visit, own: Treatment[]): Facts {
  const all = visit.treatments;
  const eye = all.filter((t) => isEyeAreaSite(t.site));
  const procedures = all.filter((t) => isProcedure(t.kind));
  const sameArea = (a: Site, b: Site) => a === b || (isFaceSite(a) && isFaceSite(b));
  const retinoids = own.filter((t) => t.kind === 'topical_retinoid');
  const products = new Set(retinoids.map(retinoidProduct));
  const darkSkin = (patient.fitzpatrick ?? 0) >= 4;
  const deciding = visit.presentations.some(undecided);
  const biopsy = visit.presentations.some((p) => p.decision === 'biopsy');
  const referral = visit.presentations.some((p) => p.decision === 'referral');
  return {
    checking: deciding || biopsy || referral,
    deciding,
    biopsy,
    referral,
    cause: visit.presentations.some((p) => causeTypes.has(p.type)),
    face: all.some((t) => isFaceSite(t.site)),
    retinoid: all.some((t) => t.kind === 'topical_retinoid'),
    medicine: all.some((t) => t.kind === 'topical_retinoid' || t.kind === 'oral_minocycline'),
    pregnancyAsked: asksPregnancy(patient, visit.date),
    infant: isInfant(patient.dateOfBirth, visit.date),
    underSixteen: isUnderAspirinAge(patient.dateOfBirth, visit.date),
    darkSkin,
    eyeProcedure: eye.some((t) => isProcedure(t.kind)),
    eyeCream: eye.some((t) => t.kind === 'topical_retinoid'),
    eyeTreated: eye.some((t) => isProcedure(t.kind) || t.kind === 'topical_retinoid'),
    cuts: all.some((t) => cuttingKinds.has(t.kind)),
    nearMouth: all.some((t) => t.anesthesia === 'local_injection' && mouthSites.has(t.site)),
    lowerLeg: own.some((t) => t.site === 'lower_limb'),
    onFace: own.some((t) => isFaceSite(t.site)),
    nearEyes: own.some((t) => nearEyeSites.has(t.site)),
    keloidRisk: darkSkin || own.some((t) => keloidSites.has(t.site)),
    woundNearby: retinoids.some((r) => procedures.some((p) => sameArea(p.site, r.site))),
    frequency: retinoids.length > 0 && retinoids.every((t) => recorded(t.details.frequency)),
    tretinoin: products.has('tretinoin'),
    adapalene: products.has('adapalene'),
    tazarotene: products.has('tazarotene'),
    retinol: products.has('retinol'),
    productUnknown: products.has(undefined),
    note: own.some((t) => t.notes.trim() !== ''),
  };
}

/**
 * What was prescribed, as the patient reads it on the box: "Adapalene 0.1%, once at night",
 * "Minocycline 100 mg for 8 weeks, as on your prescription label". What the record leaves out
 * is left to the label, never guessed.
 */
function prescribed(own: Treatment[], your: string): string {
  const entries = own.map((t) => {
    const d = t.details;
    if (t.kind === 'topical_retinoid') {
      const product = retinoidProduct(t);
      const name = product && product in retinoidProducts.labels ? retinoidProducts.label(product as keyof typeof retinoidProducts.labels) : 'Retinoid';
      const strength = typeof d.strengthPercent === 'number' ? ` ${d.strengthPercent}%` : '';
      const frequency = recorded(d.frequency) ? String(d.frequency).trim().replace(/\.+$/, '') : '';
      return { medicine: `${name}${strength}`, how: frequency || 'as on your prescription label', where: siteInWords(t.site, t.side, your) };
    }
    const dose = typeof d.doseMg === 'number' ? ` ${d.doseMg} mg` : '';
    const weeks = typeof d.durationWeeks === 'number' ? ` for ${d.durationWeeks} ${d.durationWeeks === 1 ? 'week' : 'weeks'}` : '';
    // The record holds the dose, not how often it is taken: the label says that.
    return { medicine: `Minocycline${dose}${weeks}`, how: 'as on your prescription label', where: null };
  });
  // Creams that differ (a weaker one for the eyelids) say where each goes; one cream for every site is said once.
  const placed = new Set(entries.map((e) => `${e.medicine}, ${e.how}`)).size > 1;
  const lines = entries.map((e) => (placed && e.where !== null ? `${e.medicine} on ${e.where}, ${e.how}` : `${e.medicine}, ${e.how}`));
  return [...new Set(lines)].join('; ');
}

/** The practice's name and numbers, as a line inside each callout that says to call. */
function callWords(settings: Settings): string {
  const name = settings.practiceName.trim() || 'the practice';
  const phone = settings.phone.trim() ? `Call ${name} on ${settings.phone.trim()}.` : `Call ${name}.`;
  return settings.afterHoursPhone.trim() ? `${phone} After hours, call ${settings.afterHoursPhone.trim()}.` : phone;
}

export interface ComposeInput {
  patient: Patient;
  visit: Visit;
  settings: Settings;
  /**
   * The day the handout is printed (`YYYY-MM-DD`), the visit's day when left out: a reprint
   * shows the next follow-up still to come rather than one already past.
   */
  today?: string;
}

export function composeHandout({ patient, visit, settings, today }: ComposeInput): HandoutDocument {
  if (visit.treatments.length === 0) {
    throw new AppError('validation', 'This visit has no treatment, so there is no aftercare handout to print. Add the treatment to the visit first.');
  }
  const t = templates();
  const forParents = isForParents(patient, visit);
  const your = forParents ? "your baby's" : 'your';
  const call = callWords(settings);
  const templateVersions: Record<string, string> = {};
  const wording = (template: Template): Subsections => {
    templateVersions[template.id] = template.version;
    return forParents && template.parents ? template.parents : template.subsections;
  };
  const headingOf = (template: Template): string => (forParents ? template.parentsTitle : undefined) ?? template.title!;
  const ownSection = (template: Template, facts: Facts): Section => ({
    heading: headingOf(template),
    subsections: select(wording(template), facts, { call }),
  });
  const visitFacts = factsOf(patient, visit, visit.treatments);

  /** One section per template, in visit order: a kind's treatments share it, a dermal peel has its own. */
  const groups = new Map<string, Treatment[]>();
  for (const tr of visit.treatments) groups.set(templateIdOf(tr), [...(groups.get(templateIdOf(tr)) ?? []), tr]);
  const sections: Section[] = [];
  if (visitFacts.checking) sections.push(ownSection(t.sections.checking, visitFacts));
  // Shared care is said once: inside the one section that needs it, or after several.
  const groupList = [...groups.entries()];
  const partsOf = (id: string) => t.treatments.get(id)!.uses ?? [];
  const partIds = [...new Set(groupList.flatMap(([id]) => partsOf(id)))];
  const ownerOf = new Map(partIds.map((part) => [part, groupList.filter(([id]) => partsOf(id).includes(part))] as const));
  const inline = (part: string) => ownerOf.get(part)!.length === 1;
  for (const [id, own] of groupList) {
    const template = t.treatments.get(id)!;
    const sites = [...new Set(own.map((tr) => siteInWords(tr.site, tr.side, your)))];
    const lesions = own.reduce((n, tr) => n + tr.lesionsTreated, 0);
    const note = [...new Set(own.map((tr) => tr.notes.trim().replace(/[.!?]+$/, '')).filter(Boolean))].join('; ');
    const values = { site: listInWords(sites), lesions: lesions > 0 ? milia(lesions) : 'the milia', prescribed: prescribed(own, your), note, call };
    const shared = partsOf(id)
      .filter(inline)
      .map((part) => wording(t.parts.get(part)!));
    sections.push({ heading: headingOf(template), subsections: select(merge([wording(template), ...shared]), factsOf(patient, visit, own), values) });
  }
  const common = partIds.filter((part) => !inline(part)).map((part) => t.parts.get(part)!);
  if (common.length > 0) sections.push({ heading: headingOf(common[0]!), subsections: select(merge(common.map(wording)), visitFacts, { call }) });
  if (visit.treatments.some((tr) => tr.anesthesia === 'local_injection')) sections.push(ownSection(t.sections.anaesthetic, visitFacts));
  if (visit.treatments.some((tr) => isEyeAreaSite(tr.site))) sections.push(ownSection(t.sections['eye-area'], visitFacts));
  sections.push(ownSection(t.sections.general, visitFacts));

  const from = today ?? visit.date;
  const scheduled = visit.followUps
    .filter((f) => f.status === 'scheduled')
    .map((f) => f.dueDate)
    .sort();
  const upcoming = scheduled.find((d) => d >= from);
  const followUpDate = upcoming ?? scheduled[0] ?? null;

  return {
    title: `Aftercare after ${your} visit on ${format(parseISO(visit.date), 'd MMMM yyyy')}`,
    language: 'en-GB',
    patient: { name: `${patient.givenName} ${patient.familyName}`, dateOfBirth: patient.dateOfBirth, mrn: patient.mrn },
    visit: {
      date: visit.date,
      clinician: visit.clinicianName,
      treated: visit.treatments.map(treatedEntry),
      followUpDate,
      followUpPassed: upcoming === undefined && followUpDate !== null,
    },
    practice: { name: settings.practiceName, address: settings.address, phone: settings.phone, afterHoursPhone: settings.afterHoursPhone },
    sections,
    templateVersions,
    kinds: [...new Set(visit.treatments.map((tr) => tr.kind))],
  };
}

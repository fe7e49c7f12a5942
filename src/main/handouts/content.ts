/**
 * The aftercare handout's words: templates under resources/handouts (data, so a clinician
 * can reword them and each keeps a version), and the composition of one handout from a
 * visit. Shared advice is written once in its own template and emitted once per handout,
 * however many treatments the visit had.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { addMonths, format, parseISO } from 'date-fns';
import { z } from 'zod';
import { AppError } from '@shared/errors';
import type { Settings } from '@shared/schemas';
import type { Patient, Treatment, Visit } from '@shared/types';
import { isEyeAreaSite, siteLabel, sites, treatmentKinds, type Side, type Site, type TreatmentKind } from '@shared/vocabulary';
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

/** The only placeholders: kept few so the templates stay readable as plain text. */
const placeholderNames = ['site', 'lesions'] as const;
type Placeholder = (typeof placeholderNames)[number];
const placeholderPattern = /\{([^{}]*)\}/g;

const line = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .refine((text) => [...text.matchAll(placeholderPattern)].every((m) => (placeholderNames as readonly string[]).includes(m[1]!)), {
    error: `may use only the placeholders ${placeholderNames.map((p) => `{${p}}`).join(' and ')}`,
  });
const lines = z.array(line).min(1);

const blockSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('paragraph'), text: line }),
  z.strictObject({ kind: z.literal('bullets'), items: lines }),
  z.strictObject({ kind: z.literal('timeline'), items: z.array(z.strictObject({ when: line, text: line })).min(1) }),
  z.strictObject({ kind: z.literal('callout'), title: line, items: lines }),
]) satisfies z.ZodType<Block>;

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
  /** The heading of a template printed as its own section; a treatment's comes from the vocabulary. */
  title: line.optional(),
  /** Shared parts (like wound care) this treatment's section includes. */
  uses: z.array(z.string()).optional(),
  subsections: subsectionsSchema,
  /** The wording for the parents of a newborn ("your baby"), where it differs. */
  parents: subsectionsSchema.optional(),
  /** The parents' heading of a template printed as its own section. */
  parentsTitle: line.optional(),
});
export type Template = z.output<typeof templateSchema>;

/** Templates printed as sections of their own, after the treatments. */
const sectionIds = ['eye-area', 'general'] as const;

export interface Templates {
  kinds: Record<TreatmentKind, Template>;
  /** Shared parts, by id: included in the first treatment section that uses them. */
  parts: Map<string, Template>;
  eyeArea: Template;
  general: Template;
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

const knownPlaceholder = new RegExp(placeholderNames.map((p) => `\\{${p}\\}`).join('|'));
/** Unknown placeholders are refused by the schema, so looking for the known ones is enough. */
function hasPlaceholder(subs: Subsections): boolean {
  return knownPlaceholder.test(JSON.stringify(subs));
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
  const kinds = Object.fromEntries(treatmentKinds.codes.map((k) => [k, need(k)])) as Record<TreatmentKind, Template>;
  const parts = new Map<string, Template>();
  for (const t of Object.values(kinds)) {
    if (t.title !== undefined) throw new Error(`Handout template ${t.id}.json has a title: a treatment's heading is its vocabulary label.`);
    for (const id of t.uses ?? []) {
      if (id in kinds || (sectionIds as readonly string[]).includes(id))
        throw new Error(`Handout template ${t.id}.json uses "${id}", which is not a shared part.`);
      parts.set(id, need(id));
    }
  }
  for (const t of [...parts.values(), ...sectionIds.map(need)]) {
    if (t.uses !== undefined) throw new Error(`Handout template ${t.id}.json uses other templates: only a treatment's may.`);
    // Printed once for several treatments, so it cannot name one treatment's sites.
    if (hasPlaceholder(t.subsections) || (t.parents && hasPlaceholder(t.parents)))
      throw new Error(`Handout template ${t.id}.json uses a placeholder: only a treatment's may.`);
  }
  for (const t of parts.values())
    if (t.title !== undefined) throw new Error(`Handout template ${t.id}.json has a title, but it is printed inside a treatment's section.`);
  for (const id of sectionIds)
    if (need(id).title === undefined) throw new Error(`Handout template ${id}.json needs a title: it is printed as its own section.`);
  for (const t of all.values()) {
    if (t.parentsTitle !== undefined && (t.title === undefined || t.parents === undefined))
      throw new Error(`Handout template ${t.id}.json has a parentsTitle without a title and parents' wording.`);
  }
  const unused = [...all.keys()].filter((id) => !(id in kinds) && !parts.has(id) && !(sectionIds as readonly string[]).includes(id));
  if (unused.length > 0) throw new Error(`Handout templates ${unused.map((id) => `${id}.json`).join(', ')} in ${folder} are not used by any treatment.`);
  return { kinds, parts, eyeArea: need('eye-area'), general: need('general') };
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

function fill(text: string, values: Record<Placeholder, string>): string {
  return text.replace(placeholderPattern, (_, name: Placeholder) => values[name]);
}

function fillBlock(block: Block, values: Record<Placeholder, string>): Block {
  const f = (text: string) => fill(text, values);
  switch (block.kind) {
    case 'paragraph':
      return { kind: 'paragraph', text: f(block.text) };
    case 'bullets':
      return { kind: 'bullets', items: block.items.map(f) };
    case 'timeline':
      return { kind: 'timeline', items: block.items.map((i) => ({ when: f(i.when), text: f(i.text) })) };
    case 'callout':
      return { kind: 'callout', title: f(block.title), items: block.items.map(f) };
  }
}

/** Where a later section points to shared advice printed in full under an earlier one. */
function pointer(heading: Heading, first: string): string {
  switch (heading) {
    case 'Caring for your skin':
    case "Caring for your baby's skin":
      return `Look after this skin in the same way as under “${first}” above.`;
    case 'What to avoid':
      return `Avoid the same things as under “${first}” above.`;
    case 'When to call us':
      return `Call us for the same signs as under “${first}” above.`;
    default:
      return `The same advice applies as under “${first}” above.`;
  }
}

/** Blocks of the same sub-heading run together, shared part first, in the printing order. */
function merge(...lists: Subsections[]): Subsections {
  const byHeading = new Map<Heading, Block[]>();
  for (const subs of lists) for (const s of subs) byHeading.set(s.heading, [...(byHeading.get(s.heading) ?? []), ...s.blocks]);
  return [...byHeading.entries()].sort(([a], [b]) => slot(a) - slot(b)).map(([heading, blocks]) => ({ heading, blocks }));
}

/** Parents of a newborn read "your baby": under 3 months old at the visit, or neonatal milia. */
function isForParents(patient: Patient, visit: Visit): boolean {
  return parseISO(visit.date) < addMonths(parseISO(patient.dateOfBirth), 3) || visit.presentations.some((p) => p.type === 'neonatal');
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
  const templateVersions: Record<string, string> = {};
  const wording = (template: Template): Subsections => {
    templateVersions[template.id] = template.version;
    return forParents && template.parents ? template.parents : template.subsections;
  };

  const kinds = [...new Set(visit.treatments.map((tr) => tr.kind))];
  /** Shared part id -> the heading of the section that printed it in full. */
  const printedUnder = new Map<string, string>();
  const sections: Section[] = kinds.map((kind) => {
    const heading = treatmentKinds.label(kind);
    const template = t.kinds[kind];
    const treatments = visit.treatments.filter((tr) => tr.kind === kind);
    const sites = [...new Set(treatments.map((tr) => siteInWords(tr.site, tr.side, your)))];
    const lesions = treatments.reduce((n, tr) => n + tr.lesionsTreated, 0);
    const values = { site: listInWords(sites), lesions: lesions > 0 ? milia(lesions) : 'the milia' };
    const shared = (template.uses ?? []).map((id) => {
      const part = t.parts.get(id)!;
      const first = printedUnder.get(id);
      if (first === undefined) {
        printedUnder.set(id, heading);
        return wording(part);
      }
      return wording(part).map((s) => ({ heading: s.heading, blocks: [{ kind: 'paragraph' as const, text: pointer(s.heading, first) }] }));
    });
    const subsections = merge(...shared, wording(template)).map((s) => ({ heading: s.heading, blocks: s.blocks.map((b) => fillBlock(b, values)) }));
    return { heading, subsections };
  });
  const ownSection = (template: Template): Section => ({
    heading: (forParents ? template.parentsTitle : undefined) ?? template.title!,
    subsections: structuredClone(wording(template)),
  });
  if (visit.treatments.some((tr) => isEyeAreaSite(tr.site))) sections.push(ownSection(t.eyeArea));
  sections.push(ownSection(t.general));

  const from = today ?? visit.date;
  const scheduled = visit.followUps
    .filter((f) => f.status === 'scheduled')
    .map((f) => f.dueDate)
    .sort();
  const followUpDate = scheduled.find((d) => d >= from) ?? scheduled[0] ?? null;

  return {
    title: `Aftercare after ${your} visit on ${format(parseISO(visit.date), 'd MMMM yyyy')}`,
    language: 'en-GB',
    patient: { name: `${patient.givenName} ${patient.familyName}`, dateOfBirth: patient.dateOfBirth, mrn: patient.mrn },
    visit: { date: visit.date, clinician: visit.clinicianName, treated: visit.treatments.map(treatedEntry), followUpDate },
    practice: { name: settings.practiceName, address: settings.address, phone: settings.phone, afterHoursPhone: settings.afterHoursPhone },
    sections,
    templateVersions,
    kinds,
  };
}

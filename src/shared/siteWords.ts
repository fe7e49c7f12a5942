/**
 * Finding a site (and its side) from what a clinician types: words of the vocabulary's
 * labels and their everyday synonyms ("lid", "around the eye", "arm"), the side in any
 * place ("left lower lid", "lower lid l"), and initials as charts abbreviate them ("lel" is
 * Lower eyelid, left; "rul" right upper lid). Pure, so that the screens and the tests share it.
 */
import { isPairedSite, siteLabel, sites, type Side, type Site } from './vocabulary';

/** Other ways to name a site, each a phrase; the vocabulary's own label is always one. */
const synonyms: Partial<Record<Site, readonly string[]>> = {
  scalp: ['head', 'hair'],
  forehead: ['brow'],
  glabella: ['between the brows', 'frown'],
  temple: ['temporal'],
  upper_eyelid: ['upper lid', 'upper eye lid', 'top lid'],
  lower_eyelid: ['lower lid', 'lower eye lid', 'bottom lid'],
  periorbital: ['around the eye', 'periocular', 'orbit', 'crows feet'],
  nose: ['nasal'],
  cheek: ['malar'],
  ear: ['periauricular', 'auricle', 'behind the ear'],
  perioral: ['lip', 'mouth', 'around the mouth'],
  jaw: ['jaw', 'mandible'],
  oral_mucosa: ['palate', 'gums', 'gum', 'oral mucosa', 'inside the mouth'],
  trunk: ['chest', 'back', 'abdomen', 'torso', 'body', 'tummy', 'shoulder'],
  upper_limb: ['arm', 'hand', 'upper limb', 'forearm', 'finger', 'elbow', 'wrist'],
  lower_limb: ['leg', 'foot', 'lower limb', 'thigh', 'knee', 'shin', 'ankle', 'toe'],
  genital: ['genitals', 'groin', 'vulva', 'penis', 'scrotum'],
};

/** Words that say nothing about the place. */
const fillers = new Set(['and', 'or', 'the', 'of', 'on', 'in', 'a', 'site', 'describe', 'notes']);

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z]+/)
    .filter((w) => w !== '' && !fillers.has(w));

type PairedSide = 'left' | 'right' | 'bilateral';
const sideWords: Record<PairedSide, readonly string[]> = {
  right: ['right', 'rt', 'r'],
  left: ['left', 'lt', 'l'],
  bilateral: ['both', 'bilateral', 'bilat', 'bil', 'b'],
};

/** The side a word names: a whole side word, or the start (3 letters or more) of one. */
function sideOf(word: string): PairedSide | null {
  for (const [side, names] of Object.entries(sideWords) as Array<[PairedSide, readonly string[]]>) {
    if (names.includes(word) || (word.length >= 3 && names.some((n) => n.length > 3 && n.startsWith(word)))) return side;
  }
  return null;
}

const initials = (ws: readonly string[]): string => ws.map((w) => w[0]).join('');

/** Every phrase for a site, as words. */
const phrases: ReadonlyMap<Site, ReadonlyArray<readonly string[]>> = new Map(
  sites.codes.map((site) => [site, [sites.label(site), ...(synonyms[site] ?? [])].map(words)] as const),
);

/** A site, with its side on a paired site, as the search offers it. */
export interface SiteMatch {
  site: Site;
  /** The patient's side; undefined on a midline site. */
  side: Side | undefined;
  /** "Lower eyelid, left". */
  label: string;
}

/** How well one typed word fits a word of a phrase: 3 the whole word (or its plural), less a beginning of it, 0 none. */
function wordMatch(typed: string, word: string): number {
  if (typed === word || typed === `${word}s` || typed === `${word}es`) return 3;
  if (word.startsWith(typed)) return 1 + typed.length / word.length;
  return 0;
}

/**
 * How well the typed words name this site on this side (0: they do not). Every typed word
 * has to count: as the side, as a word of one of the site's phrases, or as initials of a
 * phrase with or without its side.
 */
function score(typed: readonly string[], site: Site, side: PairedSide | undefined): number {
  const siteWords = phrases.get(site) ?? [];
  const sideInitial = side?.[0];
  let total = 0;
  let sideSaid = false;
  for (const word of typed) {
    const said = sideOf(word);
    if (said) {
      // A side on a midline site is ignored rather than refused: "left chin" is still the chin.
      if (side && said !== side) return 0;
      sideSaid = true;
      total += side ? 3 : 0.5;
      continue;
    }
    let best = 0;
    for (const phrase of siteWords) {
      const abbreviation = initials(phrase);
      if (phrase.length > 1 && word === abbreviation) best = Math.max(best, 3 * phrase.length);
      if (sideInitial && (word === sideInitial + abbreviation || word === abbreviation + sideInitial)) {
        best = Math.max(best, 3 * phrase.length + 3);
        sideSaid = true;
      }
      for (const w of phrase) best = Math.max(best, wordMatch(word, w));
    }
    if (best === 0) return 0;
    total += best;
  }
  // A paired site offered without its side comes after those whose side was said.
  if (side && !sideSaid) total -= 0.25;
  return total;
}

/** The paired sides in the order offered when none is typed: the patient's right first, as on the map. */
const offeredSides: readonly PairedSide[] = ['right', 'left', 'bilateral'];

/** The sites (with their sides) the typed text names, best first, at most `limit`. */
export function searchSites(text: string, limit = 8): SiteMatch[] {
  const typed = words(text);
  if (typed.length === 0 || typed.every((w) => sideOf(w) !== null)) return [];
  const found: Array<SiteMatch & { score: number; order: number }> = [];
  for (const site of sites.codes) {
    for (const side of isPairedSite(site) ? offeredSides : [undefined]) {
      const s = score(typed, site, side);
      if (s > 0) found.push({ site, side, label: siteLabel(site, side), score: s, order: found.length });
    }
  }
  return found
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map(({ site, side, label }) => ({ site, side, label }));
}

/**
 * When a presentation needs a dermatologist's decision (biopsy, referral, or proceed with a
 * reason) before anything destroys the lesion: one rule for the screens, the services and
 * signing, so each says the same thing.
 */
import type { Differential, MiliaType, RedFlag, ReviewDecision, TreatmentKind } from './vocabulary';
import { destructionKinds, miliaTypes, reviewDecisions, siteLabel, type Side, type Site } from './vocabulary';

type Judged = { type: MiliaType; redFlags: readonly RedFlag[]; differentials: readonly Differential[] };

/** The reason when a possible basal cell carcinoma is the only cause: what the reason names then. */
export const possibleCarcinomaReason = 'has basal cell carcinoma among its differentials';

/** Why a presentation needs a decision, as a verb phrase ("has a red flag"); null when it needs none. */
export function decisionReason(p: Judged): string | null {
  if (p.redFlags.length > 0) return 'has a red flag';
  if (p.type === 'milia_en_plaque') return 'is milia en plaque';
  if (p.differentials.includes('basal_cell_carcinoma')) return possibleCarcinomaReason;
  return null;
}

/** A red flag, milia en plaque (on a red plaque by definition), or a possible basal cell carcinoma. */
export const needsDecision = (p: Judged): boolean => decisionReason(p) !== null;

/** Needs a decision and has none yet. */
export const undecided = (p: Judged & { decision?: ReviewDecision | null }): boolean => needsDecision(p) && (p.decision ?? null) === null;

/**
 * Treatments that destroy the lesion, and would destroy the tissue a biopsy needs: a chemical
 * peel too, which takes off the epidermis (a light peel) or the upper dermis with it (a
 * medium-depth one) over the lesion.
 */
export const destructiveKinds: readonly TreatmentKind[] = ['extraction', ...destructionKinds, 'chemical_peel'];
export const isDestructive = (kind: TreatmentKind): boolean => destructiveKinds.includes(kind);

type Named = Judged & { site: Site; side?: Side | null; decision?: ReviewDecision | null };

/**
 * The message at a destructive treatment while a presentation of its visit is undecided, or
 * null when none is: "must wait for the decision on presentation 1 (Milia en plaque, Cheek,
 * left): record a biopsy, a referral or the reason to proceed first".
 */
export function destructionRefusal(presentations: readonly Named[]): string | null {
  const i = presentations.findIndex(undecided);
  const p = presentations[i];
  if (!p) return null;
  return `must wait for the decision on presentation ${i + 1} (${miliaTypes.label(p.type)}, ${siteLabel(p.site, p.side)}), which ${decisionReason(p)}: record a biopsy, a referral or the reason to proceed first`;
}

/**
 * The words a decision addendum starts with, "Decision on presentation 2 (Milia en plaque,
 * Cheek, left): Biopsy.", so that it reads whole wherever the addendum is shown or exported;
 * the dermatologist's note follows.
 */
export const decisionWords = (number: number, p: { type: MiliaType; site: Site; side: Side | null }, decision: ReviewDecision): string =>
  `Decision on presentation ${number} (${miliaTypes.label(p.type)}, ${siteLabel(p.site, p.side)}): ${reviewDecisions.label(decision)}.`;

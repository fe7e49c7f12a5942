/**
 * Signing visits and writing addenda. A visit is a draft until a dermatologist signs it;
 * signing records who and when, and the database refuses any change to it from then on.
 * Corrections after signing are addenda, each signed by its author when written. Only a
 * person signs: the operating-system account at the command line, which has every other
 * right, is nobody and cannot.
 */
import type { ApiParsed } from '@shared/api';
import { nowIso } from '@shared/calendar';
import { AppError } from '@shared/errors';
import { decisionReason, decisionWords, needsDecision } from '@shared/decisions';
import type { Actor, DraftVisit, Presentation, ReviewItem, Visit } from '@shared/types';
import { miliaTypes, reviewDecisions, siteLabel } from '@shared/vocabulary';
import { authorize, forbidden, type Store } from './context';
import { cliniciansById, signBlockers, signedPhrase } from './signatures';
import { visitOf } from './visits';

const ownAccount = "Signing needs a dermatologist's own account. Use --as USERNAME.";

/** The presentation a decision addendum decides: one of the visit's, waiting for a decision. */
function decidedPresentation(visit: Visit, number: number): Presentation {
  const p = visit.presentations[number - 1];
  if (!p) {
    const count = visit.presentations.length;
    throw new AppError('validation', `This visit has no presentation ${number}: choose one of its ${count} by number.`, [
      { path: 'decision.presentation', message: `must be from 1 to ${count}` },
    ]);
  }
  const name = `Presentation ${number} (${miliaTypes.label(p.type)}, ${siteLabel(p.site, p.side)})`;
  if (!needsDecision(p))
    throw new AppError('conflict', `${name} has no red flag, is not milia en plaque and has no possible basal cell carcinoma: it needs no decision.`);
  if (p.decision !== null) throw new AppError('conflict', `${name} was already decided: ${reviewDecisions.label(p.decision)}.`);
  return p;
}

export function signingService(store: Store) {
  const { records } = store;

  /** A dermatologist user, or a refusal (audited like every forbidden call). */
  async function signer(actor: Actor): Promise<void> {
    await authorize(store, actor, 'visits.sign');
    if (actor.userId === null) throw await forbidden(store, actor, 'visits.sign', ownAccount);
  }

  return {
    /** Signs a draft that nothing blocks; from then on it is final. */
    async sign(actor: Actor, { id }: ApiParsed<'visits.sign'>): Promise<Visit> {
      await signer(actor);
      return records.write(async (tx) => {
        const visit = await visitOf(tx, id);
        if (visit.signature) throw new AppError('conflict', `This visit was already ${signedPhrase(visit.signature)}.`);
        if (visit.signBlockers.length > 0) throw new AppError('conflict', `This visit cannot be signed yet. ${visit.signBlockers.join(' ')}`);
        await tx.visits.sign(id, { kind: 'signed', byName: actor.name, byUser: actor.userId, at: nowIso(), original: null });
        await tx.audit.append({ actor, action: 'sign', entity: 'visit', entityId: id, patientId: visit.patientId });
        return visitOf(tx, id);
      });
    },

    /**
     * A correction under a signed visit, signed by its author now; never edited afterwards. With
     * a decision it decides one presentation of the visit, which then leaves the Review list: its
     * text starts with the decision in words, so the addendum reads whole wherever it is shown
     * or exported.
     */
    async addAddendum(actor: Actor, { visitId, text, decision }: ApiParsed<'visits.addAddendum'>): Promise<Visit> {
      await signer(actor);
      return records.write(async (tx) => {
        const visit = await visitOf(tx, visitId);
        if (!visit.signature) {
          throw new AppError(
            'conflict',
            decision
              ? 'This visit is still a draft: record the decision on the visit form. Decision addenda are for signed visits.'
              : 'This visit is still a draft: correct it directly. Addenda are for signed visits.',
          );
        }
        const decided = decision ? decidedPresentation(visit, decision.presentation) : undefined;
        const written = decided && decision ? `${decisionWords(decision.presentation, decided, decision.decision)}${text ? ` ${text}` : ''}` : text;
        const addendumId = await tx.visits.insertAddendum({
          visitId,
          text: written,
          authorName: actor.name,
          authorUser: actor.userId,
          signedAt: nowIso(),
          presentationId: decided?.id ?? null,
          decision: decision?.decision ?? null,
        });
        const detail = decision ? `addendum ${addendumId}, decision ${decision.decision} on presentation ${decision.presentation}` : `addendum ${addendumId}`;
        await tx.audit.append({ actor, action: 'addendum', entity: 'visit', entityId: visitId, patientId: visit.patientId, detail });
        return visitOf(tx, visitId);
      });
    },

    /**
     * The "To sign" list, newest first: a dermatologist's own drafts and the nurses' drafts of
     * their patients (every draft whose visit names them); every draft for one with no
     * clinician profile (the operating-system account).
     */
    async toSign(actor: Actor, _input: ApiParsed<'visits.toSign'>): Promise<DraftVisit[]> {
      await authorize(store, actor, 'visits.sign');
      return records.read(async (tx) => {
        const drafts = await tx.visits.drafts(actor.clinicianId);
        const clinicians = await cliniciansById(tx);
        return drafts.map(({ presentations, treatments, ...draft }) => ({ ...draft, signBlockers: signBlockers({ presentations, treatments }, clinicians) }));
      });
    },

    /**
     * The Review list, oldest visit first: every presentation, of any patient, still waiting for
     * a dermatologist's decision. Drafts take the decision on the visit form; a visit signed
     * since (or on import, which carries no decisions) cannot change, so its decision is a
     * decision addendum, which takes it off the list.
     */
    async toReview(actor: Actor, _input: ApiParsed<'visits.toReview'>): Promise<ReviewItem[]> {
      await authorize(store, actor, 'visits.sign');
      return records.read(async (tx) =>
        (await tx.visits.undecided()).flatMap(({ decision: _, ...p }) => {
          const reason = decisionReason(p);
          return reason === null ? [] : [{ ...p, reason }];
        }),
      );
    },

    /** How many presentations the Review list holds, for the count beside its name: without reading them. */
    async reviewCount(actor: Actor, _input: ApiParsed<'visits.reviewCount'>): Promise<number> {
      await authorize(store, actor, 'visits.sign');
      return records.read((tx) => tx.visits.undecidedCount());
    },
  };
}

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
import { decisionReason } from '@shared/decisions';
import type { Actor, DraftVisit, ReviewItem, Visit } from '@shared/types';
import { authorize, forbidden, type Store } from './context';
import { cliniciansById, signBlockers, signedPhrase } from './signatures';
import { visitOf } from './visits';

const ownAccount = "Signing needs a dermatologist's own account. Use --as USERNAME.";

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

    /** A correction under a signed visit, signed by its author now; never edited afterwards. */
    async addAddendum(actor: Actor, { visitId, text }: ApiParsed<'visits.addAddendum'>): Promise<Visit> {
      await signer(actor);
      return records.write(async (tx) => {
        const visit = await visitOf(tx, visitId);
        if (!visit.signature) throw new AppError('conflict', 'This visit is still a draft: correct it directly. Addenda are for signed visits.');
        const addendumId = await tx.visits.insertAddendum({ visitId, text, authorName: actor.name, authorUser: actor.userId, signedAt: nowIso() });
        await tx.audit.append({ actor, action: 'addendum', entity: 'visit', entityId: visitId, patientId: visit.patientId, detail: `addendum ${addendumId}` });
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
     * since (or on import, which carries no decisions) cannot change, so its decision is written
     * as an addendum, and it stays listed so that nobody forgets it was never decided on the record.
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
  };
}

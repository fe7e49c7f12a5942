/**
 * A clinician's favourites: named sets of presentations and treatments ("Periorbital milia,
 * extraction") that fill a new visit in one action. A favourite is a template, not a record:
 * it keeps where and what, never a count, a red flag, a decision, consent or who performed
 * it, which belong to each visit and are asked again there.
 */
import * as z from 'zod';
import { bounds } from './bounds';
import { checkSide, checkTriggers, detailsByKind } from './clinical';
import { code, codeList, decimal, name, recordId } from './fields';
import { anesthesias, distributions, isProcedure, miliaTypes, sides, sites, treatmentKinds, triggers } from './vocabulary';

/** Enough for any practice's habits; a longer menu would no longer be chosen "in one action". */
export const maxFavourites = 50;
const maxItems = 20;

export const FavouritePresentation = z
  .strictObject({
    type: code(miliaTypes.codes),
    site: code(sites.codes),
    side: code(sides.codes).optional(),
    sizeMm: decimal(bounds.sizeMm.min, bounds.sizeMm.max).optional(),
    distribution: code(distributions.codes).optional(),
    triggers: codeList(triggers.codes).default([]),
  })
  .superRefine((p, ctx) => {
    checkSide(p, ctx);
    checkTriggers(p, ctx);
  });

export const FavouriteTreatment = z
  .strictObject({
    kind: code(treatmentKinds.codes),
    site: code(sites.codes),
    side: code(sides.codes).optional(),
    anesthesia: code(anesthesias.codes).optional(),
    // Checked against the kind's own details below; any of them may be left to the visit.
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .superRefine((t, ctx) => {
    checkSide(t, ctx);
    if (t.anesthesia !== undefined && !isProcedure(t.kind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['anesthesia'],
        message: `must be left out for ${treatmentKinds.label(t.kind).toLowerCase()}, which is not a procedure`,
      });
    }
    const details = detailsByKind[t.kind].partial().safeParse(t.details);
    if (!details.success) {
      for (const issue of details.error.issues) {
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        for (const key of keys) {
          const path = ['details', ...issue.path, ...(key === undefined ? [] : [key])];
          ctx.addIssue({ code: 'custom', path, message: key === undefined ? issue.message : 'is not a known field: check its spelling' });
        }
      }
    }
  });

export const FavouriteSave = z
  .strictObject({
    name: name(),
    presentations: z
      .array(FavouritePresentation)
      .max(maxItems, { error: `must hold at most ${maxItems} presentations` })
      .default([]),
    treatments: z
      .array(FavouriteTreatment)
      .max(maxItems, { error: `must hold at most ${maxItems} treatments` })
      .default([]),
  })
  .refine((f) => f.presentations.length + f.treatments.length > 0, {
    error: 'A favourite needs at least one presentation or treatment',
    path: ['presentations'],
  });

export const FavouriteDelete = z.strictObject({ id: recordId() });

export type FavouritePresentation = z.output<typeof FavouritePresentation>;
export type FavouriteTreatment = z.output<typeof FavouriteTreatment>;
export type FavouriteSave = z.output<typeof FavouriteSave>;

export interface Favourite extends FavouriteSave {
  id: number;
}

/** What is kept under a user's key: the list as saved, in the order of their menu. */
export const StoredFavourites = z.array(FavouriteSave.and(z.object({ id: z.number().int().positive() })));

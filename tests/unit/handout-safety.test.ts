/**
 * The safety wording of the aftercare handouts pinned as whole sentences, read back from the
 * real PDF (pdftotext), so that a reworded warning ("You may take minocycline if you are
 * pregnant") fails here even when its key word survives. A change to these sentences is a
 * clinical decision: update them here on purpose, with the template's version.
 */
import { describe, expect, it } from 'vitest';
import { composeHandout } from '../../src/main/handouts/content';
import { renderHandout } from '../../src/main/handouts/render';
import type { Site, TreatmentKind } from '@shared/vocabulary';
import { adult, baby, handoutSettings as settings, visitOf } from '../support/handoutFixture';
import { pdfFile, poppler, squash } from '../support/pdfText';

/** The handout's text as printed: the PDF read back by pdftotext, white space squashed. */
async function printed(treatments: [TreatmentKind, Site][], patient = adult): Promise<string> {
  const bytes = await renderHandout(composeHandout({ patient, visit: visitOf(treatments.map(([kind, site]) => [kind, site, 'left', 0])), settings }), {
    paperSize: 'A4',
    largePrint: false,
  });
  return squash(poppler('pdftotext', pdfFile(bytes), '-'));
}

/** Each sentence appears whole and exactly once. */
function expectSentences(text: string, sentences: string[]): void {
  for (const sentence of sentences) expect(text.split(sentence).length - 1, sentence).toBe(1);
}

describe('the safety sentences of the printed handout', () => {
  it('minocycline: pregnancy, children, sun, dizziness, how to take it and when to stop', async () => {
    const text = await printed([['oral_minocycline', 'cheek']]);
    expectSentences(text, [
      'Not for everyone',
      'Do not take minocycline if you are pregnant or could be pregnant. If you become pregnant, stop it and call us.',
      'Minocycline is not given to children under 12. It can stain growing teeth.',
      'Minocycline makes your skin burn more easily in the sun. Avoid strong sun and sunbeds.',
      'It can make you dizzy. If it does, do not drive, cycle or use machines.',
      'Take each dose with a full glass of water.',
      'Sit or stand up while you take it, and stay upright for at least 30 minutes.',
      'Do not take it just before you go to bed. It can stick in your throat and cause painful sores.',
      'Do not take antacids (medicine for indigestion), iron or calcium within 2 hours of a dose. They stop minocycline from working.',
      'Stop the medicine and call us if you have',
      'A bad headache with blurred or double vision',
      'A rash with a fever',
      'Yellow skin or yellow whites of the eyes',
      'Pain when you swallow',
      'Severe diarrhoea',
    ]);
  });

  it('topical retinoid: pregnancy and breastfeeding, the sun, the eyelids, when to call', async () => {
    const text = await printed([['topical_retinoid', 'cheek']]);
    expectSentences(text, [
      'Tretinoin and tazarotene must not be used in pregnancy. Do not use them if you are pregnant or trying for a baby.',
      'If you become pregnant, stop the cream and tell us.',
      'If you are breastfeeding, ask us before you use any retinoid.',
      'This cream makes your skin burn more easily in the sun. Use sunscreen every day.',
      'Keep it away from the edges of your eyelids, and from your lips and nostrils.',
      'Call us if your skin',
      'Becomes very red, sore or swollen',
      'Blisters or cracks',
      'Stop the cream until you have spoken to us.',
    ]);
  });

  it('the eye-area cautions, for an adult and for the parents of a baby', async () => {
    expectSentences(await printed([['extraction', 'lower_eyelid']]), [
      'Extra care around the eyes',
      'Keep creams and ointments out of your eyes. Use only a thin layer near the lashes.',
      'Do not rub your eyes or the treated skin.',
      'Do not wear eye make-up, false lashes or lash extensions until the skin has healed.',
      'If you wear contact lenses, wear glasses instead until any swelling has gone.',
      'Call us straight away if you have',
      'Pain in the eye itself',
      'Blurred vision or any change in your sight',
      'A red eye or sticky fluid coming from the eye',
      'Swelling that stops your eye from opening',
    ]);
    expectSentences(await printed([['observation', 'periorbital']], baby), [
      "Care around your baby's eyes",
      "Do not put creams or ointments near your baby's eyes unless we tell you to.",
      'An eye looks red',
      'Sticky yellow or green fluid comes from an eye',
      'The eyelids are swollen',
      'Your baby keeps an eye shut or seems to be in pain',
      'Your baby has a temperature of 38°C (100.4°F) or more, or seems unwell. In a baby under 3 months, this needs a doctor straight away.',
    ]);
  });

  it('when to call us after a procedure: the signs of infection, blisters and cold sores', async () => {
    expectSentences(await printed([['extraction', 'cheek']]), [
      'Call the clinic if you notice',
      'Redness that spreads or gets worse after the second day',
      'Swelling that is marked or keeps getting worse',
      'Pus or yellow fluid coming from the spots',
      'Red streaks spreading out from the area',
      'A fever (a temperature of 38°C or 100.4°F or higher)',
      'Pain that paracetamol (acetaminophen) does not ease',
      'These can be signs of infection. Infection is rare, but it needs to be treated quickly.',
      'Do not pick or scratch the scabs. Let them fall off by themselves. Picking can leave scars.',
      'Do not squeeze milia or try to open them with a needle at home. Milia are firmer than pimples, so squeezing rarely works. It can cause infection and scars.',
    ]);
    expectSentences(await printed([['cryotherapy', 'nose']]), [
      'Call the clinic if a blister is',
      'Very large or tight',
      'So painful that it stops you sleeping or working',
      'We can drain a large blister safely. Please do not do this yourself.',
    ]);
    expectSentences(await printed([['laser_ablation', 'chin']]), [
      'Call us if you get a cold sore or a crop of small, painful blisters near the area.',
      'A laser can bring on a cold sore in people who get them. We may give you an antiviral medicine for it.',
    ]);
    expectSentences(await printed([['chemical_peel', 'forehead']]), [
      'A peel can bring on a cold sore. If you have ever had cold sores, tell us before your next peel. You may need an antiviral medicine to prevent a flare.',
      'Call us if a cold sore or small blisters appear on the peeled skin.',
      'Do not use scrubs, other peels, acids or retinoid creams until your skin has healed.',
    ]);
  });

  it('prints no eye-area caution for a visit with no eye-area site', async () => {
    const text = await printed([
      ['extraction', 'cheek'],
      ['oral_minocycline', 'chin'],
    ]);
    expect(text).not.toContain('Extra care around the eyes');
    expect(text).not.toContain('Pain in the eye itself');
  });
});

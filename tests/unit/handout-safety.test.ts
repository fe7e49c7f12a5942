/**
 * The safety wording of the aftercare handouts pinned as whole sentences, read back from the
 * real PDF (pdftotext), so that a reworded warning ("You may take minocycline if you are
 * pregnant") fails here even when its key word survives. A change to these sentences is a
 * clinical decision: update them here on purpose, with the template's version.
 */
import { describe, expect, it } from 'vitest';
import { composeHandout } from '../../src/main/handouts/content';
import { renderHandout } from '../../src/main/handouts/render';
import { SettingsInput } from '@shared/schemas';
import type { Patient, Presentation, Visit } from '@shared/types';
import { miliaTypes, treatmentKinds, type MiliaType, type Site, type TreatmentKind } from '@shared/vocabulary';
import { adult, baby, handoutSettings as settings, presentationOf, visitOf, type TreatmentSpec } from '../support/handoutFixture';
import { pdfFile, poppler, squash } from '../support/pdfText';

type Printed = [TreatmentKind, Site] | TreatmentSpec;
const spec = (t: Printed): TreatmentSpec => (t.length === 2 ? [t[0], t[1], 'left', 0] : t);

/** The handout's text as printed: the PDF read back by pdftotext, white space squashed. */
async function printed(treatments: Printed[], patient: Patient = adult, extra: Partial<Visit> = {}, practice = settings): Promise<string> {
  const bytes = await renderHandout(composeHandout({ patient, visit: visitOf(treatments.map(spec), extra), settings: practice }), {
    paperSize: 'A4',
    largePrint: false,
  });
  return squash(poppler('pdftotext', pdfFile(bytes), '-'));
}

/** pdftotext drops the hyphen of a word broken at the end of a line ("make-" "up" reads "makeup"). */
const asPrinted = (sentence: string): RegExp =>
  new RegExp(
    sentence
      .split('-')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('-?'),
    'g',
  );

/** Each sentence appears whole and exactly once. */
function expectSentences(text: string, sentences: string[]): void {
  for (const sentence of sentences) expect(text.match(asPrinted(sentence))?.length ?? 0, sentence).toBe(1);
}
function expectNone(text: string, sentences: string[]): void {
  for (const sentence of sentences) expect(text, sentence).not.toMatch(asPrinted(sentence));
}

const phone = 'Call Lindenhof Dermatology on 01632 960 123. After hours, call 01632 960 999.';
const countOf = (text: string, phrase: string) => text.split(phrase).length - 1;

describe('the safety sentences of the printed handout', () => {
  it('minocycline: before you start (pregnancy, breastfeeding, children, allergy, interactions), what was prescribed, and when to stop', async () => {
    const text = await printed([['oral_minocycline', 'cheek', 'left', 0, { details: { doseMg: 100, durationWeeks: 8 } }]]);
    expectSentences(text, [
      'Your minocycline tablets',
      'Your medicine: Minocycline 100 mg for 8 weeks, as on your prescription label.',
      'Minocycline is licensed for acne, not for milia. Using it for milia is called off-label use. Ask us if you have questions about this.',
      'Before you start',
      'Do not take minocycline if you are pregnant, could be pregnant or are breastfeeding. If you become pregnant, stop it and tell us.',
      'Minocycline is not given to children under 12. It can stain growing teeth.',
      'Do not take it if you are allergic to tetracycline antibiotics.',
      'Tell us if you take isotretinoin, acitretin or another retinoid tablet. Together they can raise the pressure around the brain.',
      'Tell us if you take warfarin. Minocycline can change how it works.',
      'Tell any doctor, dentist or pharmacist that you take minocycline.',
      'Rarely, minocycline turns the skin, scars, nails or teeth blue-grey. This is more likely after months of use. Tell us if you notice it.',
      'Minocycline makes your skin burn more easily in the sun. Avoid strong sun and sunbeds.',
      'It can make you dizzy. If it does, do not drive, cycle or use machines.',
      'Take each dose with a full glass of water.',
      'Sit or stand up while you take it, and stay upright for at least 30 minutes.',
      'Do not take it just before you go to bed. It can stick in your throat and cause painful sores.',
      'Do not take antacids (medicine for indigestion), iron or calcium within 2 hours of a dose. They stop minocycline from working.',
      'Stop the medicine and call us if you have',
      'A bad headache with blurred or double vision',
      'A rash with a fever',
      'Painful or swollen joints, often with a rash or fever',
      'Yellow skin or yellow whites of the eyes',
      'Pain when you swallow',
      'Severe diarrhoea',
      phone,
    ]);
    // "Before you start" comes before the first thing the patient is told to do.
    expect(text.indexOf('Before you start')).toBeLessThan(text.indexOf('Take each dose'));
    // Nothing recorded: the label, never a guessed dose.
    expectSentences(await printed([['oral_minocycline', 'cheek']]), ['Your medicine: Minocycline, as on your prescription label.']);
  });

  it('topical retinoid: what was prescribed, the pregnancy box naming the product, never on broken or sunburnt skin', async () => {
    const retinoid = (details: Record<string, unknown>) => printed([['topical_retinoid', 'cheek', 'left', 0, { details }]]);
    const adapalene = await retinoid({ product: 'adapalene', strengthPercent: 0.1, frequency: 'once at night' });
    expectSentences(adapalene, [
      'Your cream: Adapalene 0.1%, once at night.',
      'Do not use adapalene if you are pregnant or planning a pregnancy.',
      'If you become pregnant, stop the cream and tell us.',
      'If you are breastfeeding, ask us before you use any retinoid.',
      'Use it at night, on clean, dry skin. Never put it on broken or sunburnt skin.',
      'This cream makes your skin burn more easily in the sun.',
      'Keep it away from the edges of your eyelids, and from your lips and nostrils.',
      'Call us if your skin',
      'Becomes very red, sore or swollen',
      'Blisters or cracks',
      phone,
      'If any of these happen, stop the cream until you have spoken to us.',
    ]);
    // The recorded frequency is what the patient does: no "every other night" beside "once at night".
    expectNone(adapalene, ['Use it every other night at first.', 'tretinoin', 'tazarotene', 'retinol']);
    // Inside the box, under the numbers: never a page away from the signs it speaks of.
    const boxes = composeHandout({
      patient: adult,
      visit: visitOf([['topical_retinoid', 'cheek', 'left', 0, { details: { product: 'adapalene' } }]]),
      settings,
    })
      .sections.flatMap((s) => s.subsections.flatMap((sub) => sub.blocks))
      .filter((b) => b.kind === 'callout' && b.title === 'Call us if your skin');
    expect(boxes.map((b) => b.kind === 'callout' && b.after)).toEqual([[phone, 'If any of these happen, stop the cream until you have spoken to us.']]);
    expectSentences(await retinoid({ product: 'tretinoin', strengthPercent: 0.025 }), [
      'Your cream: Tretinoin 0.025%, as on your prescription label.',
      'Do not use tretinoin if you are pregnant or trying for a baby.',
      'Use it every other night at first. If your skin copes well after 2 weeks, use it every night.',
    ]);
    expectSentences(await retinoid({ product: 'tazarotene', frequency: 'every other night.' }), [
      'Your cream: Tazarotene, every other night.',
      'Do not use tazarotene if you are pregnant or trying for a baby. Use reliable contraception while you use it.',
    ]);
    const retinol = await retinoid({ product: 'retinol', strengthPercent: 0.3, frequency: 'nightly' });
    expectSentences(retinol, ['Your cream: Retinol 0.3%, nightly.', 'Avoid retinol while you are pregnant, to be safe.']);
    expectNone(retinol, ['must not be used in pregnancy', 'Do not use tretinoin']);
  });

  it('two retinoid creams that differ say where each goes; one cream for several sites is said once', async () => {
    const tretinoin = (site: 'lower_eyelid' | 'cheek', strengthPercent: number): TreatmentSpec => [
      'topical_retinoid',
      site,
      'bilateral',
      0,
      { details: { product: 'tretinoin', strengthPercent, frequency: 'every other night' } },
    ];
    expectSentences(await printed([tretinoin('lower_eyelid', 0.01), tretinoin('cheek', 0.025)]), [
      'Your cream: Tretinoin 0.01% on both your lower eyelids, every other night; Tretinoin 0.025% on both your cheeks, every other night.',
    ]);
    expectSentences(await printed([tretinoin('lower_eyelid', 0.025), tretinoin('cheek', 0.025)]), ['Your cream: Tretinoin 0.025%, every other night.']);
  });

  it('no pillow for a baby under 1 year: puffy eyelids after a procedure near the eye, and a dermal peel', async () => {
    const pillow = 'Puffy eyelids are common for 1 to 3 days. An extra pillow at night and a cool pack wrapped in a clean cloth can help.';
    const raised = 'Sleep with your head raised on an extra pillow for the first 3 nights. This helps the swelling go down.';
    const eyelid: Printed = ['extraction', 'upper_eyelid', 'left', 2];
    const peel: Printed = ['chemical_peel', 'forehead', null, 0, { details: { agent: 'tca', depth: 'dermal' } }];
    expectSentences(await printed([eyelid, peel]), [pillow, raised]);
    // Seen at 4 and at 10 months: past the parents' wording, still a baby who sleeps without a pillow.
    for (const dateOfBirth of ['2025-09-10', '2025-02-16']) {
      const text = await printed([eyelid, peel], { ...adult, dateOfBirth });
      expectSentences(text, ['Puffy eyelids are common for 1 to 3 days.']);
      expect(text.toLowerCase(), dateOfBirth).not.toContain('pillow');
    }
  });

  it('the pregnancy advice only for those it applies to: not a man, not a child', async () => {
    const man: Patient = { ...adult, sex: 'male' };
    const child: Patient = { ...adult, dateOfBirth: '2019-02-01' };
    const tazarotene: Printed = ['topical_retinoid', 'cheek', 'left', 0, { details: { product: 'tazarotene' } }];
    const pregnancy = [
      'Do not use tazarotene if you are pregnant or trying for a baby. Use reliable contraception while you use it.',
      'If you become pregnant, stop the cream and tell us.',
      'If you are breastfeeding, ask us before you use any retinoid.',
    ];
    expectSentences(await printed([tazarotene]), ['Pregnancy', ...pregnancy]);
    for (const patient of [man, child]) expectNone(await printed([tazarotene], patient), ['Pregnancy', 'pregnant', 'contraception', 'breastfeeding']);
    const minocycline: Printed = ['oral_minocycline', 'cheek', 'left', 0, { details: { doseMg: 100, durationWeeks: 8 } }];
    expectNone(await printed([minocycline], man), ['pregnant', 'breastfeeding']);
    expectSentences(await printed([minocycline], man), ['Before you start', 'Do not take it if you are allergic to tetracycline antibiotics.']);
  });

  it('a peel or any wound beside a retinoid: the cream starts when the skin has healed, with nothing saying otherwise', async () => {
    const cream: TreatmentSpec = ['topical_retinoid', 'cheek', 'bilateral', 0, { details: { product: 'adapalene' } }];
    for (const wound of [
      ['chemical_peel', 'cheek', 'bilateral', 0, { details: { agent: 'glycolic', depth: 'epidermal' } }],
      ['chemical_peel', 'forehead', null, 0, { details: { agent: 'tca', depth: 'dermal' } }],
      ['extraction', 'nose', null, 3],
      ['cryotherapy', 'cheek', 'left', 2],
    ] as TreatmentSpec[]) {
      const text = await printed([wound, cream]);
      expectSentences(text, ['Start the cream when the treated skin has healed, in about 1 to 2 weeks.']);
      expectNone(text, ['Start every other night']);
    }
    // A wound on the leg does not hold back a cream on the face.
    expectNone(await printed([['cryotherapy', 'lower_limb', 'left', 2], cream]), ['Start the cream when the treated skin has healed']);
  });

  it('medium-depth (dermal) peel: its own care, apart from the light peel', async () => {
    const dermal = await printed([['chemical_peel', 'cheek', 'bilateral', 0, { details: { agent: 'tca', concentrationPercent: 35, depth: 'dermal' } }]]);
    expectSentences(dermal, [
      'Medium-depth chemical peel',
      'The skin is red, tight and swollen. The swelling is worst at about 48 hours.',
      'The skin turns darker, then cracks, peels and crusts.',
      'The crusts come away and pink new skin shows. Most skin has healed by 14 days.',
      'The pink slowly fades. Light or dark patches can appear, more often on darker skin.',
      'Sleep with your head raised on an extra pillow for the first 3 nights. This helps the swelling go down.',
      'If we prescribed an antiviral medicine, take every dose until the skin has healed.',
      'Stay out of the sun completely for 6 weeks. Wear a hat with a wide brim outside. New skin burns and darkens very easily.',
      'Do not pick or pull off crusts or peeling skin. This can leave scars.',
      'A cold sore or small blisters appear on the peeled skin',
      'The skin has not healed after 2 weeks',
      'Pus, or red streaks spreading out from the area',
    ]);
    expectNone(dermal, ['like mild sunburn', 'for 2 days', 'Light chemical peel', 'tell us before your next peel']);
    const light = await printed([['chemical_peel', 'cheek', 'bilateral', 0, { details: { agent: 'glycolic', depth: 'epidermal' } }]]);
    expectSentences(light, [
      'Light chemical peel',
      'The skin may sting, feel tight and look red, like mild sunburn.',
      'Do not pull off peeling skin. Let it come away by itself.',
      'New skin burns easily. Keep it out of strong sun until the peeling stops.',
      'Do not use scrubs, other peels, acids or retinoid creams until your skin has healed.',
      'A cold sore or small blisters appear on the peeled skin',
      'The skin weeps, crusts or becomes very sore',
      'A peel can bring on a cold sore. If you have ever had cold sores, tell us before your next peel. You may need an antiviral medicine to prevent a flare.',
    ]);
    // A light peel treats an area: no wound-care words about spots and scabs, no petroleum jelly.
    expectNone(light, ['tiny wounds', 'scabs', 'petroleum jelly', 'treated spots']);
  });

  it('the eye-area cautions with the numbers and where to go, for an adult and for the parents of a baby', async () => {
    expectSentences(await printed([['extraction', 'lower_eyelid']]), [
      'Extra care around the eyes',
      'Keep ointment out of your eyes. Use only a thin layer near the lashes.',
      'Do not rub your eyes or the treated skin.',
      'Do not wear eye make-up, false lashes or lash extensions until the skin has healed.',
      'If you wear contact lenses, wear glasses instead until any swelling has gone.',
      'Call us straight away if you have',
      'Pain in the eye itself',
      'Blurred vision or any change in your sight',
      'A red eye or sticky fluid coming from the eye',
      'Swelling that stops your eye from opening',
      `Swelling that stops your eye from opening ${phone} If you cannot reach us, go to eye casualty or A&E today.`,
    ]);
    expectSentences(await printed([['observation', 'periorbital']], baby), [
      "Care around your baby's eyes",
      "Do not put creams or ointments near your baby's eyes unless we tell you to.",
      'An eye looks red',
      'Sticky yellow or green fluid comes from an eye',
      'The eyelids are swollen',
      `Your baby keeps an eye shut or seems to be in pain ${phone}`,
      'Your baby has a temperature of 38°C (100.4°F) or more, or seems unwell. In a baby under 3 months, this needs a doctor straight away.',
    ]);
    // Without an after-hours number, the practice's number alone.
    const dayOnly = SettingsInput.parse({ ...settings, afterHoursPhone: '' });
    const text = await printed([['extraction', 'lower_eyelid']], adult, {}, dayOnly);
    expectSentences(text, ['Call Lindenhof Dermatology on 01632 960 123. If you cannot reach us, go to eye casualty or A&E today.']);
    expect(text).not.toContain('After hours, call');
  });

  it('puts the practice’s numbers inside every box that says to call, for every kind', async () => {
    for (const kind of treatmentKinds.codes) {
      const details = kind === 'chemical_peel' ? { agent: 'glycolic', depth: 'epidermal' } : kind === 'topical_retinoid' ? { product: 'adapalene' } : {};
      const doc = composeHandout({ patient: adult, visit: visitOf([[kind, 'upper_eyelid', 'left', 0, { details }]]), settings });
      const boxes = doc.sections.flatMap((s) => s.subsections.flatMap((sub) => sub.blocks)).filter((b) => b.kind === 'callout');
      for (const box of boxes) {
        const says = [box.title, ...box.items].some((line) => /\bcall\b/i.test(line) && line !== phone);
        expect(box.after.includes(phone), `${kind}: ${box.title}`).toBe(says);
        // Under the list, closing it: never one of the signs to call about.
        expect(box.items, `${kind}: ${box.title}`).not.toContain(phone);
      }
      expect(countOf(await printed([[kind, 'upper_eyelid', 'left', 0, { details }]]), phone), kind).toBe(boxes.filter((b) => b.after.includes(phone)).length);
    }
  });

  it('when to call us after a procedure: infection, bleeding that does not stop, blisters and cold sores', async () => {
    expectSentences(await printed([['extraction', 'cheek']]), [
      'Removing milia with a fine needle',
      'Call the clinic if you notice',
      'Redness or swelling that spreads or gets worse after the second day',
      'Pus, or red streaks spreading out from the area',
      'A fever (a temperature of 38°C or 100.4°F or higher)',
      'Pain that paracetamol (acetaminophen) does not ease',
      'Bleeding that does not stop after 20 minutes of firm pressure. If you cannot reach us, go to A&E.',
      phone,
      'If a spot bleeds, press on it firmly with a clean tissue for 10 to 20 minutes without lifting.',
      'Wash your hands first. Then wash the treated skin gently once a day with mild soap and water. Pat it dry.',
      'Put a thin layer of petroleum jelly, such as Vaseline, on the healing spots only. Do this every day until they heal.',
      'Do not pick or scratch the scabs. Let them fall off by themselves. Picking can leave scars.',
      'Do not squeeze milia or open them with a needle at home. This can cause infection and scars.',
    ]);
    const cryo = await printed([['cryotherapy', 'nose']]);
    expectSentences(cryo, [
      'Freezing treatment (cryotherapy)',
      'A blister that is very large or tight',
      'A blister so painful that it stops you sleeping or working',
      'We can drain a large blister safely. Please do not do this yourself.',
      'For soreness, you can take paracetamol for the first day.',
      phone,
    ]);
    expectNone(cryo, ['If a spot bleeds', 'Bleeding that does not stop']);
    expectSentences(await printed([['laser_ablation', 'chin']]), [
      'Laser treatment',
      'Call us if you get a cold sore or a crop of small, painful blisters near the area.',
      'A laser can bring on a cold sore in people who get them. We may give you an antiviral medicine for it.',
      'Dark patches after laser are more common on darker skin. Careful sun protection makes them less likely.',
    ]);
  });

  it('cryotherapy: slow healing on the lower leg, swelling around the eyes after the forehead, temple or cheek, and rare numbness or a scar', async () => {
    const leg = 'On the lower leg, healing is slower. It can take several weeks.';
    const eyes = 'After freezing on the forehead, temple or cheek, the skin around the eyes may swell for a few days. This settles by itself.';
    expectSentences(await printed([['cryotherapy', 'lower_limb', 'right', 2]]), [leg]);
    for (const site of ['forehead', 'temple', 'glabella', 'cheek'] as const)
      expectSentences(await printed([['cryotherapy', site, site === 'temple' || site === 'cheek' ? 'left' : null, 1]]), [eyes]);
    const chin = await printed([['cryotherapy', 'chin', null, 1]]);
    expectNone(chin, [leg, eyes]);
    expectSentences(chin, [
      'Rarely, the treated skin feels numb afterwards. The feeling usually comes back within a few months.',
      'Rarely, freezing leaves a small scar.',
    ]);
  });

  it('curettage: a small mark is common, and a raised scar is told to those at risk (ears, chest, darker skin)', async () => {
    const keloid =
      'A raised, thick scar (a keloid) can form on the ears, chest and shoulders, and on darker skin. Tell us if a scar grows, itches or feels hard.';
    const fair: Patient = { ...adult, fitzpatrick: 2 };
    const cheek = await printed([['curettage', 'cheek', 'left', 2]], fair);
    expectSentences(cheek, ['Scraping milia away (curettage)', 'The pink fades. A small pale or dark mark is common.']);
    expectNone(cheek, [keloid, 'tiny pale mark']);
    expectSentences(await printed([['curettage', 'ear', 'left', 2]], fair), [keloid]);
    expectSentences(await printed([['curettage', 'trunk', null, 2]], fair), [keloid]);
    expectSentences(await printed([['curettage', 'cheek', 'left', 2]], { ...adult, fitzpatrick: 5 }), [keloid]);
  });

  it('darker skin (Fitzpatrick IV to VI) is told that marks are more likely after cautery, a light peel and laser, and lighter skin is not', async () => {
    const cautery = 'Lighter or darker marks are more common on darker skin. Careful sun protection while the skin heals makes dark marks less likely.';
    const peel = 'Dark patches after a peel are more common on darker skin. Careful sun protection makes them less likely.';
    const laser = 'Dark patches after laser are more common on darker skin. Careful sun protection makes them less likely.';
    const visit: Printed[] = [
      ['electrodesiccation', 'nose', null, 2],
      ['chemical_peel', 'cheek', 'bilateral', 0, { details: { agent: 'glycolic', depth: 'epidermal' } }],
      ['laser_ablation', 'forehead', null, 2],
    ];
    for (const fitzpatrick of [4, 6]) expectSentences(await printed(visit, { ...adult, fitzpatrick }), [cautery, peel, laser]);
    for (const fitzpatrick of [3, null]) expectNone(await printed(visit, { ...adult, fitzpatrick }), [cautery, peel, laser]);
  });

  it('face words only for a treatment on the face: a cream on the arm, and spots removed on the trunk or genital skin', async () => {
    const faceCream = [
      'A pea-sized amount is enough for the whole face. Spread it thinly. More does not work faster and only makes the skin sore.',
      'Keep it away from the edges of your eyelids, and from your lips and nostrils.',
    ];
    const makeUp = 'Do not put make-up on the treated spots until they have healed.';
    const arm = await printed([['topical_retinoid', 'upper_limb', 'left', 0, { details: { product: 'adapalene' } }]]);
    expectSentences(arm, ['Spread a thin layer on the treated skin only. More does not work faster and only makes the skin sore.']);
    expectNone(arm, faceCream);
    expectSentences(await printed([['topical_retinoid', 'cheek', 'left', 0, { details: { product: 'adapalene' } }]]), faceCream);
    for (const site of ['trunk', 'genital'] as const) expectNone(await printed([['extraction', site, null, 2]]), [makeUp]);
    expectSentences(await printed([['extraction', 'nose', null, 2]]), [makeUp]);
  });

  it('other: a heading for the patient and the treatment’s note', async () => {
    const text = await printed([['other', 'cheek', 'left', 2, { notes: 'Radiofrequency with a fine probe.' }]]);
    expectSentences(text, ['Other treatment', 'The doctor or nurse treated 2 milia on your left cheek.', 'The treatment: Radiofrequency with a fine probe.']);
    expectNone(text, ['Other (describe in notes)', 'They will have told you which treatment they used.']);
    expectSentences(await printed([['other', 'cheek', 'left', 2]]), ['They will have told you which treatment they used. If you are not sure, please ask us.']);
  });

  it('after a local anaesthetic injection: numbness, hot drinks and lips near the mouth, pain relief', async () => {
    const numb = [
      'After the numbing injection',
      'The numbness wears off in 1 to 3 hours. Until then, take care not to bump, scratch or burn the numb skin.',
      'For pain, take paracetamol as the pack says.',
      'Avoid ibuprofen and aspirin for 24 hours, unless a doctor told you to take them. They can make bleeding more likely.',
    ];
    const mouth = 'Do not have hot food or drinks until the feeling comes back. Take care not to bite your lip.';
    expectSentences(await printed([['extraction', 'perioral', null, 2, { anesthesia: 'local_injection' }]]), [...numb, mouth]);
    const cheek = await printed([['curettage', 'cheek', 'left', 2, { anesthesia: 'local_injection' }]]);
    expectSentences(cheek, numb);
    expectNone(cheek, [mouth]);
    for (const anesthesia of ['none', 'topical'] as const) expectNone(await printed([['extraction', 'perioral', null, 2, { anesthesia }]]), [numb[0]!]);
  });

  it('aspirin is never suggested to a child under 16: after a numbing injection, ibuprofen alone waits 24 hours', async () => {
    const adultLine = 'Avoid ibuprofen and aspirin for 24 hours, unless a doctor told you to take them. They can make bleeding more likely.';
    const child = [
      'Avoid ibuprofen for 24 hours, unless a doctor told you to take it. It can make bleeding more likely.',
      'Do not give aspirin to anyone under 16, unless a doctor prescribes it.',
    ];
    const injection: Printed = ['curettage', 'cheek', 'left', 2, { anesthesia: 'local_injection' }];
    // The visit is on 2026-01-15: a day short of 16, and 16 that day.
    const text = await printed([injection], { ...adult, dateOfBirth: '2010-01-16' });
    expectSentences(text, ['For pain, take paracetamol as the pack says.', ...child]);
    expectNone(text, [adultLine]);
    expect(countOf(text, 'aspirin')).toBe(1);
    const sixteen = await printed([injection], { ...adult, dateOfBirth: '2010-01-15' });
    expectSentences(sixteen, [adultLine]);
    expectNone(sixteen, child);
  });

  it('a baby under 1 year is kept out of strong sun and washed with water: no daily sunscreen, exfoliation, make-up, contact lenses or sleeping and working', async () => {
    const adultLines = [
      'Use a sunscreen of SPF 30 or more every day, even when it is cloudy. Sun damage makes milia more likely.',
      'Wash your face gently once or twice a day with a mild cleanser. At night, take off all make-up and sunscreen.',
      'Once any treated skin has healed, gentle exfoliation once or twice a week can help prevent milia.',
      'Do not wear eye make-up, false lashes or lash extensions until the skin has healed.',
      'If you wear contact lenses, wear glasses instead until any swelling has gone.',
      'Do not put make-up on the treated spots until they have healed.',
    ];
    const babyLines = [
      'Keep your baby out of strong sun. Use shade, light clothes and a sun hat. Ask us before you use sunscreen on a baby under 6 months old.',
      "Wash your baby's skin gently with warm water. Pat it dry with a soft towel.",
    ];
    const visit: Printed[] = [['extraction', 'lower_eyelid', 'left', 2]];
    // Seen on 2026-01-15 at 4 months, and a day short of 1 year: the adults' handout without the adults' lines.
    for (const dateOfBirth of ['2025-09-10', '2025-01-16']) {
      const text = await printed(visit, { ...adult, dateOfBirth });
      expectSentences(text, babyLines);
      expectNone(text, adultLines);
      expect(text, dateOfBirth).not.toMatch(/SPF|make-?up|exfoliat/);
    }
    const one = await printed(visit, { ...adult, dateOfBirth: '2025-01-15' });
    expectSentences(one, adultLines);
    expectNone(one, babyLines);
    const blister = ['A blister so painful that it stops you sleeping or working', 'A blister so painful that your baby cannot settle or sleep'];
    const frozen = async (dateOfBirth: string) => printed([['cryotherapy', 'nose', null, 1]], { ...adult, dateOfBirth });
    const [infantSheet, yearSheet] = [await frozen('2025-09-10'), await frozen('2025-01-15')];
    expectSentences(infantSheet, [blister[1]!]);
    expectNone(infantSheet, [blister[0]!]);
    expectSentences(yearSheet, [blister[0]!]);
    expectNone(yearSheet, [blister[1]!]);
  });

  it('the general advice: the come-back list, prevention, and face or body words from the sites', async () => {
    const face = await printed([['extraction', 'cheek']]);
    expectSentences(face, [
      'Come back and see us if a bump',
      'Grows, changes shape or changes colour',
      'Bleeds, hurts or does not heal',
      'Spreads quickly, or many new bumps appear',
      'Wash your face gently once or twice a day with a mild cleanser. At night, take off all make-up and sunscreen.',
      'Once any treated skin has healed, gentle exfoliation once or twice a week can help prevent milia.',
      'Milia can come back, even after treatment. This is common and is not a sign of anything serious.',
      'Use a sunscreen of SPF 30 or more every day, even when it is cloudy. Sun damage makes milia more likely.',
      'Choose light moisturisers. Heavy, greasy creams can block the skin and lead to more milia.',
    ]);
    expect(countOf(face, 'SPF')).toBe(1);
    const body = await printed([['cryotherapy', 'trunk', null, 2]]);
    expectSentences(body, ['Wash your skin gently with a mild cleanser. At night, wash off any sunscreen.']);
    expectNone(body, ['Wash your face', 'around the eyes']);
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

describe('the observation text by type of milia', () => {
  const seen = (type: MiliaType) =>
    printed([['observation', 'cheek']], adult, { presentations: [presentationOf({ type, decision: type === 'milia_en_plaque' ? 'biopsy' : null })] });

  it('adult primary and secondary milia may last months or years', async () => {
    for (const type of ['primary', 'secondary'] as const) {
      const text = await seen(type);
      expectSentences(text, [
        'Checking your milia',
        'The doctor or nurse looked at the spots on your left cheek. We did not treat them today.',
        'Milia may last months or years. Some fade by themselves, and new ones can come up.',
        'If the milia bother you, talk to us. We may be able to remove them at the clinic.',
      ]);
      expectNone(text, ['over weeks to months', 'We are looking for a cause']);
    }
  });

  it('multiple eruptive milia and milia with a genodermatosis never reassure, for the parents of a baby too', async () => {
    for (const type of ['multiple_eruptive', 'genodermatosis'] as const) {
      for (const patient of [adult, baby]) {
        const text = await printed([['observation', 'cheek']], patient, { presentations: [presentationOf({ type })] });
        expectSentences(text, ['We are looking for a cause of these milia. Please keep your follow-up appointment.']);
        for (const words of [
          'harmless',
          'safe to leave',
          'not a sign of anything serious',
          'go away by themselves',
          'still there when your baby is 3 months old',
        ])
          expect(text.toLowerCase(), `${type}, ${patient.givenName}: ${words}`).not.toContain(words);
      }
    }
  });

  it('observation beside a medicine never says that no treatment is needed', async () => {
    const minocycline = await printed([
      ['observation', 'cheek'],
      ['oral_minocycline', 'cheek', 'left', 0, { details: { doseMg: 100, durationWeeks: 8 } }],
    ]);
    expectSentences(minocycline, ['Your medicine: Minocycline 100 mg for 8 weeks, as on your prescription label.']);
    expectNone(minocycline, ['You do not need any special cream or treatment.']);
    expectSentences(await printed([['observation', 'cheek']]), ['You do not need any special cream or treatment.']);
  });

  it('milia en plaque, multiple eruptive milia and milia with a genodermatosis: a cause is looked for, keep the follow-up', async () => {
    for (const type of ['milia_en_plaque', 'multiple_eruptive', 'genodermatosis'] as const) {
      const text = await seen(type);
      expectSentences(text, ['We are looking for a cause of these milia. Please keep your follow-up appointment.']);
      expectNone(text, ['Milia may last months or years', 'Some fade by themselves', 'We may be able to remove them', 'fade by themselves over weeks']);
      expect(miliaTypes.codes).toContain(type);
    }
  });
});

describe('a visit waiting for a decision: the "we are checking this" handout', () => {
  const flagged: Presentation[] = [
    presentationOf({ redFlags: ['ulceration'], differentials: ['basal_cell_carcinoma'] }),
    presentationOf({ type: 'milia_en_plaque' }),
    presentationOf({ differentials: ['basal_cell_carcinoma'] }),
    presentationOf({ redFlags: ['rapid_spread'] }),
  ];
  const checking = [
    'We want to check a spot first',
    'The doctor wants to check one of the spots more closely. Until then, we cannot say for sure what it is.',
    'We may take a small sample of skin to test (a biopsy), or ask a specialist to see it.',
    'Until we know more',
    'Keep your follow-up appointment, even if the spot looks better.',
    'Call us if you do not have a date for it.',
    `Call us sooner if a spot grows, bleeds, hurts, changes colour or spreads. ${phone}`,
  ];
  const reassurance = [
    'harmless',
    'not a sign of anything serious',
    'safe to leave',
    'They are milia.',
    'go away by themselves',
    'These are not usual for milia.',
    'If the milia bother you',
  ];

  it.each(treatmentKinds.codes.map((k) => [k]))('%s: never reassures, and says whole what happens next', async (kind) => {
    const details = kind === 'chemical_peel' ? { agent: 'glycolic', depth: 'epidermal' } : kind === 'topical_retinoid' ? { product: 'adapalene' } : {};
    for (const [i, presentation] of flagged.entries()) {
      // One presentation waits, beside another that is settled.
      const text = await printed([[kind, i % 2 === 0 ? 'cheek' : 'upper_eyelid', 'left', 0, { details }]], adult, {
        presentations: [presentationOf({ id: 2 }), { ...presentation, id: 3 }],
      });
      expectSentences(text, checking);
      for (const words of reassurance) expect(text.toLowerCase(), `${kind}, presentation ${i}: ${words}`).not.toContain(words.toLowerCase());
      // The checking section comes first, before any treatment.
      expect(text.indexOf('We want to check a spot first')).toBeLessThan(text.indexOf('What was done'));
    }
  });

  it('for the parents of a baby too', async () => {
    const text = await printed([['observation', 'nose']], baby, { presentations: [presentationOf({ type: 'neonatal', redFlags: ['growth'] })] });
    expectSentences(text, checking);
    for (const words of reassurance) expect(text.toLowerCase(), words).not.toContain(words.toLowerCase());
  });

  it('after a biopsy or a referral is decided: says what follows, and never reassures', async () => {
    const follows = {
      biopsy: 'A small sample of skin from the spot is to be tested (a biopsy). We will tell you the result.',
      referral: 'We are asking a specialist to see the spot. We will tell you about the appointment.',
    };
    for (const decision of ['biopsy', 'referral'] as const) {
      const decided = presentationOf({ id: 3, redFlags: ['growth'], differentials: ['basal_cell_carcinoma'], decision, decisionNote: 'Irregular border' });
      const text = await printed(
        [
          ['observation', 'cheek'],
          ['cryotherapy', 'nose'],
        ],
        adult,
        { presentations: [presentationOf({ id: 2 }), decided] },
      );
      expectSentences(text, [...checking.filter((sentence) => !sentence.startsWith('We may take')), follows[decision]]);
      expectNone(text, [
        'We may take a small sample of skin to test (a biopsy), or ask a specialist to see it.',
        follows[decision === 'biopsy' ? 'referral' : 'biopsy'],
      ]);
      for (const words of reassurance) expect(text.toLowerCase(), `${decision}: ${words}`).not.toContain(words.toLowerCase());
      expect(text.indexOf('We want to check a spot first')).toBeLessThan(text.indexOf('What was done'));
    }
  });

  it('reassures once the dermatologist has decided to proceed, and when nothing needs a decision', async () => {
    const decided = await printed([['observation', 'cheek']], adult, {
      presentations: [presentationOf({ redFlags: ['ulceration'], decision: 'proceed', decisionNote: 'Classic milia on dermoscopy' })],
    });
    expectSentences(decided, ['Milia are harmless. They are not an infection, and you cannot pass them on. It is safe to leave them.']);
    expectNone(decided, ['We want to check a spot first']);
    const plain = await printed([['observation', 'cheek']], adult, { presentations: [presentationOf()] });
    expectSentences(plain, [
      'They are milia. Milia are tiny cysts just under the skin. They are filled with keratin, a protein that is a normal part of skin.',
      'Milia can come back, even after treatment. This is common and is not a sign of anything serious.',
    ]);
    expectNone(plain, ['We want to check a spot first']);
  });
});

import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeHandout, findHandoutsFolder, loadTemplates, templateSchema, type Template } from '../../src/main/handouts/content';
import type { Block, HandoutDocument, Section } from '../../src/main/handouts/model';
import { AppError } from '@shared/errors';
import type { FollowUp, Visit } from '@shared/types';
import { sites, treatmentKinds, type TreatmentKind } from '@shared/vocabulary';
import { tempDir } from '../support/store';
import { adult, baby, handoutSettings as settings, presentationOf, visitOf, type TreatmentSpec } from '../support/handoutFixture';

const compose = (specs: TreatmentSpec[], extra: Partial<Visit> = {}, patient = adult) => composeHandout({ patient, visit: visitOf(specs, extra), settings });

function blockText(block: Block): string[] {
  switch (block.kind) {
    case 'paragraph':
      return [block.text];
    case 'bullets':
      return block.items;
    case 'timeline':
      return block.items.map((i) => `${i.when}: ${i.text}`);
    case 'callout':
      return [block.title, ...block.items, ...block.after];
  }
}
const sectionText = (s: Section): string => s.subsections.flatMap((sub) => [sub.heading, ...sub.blocks.flatMap(blockText)]).join('\n');
const documentText = (doc: HandoutDocument): string => doc.sections.map((s) => `${s.heading}\n${sectionText(s)}`).join('\n');
const calloutText = (s: Section): string => s.subsections.flatMap((sub) => sub.blocks.filter((b) => b.kind === 'callout').flatMap(blockText)).join('\n');
const occurrences = (text: string, phrase: string): number => text.split(phrase).length - 1;

/** The facts each kind's section must carry (from the issue), and those that belong in a callout. */
const woundCare = [/once a day/, /petroleum jelly/, /Do not pick/, /Redness or swelling that spreads/, /Pus/, /red streaks/, /fever/, /paracetamol/];
const phone = /Call Lindenhof Dermatology on 01632 960 123\. After hours, call 01632 960 999\./;
const required: Record<TreatmentKind, { heading: string; text: RegExp[]; callout: RegExp[] }> = {
  observation: { heading: 'Checking your milia', text: [/harmless/, /may last months or years/], callout: [] },
  extraction: {
    heading: 'Removing milia with a fine needle',
    text: [/removed 3 milia from your left cheek/, ...woundCare, /10 to 20 minutes/],
    callout: [/red streaks/, /paracetamol/, /go to A&E/, phone],
  },
  curettage: {
    heading: 'Scraping milia away (curettage)',
    text: [/curette/, /small pale or dark mark is common/, ...woundCare],
    callout: [/red streaks/, phone],
  },
  electrodesiccation: {
    heading: 'Treatment with a tiny electric current (cautery)',
    text: [/electric current/, ...woundCare],
    callout: [/red streaks/, /paracetamol/, phone],
  },
  cryotherapy: {
    heading: 'Freezing treatment (cryotherapy)',
    text: [
      /[Ss]ting/,
      /red/,
      /swell/,
      /blister may form/,
      /filled with blood/,
      /Leave any blister intact/,
      /Weeks 1 to 3: The crust falls off/,
      /lighter or darker/,
      /more likely on darker skin/,
      ...woundCare,
    ],
    callout: [/red streaks/, /blister/, phone],
  },
  laser_ablation: {
    heading: 'Laser treatment',
    text: [/moist with the ointment/, /Do not pick/, /sun with great care/, /fever/, /cold sore/, /Redness or swelling/],
    callout: [/cold sore/, /fever/, phone],
  },
  chemical_peel: {
    heading: 'Light chemical peel',
    text: [
      /Do not pull off peeling skin/,
      /Keep it out of strong sun/,
      /scrubs, other peels, acids or retinoid creams until your skin has healed/,
      /antiviral/,
    ],
    callout: [/cold sore/, phone],
  },
  topical_retinoid: {
    heading: 'Your retinoid cream',
    text: [/pea-sized amount/, /at night/, /every other night/, /edges of your eyelids/, /dry/, /8 to 12 weeks/, /Never put it on broken or sunburnt skin/],
    callout: [/Pregnancy/, /tazarotene/, phone],
  },
  oral_minocycline: {
    heading: 'Your minocycline tablets',
    text: [
      /full glass of water/,
      /Sit or stand up/,
      /just before you go to bed/,
      /antacids/,
      /iron or calcium/,
      /burn more easily in the sun/,
      /dizzy/,
      /pregnant/,
      /under 12/,
    ],
    callout: [/pregnant/, /under 12/, /breastfeeding/, /warfarin/, phone],
  },
  other: { heading: 'Other treatment', text: [/treated 3 milia on your left cheek/, ...woundCare], callout: [/red streaks/, phone] },
};

describe('the handout templates', () => {
  const folder = findHandoutsFolder();
  const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
  const raw = files.map((f) => ({ file: f, json: JSON.parse(readFileSync(join(folder, f), 'utf8')) as unknown }));

  it('validate, each with an id matching its file and a version', () => {
    const templates = loadTemplates(folder);
    expect([...templates.treatments.keys()].sort()).toEqual([...treatmentKinds.codes, 'chemical_peel_dermal'].sort());
    for (const { file, json } of raw) {
      const t = templateSchema.parse(json);
      expect(`${t.id}.json`).toBe(file);
      expect(t.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    }
    const others = ['chemical_peel_dermal', 'checking', 'anaesthetic', 'eye-area', 'general', 'wound-care', 'infection'];
    expect(files.sort()).toEqual([...treatmentKinds.codes, ...others].map((k) => `${k}.json`).sort());
  });

  it('keep claims that are not mainstream dermatology out', () => {
    for (const { file } of raw) {
      const text = readFileSync(join(folder, file), 'utf8');
      for (const claim of [/crystalli[sz]ed/i, /crystal/i, /drinking water/i, /drink (more )?water/i, /water intake/i, /hydrat/i, /toothpaste/i, /detox/i]) {
        expect(text, `${file} ${claim}`).not.toMatch(claim);
      }
    }
  });

  /** Syllables by the usual vowel-group rule, with silent endings dropped. */
  function syllables(word: string): number {
    const w = word.toLowerCase().replace(/[^a-z]/g, '');
    // A numeral is read aloud as a word or two ("thirty", "twelve").
    if (w === '') return /\d/.test(word) ? 2 : 0;
    if (w.length <= 3) return 1;
    const trimmed = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '');
    return Math.max(1, trimmed.match(/[aeiouy]{1,2}/g)?.length ?? 1);
  }

  /** Body text only: headings, timeline labels and callout titles are not sentences. */
  function sentences(subsections: Template['subsections']): string[] {
    const units = subsections.flatMap((s) =>
      s.blocks.flatMap((b) =>
        b.kind === 'paragraph' ? [b.text] : b.kind === 'timeline' ? b.items.map((i) => i.text) : b.items.map((i) => (typeof i === 'string' ? i : i.text)),
      ),
    );
    return units
      .map((u) =>
        u
          .replaceAll('{site}', 'your left cheek')
          .replaceAll('{lesions}', '3 milia')
          .replaceAll('{prescribed}', 'Adapalene 0.1%, once at night')
          .replaceAll('{note}', 'radiofrequency')
          .replaceAll('{call}', 'Call Lindenhof Dermatology on 01632 960 123.'),
      )
      .flatMap((u) => u.split(/[.!?:]+(?=\s|$)/))
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  function readability(subsections: Template['subsections']) {
    const list = sentences(subsections);
    const words = list.flatMap((s) => s.split(/\s+/).filter((w) => /[\p{L}\d]/u.test(w)));
    const wordsPerSentence = words.length / list.length;
    const syllablesPerWord = words.reduce((n, w) => n + syllables(w), 0) / words.length;
    return { wordsPerSentence, grade: 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59 };
  }

  it('reads at about the level of a 12-year-old: Flesch-Kincaid grade 8 or less, sentences of 15 words or fewer', () => {
    expect(syllables('medicine')).toBe(3);
    expect(syllables('blister')).toBe(2);
    expect(syllables('gently')).toBe(2);
    const templates = loadTemplates(folder);
    const all = [...templates.treatments.values(), ...templates.parts.values(), ...Object.values(templates.sections)];
    const variants = all.flatMap((t) => [{ name: t.id, subs: t.subsections }, ...(t.parents ? [{ name: `${t.id} (parents)`, subs: t.parents }] : [])]);
    expect(variants.length).toBeGreaterThanOrEqual(20);
    for (const { name, subs } of variants) {
      const r = readability(subs);
      expect(r.grade, name).toBeLessThanOrEqual(8);
      expect(r.wordsPerSentence, name).toBeLessThanOrEqual(15);
    }
  });

  it('refuse a broken template with the file named', () => {
    const broken = (edit: (dir: string) => void) => {
      const dir = tempDir();
      cpSync(folder, dir, { recursive: true });
      edit(dir);
      return () => loadTemplates(dir);
    };
    const rewrite = (dir: string, file: string, change: (t: Record<string, unknown>) => void) => {
      const t = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      change(t);
      writeFileSync(join(dir, file), JSON.stringify(t));
    };
    expect(broken((d) => rmSync(join(d, 'curettage.json')))).toThrow(/curettage\.json is missing/);
    expect(broken((d) => rmSync(join(d, 'checking.json')))).toThrow(/checking\.json is missing/);
    expect(broken((d) => rewrite(d, 'cryotherapy.json', (t) => delete t.title))).toThrow(/cryotherapy\.json needs a title/);
    expect(broken((d) => rewrite(d, 'general.json', (t) => (t.version = 'new')))).toThrow(/general\.json is not valid: version/);
    const says = (text: string, extra: object = {}) => [{ heading: 'What was done', blocks: [{ kind: 'paragraph', text, ...extra }] }];
    expect(broken((d) => rewrite(d, 'observation.json', (t) => (t.subsections = says('Seen by {doctor}.'))))).toThrow(
      /observation\.json is not valid: .*placeholders/,
    );
    expect(broken((d) => rewrite(d, 'extraction.json', (t) => (t.uses = ['general'])))).toThrow(/uses "general", which is not a shared part/);
    // The words' rules: reassurance never reaches a visit waiting for a decision, each "call us" box
    // carries the numbers, sunscreen is said once, and placeholders stay where they can be filled.
    expect(broken((d) => rewrite(d, 'observation.json', (t) => (t.subsections = says('Milia are harmless.'))))).toThrow(
      /observation\.json reassures \("Milia are harmless\."\) without the conditions "!checking" and "!cause"/,
    );
    expect(broken((d) => rewrite(d, 'observation.json', (t) => (t.subsections = says('They are not a sign of anything serious.', { if: ['cause'] }))))).toThrow(
      /observation\.json reassures/,
    );
    expect(broken((d) => rewrite(d, 'observation.json', (t) => (t.subsections = says('It is safe to leave them.', { if: ['!checking'] }))))).toThrow(
      /observation\.json reassures \("It is safe to leave them\."\) without the conditions "!checking" and "!cause"/,
    );
    expect(
      broken((d) =>
        rewrite(
          d,
          'curettage.json',
          (t) => (t.subsections = [{ heading: 'When to call us', blocks: [{ kind: 'callout', title: 'Call us if', items: ['It bleeds'] }] }]),
        ),
      ),
    ).toThrow(/curettage\.json has the callout "Call us if", which tells the reader to call, without a \{call\} line/);
    expect(broken((d) => rewrite(d, 'curettage.json', (t) => (t.subsections = says('Call us on {call}.'))))).toThrow(/curettage\.json uses \{call\} inside/);
    expect(broken((d) => rewrite(d, 'cryotherapy.json', (t) => (t.subsections = says('Use sunscreen every day.'))))).toThrow(
      /cryotherapy\.json gives sunscreen advice/,
    );
    // Daily sunscreen never reaches a baby under 1 year; aspirin is named to a child under 16 only to say it is not given.
    expect(broken((d) => rewrite(d, 'general.json', (t) => (t.subsections = says('Use SPF 50 every day.', { if: ['face'] }))))).toThrow(
      /general\.json advises a sunscreen \("Use SPF 50 every day\."\) without the condition "!infant"/,
    );
    expect(broken((d) => rewrite(d, 'anaesthetic.json', (t) => (t.subsections = says('For pain, take aspirin after 24 hours.'))))).toThrow(
      /anaesthetic\.json names aspirin \("For pain, take aspirin after 24 hours\."\) without the condition "!underSixteen"/,
    );
    expect(
      broken((d) =>
        rewrite(d, 'anaesthetic.json', (t) => (t.subsections = says('Do not give aspirin to anyone under 16 for 24 hours.', { if: ['underSixteen'] }))),
      ),
    ).toThrow(/anaesthetic\.json names aspirin/);
    expect(broken((d) => rewrite(d, 'wound-care.json', (t) => (t.subsections = says('Wash {site} gently.'))))).toThrow(
      /wound-care\.json uses the placeholder \{site\}/,
    );
    expect(broken((d) => rewrite(d, 'extraction.json', (t) => (t.subsections = says('You take {prescribed}.'))))).toThrow(
      /extraction\.json uses the placeholder \{prescribed\}/,
    );
    expect(broken((d) => rewrite(d, 'general.json', (t) => (t.subsections = says('Hello.', { if: ['sunny'] }))))).toThrow(/general\.json is not valid/);
  });
});

describe('composing a handout from a visit', () => {
  it.each(treatmentKinds.codes.map((k) => [k]))('%s: a section under a heading in patients’ words, with its safety points', (kind) => {
    const doc = compose([[kind, 'cheek', 'left', kind === 'observation' || kind === 'topical_retinoid' || kind === 'oral_minocycline' ? 0 : 3]]);
    expect(doc.sections.map((s) => s.heading)).toEqual([required[kind].heading, 'Looking after your skin']);
    expect(required[kind].heading).not.toBe(treatmentKinds.label(kind));
    const section = doc.sections[0]!;
    const text = sectionText(section);
    for (const phrase of required[kind].text) expect(text, String(phrase)).toMatch(phrase);
    for (const phrase of required[kind].callout) expect(calloutText(section), String(phrase)).toMatch(phrase);
    expect(section.subsections.map((s) => s.heading)[0]).toBe('What was done');
    expect(documentText(doc)).not.toMatch(/[{}]/);
    expect(documentText(doc)).not.toMatch(/above|same as under/);
    expect(doc.kinds).toEqual([kind]);
    expect(doc.templateVersions[kind]).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    expect(doc.templateVersions.general).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });

  it('gives the shared advice once, at the end, for several treatments, and sunscreen advice once', () => {
    const doc = compose([
      ['cryotherapy', 'nose', null, 2],
      ['topical_retinoid', 'cheek', 'bilateral', 0],
      ['cryotherapy', 'chin', null, 1],
    ]);
    expect(doc.sections.map((s) => s.heading)).toEqual(['Freezing treatment (cryotherapy)', 'Your retinoid cream', 'Looking after your skin']);
    expect(doc.kinds).toEqual(['cryotherapy', 'topical_retinoid']);
    const text = documentText(doc);
    expect(occurrences(text, 'Do not squeeze milia or open them with a needle at home.')).toBe(1);
    expect(occurrences(text, 'Use a sunscreen of SPF 30 or more every day')).toBe(1);
    expect(text.split('\n').filter((l) => /sunscreen|SPF/i.test(l))).toEqual([
      'Wash your face gently once or twice a day with a mild cleanser. At night, take off all make-up and sunscreen.',
      'Use a sunscreen of SPF 30 or more every day, even when it is cloudy. Sun damage makes milia more likely.',
    ]);
    expect(occurrences(text, 'A blister may form.')).toBe(1);
    expect(occurrences(text, 'A pea-sized amount is enough')).toBe(1);
    // One section per kind, naming every site it treated.
    expect(text).toContain('froze 3 milia on your nose and your chin');
    expect(text).toContain('a retinoid cream or gel for both your cheeks');
  });

  it('prints shared wound care once, in its own section after several procedures, with no pointers', () => {
    const doc = compose([
      ['extraction', 'forehead', null, 4],
      ['curettage', 'cheek', 'right', 2],
      ['electrodesiccation', 'neck', null, 5],
    ]);
    const text = documentText(doc);
    for (const sentence of [
      'Wash your hands first. Then wash the treated skin gently once a day with mild soap and water.',
      'Pus, or red streaks spreading out from the area',
      'Do not pick or scratch the scabs.',
      'If a spot bleeds, press on it firmly with a clean tissue for 10 to 20 minutes without lifting.',
      'Call Lindenhof Dermatology on 01632 960 123.',
    ]) {
      expect(occurrences(text, sentence), sentence).toBe(1);
    }
    expect(doc.sections.map((s) => s.heading)).toEqual([
      'Removing milia with a fine needle',
      'Scraping milia away (curettage)',
      'Treatment with a tiny electric current (cautery)',
      'Caring for the treated skin',
      'Looking after your skin',
    ]);
    expect(sectionText(doc.sections[3]!)).toContain('Then wash the treated skin gently once a day');
    expect(text).not.toMatch(/above|same as under|same way as/);
    expect(doc.templateVersions).toEqual(
      Object.fromEntries(
        ['extraction', 'wound-care', 'infection', 'curettage', 'electrodesiccation', 'general'].map((id) => [
          id,
          expect.stringMatching(/^\d{4}-\d{2}-\d{2}\.\d+$/),
        ]),
      ),
    );
    // One procedure: its wound care sits in its own section, and its two "call the clinic" boxes are one.
    const one = compose([['cryotherapy', 'nose', null, 2]]);
    expect(one.sections.map((s) => s.heading)).toEqual(['Freezing treatment (cryotherapy)', 'Looking after your skin']);
    const boxes = one.sections[0]!.subsections.flatMap((s) => s.blocks).filter((b) => b.kind === 'callout');
    expect(boxes).toEqual([
      {
        kind: 'callout',
        title: 'Call the clinic if you notice',
        items: [
          'A blister that is very large or tight',
          'A blister so painful that it stops you sleeping or working',
          'Redness or swelling that spreads or gets worse after the second day',
          'Pus, or red streaks spreading out from the area',
          'A fever (a temperature of 38°C or 100.4°F or higher)',
          'Pain that paracetamol (acetaminophen) does not ease',
        ],
        // The numbers close the list, under it: not one of the signs to call about.
        after: ['Call Lindenhof Dermatology on 01632 960 123. After hours, call 01632 960 999.'],
      },
    ]);
  });

  it('adds the eye-area cautions once, for eyelid and periorbital sites only', () => {
    const eyeCaution = 'Pain in the eye itself';
    for (const site of ['upper_eyelid', 'lower_eyelid', 'periorbital'] as const) {
      const doc = compose([
        ['extraction', site, 'left', 2],
        ['cryotherapy', 'upper_eyelid', 'right', 1],
      ]);
      expect(doc.sections.map((s) => s.heading)).toEqual([
        'Removing milia with a fine needle',
        'Freezing treatment (cryotherapy)',
        'Caring for the treated skin',
        'Extra care around the eyes',
        'Looking after your skin',
      ]);
      expect(occurrences(documentText(doc), eyeCaution)).toBe(1);
      expect(doc.templateVersions['eye-area']).toBeDefined();
    }
    for (const site of ['temple', 'cheek', 'nose', 'forehead', 'glabella'] as const) {
      const doc = compose([['extraction', site, site === 'temple' || site === 'cheek' ? 'left' : null, 2]]);
      expect(documentText(doc)).not.toContain(eyeCaution);
      expect(doc.templateVersions['eye-area']).toBeUndefined();
    }
  });

  /** The eye-area sites, spelled out here so that dropping one from the vocabulary's set fails. */
  const eyeSites = ['upper_eyelid', 'lower_eyelid', 'periorbital'] as const;
  const eyeSection = 'Extra care around the eyes';
  const cryo = 'Freezing treatment (cryotherapy)';
  const headings = (specs: TreatmentSpec[]) => compose(specs).sections.map((s) => s.heading);

  it.each(eyeSites.map((site) => [site]))('adds the eye-area cautions for one treatment at %s alone', (site) => {
    for (const side of ['left', 'right', 'bilateral'] as const) {
      const doc = compose([['cryotherapy', site, side, 2]]);
      expect(doc.sections.map((s) => s.heading)).toEqual([cryo, eyeSection, 'Looking after your skin']);
      expect(calloutText(doc.sections[1]!)).toContain('Swelling that stops your eye from opening');
      expect(doc.templateVersions['eye-area']).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    }
  });

  it('adds the eye-area cautions for no other site of the vocabulary', () => {
    for (const site of sites.codes.filter((code) => !(eyeSites as readonly string[]).includes(code))) {
      expect(headings([['cryotherapy', site, null, 2]]), site).toEqual([cryo, 'Looking after your skin']);
    }
  });

  it('adds the eye-area cautions once when any one treatment of a mixed visit is near the eye, wherever it comes', () => {
    for (const eye of eyeSites) {
      const mixed: TreatmentSpec[] = [
        ['extraction', 'cheek', 'left', 3],
        ['cryotherapy', 'nose', null, 1],
        ['topical_retinoid', eye, 'right', 0],
      ];
      for (const specs of [mixed, [...mixed].reverse(), [mixed[0]!, mixed[2]!, mixed[1]!]]) {
        const doc = compose(specs);
        expect(
          doc.sections.filter((s) => s.heading === eyeSection),
          eye,
        ).toHaveLength(1);
        expect(doc.sections.at(-2)!.heading).toBe(eyeSection);
        expect(occurrences(documentText(doc), 'Pain in the eye itself')).toBe(1);
      }
    }
    expect(
      headings([
        ['extraction', 'cheek', 'left', 3],
        ['cryotherapy', 'nose', null, 1],
      ]),
    ).not.toContain(eyeSection);
  });

  it('words the eye-area care for what was done there: a procedure, a cream, or only a look', () => {
    const eyeText = (specs: TreatmentSpec[]) => sectionText(compose(specs).sections.find((s) => s.heading === eyeSection)!);
    const procedure = eyeText([['extraction', 'upper_eyelid', 'left', 2]]);
    expect(procedure).toContain('Puffy eyelids are common for 1 to 3 days. An extra pillow at night and a cool pack wrapped in a clean cloth can help.');
    expect(procedure).toContain('Keep ointment out of your eyes. Use only a thin layer near the lashes.');
    expect(procedure).toContain('If you cannot reach us, go to eye casualty or A&E today.');
    expect(procedure).not.toContain('the cream');
    const cream = eyeText([['topical_retinoid', 'upper_eyelid', 'left', 0]]);
    expect(cream).toContain('Put only a thin layer of the cream on the eyelid skin. Keep it away from the lash line.');
    expect(cream).toContain('If the cream gets in your eye, rinse the eye with plenty of lukewarm water.');
    expect(cream).toContain('Pain in the eye itself');
    expect(cream).not.toMatch(/Puffy eyelids|ointment|healed/);
    const looked = eyeText([['observation', 'upper_eyelid', 'left', 0]]);
    expect(looked).toContain('Do not rub your eyes or pick at the spots.');
    expect(looked).not.toMatch(/Puffy eyelids|treated skin|cream|ointment|Call us straight away/);
  });

  it("words an infant's observation for the parents", () => {
    const doc = compose([['observation', 'nose', null, 0]], { date: '2026-01-15' }, baby);
    const text = documentText(doc);
    expect(doc.title).toBe("Aftercare after your baby's visit on 15 January 2026");
    expect(doc.sections.map((s) => s.heading)).toEqual(["Your baby's milia", "Looking after your baby's skin"]);
    expect(text).toContain("tiny white spots on your baby's nose");
    expect(text).toMatch(/very common in newborn babies/);
    expect(text).toMatch(/go away by themselves, most often within a few weeks/);
    expect(text).toMatch(/does not need any cream/);
    expect(text).toMatch(/Ask us before you use sunscreen on a baby under 6 months/);
    expect(text).not.toMatch(/Use a sunscreen of SPF 30|cannot pass them on|\byou had a treatment/);

    const eyelid = compose([['observation', 'upper_eyelid', 'left', 0]], { date: '2026-01-15' }, baby);
    expect(eyelid.sections.map((s) => s.heading)).toEqual(["Your baby's milia", "Care around your baby's eyes", "Looking after your baby's skin"]);
    expect(documentText(eyelid)).toContain("your baby's left upper eyelid");
  });

  it('chooses the parents’ wording by age at the visit, never by the type code', () => {
    const neonatal = presentationOf({ type: 'neonatal', count: 8 });
    // Recorded as neonatal at 46 (the services now refuse this; an old record may hold it): adult words.
    const coded = documentText(compose([['observation', 'nose', null, 0]], { presentations: [neonatal] }, { ...adult, dateOfBirth: '1980-01-02' }));
    expect(coded).toContain('the spots on your nose');
    expect(coded).not.toMatch(/baby/);
    // The same baby, seen again at 5 months: the adult wording.
    const grownUp = documentText(compose([['observation', 'nose', null, 0]], { date: '2026-06-01', presentations: [neonatal] }, baby));
    expect(grownUp).toContain('the spots on your nose');
    expect(grownUp).toContain('cannot pass them on');
    expect(grownUp).not.toMatch(/tiny white spots on your baby's nose|very common in newborn babies/);
    // Under 3 months, whatever the type recorded.
    const young = documentText(compose([['observation', 'nose', null, 0]], { presentations: [presentationOf()] }, baby));
    expect(young).toContain("tiny white spots on your baby's nose");
  });

  it('fills the visit, the practice, the treated sites and the next follow-up', () => {
    const followUp = (id: number, dueDate: string, status: FollowUp['status']): FollowUp => ({
      id,
      visitId: 7,
      dueDate,
      reason: '',
      status,
      completedDate: null,
      outcome: null,
      notes: '',
    });
    const extra = { followUps: [followUp(1, '2026-02-01', 'cancelled'), followUp(2, '2026-03-12', 'scheduled'), followUp(3, '2026-02-12', 'scheduled')] };
    const specs: TreatmentSpec[] = [
      ['extraction', 'upper_eyelid', 'left', 6],
      ['cryotherapy', 'glabella', 'midline', 1],
      ['topical_retinoid', 'cheek', 'bilateral', 0],
    ];
    const doc = compose(specs, extra);
    expect(doc.title).toBe('Aftercare after your visit on 15 January 2026');
    expect(doc.patient).toEqual({ name: 'Zoë Nguyễn', dateOfBirth: '1987-03-14', mrn: 'MN-0001' });
    expect(doc.practice).toEqual({ name: 'Lindenhof Dermatology', address: '4 Linden Row', phone: '01632 960 123', afterHoursPhone: '01632 960 999' });
    expect(doc.visit).toEqual({
      date: '2026-01-15',
      clinician: 'Dr Ada Okafor',
      followUpDate: '2026-02-12',
      followUpPassed: false,
      treated: [
        { site: 'upper_eyelid', side: 'left', lesions: 6, label: 'Upper eyelid, left: 6 milia removed' },
        { site: 'glabella', side: 'midline', lesions: 1, label: 'Between the eyebrows: 1 milium frozen' },
        { site: 'cheek', side: 'bilateral', lesions: 0, label: 'Cheek, both sides: retinoid cream' },
      ],
    });
    const text = documentText(doc);
    expect(text).toContain('removed 6 milia from your left upper eyelid');
    expect(text).toContain('froze 1 milium on the skin between your eyebrows');
    expect(doc.language).toBe('en-GB');
    // A reprint after the first check names the next one.
    expect(composeHandout({ patient: adult, visit: visitOf(specs, extra), settings, today: '2026-02-20' }).visit).toMatchObject({
      followUpDate: '2026-03-12',
      followUpPassed: false,
    });
    // A reprint after every scheduled check has passed unbooked: overdue, never a date to come.
    expect(composeHandout({ patient: adult, visit: visitOf(specs, extra), settings, today: '2026-03-13' }).visit).toMatchObject({
      followUpDate: '2026-02-12',
      followUpPassed: true,
    });
    expect(compose(specs).visit.followUpDate).toBeNull();
  });

  it('refuses a visit with no treatment', () => {
    const attempt = () => compose([]);
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow('This visit has no treatment, so there is no aftercare handout to print. Add the treatment to the visit first.');
    try {
      attempt();
    } catch (e) {
      expect((e as AppError).kind).toBe('validation');
    }
  });
});

/** Handout fixtures: documents built by hand for the renderer, and patients and visits for the composer. */
import type { HandoutDocument, Section } from '../../src/main/handouts/model';
import { SettingsInput } from '@shared/schemas';
import type { Patient, Presentation, Treatment, Visit } from '@shared/types';
import type { Side, Site, TreatmentKind } from '@shared/vocabulary';

export function sampleSection(heading: string): Section {
  return {
    heading,
    subsections: [
      {
        heading: 'What to expect',
        blocks: [
          {
            kind: 'paragraph',
            text: 'The treated spots may look red and slightly swollen for a day or two. Small scabs can form; they fall off by themselves within a week. This is part of normal healing.',
          },
          {
            kind: 'timeline',
            items: [
              { when: 'Day 1-2', text: 'Redness and mild tenderness around each treated spot.' },
              { when: 'Day 3-7', text: 'Small scabs form and fall off. Do not pick them.' },
              { when: 'Week 2-4', text: 'Any pinkness fades. Pigment changes can take longer on darker skin.' },
            ],
          },
        ],
      },
      {
        heading: 'Caring for your skin',
        blocks: [
          {
            kind: 'bullets',
            items: [
              'Wash gently with lukewarm water and a mild cleanser, then pat dry.',
              'Apply plain petroleum jelly twice a day until healed.',
              'Avoid make-up on the treated area for 48 hours.',
              'Use a broad-spectrum sunscreen (SPF 30 or higher) every day.',
            ],
          },
          {
            kind: 'callout',
            title: 'Around the eyes',
            items: ['Do not rub your eyes for 24 hours.', 'Call us at once if your eyesight changes or the eye becomes painful.'],
            after: [],
          },
        ],
      },
    ],
  };
}

export function sampleHandout(name = 'Nguyễn Thị Ánh', sections = 1): HandoutDocument {
  const headings = ['Milia extraction', 'Cryotherapy', 'Electrocautery', 'Laser treatment', 'Chemical peel', 'Topical retinoid'];
  return {
    title: 'Aftercare after your treatment',
    language: 'en-GB',
    patient: { name, dateOfBirth: '1984-03-09', mrn: 'MRN-004211' },
    visit: {
      date: '2026-05-14',
      clinician: 'Dr. Helena Okafor',
      treated: [
        { site: 'upper_eyelid', side: 'left', label: 'Upper eyelid, left: 6 milia removed', lesions: 6 },
        { site: 'cheek', side: 'right', label: 'Cheek, right: 3 milia treated', lesions: 3 },
      ],
      followUpDate: '2026-06-25',
      followUpPassed: false,
    },
    practice: { name: 'Harbourside Dermatology', address: '12 Quay Street, Bristol BS1 4DJ', phone: '0117 496 0123', afterHoursPhone: '0117 496 0999' },
    sections: Array.from({ length: sections }, (_, i) => sampleSection(headings[i % headings.length]!)),
    templateVersions: { extraction: '1', general: '1' },
    kinds: ['extraction'],
  } as HandoutDocument;
}

/** The practice every composed handout of the tests names. */
export const handoutSettings = SettingsInput.parse({
  practiceName: 'Lindenhof Dermatology',
  address: '4 Linden Row',
  phone: '01632 960 123',
  afterHoursPhone: '01632 960 999',
});

/** An adult patient, and a baby (under 3 months at the visit: the parents' wording). */
export const adult: Patient = {
  id: 1,
  mrn: 'MN-0001',
  givenName: 'Zoë',
  familyName: 'Nguyễn',
  dateOfBirth: '1987-03-14',
  sex: 'female',
  archived: false,
  fitzpatrick: 4,
  phone: null,
  email: null,
  createdAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-01T09:00:00.000Z',
};
export const baby: Patient = { ...adult, id: 2, mrn: 'MN-0002', givenName: 'Mila', dateOfBirth: '2025-12-20' };

/** A treatment as [kind, site, side, lesions treated], with what else the record holds (details, anaesthesia, notes). */
export type TreatmentSpec = [kind: TreatmentKind, site: Site, side: Side | null, lesions: number, more?: Partial<Treatment>];

function treatmentOf([kind, site, side, lesions, more]: TreatmentSpec, i: number): Treatment {
  return {
    id: i + 1,
    kind,
    site,
    side,
    lesionsTreated: lesions,
    anesthesia: null,
    consent: null,
    performedById: 1,
    performedByName: 'Dr Ada Okafor',
    details: {},
    notes: '',
    ...more,
  };
}

/** A presentation of primary milia on the nose, with no red flag: change what the test is about. */
export function presentationOf(more: Partial<Presentation> = {}): Presentation {
  return {
    id: 1,
    type: 'primary',
    site: 'nose',
    side: null,
    count: 3,
    sizeMm: null,
    distribution: null,
    triggers: [],
    redFlags: [],
    differentials: [],
    notes: '',
    decision: null,
    decisionNote: '',
    ...more,
  };
}

/** A visit on 15 January 2026 with those treatments, all by Dr Ada Okafor. */
export function visitOf(specs: TreatmentSpec[], extra: Partial<Visit> = {}): Visit {
  return {
    id: 7,
    key: 'mn-00000000-0000-0000-0000-000000000007',
    patientId: 1,
    date: '2026-01-15',
    clinicianId: 1,
    clinicianName: 'Dr Ada Okafor',
    notes: '',
    pregnancyStatus: null,
    retinoidOverride: null,
    presentations: [],
    treatments: specs.map(treatmentOf),
    followUps: [],
    pendingReview: 0,
    signature: null,
    signBlockers: [],
    addenda: [],
    createdBy: 'Dr Ada Okafor (dermatologist)',
    updatedBy: 'Dr Ada Okafor (dermatologist)',
    createdAt: '2026-01-15T09:00:00.000Z',
    updatedAt: '2026-01-15T09:00:00.000Z',
    ...extra,
  };
}

/**
 * The handout as content, before it is laid out: what the composer (content.ts) produces
 * from a visit and the templates under resources/handouts, and what the PDF renderer
 * (render.ts) draws. Plain data, so each side can be tested on its own.
 */
import type { Side, Site, TreatmentKind } from '@shared/vocabulary';

/** A block of text in a section. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: string[] }
  /** A day-by-day list: "Day 1-2" -> what to expect. */
  | { kind: 'timeline'; items: Array<{ when: string; text: string }> }
  /**
   * Stands out on the page (a boxed warning): when to call, pregnancy, eye cautions. `items`
   * are its list ("Call us straight away if you have" • each sign); `after`, lines under the
   * list, not list items: the practice's numbers and what follows them ("If you cannot reach
   * us, go to eye casualty").
   */
  | { kind: 'callout'; title: string; items: string[]; after: string[] };

export interface Section {
  /** The heading the patient reads: a treatment's in patients' words ("Removing milia with a fine needle"). */
  heading: string;
  /** A sub-heading level under a treatment section ("What to expect", "Caring for your skin" …). */
  subsections: Array<{ heading: string; blocks: Block[] }>;
}

interface HandoutPatient {
  name: string;
  dateOfBirth: string;
  mrn: string;
}

export interface HandoutDocument {
  /** Document title (PDF metadata and the first heading). */
  title: string;
  language: string;
  patient: HandoutPatient;
  visit: {
    date: string;
    clinician: string;
    /** Treated sites with counts, in words: "Upper eyelid, left: 6 milia removed". */
    treated: Array<{ site: Site; side: Side | null; label: string; lesions: number }>;
    followUpDate: string | null;
    /** Every follow-up still scheduled was due before the handout was printed: it reads as overdue, never as a date to come. */
    followUpPassed: boolean;
  };
  practice: { name: string; address: string; phone: string; afterHoursPhone: string };
  /** One section per treatment kind on the visit, in visit order, then the shared advice. */
  sections: Section[];
  /** The template versions used, by template id (a kind, or "general"). */
  templateVersions: Record<string, string>;
  kinds: TreatmentKind[];
}

export interface RenderOptions {
  paperSize: 'A4' | 'Letter';
  /** Body text 16 pt or more. */
  largePrint: boolean;
}

/** One site-and-side label for the chart, the visit editor, the face map and the handout. */
import { describe, expect, it } from 'vitest';
import { isPairedSite, siteLabel, sites } from '@shared/vocabulary';

const sideWords: Record<'left' | 'right' | 'bilateral', string> = { left: 'left', right: 'right', bilateral: 'both sides' };
const noSide = [undefined, null, '', 'midline'] as const;

describe('siteLabel', () => {
  it('names a site with its side as clinicians read it', () => {
    expect(siteLabel('cheek', 'left')).toBe('Cheek, left');
    expect(siteLabel('upper_eyelid', 'right')).toBe('Upper eyelid, right');
    expect(siteLabel('periorbital', 'bilateral')).toBe('Periorbital skin, both sides');
    expect(siteLabel('nose', 'midline')).toBe('Nose');
    expect(siteLabel('glabella', undefined)).toBe('Glabella');
  });

  it.each(sites.codes)('%s: every side', (site) => {
    for (const side of ['left', 'right', 'bilateral'] as const) {
      // A midline site never carries a side, even one a record should not have.
      expect(siteLabel(site, side)).toBe(isPairedSite(site) ? `${sites.label(site)}, ${sideWords[side]}` : sites.label(site));
    }
    for (const side of noSide) expect(siteLabel(site, side)).toBe(sites.label(site));
  });

  it("puts the side after a site named in other words, such as the handout's", () => {
    const patientWords = (site: string) => (site === 'periorbital' ? 'Skin around the eye' : 'Elsewhere');
    expect(siteLabel('periorbital', 'left', patientWords)).toBe('Skin around the eye, left');
    expect(siteLabel('nose', 'midline', patientWords)).toBe('Elsewhere');
  });
});

/** Typing a site: words, synonyms and chart abbreviations find the site and its side. */
import { describe, expect, it } from 'vitest';
import { searchSites } from '@shared/siteWords';
import { siteLabel, sites } from '@shared/vocabulary';

const best = (text: string): string | undefined => searchSites(text)[0]?.label;

describe('searchSites', () => {
  it.each([
    ['lel', 'Lower eyelid, left'],
    ['left lower lid', 'Lower eyelid, left'],
    ['Left lower eyelid', 'Lower eyelid, left'],
    ['lower lid l', 'Lower eyelid, left'],
    ['lll', 'Lower eyelid, left'],
    ['rul', 'Upper eyelid, right'],
    ['right upper lid', 'Upper eyelid, right'],
    ['lul', 'Upper eyelid, left'],
    ['rt upper eyelid', 'Upper eyelid, right'],
    ['both lower lids', 'Lower eyelid, both sides'],
    ['bilateral cheeks', 'Cheek, both sides'],
    ['l cheek', 'Cheek, left'],
    ['lc', 'Cheek, left'],
    ['around the left eye', 'Periorbital skin, left'],
    ['periorbital r', 'Periorbital skin, right'],
    ['nose', 'Nose'],
    ['chin', 'Chin'],
    ['forehead', 'Forehead'],
    ['glab', 'Glabella'],
    ['neck', 'Neck'],
    ['trunk', 'Trunk'],
    ['chest', 'Trunk'],
    ['palate', 'Palate or gums'],
    ['gums', 'Palate or gums'],
    ['left arm', 'Arm and hand, left'],
    ['r leg', 'Leg and foot, right'],
    ['groin', 'Genital skin'],
    ['other', 'Other site (describe in notes)'],
  ])('"%s" is %s first', (text, label) => {
    expect(best(text)).toBe(label);
  });

  it('offers a paired site named without its side on each side, the patient\u2019s right first', () => {
    expect(searchSites('cheek').map((m) => m.label)).toEqual(['Cheek, right', 'Cheek, left', 'Cheek, both sides']);
  });

  it('gives the code and side to record with the label', () => {
    expect(searchSites('lel')[0]).toEqual({ site: 'lower_eyelid', side: 'left', label: 'Lower eyelid, left' });
    expect(searchSites('nose')[0]).toEqual({ site: 'nose', side: undefined, label: 'Nose' });
  });

  it('never offers the other side than the one typed', () => {
    expect(searchSites('left lid').every((m) => m.side === 'left')).toBe(true);
    expect(searchSites('right arm').map((m) => m.label)).toEqual(['Arm and hand, right']);
  });

  it('finds nothing in an empty box, a side alone or words of no site', () => {
    expect(searchSites('')).toEqual([]);
    expect(searchSites('  ,. ')).toEqual([]);
    expect(searchSites('left')).toEqual([]);
    expect(searchSites('kidney')).toEqual([]);
    expect(searchSites('upper kidney')).toEqual([]);
  });

  it('finds every site of the vocabulary by its own label', () => {
    for (const site of sites.codes) expect(searchSites(sites.label(site)).map((m) => m.site)).toContain(site);
    expect(best(siteLabel('ear', 'left'))).toBe('Ear and periauricular skin, left');
  });

  it('keeps to the limit', () => {
    expect(searchSites('e', 3)).toHaveLength(3);
  });
});

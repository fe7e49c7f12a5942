/** How the visit editor keys a site with its side. */
import { isPairedSite, pairedSides, type Side, type Site } from '@shared/vocabulary';

/** A key for counting presentations by place: a midline site has no side. */
export const placeKey = (site: Site, side: Side | '' | undefined): string => `${site}:${isPairedSite(site) ? (side ?? '') : ''}`;

/** The sides a paired site can take, for a select. */
export const sideOptions = pairedSides.codes.map((code) => ({ value: code, label: pairedSides.label(code) }));

/**
 * Lesion counts by place for the face map. A presentation on both sides shows on the left
 * and on the right, since the map has no region for both.
 */
export function countsByPlace(presentations: ReadonlyArray<{ site: Site; side: Side | ''; count: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
  for (const p of presentations) {
    const n = Number(p.count) > 0 ? Math.floor(Number(p.count)) : 0;
    if (p.side === 'bilateral') {
      add(placeKey(p.site, 'left'), n);
      add(placeKey(p.site, 'right'), n);
    } else add(placeKey(p.site, p.side), n);
  }
  return counts;
}

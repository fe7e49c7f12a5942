/**
 * The body map's drawing: a standing figure, seen from the front and from the back, whose
 * regions are the body sites of the vocabulary that the face map does not show.
 *
 * One figure is drawn about x = 0 (its top at y = 0) and placed twice. Paired regions are
 * drawn on the viewer's left and mirrored for the viewer's right. Seen from the front the
 * viewer's left is the patient's right; seen from the back it is the patient's left.
 * Regions are painted in the order listed, each covering the edges of those before it.
 */
import type { Side, Site } from '@shared/vocabulary';

export const bodyViewBox = { width: 272, height: 410 } as const;

export type BodyView = 'front' | 'back';

/** Where each figure stands: its middle, and the top of the head. */
export const figures: ReadonlyArray<{ view: BodyView; x: number; y: number; name: string }> = [
  { view: 'front', x: 68, y: 30, name: 'Front' },
  { view: 'back', x: 204, y: 30, name: 'Back' },
];

/** The patient's side drawn on the viewer's left of a figure. */
export const viewerLeftSide = (view: BodyView): Side => (view === 'front' ? 'right' : 'left');

// The trunk's half on the viewer's left, from the neck down to the fork of the legs; the
// hip line is shared with the top of the leg.
const hipLine = 'C-24,199 -10,203 0,205';
const trunkHalf = `M0,57 L-9,57 C-18,59 -31,61 -37,71 C-40,78 -38,90 -31,99 C-29,120 -26,140 -27,152 C-29,166 -33,178 -33,191 ${hipLine}`;
const trunkOtherHalf = 'L0,205 C10,203 24,199 33,191 C33,178 29,166 27,152 C26,140 29,120 31,99 C38,90 40,78 37,71 C31,61 18,59 9,57 Z';

const arm =
  'M-36,68 C-45,73 -48,88 -48,104 C-49,122 -51,136 -52,150 C-53,166 -55,180 -56,192 ' +
  'C-60,200 -60,213 -55,220 C-50,225 -44,220 -44,210 C-44,203 -44,197 -44,191 ' +
  'C-42,170 -39,138 -36,116 C-35,108 -33,102 -31,99 C-33,88 -34,76 -36,68 Z';

const leg =
  'M-33,190 C-24,199 -10,203 0,205 L-1,206 C-3,222 -5,240 -6,262 C-6,288 -8,320 -9,350 ' +
  'C-8,356 -6,364 -8,370 L-26,370 C-30,366 -27,360 -22,352 C-25,330 -28,310 -27,290 C-31,260 -35,225 -33,190 Z';

const genital = 'M-11,194 C-6,198 6,198 11,194 C9,203 5,212 0,216 C-5,212 -9,203 -11,194 Z';

/** The head and neck, drawn for the shape of the figure; they are on the face map. */
export const headAndNeck = 'M-7,44 L-8,60 L8,60 L7,44 Z M0,0 C11,0 17,10 17,23 C17,36 10,46 0,46 C-10,46 -17,36 -17,23 C-17,10 -11,0 0,0 Z';

/** A region of a figure: its site, whether it is drawn on both sides, its outline and where its pin goes. */
export interface BodyRegion {
  site: Site;
  paired: boolean;
  d: string;
  /** The pin's place, on the viewer's left for a paired region. */
  pin: readonly [number, number];
  /** The views that show it. */
  views: readonly BodyView[];
}

/** In painting order, which is also the order of Home and End. */
export const bodyRegions: readonly BodyRegion[] = [
  { site: 'trunk', paired: false, d: `${trunkHalf} ${trunkOtherHalf}`, pin: [0, 128], views: ['front', 'back'] },
  { site: 'upper_limb', paired: true, d: arm, pin: [-48, 150], views: ['front', 'back'] },
  { site: 'lower_limb', paired: true, d: leg, pin: [-18, 292], views: ['front', 'back'] },
  { site: 'genital', paired: false, d: genital, pin: [0, 203], views: ['front'] },
];

/** Line art over the regions, by view: the navel and collarbones in front, the spine and shoulder blades behind. */
export const bodyArt: Record<BodyView, string> = {
  front: 'M-20,68 C-12,72 -6,72 -2,69 M20,68 C12,72 6,72 2,69 M-1,150 C-1,152 1,152 1,150 C1,148 -1,148 -1,150 Z',
  back: 'M0,66 L0,168 M-24,82 C-20,98 -16,108 -10,112 M24,82 C20,98 16,108 10,112 M0,194 L0,205',
};

/** The transform that draws a viewer's-left shape on the viewer's right, about the figure's middle. */
export const mirrorFigure = 'scale(-1 1)';

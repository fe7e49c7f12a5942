/**
 * The face map's drawing: region outlines and line art in a 360 × 500 box, front view.
 *
 * Paired regions are drawn once, on the viewer's left (the patient's RIGHT side), and mirrored
 * for the patient's left. Regions are painted in vocabulary order, which is also the tab
 * order, and each one may hide the edges of the regions painted before it: a later region
 * draws the shared border exactly, an earlier one only has to reach under it. Regions of the
 * head are clipped to the head outline, so their outer edges can be loose.
 *
 * Each region is shaped so that the centre of its bounding box falls on its own visible
 * part: that is where pointer tools (and Playwright's click) aim.
 */
import type { Site } from '@shared/vocabulary';

export const viewBox = { width: 360, height: 500 } as const;
const mid = viewBox.width / 2;

type Pt = readonly [number, number];
/** A cubic Bézier from `p0` to `p3`. */
interface Cubic {
  p0: Pt;
  c1: Pt;
  c2: Pt;
  p3: Pt;
}

const cubic = (p0: Pt, c1: Pt, c2: Pt, p3: Pt): Cubic => ({ p0, c1, c2, p3 });
const reverse = (c: Cubic): Cubic => cubic(c.p3, c.c2, c.c1, c.p0);
const lerp = (a: Pt, b: Pt, t: number): Pt => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** Splits a curve at parameter t (de Casteljau). */
function split(c: Cubic, t: number): [Cubic, Cubic] {
  const a = lerp(c.p0, c.c1, t);
  const b = lerp(c.c1, c.c2, t);
  const d = lerp(c.c2, c.p3, t);
  const ab = lerp(a, b, t);
  const bd = lerp(b, d, t);
  const p = lerp(ab, bd, t);
  return [cubic(c.p0, a, ab, p), cubic(p, bd, d, c.p3)];
}

const pointAt = (c: Cubic, t: number): Pt => split(c, t)[0].p3;

/** Splits a curve whose y only grows (or only falls) where it reaches `y`. */
function splitAtY(c: Cubic, y: number): [Cubic, Cubic] {
  const rising = c.p3[1] > c.p0[1];
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const t = (lo + hi) / 2;
    if (pointAt(c, t)[1] < y === rising) lo = t;
    else hi = t;
  }
  return split(c, (lo + hi) / 2);
}

const fmt = (n: number): string => String(Math.round(n * 10) / 10);
const pt = (p: Pt): string => `${fmt(p[0])},${fmt(p[1])}`;

/** A path step: a straight line to a point, or a curve (reached by a straight line if it starts elsewhere). */
type Step = Pt | Cubic;
const isCubic = (s: Step): s is Cubic => !Array.isArray(s);
const same = (a: Pt, b: Pt): boolean => fmt(a[0]) === fmt(b[0]) && fmt(a[1]) === fmt(b[1]);

/** An open path through the steps. */
function open(...steps: Step[]): string {
  let at: Pt | null = null;
  let d = '';
  for (const s of steps) {
    const start = isCubic(s) ? s.p0 : s;
    if (at === null) d += `M${pt(start)}`;
    else if (!same(at, start)) d += ` L${pt(start)}`;
    if (isCubic(s)) d += ` C${pt(s.c1)} ${pt(s.c2)} ${pt(s.p3)}`;
    at = isCubic(s) ? s.p3 : s;
  }
  return d;
}

const closed = (...steps: Step[]): string => `${open(...steps)} Z`;

const mirrorPt = (p: Pt): Pt => [viewBox.width - p[0], p[1]];
const mirror = (c: Cubic): Cubic => cubic(mirrorPt(c.p0), mirrorPt(c.c1), mirrorPt(c.c2), mirrorPt(c.p3));

// The head outline, the viewer's left half from the crown down to the chin.
const crown = cubic([mid, 26], [118, 26], [57, 70], [57, 160]);
const side = cubic([57, 160], [56, 222], [62, 282], [74, 326]);
const jawCurve = cubic([74, 326], [84, 360], [102, 384], [126, 400]);
const chinCurve = cubic([126, 400], [144, 412], [160, 418], [mid, 418]);
const halfOutline = [crown, side, jawCurve, chinCurve];
export const headOutline = closed(...halfOutline, ...halfOutline.map(mirror).reverse().map(reverse));

// The hairline, from the sideburn (outside the head, so the clip ends it) to the middle.
const sideburn: Pt = [40, 186];
const hairTemple = cubic([62, 182], [64, 160], [74, 142], [94, 128]);
const hairFront = cubic([94, 128], [114, 112], [144, 102], [mid, 102]);

// The nose's side (viewer's left), from the root to the nostril sill; K is where the
// lower eyelid, the cheek and the nose meet.
const noseK: Pt = [165, 258];
const noseRoot = cubic([168, 216], [168, 236], [167, 248], noseK);
const noseAla = cubic(noseK, [162, 270], [156, 278], [152, 286]);
const noseWing = cubic([152, 286], [145, 296], [151, 308], [164, 305]);
const noseBase = cubic([164, 305], [170, 311], [190, 311], [196, 305]);
const noseTop = cubic([192, 216], [186, 220], [174, 220], [168, 216]);

// Around the eye (viewer's left): the lateral corner, and the lower edge shared by the
// periorbital skin, the lower eyelid and the cheek.
const lateralCanthus: Pt = [106, 224];
const medialCanthus: Pt = [158, 228];
const orbitLateral = cubic([108, 202], [97, 209], [87, 230], [94, 252]);
const orbitFloor = cubic([94, 252], [98, 262], [108, 264], [116, 258]);
const lidFloor = cubic([116, 258], [128, 266], [150, 266], noseK);
const browEdge = cubic([108, 202], [124, 192], [150, 190], [167, 197]);
const upperLash = cubic(lateralCanthus, [120, 208], [144, 208], medialCanthus);

// The mouth area: an ellipse, as two arcs, whose lower arc is the top of the chin.
const mouth = { cx: mid, cy: 340, rx: 50, ry: 34 };
const mouthLeft: Pt = [mouth.cx - mouth.rx, mouth.cy];
const mouthRight: Pt = [mouth.cx + mouth.rx, mouth.cy];
const arc = (to: Pt, sweep: 0 | 1) => `A${mouth.rx},${mouth.ry} 0 0 ${sweep} ${pt(to)}`;

// The jaw's inner corner, and where the jawline meets the chin on the outline.
const jawInner: Pt = [136, 360];
const [, chinSide] = split(chinCurve, 0.4);

// The ear hangs on the outline between these heights.
const [, earSide] = splitAtY(side, 194);
const [earEdge] = splitAtY(earSide, 288);
const earHelix = cubic(earEdge.p0, [48, 182], [33, 190], [33, 214]);
const earBack = cubic([33, 214], [33, 240], [41, 258], [47, 274]);
const earLobe = cubic([47, 274], [52, 290], [62, 298], earEdge.p3);

// Under the chin, where the neck leaves the head, and the side of the neck down to the shoulder.
const [, neckEdge] = splitAtY(chinCurve, 404);
const neckSide = cubic(neckEdge.p0, [132, 440], [128, 468], [70, 484]);

/** A region of the map: its site, whether it comes in a left and a right, its outline and where its count goes. */
export interface RegionShape {
  site: Site;
  paired: boolean;
  d: string;
  /** Clipped to the head outline (everything but the ears and the neck). */
  clipped: boolean;
  /** Where the count badge sits, on the viewer's left for a paired region. */
  badge: Pt;
}

const region = (site: Site, paired: boolean, d: string, badge: Pt, clipped = true): RegionShape => ({ site, paired, d, clipped, badge });

/** In vocabulary order, which is also the painting and tab order. */
export const regions: readonly RegionShape[] = [
  region(
    'scalp',
    false,
    closed(
      [0, -10],
      [360, -10],
      [360, 190],
      mirrorPt(sideburn),
      mirror(hairTemple),
      mirror(hairFront),
      reverse(hairFront),
      reverse(hairTemple),
      sideburn,
      [0, 190],
    ),
    [mid, 60],
  ),
  region('forehead', false, closed(hairFront, reverse(mirror(hairFront)), [254, 152], [256, 212], [104, 212], [106, 152]), [mid, 150]),
  region('glabella', false, closed([166, 186], cubic([166, 186], [170, 180], [190, 180], [194, 186]), [194, 222], [166, 222]), [mid, 200]),
  region('temple', true, closed(sideburn, hairTemple, [106, 152], [104, 206], [96, 252], [40, 252]), [78, 178]),
  region('upper_eyelid', true, closed(lateralCanthus, [110, 210], browEdge, [168, 230], medialCanthus), [122, 199]),
  region('lower_eyelid', true, closed(lateralCanthus, medialCanthus, [172, 228], [172, 250], noseK, reverse(lidFloor), [112, 242]), [140, 255]),
  region('periorbital', true, closed(orbitLateral, orbitFloor, [112, 242], lateralCanthus, [110, 210]), [96, 240]),
  region(
    'nose',
    false,
    closed(noseTop.p3, noseRoot, noseAla, noseWing, noseBase, reverse(mirror(noseWing)), reverse(mirror(noseAla)), reverse(mirror(noseRoot)), noseTop),
    [mid, 270],
  ),
  region('cheek', true, closed([40, 252], orbitLateral.p3, orbitFloor, lidFloor, noseAla, noseWing, [172, 312], [150, 372], [40, 372]), [104, 300]),
  region('ear', true, closed(earEdge.p3, reverse(earEdge), earHelix, earBack, earLobe), [44, 232], false),
  region('perioral', false, `M${pt(mouthLeft)} ${arc(mouthRight, 1)} ${arc(mouthLeft, 1)} Z`, [mid, 362]),
  region('chin', false, `M${pt(mouthLeft)} ${arc(mouthRight, 0)} L236,440 L124,440 Z`, [mid, 397]),
  region('jaw', true, closed(side.p3, jawInner, chinSide.p0, [110, 408], [60, 330]), [108, 352]),
  region('neck', false, closed(neckEdge, reverse(mirror(neckEdge)), mirror(neckSide), [330, 500], [30, 500], reverse(neckSide)), [mid, 455], false),
];

/** Line art drawn over the regions; the `half` parts are mirrored for the other side. */
export const art = {
  half: {
    brow: open(cubic([98, 197], [112, 185], [140, 181], [164, 189])),
    eye: closed(upperLash, cubic(medialCanthus, [144, 239], [120, 238], lateralCanthus)),
    lash: open(upperLash),
    crease: open(cubic([110, 214], [122, 202], [146, 201], [160, 215])),
    iris: { cx: 132, cy: 221, r: 9.5 },
    pupil: { cx: 132, cy: 221, r: 3.8 },
    nostril: open(cubic([160, 302], [164, 296], [172, 296], [175, 302])),
    wing: open(noseWing),
    ear: open(cubic([50, 206], [42, 202], [40, 214], [42, 228]), cubic([42, 228], [44, 244], [50, 254], [54, 264])),
    earOutline: open(earHelix, earBack, earLobe),
    neckSide: open(neckSide),
    neck: open(cubic([146, 424], [150, 444], [156, 462], [168, 478])),
    bridge: open(cubic([172, 228], [171, 250], [170, 262], [168, 272])),
  },
  upperLip: open(cubic([146, 334], [158, 324], [170, 322], [mid, 328]), cubic([mid, 328], [190, 322], [202, 324], [214, 334])),
  mouthLine: open(cubic([146, 334], [164, 339], [196, 339], [214, 334])),
  lowerLip: open(cubic([149, 336], [162, 352], [198, 352], [211, 336])),
};

/** The transform that draws a viewer's-left shape on the viewer's right (the patient's left). */
export const mirrorTransform = `matrix(-1 0 0 1 ${viewBox.width} 0)`;
export const mirrorX = (x: number): number => viewBox.width - x;

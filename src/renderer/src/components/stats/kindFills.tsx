/**
 * How each treatment kind is drawn in the charts: a fill that stays apart from its
 * neighbours when printed in grey, because each kind has both its own lightness and its own
 * pattern (solid, stripes one way or the other, dots, cross-hatch, checks). The patterns are SVG
 * <pattern>s defined once on the screen and used by the bars and the legend swatches alike.
 */
import type { TreatmentKind } from '@shared/vocabulary';
import classes from './statistics.module.css';

type Mark = 'solid' | 'stripes' | 'backStripes' | 'horizontal' | 'vertical' | 'dots' | 'cross' | 'checks';

interface KindFill {
  /** The background colour (Mantine's palette). */
  base: string;
  /** The colour of the pattern's lines or dots, far from the base in lightness. */
  ink: string;
  mark: Mark;
}

// Lightness goes up and down from one kind to the next, and neighbours never share a mark.
const fills: Record<TreatmentKind, KindFill> = {
  observation: { base: '#e9ecef', ink: '#495057', mark: 'dots' },
  extraction: { base: '#0b7285', ink: '#0b7285', mark: 'solid' },
  curettage: { base: '#ffc078', ink: '#862e00', mark: 'stripes' },
  electrodesiccation: { base: '#9775fa', ink: '#1c0f52', mark: 'dots' },
  cryotherapy: { base: '#a5d8ff', ink: '#1864ab', mark: 'cross' },
  laser_ablation: { base: '#a61e4d', ink: '#ffffff', mark: 'horizontal' },
  chemical_peel: { base: '#ffe066', ink: '#5c4a00', mark: 'backStripes' },
  topical_retinoid: { base: '#2b8a3e', ink: '#ffffff', mark: 'vertical' },
  oral_minocycline: { base: '#ced4da', ink: '#495057', mark: 'checks' },
  other: { base: '#212529', ink: '#212529', mark: 'solid' },
};

const patternId = (kind: TreatmentKind): string => `stats-fill-${kind}`;

/** The `fill` of a kind's bars and swatch. */
export const kindFill = (kind: TreatmentKind): string => (fills[kind].mark === 'solid' ? fills[kind].base : `url(#${patternId(kind)})`);

const size = 8;

function Marks({ mark, ink }: { mark: Mark; ink: string }) {
  switch (mark) {
    case 'solid':
      return null;
    case 'stripes':
      return <path d={`M-2,2 l4,-4 M0,${size} l${size},-${size} M${size - 2},${size + 2} l4,-4`} stroke={ink} strokeWidth={2} />;
    case 'backStripes':
      return <path d={`M-2,${size - 2} l4,4 M0,0 l${size},${size} M${size - 2},-2 l4,4`} stroke={ink} strokeWidth={2} />;
    case 'horizontal':
      return <path d={`M0,${size / 2} h${size}`} stroke={ink} strokeWidth={2} />;
    case 'vertical':
      return <path d={`M${size / 2},0 v${size}`} stroke={ink} strokeWidth={2} />;
    case 'dots':
      return <circle cx={size / 2} cy={size / 2} r={1.8} fill={ink} />;
    case 'checks':
      return <path d={`M0,0 h${size / 2} v${size / 2} h-${size / 2} z M${size / 2},${size / 2} h${size / 2} v${size / 2} h-${size / 2} z`} fill={ink} />;
    case 'cross':
      return <path d={`M0,${size / 2} h${size} M${size / 2},0 v${size}`} stroke={ink} strokeWidth={1.5} />;
  }
}

/** The patterns, once per screen, in an SVG of no size that only holds definitions. */
export function KindPatterns() {
  return (
    <svg className={classes.patternDefs} aria-hidden="true" focusable="false">
      <defs>
        {Object.entries(fills).map(([kind, fill]) => (
          <pattern key={kind} id={patternId(kind as TreatmentKind)} width={size} height={size} patternUnits="userSpaceOnUse">
            <rect width={size} height={size} fill={fill.base} />
            <Marks mark={fill.mark} ink={fill.ink} />
          </pattern>
        ))}
      </defs>
    </svg>
  );
}

/** A small square in a kind's fill, for the legend. */
export function KindSwatch({ kind }: { kind: TreatmentKind }) {
  return (
    <svg width={18} height={18} aria-hidden="true" focusable="false" className={classes.swatch}>
      <rect x={0.5} y={0.5} width={17} height={17} fill={kindFill(kind)} stroke="#495057" strokeWidth={1} />
    </svg>
  );
}

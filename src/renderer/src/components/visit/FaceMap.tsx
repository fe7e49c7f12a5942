/**
 * The face map: a front view of the head whose regions are the face sites of the
 * vocabulary. Paired regions come as the patient's right (on the viewer's left) and the
 * patient's left (on the viewer's right), as a clinician facing the patient sees them.
 * The map is one Tab stop: the arrow keys move between neighbouring regions and Enter or
 * Space chooses one (mapNavigation.ts). Regions with presentations are tinted and carry
 * their lesion count.
 */
import { Badge, Button, Stack, Text } from '@mantine/core';
import { useId, type KeyboardEvent } from 'react';
import { siteLabel, sites, type Side, type Site } from '@shared/vocabulary';
import { art, headOutline, mirrorTransform, mirrorX, regions, viewBox, type RegionShape } from './faceMapShapes';
import { useRovingMap, type MapPlace } from './mapNavigation';
import { placeKey } from './sites';
import './faceMap.css';

interface FaceMapProps {
  /** Lesion counts by `placeKey`; a key that is present marks the region even at 0. */
  counts: ReadonlyMap<string, number>;
  onSelect: (site: Site, side: Side | undefined) => void;
}

/** The patient's side each drawing of a region stands for; a midline region has none. */
const drawings = (shape: RegionShape): Array<{ side: Side | undefined; mirrored: boolean }> =>
  shape.paired
    ? [
        { side: 'right', mirrored: false },
        { side: 'left', mirrored: true },
      ]
    : [{ side: undefined, mirrored: false }];

const oralKey = placeKey('oral_mucosa', undefined);

/**
 * Where each region is for the arrow keys: its badge point, which sits on its visible part.
 * The palate button, under the drawing, is the last stop below the neck.
 */
const places: readonly MapPlace[] = [
  ...regions.flatMap((shape) =>
    drawings(shape).map(({ side, mirrored }) => ({
      key: placeKey(shape.site, side),
      x: mirrored ? mirrorX(shape.badge[0]) : shape.badge[0],
      y: shape.badge[1],
    })),
  ),
  { key: oralKey, x: viewBox.width / 2, y: viewBox.height + 20 },
];

/** Enter or Space on a region chooses it, as a click does. */
export function chooseOnEnter(event: KeyboardEvent, choose: () => void) {
  if (event.key === 'Enter' || event.key === ' ') {
    // Space would otherwise scroll the page.
    event.preventDefault();
    choose();
  }
}

export function FaceMap({ counts, onSelect }: FaceMapProps) {
  const id = useId();
  const clipId = `${id}-head`;
  const eyeClipId = `${id}-eye`;
  const oral = counts.get(oralKey);
  // The tab stop starts on the nose, in the middle of the face, the fewest arrows from anywhere.
  const roving = useRovingMap(places, placeKey('nose', undefined));
  const hintId = `${id}-hint`;

  return (
    <Stack gap={6} align="center">
      <svg className="face-map" viewBox={`0 0 ${viewBox.width} ${viewBox.height}`} role="group" aria-label="Face map" aria-describedby={hintId}>
        <defs>
          <clipPath id={clipId}>
            <path d={headOutline} />
          </clipPath>
          <clipPath id={eyeClipId}>
            <path d={art.half.eye} />
          </clipPath>
        </defs>
        {/* Skin under the regions, so that no seam between two of them shows the page. */}
        <path className="face-map__head" d={headOutline} aria-hidden="true" />
        {regions.flatMap((shape) =>
          drawings(shape).map(({ side, mirrored }) => (
            <Region
              key={`${shape.site}-${side ?? 'midline'}`}
              shape={shape}
              side={side}
              mirrored={mirrored}
              clipId={clipId}
              count={counts.get(placeKey(shape.site, side))}
              onSelect={onSelect}
              roving={roving(placeKey(shape.site, side))}
            />
          )),
        )}
        <LineArt eyeClipId={eyeClipId} />
        <path className="face-map__outline" d={headOutline} aria-hidden="true" />
        <g aria-hidden="true">
          {regions.flatMap((shape) =>
            drawings(shape).map(({ side, mirrored }) => {
              const count = counts.get(placeKey(shape.site, side));
              if (!count) return null;
              const x = mirrored ? mirrorX(shape.badge[0]) : shape.badge[0];
              return <CountBadge key={`${shape.site}-${side ?? 'midline'}`} x={x} y={shape.badge[1]} count={count} />;
            }),
          )}
        </g>
        <text className="face-map__side" x={16} y={28} aria-hidden="true">
          R
        </text>
        <text className="face-map__side" x={viewBox.width - 16} y={28} aria-hidden="true">
          L
        </text>
      </svg>
      <Text size="xs" c="dimmed" id={hintId}>
        Left and right are the patient&apos;s. Arrow keys move between regions, Enter chooses.
      </Text>
      {/* Inside the mouth, so beside the drawing rather than on it. */}
      <OralButton oral={oral} onSelect={onSelect} roving={roving(oralKey)} />
    </Stack>
  );
}

type Roving = ReturnType<ReturnType<typeof useRovingMap>>;

function OralButton({ oral, onSelect, roving }: { oral: number | undefined; onSelect: FaceMapProps['onSelect']; roving: Roving }) {
  const select = () => onSelect('oral_mucosa', undefined);
  return (
    <Button
      variant={oral === undefined ? 'default' : 'outline'}
      size="xs"
      aria-label={sites.label('oral_mucosa')}
      tabIndex={roving.tabIndex}
      ref={roving.ref}
      onFocus={roving.onFocus}
      // A button takes Enter and Space itself.
      onKeyDown={roving.onKeyDown}
      onClick={select}
      rightSection={
        oral ? (
          <Badge size="sm" circle>
            {oral}
          </Badge>
        ) : null
      }
    >
      {sites.label('oral_mucosa')}
    </Button>
  );
}

interface RegionProps {
  shape: RegionShape;
  side: Side | undefined;
  mirrored: boolean;
  clipId: string;
  count: number | undefined;
  onSelect: (site: Site, side: Side | undefined) => void;
  roving: Roving;
}

function Region({ shape, side, mirrored, clipId, count, onSelect, roving }: RegionProps) {
  const name = siteLabel(shape.site, side);
  const select = () => onSelect(shape.site, side);
  const onKeyDown = (event: KeyboardEvent) => {
    roving.onKeyDown(event);
    chooseOnEnter(event, select);
  };
  return (
    <path
      role="button"
      tabIndex={roving.tabIndex}
      ref={roving.ref}
      onFocus={roving.onFocus}
      aria-label={name}
      className={`face-map__region face-map__region--${shape.site}`}
      data-marked={count !== undefined || undefined}
      d={shape.d}
      transform={mirrored ? mirrorTransform : undefined}
      clipPath={shape.clipped ? `url(#${clipId})` : undefined}
      onClick={select}
      onKeyDown={onKeyDown}
    >
      <title>{count ? `${name}: ${count} recorded` : name}</title>
    </path>
  );
}

/** A count on a region; `scale` enlarges it where the drawing is shown small (the chart). */
export function CountBadge({ x, y, count, scale = 1 }: { x: number; y: number; count: number; scale?: number }) {
  const wide = count > 99;
  return (
    <g className="face-map__badge" transform={`translate(${x} ${y}) scale(${scale})`}>
      <rect x={wide ? -15 : -11} y={-9} width={wide ? 30 : 22} height={18} rx={9} />
      <text y={4}>{count}</text>
    </g>
  );
}

/** The features, drawn over the regions; they never take a click. */
export function LineArt({ eyeClipId }: { eyeClipId: string }) {
  const h = art.half;
  const half = (
    <>
      <path className="face-map__eye" d={h.eye} />
      <g clipPath={`url(#${eyeClipId})`}>
        <circle className="face-map__iris" {...h.iris} />
        <circle className="face-map__pupil" {...h.pupil} />
      </g>
      <path className="face-map__line face-map__line--strong" d={h.lash} />
      <path className="face-map__line face-map__line--soft" d={h.crease} />
      <path className="face-map__brow" d={h.brow} />
      <path className="face-map__line" d={h.nostril} />
      <path className="face-map__line" d={h.wing} />
      <path className="face-map__line" d={h.earOutline} />
      <path className="face-map__line face-map__line--soft" d={h.ear} />
      <path className="face-map__line" d={h.neckSide} />
      <path className="face-map__line face-map__line--soft" d={h.neck} />
      <path className="face-map__line face-map__line--soft" d={h.bridge} />
    </>
  );
  return (
    <g className="face-map__art" aria-hidden="true">
      {half}
      <g transform={mirrorTransform}>{half}</g>
      <path className="face-map__lip" d={art.upperLip} />
      <path className="face-map__lip" d={art.lowerLip} />
      <path className="face-map__line" d={art.mouthLine} />
    </g>
  );
}

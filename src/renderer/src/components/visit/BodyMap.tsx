/**
 * The body map: the whole figure from the front and from the back, whose regions are the
 * body sites off the face map (trunk, arms, legs, genital skin). Paired regions are the
 * patient's right on the viewer's left in front, and the other way round behind, as a
 * clinician walking round the patient sees them. The keyboard model is the face map's: one
 * Tab stop, arrows between neighbouring regions (across both figures), Enter chooses.
 * Regions with presentations are tinted in both views and pinned with their count in front.
 */
import { Stack, Text } from '@mantine/core';
import { useId, type KeyboardEvent } from 'react';
import { siteLabel, type Side, type Site } from '@shared/vocabulary';
import { bodyArt, bodyRegions, bodyViewBox, figures, headAndNeck, mirrorFigure, viewerLeftSide, type BodyRegion, type BodyView } from './bodyMapShapes';
import { chooseOnEnter, CountBadge } from './FaceMap';
import { useRovingMap, type MapPlace } from './mapNavigation';
import { placeKey } from './sites';
import './faceMap.css';

interface BodyMapProps {
  /** Lesion counts by `placeKey`; a key that is present marks the region even at 0. */
  counts: ReadonlyMap<string, number>;
  onSelect: (site: Site, side: Side | undefined) => void;
}

const otherSide = (side: Side): Side => (side === 'right' ? 'left' : 'right');

/** Every drawing of a region in one view: one for a midline region, two (mirrored) for a paired one. */
const drawings = (region: BodyRegion, view: BodyView): Array<{ side: Side | undefined; mirrored: boolean }> =>
  region.paired
    ? [
        { side: viewerLeftSide(view), mirrored: false },
        { side: otherSide(viewerLeftSide(view)), mirrored: true },
      ]
    : [{ side: undefined, mirrored: false }];

const regionKey = (view: BodyView, site: Site, side: Side | undefined) => `${view}:${placeKey(site, side)}`;

/** Where each region is for the arrow keys: its pin, in the map's own units. */
const places: readonly MapPlace[] = figures.flatMap((figure) =>
  bodyRegions
    .filter((region) => region.views.includes(figure.view))
    .flatMap((region) =>
      drawings(region, figure.view).map(({ side, mirrored }) => ({
        key: regionKey(figure.view, region.site, side),
        x: figure.x + (mirrored ? -region.pin[0] : region.pin[0]),
        y: figure.y + region.pin[1],
      })),
    ),
);

export function BodyMap({ counts, onSelect }: BodyMapProps) {
  const hintId = `${useId()}-hint`;
  const roving = useRovingMap(places, regionKey('front', 'trunk', undefined));

  return (
    <Stack gap={6} align="center">
      <svg
        className="face-map body-map"
        viewBox={`0 0 ${bodyViewBox.width} ${bodyViewBox.height}`}
        role="group"
        aria-label="Body map"
        aria-describedby={hintId}
      >
        {figures.map((figure) => (
          <g key={figure.view} role="group" aria-label={figure.name} transform={`translate(${figure.x} ${figure.y})`}>
            <path className="body-map__head" d={headAndNeck} aria-hidden="true" />
            {bodyRegions
              .filter((region) => region.views.includes(figure.view))
              .flatMap((region) =>
                drawings(region, figure.view).map(({ side, mirrored }) => {
                  const name = siteLabel(region.site, side);
                  const count = counts.get(placeKey(region.site, side));
                  const select = () => onSelect(region.site, side);
                  const keys = roving(regionKey(figure.view, region.site, side));
                  return (
                    <path
                      key={`${region.site}-${side ?? 'midline'}`}
                      role="button"
                      aria-label={name}
                      className={`face-map__region body-map__region--${region.site}`}
                      data-marked={count !== undefined || undefined}
                      d={region.d}
                      transform={mirrored ? mirrorFigure : undefined}
                      tabIndex={keys.tabIndex}
                      ref={keys.ref}
                      onFocus={keys.onFocus}
                      onClick={select}
                      onKeyDown={(event: KeyboardEvent) => {
                        keys.onKeyDown(event);
                        chooseOnEnter(event, select);
                      }}
                    >
                      <title>{count ? `${name}: ${count} recorded` : name}</title>
                    </path>
                  );
                }),
              )}
            <path className="face-map__art face-map__line" d={bodyArt[figure.view]} aria-hidden="true" />
            <text className="body-map__view" y={-12} aria-hidden="true">
              {figure.name}
            </text>
            <text className="face-map__side body-map__side" x={-40} y={8} aria-hidden="true">
              {viewerLeftSide(figure.view) === 'right' ? 'R' : 'L'}
            </text>
            <text className="face-map__side body-map__side" x={40} y={8} aria-hidden="true">
              {viewerLeftSide(figure.view) === 'right' ? 'L' : 'R'}
            </text>
            {figure.view === 'front' && (
              <g aria-hidden="true">
                {bodyRegions.flatMap((region) =>
                  drawings(region, 'front').map(({ side, mirrored }) => {
                    const count = counts.get(placeKey(region.site, side));
                    if (!count) return null;
                    return (
                      <CountBadge key={`${region.site}-${side ?? 'midline'}`} x={mirrored ? -region.pin[0] : region.pin[0]} y={region.pin[1]} count={count} />
                    );
                  }),
                )}
              </g>
            )}
          </g>
        ))}
      </svg>
      <Text size="xs" c="dimmed" id={hintId}>
        Left and right are the patient&apos;s. Arrow keys move between regions, Enter chooses.
      </Text>
    </Stack>
  );
}

/**
 * The chart's lesion map: the latest lesion count at each site, as heat on the face and the
 * body (front) drawings, the number pinned on each region. A picture only: the same counts
 * follow in a table, which is what a screen reader reads.
 */
import { Group, Stack, Table, Text } from '@mantine/core';
import { useId } from 'react';
import type { LesionHistory } from '@shared/types';
import { siteLabel, type Side } from '@shared/vocabulary';
import { formatDate } from '../../lib/dates';
import { bodyArt, bodyRegions, bodyViewBox, headAndNeck, mirrorFigure, viewerLeftSide } from '../visit/bodyMapShapes';
import { CountBadge, LineArt } from '../visit/FaceMap';
import { headOutline, mirrorTransform, mirrorX, regions, viewBox } from '../visit/faceMapShapes';
import { placeKey } from '../visit/sites';
import '../visit/faceMap.css';
import './lesionMap.css';

/** Four steps of heat, from a few lesions to the most the patient has anywhere. */
const heatSteps = 4;
const heatLevel = (count: number, most: number): number => (count <= 0 ? 0 : Math.max(1, Math.ceil((heatSteps * count) / most)));

interface Latest {
  site: LesionHistory['site'];
  side: Side | null;
  count: number;
  date: string;
}

/** The latest count at each site and side; a count on both sides heats the left and the right. */
function latestCounts(history: readonly LesionHistory[]): { rows: Latest[]; byPlace: Map<string, number> } {
  const rows = history.map((h) => {
    const last = h.points.at(-1)!;
    return { site: h.site, side: h.side, count: last.count, date: last.date };
  });
  const byPlace = new Map<string, number>();
  const add = (key: string, n: number) => byPlace.set(key, (byPlace.get(key) ?? 0) + n);
  for (const r of rows) {
    if (r.side === 'bilateral') {
      add(placeKey(r.site, 'left'), r.count);
      add(placeKey(r.site, 'right'), r.count);
    } else add(placeKey(r.site, r.side ?? undefined), r.count);
  }
  return { rows, byPlace };
}

export function LesionMap({ history }: { history: readonly LesionHistory[] }) {
  const clipId = `${useId()}-head`;
  if (history.length === 0) return null;
  const { rows, byPlace } = latestCounts(history);
  const most = Math.max(1, ...byPlace.values());
  const level = (site: LesionHistory['site'], side: Side | undefined) => heatLevel(byPlace.get(placeKey(site, side)) ?? 0, most);
  const count = (site: LesionHistory['site'], side: Side | undefined) => byPlace.get(placeKey(site, side)) ?? 0;
  const faceSides = (paired: boolean) =>
    paired
      ? ([
          ['right', false],
          ['left', true],
        ] as const)
      : ([[undefined, false]] as const);
  const front = 'front' as const;
  const bodySides = (paired: boolean) =>
    paired
      ? ([
          [viewerLeftSide(front), false],
          [viewerLeftSide(front) === 'right' ? 'left' : 'right', true],
        ] as const)
      : ([[undefined, false]] as const);

  return (
    <Stack gap="xs" mb="md">
      <Group gap="xs" wrap="nowrap" justify="center" aria-hidden="true" className="lesion-map">
        <svg className="face-map lesion-map__face" viewBox={`0 0 ${viewBox.width} ${viewBox.height}`}>
          <defs>
            <clipPath id={clipId}>
              <path d={headOutline} />
            </clipPath>
          </defs>
          <path className="face-map__head" d={headOutline} />
          {regions.flatMap((shape) =>
            faceSides(shape.paired).map(([side, mirrored]) => (
              <path
                key={`${shape.site}-${side ?? ''}`}
                className="lesion-map__region"
                data-heat={level(shape.site, side)}
                d={shape.d}
                transform={mirrored ? mirrorTransform : undefined}
                clipPath={shape.clipped ? `url(#${clipId})` : undefined}
              />
            )),
          )}
          <LineArt eyeClipId={clipId} />
          <path className="face-map__outline" d={headOutline} />
          {regions.flatMap((shape) =>
            faceSides(shape.paired).map(([side, mirrored]) => {
              const n = count(shape.site, side);
              return n > 0 ? (
                <CountBadge
                  key={`${shape.site}-${side ?? ''}`}
                  x={mirrored ? mirrorX(shape.badge[0]) : shape.badge[0]}
                  y={shape.badge[1]}
                  count={n}
                  scale={1.7}
                />
              ) : null;
            }),
          )}
        </svg>
        <svg className="face-map lesion-map__body" viewBox={`-70 -6 140 ${bodyViewBox.height - 24}`}>
          <path className="body-map__head" d={headAndNeck} />
          {bodyRegions.flatMap((region) =>
            bodySides(region.paired).map(([side, mirrored]) => (
              <path
                key={`${region.site}-${side ?? ''}`}
                className="lesion-map__region lesion-map__region--body"
                data-heat={level(region.site, side)}
                d={region.d}
                transform={mirrored ? mirrorFigure : undefined}
              />
            )),
          )}
          <path className="face-map__art face-map__line" d={bodyArt.front} />
          {bodyRegions.flatMap((region) =>
            bodySides(region.paired).map(([side, mirrored]) => {
              const n = count(region.site, side);
              return n > 0 ? (
                <CountBadge key={`${region.site}-${side ?? ''}`} x={mirrored ? -region.pin[0] : region.pin[0]} y={region.pin[1]} count={n} />
              ) : null;
            }),
          )}
        </svg>
      </Group>
      <Stack gap={2} align="center" aria-hidden="true">
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            Fewer
          </Text>
          {Array.from({ length: heatSteps }, (_, i) => (
            <span key={i} className="lesion-map__key" data-heat={i + 1} />
          ))}
          <Text size="xs" c="dimmed">
            More
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          The latest count at each site; left and right are the patient&apos;s.
        </Text>
      </Stack>
      <Table fz="xs" verticalSpacing={2} horizontalSpacing="xs" captionSide="top" withTableBorder>
        <caption>Latest lesion count by site</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Site</Table.Th>
            <Table.Th scope="col">Lesions</Table.Th>
            <Table.Th scope="col">Counted</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...rows]
            .sort((a, b) => b.count - a.count)
            .map((r) => (
              <Table.Tr key={`${r.site}|${r.side ?? ''}`}>
                <Table.Td>{siteLabel(r.site, r.side)}</Table.Td>
                <Table.Td>{r.count}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.date)}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

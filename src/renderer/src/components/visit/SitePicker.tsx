/**
 * Where the milia are: a box to type a site, the face map and the body map (one at a time,
 * by a switch), and a list of the sites off both maps. Each map is one Tab stop with the
 * arrow keys inside it.
 */
import { NativeSelect, Paper, SegmentedControl, Stack, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { isFaceSite, sites, type Side, type Site } from '@shared/vocabulary';
import { BodyMap } from './BodyMap';
import { bodyRegions } from './bodyMapShapes';
import { FaceMap } from './FaceMap';
import { SiteSearch } from './SiteSearch';
import { countsByPlace } from './sites';
import type { VisitValues } from './visitForm';

/**
 * Every site off the face map, the palate and gums aside (they have their own button beside
 * it): the body map's regions again, for whoever prefers a list, and "Other site", which no
 * map can show.
 */
const bodySiteOptions = [
  { value: '', label: 'Choose a site…' },
  ...sites.codes.filter((s) => !isFaceSite(s) && s !== 'oral_mucosa').map((s) => ({ value: s, label: sites.label(s) })),
];

const onBodyMap = (site: Site): boolean => bodyRegions.some((r) => r.site === site);

type MapView = 'face' | 'body';

interface SitePickerProps {
  onSelect: (site: Site, side: Side | undefined) => void;
  /** A body site, with its side when a map or the site box gave one. */
  onAddBodySite: (site: Site, side?: Side | undefined) => void;
}

export function SitePicker({ onSelect, onAddBodySite }: SitePickerProps) {
  const presentations = useWatch<VisitValues, 'presentations'>({ name: 'presentations' });
  const counts = useMemo(() => countsByPlace(presentations), [presentations]);
  const [view, setView] = useState<MapView>('face');

  /** A typed site goes where choosing it on its map would, and that map comes into view to show it. */
  const chooseTyped = (site: Site, side: Side | undefined) => {
    if (isFaceSite(site) || site === 'oral_mucosa') {
      setView('face');
      onSelect(site, side);
    } else {
      if (onBodyMap(site)) setView('body');
      onAddBodySite(site, side);
    }
  };

  return (
    <Paper component="section" withBorder p="md" aria-labelledby="visit-sites">
      <Stack gap="sm">
        <Title order={3} size="h4" id="visit-sites">
          Sites
        </Title>
        <SiteSearch onChoose={chooseTyped} />
        <SegmentedControl
          aria-label="Map"
          fullWidth
          size="xs"
          value={view}
          onChange={(value) => setView(value === 'body' ? 'body' : 'face')}
          data={[
            { value: 'face', label: 'Face' },
            { value: 'body', label: 'Body' },
          ]}
        />
        {view === 'face' ? <FaceMap counts={counts} onSelect={onSelect} /> : <BodyMap counts={counts} onSelect={onAddBodySite} />}
        <NativeSelect
          label="Add body site"
          data={bodySiteOptions}
          value=""
          onChange={(event) => {
            const site = sites.codes.find((code) => code === event.currentTarget.value);
            if (site) onAddBodySite(site);
          }}
        />
      </Stack>
    </Paper>
  );
}

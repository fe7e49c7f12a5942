/** Where the milia are: the face map, and a list for the sites it does not show. */
import { NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import { isFaceSite, sites, type Side, type Site } from '@shared/vocabulary';
import { FaceMap } from './FaceMap';
import { countsByPlace } from './sites';
import type { VisitValues } from './visitForm';

/** Every site off the map; the palate and gums have their own button beside it. */
const bodySiteOptions = [
  { value: '', label: 'Choose a site…' },
  ...sites.codes.filter((s) => !isFaceSite(s) && s !== 'oral_mucosa').map((s) => ({ value: s, label: sites.label(s) })),
];

interface SitePickerProps {
  onSelect: (site: Site, side: Side | undefined) => void;
  onAddBodySite: (site: Site) => void;
}

export function SitePicker({ onSelect, onAddBodySite }: SitePickerProps) {
  const presentations = useWatch<VisitValues, 'presentations'>({ name: 'presentations' });
  const counts = useMemo(() => countsByPlace(presentations), [presentations]);

  return (
    <Paper component="section" withBorder p="md" aria-labelledby="visit-sites">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id="visit-sites">
            Sites
          </Title>
          <Text size="sm" c="dimmed">
            Choose a region to record milia there.
          </Text>
        </div>
        <FaceMap counts={counts} onSelect={onSelect} />
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

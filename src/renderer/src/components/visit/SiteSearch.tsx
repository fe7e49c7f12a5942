/**
 * "Type a site": a box that finds a site and its side from words or chart abbreviations
 * ("lel", "left lower lid", "trunk"), best match first (siteWords.ts). Enter chooses the
 * highlighted match, as choosing it on a map would, and the box empties for the next one.
 */
import { Combobox, TextInput, useCombobox } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { searchSites } from '@shared/siteWords';
import type { Side, Site } from '@shared/vocabulary';

interface SiteSearchProps {
  onChoose: (site: Site, side: Side | undefined) => void;
}

const optionValue = (site: Site, side: Side | undefined) => `${site}:${side ?? ''}`;

/** The box's id: Enter in a presentation's count comes back here for the next site. */
export const siteSearchId = 'visit-site-search';

export function SiteSearch({ onChoose }: SiteSearchProps) {
  const [text, setText] = useState('');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const matches = useMemo(() => searchSites(text), [text]);

  // The best match is highlighted as the user types, so that Enter takes it.
  const { selectFirstOption } = combobox;
  useEffect(() => {
    if (matches.length > 0) selectFirstOption();
  }, [matches, selectFirstOption]);

  const choose = (value: string) => {
    const match = matches.find((m) => optionValue(m.site, m.side) === value);
    if (!match) return;
    setText('');
    combobox.closeDropdown();
    onChoose(match.site, match.side);
  };

  return (
    <Combobox store={combobox} onOptionSubmit={choose}>
      <Combobox.Target>
        <TextInput
          id={siteSearchId}
          label="Type a site"
          placeholder="lel, left lower lid, trunk…"
          value={text}
          autoComplete="off"
          onChange={(event) => {
            setText(event.currentTarget.value);
            combobox.openDropdown();
          }}
          onClick={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={text.trim() === ''}>
        <Combobox.Options>
          {matches.length === 0 ? (
            <Combobox.Empty>No site matches “{text.trim()}”</Combobox.Empty>
          ) : (
            matches.map((m) => (
              <Combobox.Option key={optionValue(m.site, m.side)} value={optionValue(m.site, m.side)}>
                {m.label}
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

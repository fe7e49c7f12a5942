/**
 * Finding a patient: one box that takes any part of the name (any order, accents optional),
 * an MRN or a date of birth, with results as you type and the keyboard in charge: arrows to
 * move, Enter to open the chart, Shift+Enter (or the "New visit" button beside the chosen
 * patient) to go straight to a new visit, Escape to start again. The search stays in the
 * address, so Back from a chart returns to the same results.
 */
import { Alert, Button, Checkbox, Group, Kbd, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { PatientSummary } from '@shared/types';
import { dateOrderForms } from '@shared/typedDates';
import { useApiQuery } from '../api';
import { optionId, PatientListbox } from '../components/PatientListbox';
import { countOf } from '../lib/describe';
import { PatientName } from '../components/PersonName';
import { failureMessage } from '../lib/messages';
import { useMay } from '../session/context';

const limit = 200;
const pageSize = 10;

export function PatientsScreen() {
  useDocumentTitle('Patients · Milia Notes');
  const navigate = useNavigate();
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [includeArchived, setIncludeArchived] = useState(params.get('archived') === '1');
  // A search answers in a few ms, so the only wait is this pause. The first key after a pause
  // searches at once (a name pasted, or the first letter, shows its patients with no wait); the
  // keys of a burst typed faster than ten a second after it are gathered into one search, one
  // list and one spoken count, 100 ms after the last (the list keeps the last results
  // meanwhile, so nothing blinks).
  const [debounced] = useDebouncedValue(query.trim(), 100, { leading: true });
  const search = useApiQuery('patients.search', { query: debounced, limit, includeArchived }, { enabled: debounced !== '', placeholderData: keepPreviousData });
  const results = debounced === '' ? [] : (search.data ?? []);
  // The active option, by patient so that a refreshed list keeps it. None until the arrows
  // are used: "type, ArrowDown, Enter" then always opens the first result.
  const [activeId, setActiveId] = useState<number | null>(null);
  const active = results.findIndex((p) => p.id === activeId);
  // Enter or Shift+Enter pressed before the results caught up with the typing: done once they have.
  const [whenSettled, setWhenSettled] = useState<'open' | 'visit' | null>(null);
  const settled = debounced === query.trim() && !search.isFetching && !search.isPlaceholderData;

  // Written when the search changes, never because the address did: opening a patient gives
  // `setParams` a new identity while this screen is still up (until the next one has loaded),
  // and writing then would put the query on that page's address.
  const keepInAddress = useEffectEvent((text: string, archived: boolean) => {
    const next = new URLSearchParams();
    if (text) next.set('q', text);
    if (archived) next.set('archived', '1');
    setParams(next, { replace: true });
  });
  useEffect(() => keepInAddress(debounced, includeArchived), [debounced, includeArchived]);

  // A date of birth typed with slashes is read in the practice's order (Settings → Typed dates): the hints say which.
  const settings = useApiQuery('settings.get', {});
  const slashed = settings.data ? dateOrderForms[settings.data.dateOrder] : null;

  const open = (patient: PatientSummary) => void navigate(`/patients/${patient.id}`);
  const may = useMay();
  // The clinic's usual next step, without the chart in between; an archived patient takes no visit.
  const canStartVisit = (patient: PatientSummary | undefined): patient is PatientSummary => !!patient && !patient.archived && may('visits.document');
  const startVisit = (patient: PatientSummary) => void navigate(`/patients/${patient.id}/visits/new`);
  /** The active option, or the only result when there is just one. */
  const chosen = (): PatientSummary | undefined => results[active] ?? (results.length === 1 ? results[0] : undefined);

  /** Opens the chosen patient's chart, or starts their visit. */
  const act = (step: 'open' | 'visit') => {
    const patient = chosen();
    if (step === 'visit') {
      if (canStartVisit(patient)) startVisit(patient);
    } else if (patient) open(patient);
  };
  /** Now, or once the results have caught up with the typing. */
  const actWhenSettled = (step: 'open' | 'visit') => (settled ? act(step) : setWhenSettled(step));

  useEffect(() => {
    if (!whenSettled || !settled) return;
    setWhenSettled(null);
    act(whenSettled);
  });

  /** The keys of the combobox pattern, for the search box and the list alike. */
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const move = (to: number) => {
      event.preventDefault();
      const patient = results[Math.max(0, Math.min(results.length - 1, to))];
      if (patient) setActiveId(patient.id);
    };
    if (event.key === 'ArrowDown') move(active + 1);
    else if (event.key === 'ArrowUp') move(active - 1);
    else if (event.key === 'PageDown') move(active + pageSize);
    else if (event.key === 'PageUp') move(active - pageSize);
    else if (event.key === 'Enter') {
      event.preventDefault();
      actWhenSettled(event.shiftKey ? 'visit' : 'open');
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      setQuery('');
      setActiveId(null);
      inputRef.current?.focus();
    }
  };

  const showList = results.length > 0;
  const activePatient = results[active];
  const chosenPatient = chosen();

  return (
    <Stack gap="sm" maw={1000}>
      <Group justify="space-between" align="center">
        <Title order={2}>Patients</Title>
        <Button onClick={() => void navigate('/patients/new')}>New patient</Button>
      </Group>
      <TextInput
        label="Search patients"
        description={`Any part of the name, in any order (accents optional), an MRN, or a date of birth written YYYY-MM-DD${slashed ? ` or ${slashed.written}` : ''}.`}
        placeholder="Name, MRN or date of birth"
        size="md"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        data-patient-search
        aria-keyshortcuts="/"
        value={query}
        ref={inputRef}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActiveId(null);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={showList ? listId : undefined}
        aria-activedescendant={activePatient ? optionId(listId, activePatient.id) : undefined}
        rightSection={search.isFetching ? <Loader size="xs" aria-hidden /> : null}
      />
      <Group justify="space-between" align="center" mih={24}>
        <Text size="sm" c="dimmed" role="status">
          {resultSummary(debounced, search.isPending, results.length)}
        </Text>
        <Group gap="sm">
          {settled && canStartVisit(chosenPatient) && (
            <Button size="xs" variant="light" onClick={() => startVisit(chosenPatient)} aria-keyshortcuts="Shift+Enter" title="New visit (Shift+Enter)">
              {/* One span: the button's label is a flex box, which would drop the space before the name. */}
              <span>
                New visit for <PatientName patient={chosenPatient} />
              </span>
            </Button>
          )}
          <Checkbox
            label="Include archived patients"
            size="xs"
            checked={includeArchived}
            onChange={(event) => setIncludeArchived(event.currentTarget.checked)}
          />
        </Group>
      </Group>
      {search.isError && (
        <Alert color="red" variant="light" role="alert" title="The search did not run">
          {failureMessage(search.error)}
        </Alert>
      )}
      {showList && (
        <PatientListbox
          id={listId}
          patients={results}
          activeIndex={active}
          onActiveIndexChange={(i) => setActiveId(results[i]?.id ?? null)}
          onOpen={open}
          onKeyDown={onKeyDown}
        />
      )}
      {debounced === '' && <SearchHint slashed={slashed?.example ?? null} />}
      {debounced !== '' && search.isSuccess && results.length === 0 && !search.isPlaceholderData && (
        <NoMatch query={debounced} onNew={() => void navigate('/patients/new')} />
      )}
    </Stack>
  );
}

function resultSummary(query: string, pending: boolean, count: number): string {
  if (query === '') return '';
  if (pending) return 'Searching…';
  if (count >= limit) return `Showing the first ${limit} matches: add to the search to narrow it down.`;
  if (count === 0) return 'No patient matches.';
  return `${countOf(count, 'patient')} found. Arrow keys to move, Enter to open the chart, Shift+Enter for a new visit.`;
}

function SearchHint({ slashed }: { slashed: string | null }) {
  return (
    <Paper withBorder p="md" bg="var(--mantine-color-gray-0)">
      <Stack gap={6}>
        <Text fw={600}>Start typing to find a patient</Text>
        <Text size="sm">
          Names match from the start of any word, in any order: <Kbd>ngu zo</Kbd> finds Zoë Nguyễn. An MRN finds its patient first; a date of birth like{' '}
          <Kbd>1987-03-14</Kbd>
          {slashed && (
            <>
              {' '}
              or <Kbd>{slashed}</Kbd>
            </>
          )}{' '}
          lists everyone born that day.
        </Text>
        <Text size="sm" c="dimmed">
          <Kbd>↓</Kbd> <Kbd>↑</Kbd> move through the results, <Kbd>Enter</Kbd> opens the chart, <Kbd>Esc</Kbd> clears the search.
        </Text>
      </Stack>
    </Paper>
  );
}

function NoMatch({ query, onNew }: { query: string; onNew(): void }) {
  return (
    <Paper withBorder p="md">
      <Stack gap="xs" align="flex-start">
        <Text fw={600}>
          No patient matches “<bdi>{query}</bdi>”
        </Text>
        <Text size="sm" c="dimmed">
          Check the spelling, use fewer letters, or search by MRN or date of birth. Archived patients are only found with “Include archived patients”.
        </Text>
        <Button variant="light" size="sm" onClick={onNew}>
          Register a patient
        </Button>
      </Stack>
    </Paper>
  );
}

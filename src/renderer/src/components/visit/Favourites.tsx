/**
 * The clinician's favourites: a menu that fills the visit with a named set of presentations
 * and treatments in one action, "Save as favourite" from what the form holds, and deleting
 * those no longer used. A favourite carries no count, consent or performer: counts are left to
 * count, consent follows the visit's procedure default, and the visit's clinician performs.
 */
import { Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useFormContext } from 'react-hook-form';
import { detailsByKind } from '@shared/clinical';
import type { ApiInput } from '@shared/api';
import type { Favourite, FavouritePresentation, FavouriteTreatment } from '@shared/favourites';
import { isPairedSite, isProcedure, type Side, type Site } from '@shared/vocabulary';
import { call, useApiQuery, type ApiFailure } from '../../api';
import { failureMessage } from '../../lib/messages';
import { newPresentation, newTreatment, type DetailValues, type PresentationValues, type TreatmentValues, type VisitValues } from './visitForm';
import './visitExtras.css';

type Details = FavouriteTreatment['details'];

/** A paired site keeps its side; a midline site is kept without one. */
const sideOf = (site: Site, side: Side | ''): Side | undefined => (isPairedSite(site) && side !== '' ? side : undefined);

/** A detail as the form holds it (text) from the favourite's value. */
const detailText = (value: Details[string]): string => (value === true ? 'yes' : value === false ? 'no' : String(value));

/** The form's detail text as the favourite keeps it: a number where the kind's field takes one, true/false for yes/no. */
function detailValue(kind: FavouriteTreatment['kind'], key: string, text: string): Details[string] {
  const field = (detailsByKind[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[key];
  if (text === 'yes' || text === 'no') return text === 'yes';
  return field?.safeParse(text).success === false && field.safeParse(Number(text)).success ? Number(text) : text;
}

/** What of the form makes a favourite: the presentations and the treatments whose kind and site are chosen. */
export function favouriteOf(values: VisitValues): { presentations: FavouritePresentation[]; treatments: FavouriteTreatment[] } {
  return {
    presentations: values.presentations.map((p) => ({
      type: p.type,
      site: p.site,
      side: sideOf(p.site, p.side),
      sizeMm: p.sizeMm.trim() === '' ? undefined : Number(p.sizeMm),
      distribution: p.distribution === '' ? undefined : p.distribution,
      triggers: p.type === 'secondary' ? p.triggers : [],
    })),
    treatments: values.treatments.flatMap((t) => {
      if (t.kind === '' || t.site === '') return [];
      const kind = t.kind;
      const keys = Object.keys(detailsByKind[kind].shape) as Array<keyof DetailValues>;
      const details = Object.fromEntries(keys.filter((k) => t.details[k].trim() !== '').map((k) => [k, detailValue(kind, k, t.details[k])]));
      const anesthesia = isProcedure(kind) && t.anesthesia !== '' ? t.anesthesia : undefined;
      return [{ kind, site: t.site, side: sideOf(t.site, t.side), anesthesia, details }];
    }),
  };
}

/** A favourite as new cards: counts blank, consent as the visit's default says, performed by the visit's clinician. */
function cardsOf(f: Favourite, visit: VisitValues): { presentations: PresentationValues[]; treatments: TreatmentValues[] } {
  return {
    presentations: f.presentations.map((p) => ({
      ...newPresentation(p.site, p.side ?? ''),
      type: p.type,
      sizeMm: p.sizeMm === undefined ? '' : String(p.sizeMm),
      distribution: p.distribution ?? '',
      triggers: p.triggers,
    })),
    treatments: f.treatments.map((t) => {
      const procedure = isProcedure(t.kind);
      const blank = newTreatment({}).details;
      const details = { ...blank, ...Object.fromEntries(Object.entries(t.details).map(([k, v]) => [k, detailText(v)])) } as DetailValues;
      return newTreatment({
        kind: t.kind,
        site: t.site,
        side: t.side ?? '',
        lesionsTreated: procedure ? '' : '0',
        anesthesia: procedure ? (t.anesthesia ?? visit.defaultAnesthesia) : '',
        consent: procedure && visit.defaultConsent,
        performedBy: visit.clinicianId,
        details,
      });
    }),
  };
}

interface FavouritesProps {
  onApply(presentations: PresentationValues[], treatments: TreatmentValues[]): void;
}

export function Favourites({ onApply }: FavouritesProps) {
  const { getValues } = useFormContext<VisitValues>();
  const list = useApiQuery('favourites.list', {});
  // Each answers with the user's new list, put in place of the old: nothing else needs reloading.
  const queryClient = useQueryClient();
  const onSuccess = (value: Favourite[]) => queryClient.setQueryData(['favourites.list', {}], value);
  const save = useMutation<Favourite[], ApiFailure, ApiInput<'favourites.save'>>({ mutationFn: (input) => call('favourites.save', input), onSuccess });
  const remove = useMutation<Favourite[], ApiFailure, ApiInput<'favourites.delete'>>({ mutationFn: (input) => call('favourites.delete', input), onSuccess });
  const [saving, saveDialog] = useDisclosure(false);
  const [managing, manageDialog] = useDisclosure(false);
  const [name, setName] = useState('');
  const favourites = list.data ?? [];
  const nothingToSave = () => {
    const f = favouriteOf(getValues());
    return f.presentations.length + f.treatments.length === 0;
  };
  const [empty, setEmpty] = useState(false);

  const apply = (f: Favourite) => {
    const cards = cardsOf(f, getValues());
    onApply(cards.presentations, cards.treatments);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name, ...favouriteOf(getValues()) }, { onSuccess: () => saveDialog.close() });
  };
  const openSave = () => {
    save.reset();
    setName('');
    saveDialog.open();
  };

  return (
    <>
      <Menu position="bottom-start" withInitialFocusPlaceholder={false} onOpen={() => setEmpty(nothingToSave())}>
        <Menu.Target>
          <Button variant="default">Favourites</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {list.isError && <Menu.Label>{failureMessage(list.error)}</Menu.Label>}
          {favourites.length === 0 && !list.isError && <Menu.Label>No favourites yet</Menu.Label>}
          {favourites.map((f) => (
            <Menu.Item key={f.id} onClick={() => apply(f)}>
              {f.name}
            </Menu.Item>
          ))}
          {/* No Menu.Divider, nor the focus placeholder (withInitialFocusPlaceholder): role=presentation is not allowed inside role=menu (axe). */}
          <Menu.Item onClick={openSave} disabled={empty} className="favourites-save">
            Save as favourite…
          </Menu.Item>
          {favourites.length > 0 && <Menu.Item onClick={manageDialog.open}>Delete favourites…</Menu.Item>}
        </Menu.Dropdown>
      </Menu>

      <Modal opened={saving} onClose={saveDialog.close} title="Save as favourite" closeButtonProps={{ 'aria-label': 'Close' }} centered>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">The presentations and treatments on this visit, without counts, consent or who performed them.</Text>
            <TextInput
              label="Name"
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              placeholder="Periorbital milia, extraction"
            />
            {save.isError && (
              <Alert color="red" variant="light" role="alert">
                {failureMessage(save.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={saveDialog.close}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save favourite
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={managing} onClose={manageDialog.close} title="Delete favourites" closeButtonProps={{ 'aria-label': 'Close' }} centered>
        <Stack gap="xs">
          {favourites.length === 0 && <Text size="sm">No favourites left.</Text>}
          {favourites.map((f) => (
            <Group key={f.id} justify="space-between" wrap="nowrap">
              <Text size="sm">{f.name}</Text>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                loading={remove.isPending && remove.variables.id === f.id}
                onClick={() => remove.mutate({ id: f.id })}
                aria-label={`Delete ${f.name}`}
              >
                Delete
              </Button>
            </Group>
          ))}
          {remove.isError && (
            <Alert color="red" variant="light" role="alert">
              {failureMessage(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={manageDialog.close}>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/**
 * One treatment. A procedure records the anaesthesia and needs the patient's consent ticked;
 * observation and drugs treat no lesion by hand, so their count is fixed at 0.
 */
import { Button, Checkbox, Fieldset, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { bounds } from '@shared/bounds';
import type { Clinician } from '@shared/types';
import { anesthesias, isPairedSite, isProcedure, sites, treatmentKinds } from '@shared/vocabulary';
import { fieldError } from '../../lib/messages';
import { optionsOf } from '../../lib/selects';
import { clinicianOptions } from './clinicians';
import { sideOptions } from './sites';
import { Disclosure } from './Disclosure';
import { hasRequiredDetails, TreatmentDetailsFields } from './TreatmentDetailsFields';
import type { VisitValues } from './visitForm';

const kindOptions = optionsOf(treatmentKinds, 'Choose…');
const siteOptions = optionsOf(sites, 'Choose…');
const anesthesiaOptions = optionsOf(anesthesias, 'Choose…');
const chooseSide = [{ value: '', label: 'Choose…' }, ...sideOptions];

interface TreatmentCardProps {
  index: number;
  clinicians: readonly Clinician[];
  onRemove: () => void;
}

export function TreatmentCard({ index, clinicians, onRemove }: TreatmentCardProps) {
  const {
    register,
    getValues,
    setValue,
    formState: { errors },
  } = useFormContext<VisitValues>();
  const path = `treatments.${index}` as const;
  const [kind, site, details, notes] = useWatch<VisitValues, [`${typeof path}.kind`, `${typeof path}.site`, `${typeof path}.details`, `${typeof path}.notes`]>({
    name: [`${path}.kind`, `${path}.site`, `${path}.details`, `${path}.notes`],
  });
  const [performerOptions] = useState(() => clinicianOptions(clinicians, [getValues(`${path}.performedBy`)]));
  const e = errors.treatments?.[index];
  const procedure = kind !== '' && isProcedure(kind);
  const title = `Treatment ${index + 1}`;
  // The details are optional but for a few a kind requires (a peel's agent, a retinoid's product): those stay in view.
  const moreAuto =
    (kind !== '' && hasRequiredDetails(kind)) ||
    Object.values(details).some((v) => v !== '') ||
    notes !== '' ||
    e?.details !== undefined ||
    e?.notes !== undefined;

  /** Observation and drugs treat 0 lesions; a procedure's count is asked afresh. */
  const onKindChange = (next: string) => {
    const lesions = `${path}.lesionsTreated` as const;
    const nextKind = treatmentKinds.codes.find((k) => k === next);
    if (nextKind && !isProcedure(nextKind)) setValue(lesions, '0');
    else if (getValues(lesions) === '0') setValue(lesions, '');
  };

  return (
    <Fieldset legend={title} className="visit-card">
      <Stack gap="xs">
        <div className="visit-fields">
          <NativeSelect
            label="Kind"
            required
            data={kindOptions}
            {...register(`${path}.kind`, { onChange: (event: { target: HTMLSelectElement }) => onKindChange(event.target.value) })}
            // The schema's union words a missing kind as its list of codes; a blank choice is simply missing.
            error={kind === '' && e?.kind ? 'Kind is required' : fieldError(e?.kind, 'Kind')}
          />
          <NativeSelect label="Site" required data={siteOptions} {...register(`${path}.site`)} error={fieldError(e?.site, 'Site')} />
          {site !== '' && isPairedSite(site) && (
            <NativeSelect label="Side" required data={chooseSide} {...register(`${path}.side`)} error={fieldError(e?.side, 'Side')} />
          )}
          <TextInput
            label="Lesions treated"
            type="number"
            required={procedure}
            disabled={kind !== '' && !procedure}
            {...bounds.lesionsTreated}
            step={1}
            inputMode="numeric"
            {...register(`${path}.lesionsTreated`)}
            error={fieldError(e?.lesionsTreated, 'Lesions treated')}
          />
          {procedure && (
            <NativeSelect
              label="Anaesthesia"
              required
              data={anesthesiaOptions}
              {...register(`${path}.anesthesia`)}
              error={fieldError(e?.anesthesia, 'Anaesthesia')}
            />
          )}
          {/* Right after the anaesthesia: the two questions of a procedure, one Tab apart. */}
          {procedure && (
            <Checkbox
              className="visit-fields__action"
              label="Consent obtained"
              required
              {...register(`${path}.consent`)}
              // Mantine ties the message to the box but does not mark the box itself invalid.
              aria-invalid={e?.consent ? true : undefined}
              error={fieldError(e?.consent, 'Consent')}
            />
          )}
          <NativeSelect
            label="Performed by"
            required
            data={performerOptions}
            {...register(`${path}.performedBy`)}
            error={fieldError(e?.performedBy, 'Performed by')}
          />
        </div>
        <Disclosure label="More: details and notes" auto={moreAuto}>
          <Stack gap="xs">
            {kind !== '' && <TreatmentDetailsFields kind={kind} index={index} />}
            <Textarea label="Notes" autosize minRows={1} {...register(`${path}.notes`)} error={fieldError(e?.notes, 'Notes')} />
          </Stack>
        </Disclosure>
      </Stack>
      {/* Last in the Tab order, but shown in the card's top corner, where it takes no row of its own. */}
      <Button className="visit-card__remove" variant="subtle" color="red" size="compact-sm" onClick={onRemove} aria-label={`Remove ${title.toLowerCase()}`}>
        Remove
      </Button>
    </Fieldset>
  );
}

/**
 * One presentation: milia of one type at one site (and side). A red flag asks for a
 * dermatologist's decision (a nurse records the flag and sees the decision, but cannot make
 * it); triggers only apply to secondary milia. The quick "Treat by …" button adds the
 * common treatment for exactly this site. Red flags and differentials, and the optional
 * size, distribution and notes, sit behind disclosures that open by themselves when filled.
 */
import { Alert, Button, Fieldset, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useFormContext, useWatch } from 'react-hook-form';
import { bounds } from '@shared/bounds';
import { decisionReason, destructiveKinds } from '@shared/decisions';
import {
  differentials,
  distributions,
  isFaceSite,
  isPairedSite,
  miliaTypes,
  redFlags,
  reviewDecisions,
  siteLabel,
  treatmentKinds,
  triggers,
  type ReviewDecision,
} from '@shared/vocabulary';
import { fieldError } from '../../lib/messages';
import { optionsOf } from '../../lib/selects';
import { useMay } from '../../session/context';
import { CodeChecks } from './CodeChecks';
import { Disclosure } from './Disclosure';
import { sideOptions } from './sites';
import type { VisitValues } from './visitForm';

const typeOptions = optionsOf(miliaTypes);
const distributionOptions = optionsOf(distributions, 'Not recorded');
const decisionOptions = optionsOf(reviewDecisions, 'Not decided yet');
const chooseSide = [{ value: '', label: 'Choose…' }, ...sideOptions];
/** "de-roofing and expression, curettage, … or chemical peel": the kinds the services refuse until the decision. */
const destroyingKinds = new Intl.ListFormat('en-GB', { type: 'disjunction' }).format(destructiveKinds.map((k) => treatmentKinds.label(k).toLowerCase()));

interface PresentationCardProps {
  index: number;
  onRemove: () => void;
  onTreat: () => void;
}

export function PresentationCard({ index, onRemove, onTreat }: PresentationCardProps) {
  const {
    register,
    formState: { errors },
  } = useFormContext<VisitValues>();
  const path = `presentations.${index}` as const;
  const [site, side, type, flags, differentialCodes, decision, decisionNote, sizeMm, distribution, notes] = useWatch<
    VisitValues,
    [
      `${typeof path}.site`,
      `${typeof path}.side`,
      `${typeof path}.type`,
      `${typeof path}.redFlags`,
      `${typeof path}.differentials`,
      `${typeof path}.decision`,
      `${typeof path}.decisionNote`,
      `${typeof path}.sizeMm`,
      `${typeof path}.distribution`,
      `${typeof path}.notes`,
    ]
  >({
    name: [
      `${path}.site`,
      `${path}.side`,
      `${path}.type`,
      `${path}.redFlags`,
      `${path}.differentials`,
      `${path}.decision`,
      `${path}.decisionNote`,
      `${path}.sizeMm`,
      `${path}.distribution`,
      `${path}.notes`,
    ],
  });
  const reason = decisionReason({ type, redFlags: flags, differentials: differentialCodes });
  // Only a dermatologist decides a red flag; others see the decision (or its absence) as text.
  const canDecide = useMay()('visits.sign');
  const e = errors.presentations?.[index];
  const place = siteLabel(site, side);
  // Face regions fix the side; a paired body site has it chosen here, with no default.
  const asksSide = isPairedSite(site) && !isFaceSite(site);

  // Behind a disclosure, so that a card is a handful of Tab stops; open whenever there is something to see.
  const checksSummary = [...flags.map((f) => redFlags.label(f)), ...differentialCodes.map((d) => differentials.label(d))].join(', ') || 'none ticked';
  const checksAuto = flags.length > 0 || differentialCodes.length > 0 || reason !== null || e?.redFlags !== undefined || e?.differentials !== undefined;
  const moreAuto = sizeMm !== '' || distribution !== '' || notes !== '' || e?.sizeMm !== undefined || e?.distribution !== undefined || e?.notes !== undefined;

  return (
    <Fieldset legend={place} className="visit-card" data-site={site}>
      <Stack gap="xs">
        <div className="visit-fields visit-fields--row">
          {asksSide && <NativeSelect label="Side" required data={chooseSide} {...register(`${path}.side`)} error={fieldError(e?.side, 'Side')} />}
          <NativeSelect label="Type" data={typeOptions} {...register(`${path}.type`)} error={fieldError(e?.type, 'Type')} />
          <TextInput
            label="Count"
            type="number"
            required
            {...bounds.count}
            step={1}
            inputMode="numeric"
            {...register(`${path}.count`)}
            error={fieldError(e?.count, 'Count')}
          />
          {/* Right after the count, where the common next step is one Tab away. */}
          <Button className="visit-fields__action" variant="outline" onClick={onTreat}>
            Treat by {treatmentKinds.label('extraction')}
          </Button>
        </div>
        <Disclosure label="Red flags and differentials" summary={checksSummary} auto={checksAuto}>
          <Stack gap="xs">
            <CodeChecks name={`${path}.redFlags`} label="Red flags" table={redFlags} />
            <CodeChecks name={`${path}.differentials`} label="Differential diagnoses" table={differentials} />
          </Stack>
        </Disclosure>
        {reason !== null &&
          (canDecide ? (
            <>
              {decision === '' && (
                <Alert color="red" variant="light" title="This visit needs a decision">
                  This presentation {reason}. Record a biopsy, a referral, or the reason to proceed; until then no {destroyingKinds} can be recorded on this
                  visit, and it is listed on the Review list.
                </Alert>
              )}
              <div className="visit-decision">
                <NativeSelect label="Decision" data={decisionOptions} {...register(`${path}.decision`)} error={fieldError(e?.decision, 'Decision')} />
                <Textarea
                  label="Decision note"
                  required={decision === 'proceed'}
                  autosize
                  minRows={1}
                  {...register(`${path}.decisionNote`)}
                  error={fieldError(e?.decisionNote, 'Decision note')}
                />
              </div>
            </>
          ) : (
            <DecisionByDermatologist decision={decision} note={decisionNote} />
          ))}
        {type === 'secondary' && <CodeChecks name={`${path}.triggers`} label="Triggers" table={triggers} />}
        <Disclosure label="More: size, distribution, notes" auto={moreAuto}>
          <div className="visit-fields">
            <TextInput
              label="Size (mm)"
              type="number"
              {...bounds.sizeMm}
              step={0.1}
              inputMode="decimal"
              {...register(`${path}.sizeMm`)}
              error={fieldError(e?.sizeMm, 'Size')}
            />
            <NativeSelect
              label="Distribution"
              data={distributionOptions}
              {...register(`${path}.distribution`)}
              error={fieldError(e?.distribution, 'Distribution')}
            />
            <Textarea className="visit-fields__wide" label="Notes" autosize minRows={1} {...register(`${path}.notes`)} error={fieldError(e?.notes, 'Notes')} />
          </div>
        </Disclosure>
      </Stack>
      {/* Last in the Tab order, but shown in the card's top corner, where it takes no row of its own. */}
      <Button className="visit-card__remove" variant="subtle" color="red" size="compact-sm" onClick={onRemove} aria-label={`Remove ${place}`}>
        Remove
      </Button>
    </Fieldset>
  );
}

/** A red flag's decision as a nurse sees it: made by a dermatologist, or still waiting for one. */
function DecisionByDermatologist({ decision, note }: { decision: ReviewDecision | ''; note: string }) {
  if (decision === '') {
    return (
      <Alert color="red" variant="light" title="Waiting for a dermatologist's decision">
        A red flag is ticked. A dermatologist records a biopsy, a referral or the reason to proceed; until then the visit is listed as waiting for review.
      </Alert>
    );
  }
  return (
    <Text size="sm">
      <Text span fw={600} inherit>
        Decision:
      </Text>{' '}
      {reviewDecisions.label(decision)}
      {note && ` · ${note}`}{' '}
      <Text span c="dimmed" inherit>
        (decided by a dermatologist)
      </Text>
    </Text>
  );
}

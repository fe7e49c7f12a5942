/**
 * The visit editor: who and when at the top, the face map and body sites on the left, the
 * presentations, treatments and follow-up on the right, and one "Save visit" that sends it
 * all in a single call. Built for the common visit: a region on the map, its count, one
 * click to treat it, the consent tick, save.
 */
import { Alert, Button, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { FormProvider, useFieldArray, useForm, type FieldErrors } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import type { VisitData } from '@shared/schemas';
import type { Clinician, Patient, Visit } from '@shared/types';
import { isPairedSite, type Side, type Site } from '@shared/vocabulary';
import { useApiMutation } from '../../api';
import { formatDate, todayIso } from '../../lib/dates';
import { patientName } from '../../lib/describe';
import { showFailure } from '../../lib/forms';
import { notifySaved } from '../../lib/notify';
import { useActor, useMay } from '../../session/context';
import { SignatureLine, VisitStatusBadge } from '../chart/VisitStatus';
import { PatientBanner } from '../PatientBanner';
import { defaultClinician, rememberClinician } from './clinicians';
import { FollowUpSection } from './FollowUpSection';
import { LeaveGuard } from './LeaveGuard';
import { PresentationCard } from './PresentationCard';
import { SignPanel } from './SignPanel';
import { SitePicker } from './SitePicker';
import { TreatmentCard } from './TreatmentCard';
import { VisitDetails } from './VisitDetails';
import { newPresentation, newTreatment, newVisit, visitResolver, visitValues, type VisitValues } from './visitForm';
import './visitEditor.css';

interface VisitEditorProps {
  patient: Patient;
  clinicians: Clinician[];
  /** The visit to edit; a new visit when absent. */
  visit?: Visit | undefined;
}

const modKey = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/**
 * Enter in a field would submit the form; on a long clinical form that is a slip, not an
 * intention. Saving is the button or Ctrl+S.
 */
function keepEnterFromSaving(event: KeyboardEvent<HTMLFormElement>) {
  if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
}

/** How many fields an error tree holds, for the banner. */
function countErrors(errors: object): number {
  return Object.entries(errors).reduce((n, [key, value]) => {
    if (key === 'ref' || value === null || typeof value !== 'object') return n;
    return n + ('message' in value && typeof value.message === 'string' ? 1 : countErrors(value));
  }, 0);
}

export function VisitEditor({ patient, clinicians, visit }: VisitEditorProps) {
  const navigate = useNavigate();
  const actor = useActor();
  const can = useMay();
  const save = useApiMutation('visits.save');
  // Why the last save failed; `server` when the service refused it (the fields then may be far from view).
  const [failure, setFailure] = useState<{ message: string; server: boolean } | null>(null);
  const banner = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure?.server) banner.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [failure]);
  // Set once the visit is saved, so that going to the chart is not taken for leaving unsaved work.
  const saved = useRef(false);
  const [defaultValues] = useState(() => (visit ? visitValues(visit) : newVisit(patient.id, todayIso(), defaultClinician(clinicians, actor))));
  // Checked on the first save, then as the user corrects: a card just added is not yet wrong.
  const form = useForm<VisitValues, unknown, VisitData>({ resolver: visitResolver, defaultValues, mode: 'onSubmit', reValidateMode: 'onChange' });
  const { control, getValues, setFocus, handleSubmit, formState } = form;
  const presentations = useFieldArray({ control, name: 'presentations' });
  const treatments = useFieldArray({ control, name: 'treatments' });
  const chart = `/patients/${patient.id}`;

  const onValid = async (data: VisitData) => {
    setFailure(null);
    try {
      const result = await save.mutateAsync(data);
      rememberClinician(result.clinicianId);
      saved.current = true;
      // The name is isolated so that a right-to-left name does not reorder the date.
      notifySaved(
        <>
          <bdi>{patientName(patient)}</bdi>, {formatDate(result.date)}
        </>,
        'Visit saved',
      );
      void navigate(chart);
    } catch (error) {
      setFailure({ message: showFailure(error, form.setError), server: true });
    }
  };
  const onInvalid = (errors: FieldErrors<VisitValues>) => {
    const n = countErrors(errors);
    // The first field at fault takes the focus; the banner says how many there are.
    setFailure({ message: `Check the visit: ${n === 1 ? 'one field needs' : `${n} fields need`} attention.`, server: false });
  };
  const submit = handleSubmit(onValid, onInvalid);
  // Ctrl+S / Cmd+S saves from anywhere, inputs included.
  useHotkeys(
    [
      [
        'mod+S',
        () => {
          if (!formState.isSubmitting) void submit();
        },
      ],
    ],
    [],
  );

  /** A face region: the card already there for it, else a new one, with the cursor in its count. */
  const selectSite = (site: Site, side: Side | undefined) => {
    const list = getValues('presentations');
    const existing = list.findIndex((p) => p.site === site && (!isPairedSite(site) || p.side === side || p.side === 'bilateral'));
    if (existing >= 0) setFocus(`presentations.${existing}.count`, { shouldSelect: true });
    else presentations.append(newPresentation(site, side ?? ''), { focusName: `presentations.${list.length}.count` });
  };

  /** A body site always gets a new card: the trunk or a limb can hold several. */
  const addBodySite = (site: Site) => {
    const index = getValues('presentations').length;
    presentations.append(newPresentation(site, ''), { focusName: `presentations.${index}.${isPairedSite(site) ? 'side' : 'count'}` });
  };

  /**
   * De-roofing for one presentation, ready but for the consent, which is left to the
   * clinician. A second press finds the one already added rather than doubling it.
   */
  const treatPresentation = (index: number) => {
    const p = getValues(`presentations.${index}`);
    const existing = getValues('treatments').findIndex((t) => t.kind === 'extraction' && t.site === p.site && t.side === p.side);
    if (existing >= 0) {
      setFocus(`treatments.${existing}.consent`);
      return;
    }
    treatments.append(
      newTreatment({ kind: 'extraction', site: p.site, side: p.side, lesionsTreated: p.count, anesthesia: 'none', performedBy: getValues('clinicianId') }),
      { focusName: `treatments.${getValues('treatments').length}.consent` },
    );
  };

  /** A blank treatment, at the site of the latest presentation, by the visit's clinician. */
  const addTreatment = () => {
    const last = getValues('presentations').at(-1);
    treatments.append(newTreatment({ site: last?.site ?? '', side: last?.side ?? '', performedBy: getValues('clinicianId') }), {
      focusName: `treatments.${getValues('treatments').length}.kind`,
    });
  };

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(event) => void submit(event)} onKeyDown={keepEnterFromSaving} aria-labelledby="visit-title">
        <Stack gap="md">
          <PatientBanner patient={patient} />
          <Group gap="sm" align="baseline">
            <Title order={2} id="visit-title">
              {visit ? `Visit of ${formatDate(visit.date)}` : 'New visit'}
            </Title>
            {visit && <VisitStatusBadge visit={visit} />}
          </Group>
          {visit && <SignatureLine visit={visit} />}
          {visit && can('visits.sign') && <SignPanel visit={visit} dirty={formState.isDirty} />}
          {patient.archived && (
            <Alert color="gray" variant="light" title="Archived patient">
              A visit cannot be saved for an archived patient. Restore the patient from the chart first.
            </Alert>
          )}
          {failure && (
            <Alert ref={banner} color="red" variant="light" role="alert" title="The visit was not saved">
              {failure.message}
            </Alert>
          )}
          <VisitDetails clinicians={clinicians} patient={patient} />
          <div className="visit-layout">
            <div className="visit-layout__map">
              <SitePicker onSelect={selectSite} onAddBodySite={addBodySite} />
            </div>
            <Stack gap="lg">
              <section aria-labelledby="visit-presentations">
                <Title order={3} size="h4" id="visit-presentations" mb="xs">
                  Presentations
                </Title>
                {presentations.fields.length === 0 ? (
                  <Text c="dimmed" size="sm">
                    None yet. Choose a region on the face map, or add a body site.
                  </Text>
                ) : (
                  <Stack gap="md">
                    {presentations.fields.map((field, index) => (
                      <PresentationCard key={field.id} index={index} onRemove={() => presentations.remove(index)} onTreat={() => treatPresentation(index)} />
                    ))}
                  </Stack>
                )}
              </section>
              <section aria-labelledby="visit-treatments">
                <Title order={3} size="h4" id="visit-treatments" mb="xs">
                  Treatments
                </Title>
                <Stack gap="md">
                  {treatments.fields.map((field, index) => (
                    <TreatmentCard key={field.id} index={index} clinicians={clinicians} onRemove={() => treatments.remove(index)} />
                  ))}
                  <Group>
                    <Button variant="default" onClick={addTreatment}>
                      Add treatment
                    </Button>
                  </Group>
                </Stack>
              </section>
              <FollowUpSection />
            </Stack>
          </div>
          <Group className="visit-actions" justify="space-between">
            <Text size="sm" c="dimmed">
              <Kbd size="xs">{modKey}</Kbd> + <Kbd size="xs">S</Kbd> saves
            </Text>
            <Group gap="sm">
              <Button variant="default" component={Link} to={chart}>
                Cancel
              </Button>
              <Button type="submit" loading={formState.isSubmitting}>
                Save visit
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      <LeaveGuard dirty={formState.isDirty} saved={saved} />
    </FormProvider>
  );
}

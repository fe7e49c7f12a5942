/**
 * The visit editor: who and when at the top, the face map and body sites on the left, the
 * presentations, treatments and follow-up on the right, and one "Save visit" that sends it
 * all in a single call. Built for the common visit: a region on the map, its count, one
 * click to treat it, the consent tick, save.
 */
import { Alert, Anchor, Button, Group, Kbd, List, Menu, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { FormProvider, useFieldArray, useForm, type FieldErrors, type Path } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import type { VisitData } from '@shared/schemas';
import type { Clinician, Patient, Visit } from '@shared/types';
import { isPairedSite, isProcedure, treatmentKinds, type Side, type Site, type TreatmentKind } from '@shared/vocabulary';
import { ApiFailure, call, useApiMutation } from '../../api';
import { formatDate, todayIso } from '../../lib/dates';
import { PatientName } from '../PersonName';
import { failureIssues, keepWheelFromNumbers, showFailure } from '../../lib/forms';
import { faultSentence } from '../../lib/messages';
import { notifySaved } from '../../lib/notify';
import { useActor, useMay } from '../../session/context';
import { SignatureLine, VisitStatusBadge } from '../chart/VisitStatus';
import { PatientBanner } from '../PatientBanner';
import { defaultClinician, rememberClinician } from './clinicians';
import { Favourites } from './Favourites';
import { FollowUpSection } from './FollowUpSection';
import { LeaveGuard } from './LeaveGuard';
import { LocalDraftOffer } from './LocalDraftOffer';
import { PresentationCard } from './PresentationCard';
import { ProcedureDefaults } from './ProcedureDefaults';
import { SameDayWarning } from './SameDayWarning';
import { SignPanel } from './SignPanel';
import { StaleSave, type StaleConflict } from './StaleSave';
import { siteSearchId } from './SiteSearch';
import { SitePicker } from './SitePicker';
import { StartFromLastVisit } from './StartFromLastVisit';
import { TreatmentCard } from './TreatmentCard';
import { VisitDetails } from './VisitDetails';
import { useLocalDraft } from './useLocalDraft';
import { fieldPlace, newPresentation, newTreatment, newVisit, visitResolver, visitValues, type VisitValues } from './visitForm';
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
  if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return;
  event.preventDefault();
  // A count typed, the next site: back to the site box, as a dictating clinician goes on.
  if (/^presentations\.\d+\.count$/.test(event.target.name)) document.getElementById(siteSearchId)?.focus();
}

/** Each field of an error tree, as a path and its message, for the banner. */
function faultsOf(errors: object, prefix = ''): Array<{ path: string; message: string }> {
  return Object.entries(errors).flatMap(([key, value]: [string, unknown]) => {
    if (key === 'ref' || value === null || typeof value !== 'object') return [];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return 'message' in value && typeof value.message === 'string' ? [{ path, message: value.message }] : faultsOf(value, path);
  });
}

/** A fault as the banner lists it: a sentence in the screen's words, and the field it links to. */
interface Fault {
  text: string;
  name: Path<VisitValues> | null;
}

/** Treatment kinds for "Treat all sites by …": the common one first. */
const treatAllKinds: readonly TreatmentKind[] = ['extraction', ...treatmentKinds.codes.filter((k) => k !== 'extraction')];

export function VisitEditor({ patient, clinicians, visit }: VisitEditorProps) {
  const navigate = useNavigate();
  const actor = useActor();
  const can = useMay();
  const save = useApiMutation('visits.save');
  // Why the last save failed, and each field at fault; `server` when the service refused it (the fields then may be far from view).
  const [failure, setFailure] = useState<{ message: string; faults: Fault[]; server: boolean } | null>(null);
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
  // Kept in this browser profile as it is typed; offered back after a reload or a crash.
  const draft = useLocalDraft(form, patient, visit?.id);
  /**
   * Cards from the last visit or a favourite, after those there; the first new count takes the
   * focus, unless a menu chose them (it gives the focus back to its button as it closes).
   */
  const appendCards = (added: VisitValues['presentations'], addedTreatments: VisitValues['treatments'] = [], focus = true) => {
    const start = getValues('presentations').length;
    if (added.length > 0) presentations.append(added, focus ? { focusName: `presentations.${start}.count` } : { shouldFocus: false });
    if (addedTreatments.length > 0) treatments.append(addedTreatments, { shouldFocus: false });
  };

  // Someone else's save after this editor opened the visit, and whether a choice about it is under way.
  const [stale, setStale] = useState<StaleConflict | null>(null);
  const [choosing, setChoosing] = useState(false);
  const queryClient = useQueryClient();
  /** The visit as it is saved now, shown on this screen from here on. */
  const theirs = async (): Promise<Visit> => {
    const current = await call('visits.get', { id: visit!.id });
    queryClient.setQueryData(['visits.get', { id: current.id }], current);
    return current;
  };
  const choose = async (work: () => Promise<void>) => {
    setChoosing(true);
    try {
      await work();
    } catch (error) {
      setFailure({ message: showFailure(error, form.setError), faults: [], server: true });
    } finally {
      setChoosing(false);
    }
  };
  /** Saves this editor's visit over theirs, now that they have been seen; a save since then is asked about again. */
  const keepMine = () =>
    choose(async () => {
      form.setValue('baseUpdatedAt', (await theirs()).updatedAt);
      setStale(null);
      await submit();
    });
  /** Drops what was typed here and edits their visit. */
  const takeTheirs = () =>
    choose(async () => {
      const current = await theirs();
      draft.discard();
      form.reset(visitValues(current));
      setStale(null);
    });

  const onValid = async (data: VisitData) => {
    setFailure(null);
    setStale(null);
    try {
      const result = await save.mutateAsync(data);
      rememberClinician(result.clinicianId);
      saved.current = true;
      // The name is isolated so that a right-to-left name does not reorder the date.
      notifySaved(
        <>
          <PatientName patient={patient} />, {formatDate(result.date)}
        </>,
        'Visit saved',
      );
      // The chart (ChartScreen) shows this visit first, highlighted and focused: it reads `location.state.savedVisitId`.
      void navigate(chart, { state: { savedVisitId: result.id } });
    } catch (error) {
      if (error instanceof ApiFailure && error.error.kind === 'stale') {
        setFailure(null);
        setStale({ message: error.error.message, differences: error.error.issues ?? [] });
        return;
      }
      const message = showFailure(error, form.setError);
      const faults = describeFaults(failureIssues(error));
      setFailure({ message: faults.length > 0 ? checkMessage(faults.length) : message, faults, server: true });
    }
  };
  /** The faults in the screen's words: the card and the field's label, dates as the screen writes them. */
  const describeFaults = (issues: ReadonlyArray<{ path: string; message: string }>): Fault[] => {
    const values = getValues();
    return issues.map(({ path, message }) => {
      const place = path === '' ? null : fieldPlace(path, values);
      if (place) return { text: faultSentence(place.where, place.label, message), name: place.name };
      // A path the screen has no field for is said as the service says it.
      return { text: faultSentence(null, path, message), name: null };
    });
  };
  const checkMessage = (n: number) => `Check the visit: ${n === 1 ? 'one field needs' : `${n} fields need`} attention.`;
  const onInvalid = (errors: FieldErrors<VisitValues>) => {
    const faults = describeFaults(faultsOf(errors));
    // The first field at fault takes the focus; the banner lists them all, each a link to its field.
    setFailure({ message: checkMessage(faults.length), faults, server: false });
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
  const addBodySite = (site: Site, side?: Side | undefined) => {
    const index = getValues('presentations').length;
    // The body map and the site box give the side; the list leaves it to be chosen next.
    presentations.append(newPresentation(site, side ?? ''), { focusName: `presentations.${index}.${isPairedSite(site) && !side ? 'side' : 'count'}` });
  };

  /** A treatment of one presentation, with its count and the visit's procedure defaults and clinician. */
  const treatmentOf = (kind: TreatmentKind, p: VisitValues['presentations'][number]) => {
    const procedure = isProcedure(kind);
    return newTreatment({
      kind,
      site: p.site,
      side: p.side,
      lesionsTreated: procedure ? p.count : '0',
      anesthesia: procedure ? getValues('defaultAnesthesia') : '',
      consent: procedure && getValues('defaultConsent'),
      performedBy: getValues('clinicianId'),
    });
  };
  /** The field of a new treatment still to answer, in the card's order: its anaesthesia, else its consent, else its count. */
  const nextQuestion = (index: number, t: VisitValues['treatments'][number]): Path<VisitValues> =>
    t.anesthesia === '' ? `treatments.${index}.anesthesia` : !t.consent ? `treatments.${index}.consent` : `treatments.${index}.lesionsTreated`;

  /**
   * De-roofing for one presentation, with the visit's defaults (what is still unanswered
   * takes the focus). A second press finds the one already added rather than doubling it.
   */
  const treatPresentation = (index: number) => {
    const p = getValues(`presentations.${index}`);
    const existing = getValues('treatments').findIndex((t) => t.kind === 'extraction' && t.site === p.site && t.side === p.side);
    if (existing >= 0) {
      setFocus(nextQuestion(existing, getValues(`treatments.${existing}`)));
      return;
    }
    const t = treatmentOf('extraction', p);
    treatments.append(t, { focusName: nextQuestion(getValues('treatments').length, t) });
  };

  /** The presentations no treatment is at yet (same site and side). */
  const untreatedSites = () => {
    const done = getValues('treatments');
    return getValues('presentations').filter((p) => !done.some((t) => t.site === p.site && t.side === p.side));
  };
  const [untreated, setUntreated] = useState(0);
  /** One treatment of this kind at every site not yet treated; the first of them takes the focus. */
  const treatAllSites = (kind: TreatmentKind) => {
    const start = getValues('treatments').length;
    const added = untreatedSites().map((p) => treatmentOf(kind, p));
    if (added.length === 0) return;
    treatments.append(added, { focusName: nextQuestion(start, added[0]!) });
  };

  /** A blank treatment, at the site of the latest presentation, by the visit's clinician, with the visit's procedure defaults. */
  const addTreatment = () => {
    const last = getValues('presentations').at(-1);
    const defaults = { anesthesia: getValues('defaultAnesthesia'), consent: getValues('defaultConsent') };
    treatments.append(newTreatment({ site: last?.site ?? '', side: last?.side ?? '', performedBy: getValues('clinicianId'), ...defaults }), {
      focusName: `treatments.${getValues('treatments').length}.kind`,
    });
  };

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={(event) => void submit(event)} onKeyDown={keepEnterFromSaving} onWheel={keepWheelFromNumbers} aria-labelledby="visit-title">
        <Stack gap="md">
          <PatientBanner patient={patient} />
          <Group gap="sm" align="baseline">
            <Title order={2} id="visit-title">
              {visit ? `Visit of ${formatDate(visit.date)}` : 'New visit'}
            </Title>
            {visit && <VisitStatusBadge visit={visit} />}
          </Group>
          {visit && <SignatureLine visit={visit} />}
          <LocalDraftOffer draft={draft} />
          <Group gap="sm">
            {!visit && <StartFromLastVisit patientId={patient.id} onAppend={appendCards} />}
            <Favourites onApply={(p, t) => appendCards(p, t, false)} />
          </Group>
          {visit && can('visits.sign') && <SignPanel visit={visit} dirty={formState.isDirty} />}
          {patient.archived && (
            <Alert color="gray" variant="light" title="Archived patient">
              A visit cannot be saved for an archived patient. Restore the patient from the chart first.
            </Alert>
          )}
          {stale && <StaleSave conflict={stale} busy={choosing} onKeepMine={() => void keepMine()} onTakeTheirs={() => void takeTheirs()} />}
          {failure && (
            <Alert ref={banner} color="red" variant="light" role="alert" title="The visit was not saved">
              <Text size="sm">{failure.message}</Text>
              {failure.faults.length > 0 && (
                <List size="sm" mt={4} aria-label="Fields to check">
                  {failure.faults.map((fault, i) => (
                    <List.Item key={i}>
                      {fault.name === null ? (
                        fault.text
                      ) : (
                        <Anchor component="button" type="button" size="sm" ta="left" onClick={() => setFocus(fault.name!, { shouldSelect: true })}>
                          {fault.text}
                        </Anchor>
                      )}
                    </List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
          <VisitDetails clinicians={clinicians} patient={patient} />
          <SameDayWarning patientId={patient.id} visitId={visit?.id} />
          <div className="visit-layout">
            <div className="visit-layout__map">
              <SitePicker onSelect={selectSite} onAddBodySite={addBodySite} />
            </div>
            <Stack gap="md">
              <section aria-labelledby="visit-presentations">
                <Title order={3} size="h4" id="visit-presentations" mb="xs">
                  Presentations
                </Title>
                {presentations.fields.length === 0 ? (
                  <Text c="dimmed" size="sm">
                    None yet. Choose a region on the face map, or add a body site.
                  </Text>
                ) : (
                  <Stack gap="sm">
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
                <Stack gap="sm">
                  <ProcedureDefaults />
                  {treatments.fields.map((field, index) => (
                    <TreatmentCard key={field.id} index={index} clinicians={clinicians} onRemove={() => treatments.remove(index)} />
                  ))}
                  <Group gap="sm">
                    <Button variant="default" onClick={addTreatment}>
                      Add treatment
                    </Button>
                    {presentations.fields.length > 0 && (
                      <Menu position="bottom-start" onOpen={() => setUntreated(untreatedSites().length)}>
                        <Menu.Target>
                          <Button variant="default">Treat all sites by …</Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Label>
                            {untreated === 0 ? 'Every site has a treatment' : `${untreated === 1 ? 'One site' : `${untreated} sites`} not yet treated`}
                          </Menu.Label>
                          {treatAllKinds.map((kind) => (
                            <Menu.Item key={kind} disabled={untreated === 0} onClick={() => treatAllSites(kind)}>
                              {treatmentKinds.label(kind)}
                            </Menu.Item>
                          ))}
                        </Menu.Dropdown>
                      </Menu>
                    )}
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

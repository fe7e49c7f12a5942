/**
 * Documenting a visit, new (`/patients/:patientId/visits/new`) or existing
 * (`/patients/:patientId/visits/:visitId`): loads the patient, the clinicians and the visit,
 * then hands them to the editor; a signed visit opens read-only instead. Its shortcuts: A goes
 * to the sites, T treats the site whose presentation holds the focus, Ctrl/⌘+P prints the
 * aftercare of a saved visit (the editor has Ctrl/⌘+S).
 */
import { useDocumentTitle, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useParams } from 'react-router';
import type { Visit } from '@shared/types';
import { useApiQuery } from '../api';
import { printFailureMessage } from '../components/handouts/PrintFailure';
import { usePrintAftercare } from '../components/handouts/printing';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { SignedVisit } from '../components/visit/SignedVisit';
import { VisitEditor } from '../components/visit/VisitEditor';
import { patientName } from '../lib/describe';
import { notifySaved } from '../lib/notify';

const idOf = (param: string | undefined): number | null => {
  const n = Number(param);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

export function VisitScreen() {
  const params = useParams();
  const patientId = idOf(params.patientId);
  const isNew = params.visitId === undefined;
  const visitId = isNew ? null : idOf(params.visitId);

  const patient = useApiQuery('patients.get', { id: patientId ?? 0 }, { enabled: patientId !== null });
  const clinicians = useApiQuery('clinicians.list', {});
  // Never refetched behind the user's back: the form is built once from what was loaded.
  const visit = useApiQuery('visits.get', { id: visitId ?? 0 }, { enabled: visitId !== null, staleTime: Infinity });
  useDocumentTitle(`${isNew ? 'New visit' : 'Visit'}${patient.data ? ` · ${patientName(patient.data)}` : ''} · Milia Notes`);
  useVisitShortcuts(visit.data);

  if (patientId === null || (!isNew && visitId === null)) return <LoadFailure title="There is no visit at this address" error={null} />;
  if (patient.isError) return <LoadFailure title="The patient could not be opened" error={patient.error} onRetry={() => void patient.refetch()} />;
  if (clinicians.isError) return <LoadFailure title="The clinicians could not be loaded" error={clinicians.error} onRetry={() => void clinicians.refetch()} />;
  if (visit.isError) return <LoadFailure title="The visit could not be opened" error={visit.error} onRetry={() => void visit.refetch()} />;
  if (patient.isPending || clinicians.isPending || (!isNew && visit.isPending)) return <Loading label="Opening the visit…" />;
  if (visit.data && visit.data.patientId !== patientId) return <LoadFailure title="This visit belongs to another patient" error={null} />;

  // A signed visit is final: read-only, with its addenda.
  if (visit.data?.signature) return <SignedVisit patient={patient.data} visit={visit.data} />;
  return <VisitEditor key={visit.data?.id ?? 'new'} patient={patient.data} clinicians={clinicians.data} visit={visit.data} />;
}

/** The control labelled `text` (its label may carry a required mark after the text). */
const controlLabelled = (text: string): HTMLElement | null =>
  [...document.querySelectorAll('#main label')].find((l): l is HTMLLabelElement => l instanceof HTMLLabelElement && l.textContent?.startsWith(text) === true)
    ?.control ?? null;

function useVisitShortcuts(visit: Visit | undefined) {
  const print = usePrintAftercare();
  useHotkeys([
    // The site box takes a site by its words; the face map is one Tab further.
    ['a', () => controlLabelled('Type a site')?.focus()],
    [
      't',
      () => {
        const card = document.activeElement?.closest('.visit-card[data-site]');
        [...(card?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.startsWith('Treat by'))?.click();
      },
    ],
  ]);
  // From any field too: the browser's own print of the form is never what is wanted here.
  useHotkeys(
    [
      [
        'mod+p',
        () => {
          if (!visit || visit.treatments.length === 0) {
            notifications.show({ color: 'gray', message: 'Aftercare is printed for a saved visit with a treatment: save the visit first.' });
            return;
          }
          print.mutate(
            { visitId: visit.id, largePrint: false },
            {
              onSuccess: () => notifySaved('The aftercare handout is shown for printing.', 'Aftercare'),
              onError: (error) => notifications.show({ color: 'red', message: printFailureMessage('The handout could not be printed.', error) }),
            },
          );
        },
      ],
    ],
    [],
  );
}

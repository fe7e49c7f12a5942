/**
 * Documenting a visit, new (`/patients/:patientId/visits/new`) or existing
 * (`/patients/:patientId/visits/:visitId`): loads the patient, the clinicians and the visit,
 * then hands them to the editor; a signed visit opens read-only instead.
 */
import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router';
import { useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { SignedVisit } from '../components/visit/SignedVisit';
import { VisitEditor } from '../components/visit/VisitEditor';
import { patientName } from '../lib/describe';

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

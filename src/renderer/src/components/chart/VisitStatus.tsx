/**
 * Whether a visit is a draft or final, said plainly: a badge beside its date, and who signed
 * it and when (or, for a visit brought in from another record, who imported it and when).
 */
import { Badge, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Visit } from '@shared/types';
import { formatDateTime } from '../../lib/dates';
import { PersonName } from '../PersonName';

export function VisitStatusBadge({ visit }: { visit: Visit }) {
  if (!visit.signature) {
    return (
      // Mantine's yellow text on its tint is 2.8:1; this brown is AA.
      <Badge color="yellow" variant="light" c="#7a3300">
        Draft
      </Badge>
    );
  }
  return (
    <Badge color="teal" variant="light" c="teal.9">
      {visit.signature.kind === 'import' ? 'Signed (imported)' : 'Signed'}
    </Badge>
  );
}

/** "Signed by Dr Ada Okafor on 3 May 2026, 14:05", or the draft's own sentence; each name isolated. */
export function signatureSentence(visit: Visit): ReactNode {
  const s = visit.signature;
  if (!s)
    return (
      <>
        Documented by <PersonName name={visit.createdBy} />; not signed yet.
      </>
    );
  if (s.kind === 'signed')
    return (
      <>
        Signed by <PersonName name={s.byName} /> on {formatDateTime(s.at)}.
      </>
    );
  return (
    <>
      Imported as signed by <PersonName name={s.byName} /> on {formatDateTime(s.at)}.
      {s.original && (
        <>
          {' '}
          It was signed by <PersonName name={s.original.byName} /> on {formatDateTime(s.original.at)} in the record it came from.
        </>
      )}
    </>
  );
}

export function SignatureLine({ visit }: { visit: Visit }) {
  return (
    <Text size="sm" c={visit.signature ? undefined : 'dimmed'}>
      {signatureSentence(visit)}
    </Text>
  );
}

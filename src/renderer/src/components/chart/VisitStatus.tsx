/**
 * Whether a visit is a draft or final, said plainly: a badge beside its date, and who signed
 * it and when (or, for a visit brought in from another record, who imported it and when).
 */
import { Badge, Text } from '@mantine/core';
import type { Visit } from '@shared/types';
import { formatDateTime } from '../../lib/dates';

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

/** "Signed by Dr Ada Okafor on 3 May 2026, 14:05", or the draft's own sentence. */
export function signatureSentence(visit: Visit): string {
  const s = visit.signature;
  if (!s) return `Documented by ${visit.createdBy}; not signed yet.`;
  if (s.kind === 'signed') return `Signed by ${s.byName} on ${formatDateTime(s.at)}.`;
  const original = s.original ? ` It was signed by ${s.original.byName} on ${formatDateTime(s.original.at)} in the record it came from.` : '';
  return `Imported as signed by ${s.byName} on ${formatDateTime(s.at)}.${original}`;
}

export function SignatureLine({ visit }: { visit: Visit }) {
  return (
    <Text size="sm" c={visit.signature ? undefined : 'dimmed'}>
      {signatureSentence(visit)}
    </Text>
  );
}

/**
 * Aftercare handouts across the API: the inputs of the handout service and the record of a
 * handout as printed. The PDF itself is kept with the record so a reprint is byte-identical.
 */
import * as z from 'zod';
import { recordId } from './fields';
import type { TreatmentKind } from './vocabulary';

const id = (what: string) => recordId().describe(what);

export const HandoutCreate = z.strictObject({
  visitId: id('visit id'),
  largePrint: z.boolean({ error: 'must be true or false' }).default(false),
});

export const HandoutList = z.strictObject({ visitId: id('visit id') });

export interface HandoutRecord {
  id: number;
  visitId: number;
  /** ISO 8601 UTC. */
  createdAt: string;
  createdBy: string;
  /** SHA-256 of the stored PDF, lower-case hex. */
  sha256: string;
  sizeBytes: number;
  largePrint: boolean;
  paperSize: 'A4' | 'Letter';
  templateVersions: Record<string, string>;
  kinds: TreatmentKind[];
}

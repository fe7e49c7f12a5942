/**
 * The child process of `tests/unit/crash.test.ts`: saves visits through the visit service
 * in a loop, as the app does, until it is killed. After each save has returned (committed)
 * it writes one line to standard output, synchronously, so that every line the test reads
 * is a visit the app had acknowledged:
 *
 *     <visit id> <visit key> <round> <n>
 *
 * Run with `node_modules/.bin/tsx tests/support/crash-writer.ts DB ROUND PATIENT CLINICIAN CLINICIAN`.
 * It loads the app's modules, then waits for a line on standard input before it opens the
 * database: the test starts the next writer while the current one runs, hiding the second
 * or two that starting a process costs, and only ever lets one write at a time. The n-th visit of a round is `crashVisit(...)`: deterministic, so the test knows what each
 * visit must hold. It stops by itself after `maxRunMs`, should the test die before killing it.
 */
import { systemActor } from '@shared/permissions';
import { writeSync } from 'node:fs';
import { openStore } from '../../src/main/db/open';
import { parseInput } from '../../src/main/api/handlers';
import { createServices } from '../../src/main/services';
import type { PresentationInput, TreatmentInput, VisitInput } from '@shared/schemas';
import type { Actor } from '@shared/types';
import { lidExtraction } from './visitInputs';

export interface CrashClinic {
  patientId: number;
  clinicianIds: readonly [number, number];
}

/** How many rows of each kind the n-th visit of a round holds. */
export function crashShape(round: number, n: number): { presentations: number; treatments: number; followUps: number } {
  return { presentations: 1 + ((n + round) % 6), treatments: 1 + (n % 4), followUps: 1 + ((n + 2 * round) % 3) };
}

/** The notes of the n-th visit of a round begin with this marker; the rest is padding. */
export const crashMarker = (round: number, n: number): string => `crash round ${round} visit ${n}`;

const presentationsCycle: PresentationInput[] = [
  { type: 'primary', site: 'upper_eyelid', side: 'left', count: 6, distribution: 'grouped', differentials: ['syringoma'] },
  { type: 'primary', site: 'cheek', side: 'right', count: 3 },
  { type: 'secondary', site: 'nose', count: 2, triggers: ['burn'] },
  { type: 'primary', site: 'chin', count: 1, redFlags: ['growth'], decision: 'biopsy' },
  // Decided: an undecided milia en plaque would hold back the extraction and the cryotherapy.
  { type: 'milia_en_plaque', site: 'ear', side: 'bilateral', count: 12, sizeMm: 1.5, decision: 'referral' },
  { type: 'primary', site: 'forehead', count: 4, notes: 'Scattered.' },
];

function treatmentsCycle(a: number, b: number): TreatmentInput[] {
  return [
    lidExtraction(a),
    { kind: 'topical_retinoid', site: 'cheek', side: 'right', lesionsTreated: 0, performedBy: b, details: { product: 'adapalene' } },
    { kind: 'cryotherapy', site: 'nose', lesionsTreated: 2, anesthesia: 'topical', consent: true, performedBy: a },
    { kind: 'observation', site: 'chin', lesionsTreated: 0, performedBy: b },
  ];
}

/** The n-th visit of a round: a few kilobytes, so that each save writes several pages. */
export function crashVisit(clinic: CrashClinic, round: number, n: number): VisitInput {
  const shape = crashShape(round, n);
  const [a, b] = clinic.clinicianIds;
  const treatments = treatmentsCycle(a, b);
  return {
    patientId: clinic.patientId,
    date: '2026-01-15',
    clinicianId: n % 2 === 0 ? a : b,
    // Asked before the retinoid is saved.
    pregnancyStatus: 'neither',
    notes: `${crashMarker(round, n)}. ${'Milia around the eyes for a year, no new lesions. '.repeat(40)}`,
    presentations: Array.from({ length: shape.presentations }, (_, i) => presentationsCycle[i % presentationsCycle.length]!),
    treatments: Array.from({ length: shape.treatments }, (_, i) => treatments[i % treatments.length]!),
    followUps: Array.from({ length: shape.followUps }, (_, i) => ({ dueDate: `2026-0${3 + i}-12`, reason: `Check ${i + 1}`, status: 'scheduled' as const })),
  };
}

export const maxRunMs = 20_000;

/** One whole line on standard output, written before the next save starts. */
function acknowledge(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(1, bytes, at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

async function main(args: string[]): Promise<void> {
  const [db, round, patientId, a, b] = args;
  if (!db || [round, patientId, a, b].some((v) => !/^\d+$/.test(v ?? ''))) {
    throw new Error('usage: crash-writer.ts DB ROUND PATIENT CLINICIAN CLINICIAN');
  }
  const clinic: CrashClinic = { patientId: Number(patientId), clinicianIds: [Number(a), Number(b)] };
  const actor: Actor = systemActor('Crash Writer', 'cli');
  const store = openStore(db);
  const services = createServices(store);
  const started = Date.now();
  for (let n = 0; Date.now() - started < maxRunMs; n++) {
    const visit = await services.visits.save(actor, parseInput('visits.save', crashVisit(clinic, Number(round), n)));
    acknowledge(`${visit.id} ${visit.key} ${round} ${n}`);
  }
  store.close();
}

if (/crash-writer\.ts$/.test(process.argv[1] ?? '')) {
  // Going on when told to; leaving when the test has gone.
  process.stdin.once('data', () => {
    void main(process.argv.slice(2)).then(() => process.exit(0));
  });
  process.stdin.once('end', () => process.exit(0));
}

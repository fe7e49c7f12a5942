/**
 * One simulated workstation of the practice-server load test (bench/practiceServer.ts): a Node
 * process of its own, with its own pool over `openServerStore` (or, for the SQLite figures, the
 * practice's file), its users signed in through the session service, acting through the
 * services every surface calls. It runs a clinic day's mix for a fixed number of iterations and
 * hands back each call's times and the ids and keys of every write the services acknowledged
 * (a write whose call threw is not acknowledged).
 *
 * Driven over the IPC channel of `fork`: it is sent its plan, answers `ready`, and starts on
 * `start`. Two workstations of a pair edit one shared draft, each with the version it opened
 * (`baseUpdatedAt`): each says `opened` and waits for the parent's `go`, so both save over the
 * same version and one is refused as stale, then reopens and saves again, as its user would.
 */
import { AppError } from '@shared/errors';
import type { Actor } from '@shared/types';
import { parseInput } from '../src/main/api/handlers';
import { openStore } from '../src/main/db/open';
import { openServerStore } from '../src/main/db/records/pg';
import { createServices, type Services } from '../src/main/services';

export interface WorkstationPlan {
  index: number;
  /** A practice server URL, or a SQLite file. */
  url?: string;
  file?: string;
  /** Marks this run's visits: `bench ws<index> <run>`. */
  run: string;
  users: Record<'dermatologist' | 'nurse' | 'manager', { username: string; password: string }>;
  queries: string[];
  patients: number[];
  followUps: number[];
  shared: { visitId: number; patientId: number; clinicianId: number; date: string } | null;
  iterations: number;
  /** How many workstations run at once: their managers' summaries (and the export) are spread over the day between them. */
  workstations: number;
  conflictEvery: number;
  /** Whether this workstation's manager makes the day's statistics export (the summary is read either way). */
  exports: boolean;
  today: string;
  statsPeriod: { from: string; to: string };
  /** The mean pause before each call, as a person reads and types between them; 0 for calls back to back. */
  thinkMs: number;
}

export interface WorkstationAcks {
  visits: { id: number; key: string; notes: string }[];
  signed: number[];
  handouts: { id: number; sha256: string; visitId: number }[];
  followUps: number[];
  shared: { visitId: number; notes: string; updatedAt: string }[];
  exports: { username: string; detailStart: string }[];
}

export interface WorkstationResult {
  index: number;
  times: Record<string, number[]>;
  acks: WorkstationAcks;
  conflicts: number;
  errors: string[];
}

export type ToWorkstation = { type: 'plan'; plan: WorkstationPlan } | { type: 'start' } | { type: 'go'; round: number };
export type FromWorkstation =
  { type: 'ready' } | { type: 'opened'; round: number } | { type: 'done'; result: WorkstationResult } | { type: 'failed'; error: string };

/** The visit the bench saves: two presentations, two treatments and a follow-up, as bench/index.ts's save. */
export const benchVisit = (patientId: number, date: string, clinicianId: number, notes: string, dueDate: string) => ({
  patientId,
  date,
  clinicianId,
  notes,
  presentations: [
    { type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 },
    { type: 'primary', site: 'cheek', side: 'right', count: 3 },
  ],
  treatments: [
    { kind: 'extraction', site: 'upper_eyelid', side: 'left', lesionsTreated: 6, anesthesia: 'none', consent: true, performedBy: clinicianId },
    {
      kind: 'cryotherapy',
      site: 'cheek',
      side: 'right',
      lesionsTreated: 3,
      anesthesia: 'topical',
      consent: true,
      performedBy: clinicianId,
      details: { method: 'spray', freezeSeconds: 5 },
    },
  ],
  followUps: [{ dueDate, status: 'scheduled', reason: 'Check clearance' }],
});

const send = (message: FromWorkstation) => process.send?.(message);

async function workstation(plan: WorkstationPlan, go: (round: number) => Promise<void>, started: Promise<void>): Promise<WorkstationResult> {
  const store = plan.url ? await openServerStore(plan.url) : openStore(plan.file!);
  const services: Services = createServices(store);
  const times: Record<string, number[]> = {};
  const errors: string[] = [];
  const acks: WorkstationAcks = { visits: [], signed: [], handouts: [], followUps: [], shared: [], exports: [] };
  let conflicts = 0;
  // The first iteration warms the process up (its first handout loads the fonts): its writes count, its times do not.
  let warm = plan.iterations === 1;
  // Uniform around the mean, so that the workstations do not call in step.
  const think = () => (plan.thinkMs > 0 ? new Promise((resolve) => setTimeout(resolve, plan.thinkMs * (0.5 + Math.random()))) : undefined);
  const timed = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    await think();
    const start = performance.now();
    try {
      return await call();
    } finally {
      if (warm) (times[name] ??= []).push(performance.now() - start);
    }
  };
  /** A call whose failure is counted and told, and the iteration goes on. */
  const attempt = async <T>(name: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await timed(name, call);
    } catch (error) {
      errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  try {
    // Each user signs in as at the app's sign-in screen (the users were made with a cheap Argon2id cost).
    const signIn = (who: keyof WorkstationPlan['users']): Promise<Actor> => services.session.signIn('desktop', parseInput('session.signIn', plan.users[who]));
    const dermatologist = await signIn('dermatologist');
    const nurse = await signIn('nurse');
    const manager = await signIn('manager');
    const clinicianId = dermatologist.clinicianId!;
    send({ type: 'ready' });
    await started;

    const due = plan.today.slice(0, 4) === '9999' ? plan.today : `${Number(plan.today.slice(0, 4)) + 1}${plan.today.slice(4)}`;
    let round = 0;
    // The manager's summary and export, each workstation's at its own hour of the day (iterations
    // after the first, spread evenly by index): a practice's managers do not all export at once.
    const statsAt = plan.iterations === 1 ? 0 : 1 + Math.floor(((plan.index + 0.5) * (plan.iterations - 1)) / plan.workstations);
    for (let i = 0; i < plan.iterations; i++) {
      if (i === 1) warm = true;
      const query = plan.queries[(plan.index * 7 + i) % plan.queries.length]!;
      const found = await attempt('search', () => services.patients.search(nurse, parseInput('patients.search', { query })));
      const patientId = plan.patients[(plan.index * 13 + i) % plan.patients.length]!;
      await attempt('chart', () => services.chart.get(dermatologist, parseInput('chart.get', { id: found?.[0]?.id ?? patientId })));

      const notes = `bench ws${plan.index} ${plan.run} i${i}`;
      const visit = await attempt('save', () =>
        services.visits.save(dermatologist, parseInput('visits.save', benchVisit(patientId, plan.today, clinicianId, notes, due))),
      );
      if (visit) acks.visits.push({ id: visit.id, key: visit.key, notes });
      if (visit && i % 2 === 0) {
        const signed = await attempt('sign', () => services.signing.sign(dermatologist, parseInput('visits.sign', { id: visit.id })));
        if (signed) acks.signed.push(visit.id);
      }
      if (visit) {
        const handout = await attempt('handout', () => services.handouts.create(nurse, parseInput('handouts.create', { visitId: visit.id })));
        if (handout) acks.handouts.push({ id: handout.id, sha256: handout.sha256, visitId: visit.id });
      }
      const followUp = plan.followUps[i];
      if (followUp !== undefined) {
        const done = await attempt('follow_up', () =>
          services.followUps.complete(nurse, parseInput('followUps.complete', { id: followUp, outcome: 'cleared', completedDate: plan.today })),
        );
        if (done) acks.followUps.push(followUp);
      }

      if (plan.shared && i % plan.conflictEvery === 0) {
        const shared = plan.shared;
        const open = () => timed('open_draft', () => services.visits.get(dermatologist, parseInput('visits.get', { id: shared.visitId })));
        const save = (base: string, text: string) =>
          timed('save_shared', () =>
            services.visits.save(
              dermatologist,
              parseInput('visits.save', {
                ...benchVisit(shared.patientId, shared.date, shared.clinicianId, text, due),
                id: shared.visitId,
                baseUpdatedAt: base,
              }),
            ),
          );
        try {
          const opened = await open();
          send({ type: 'opened', round });
          await go(round);
          const text = `shared ws${plan.index} ${plan.run} r${round}`;
          let saved;
          try {
            saved = await save(opened.updatedAt, text);
          } catch (error) {
            if (!(error instanceof AppError && error.kind === 'stale')) throw error;
            conflicts++;
            // The user sees what changed and chooses to keep theirs: the draft reopened, saved again.
            const again = await open();
            saved = await save(again.updatedAt, `${text} again`);
          }
          acks.shared.push({ visitId: shared.visitId, notes: saved.notes, updatedAt: saved.updatedAt });
        } catch (error) {
          errors.push(`shared draft: ${error instanceof Error ? error.message : String(error)}`);
        }
        round++;
      }

      if (i === statsAt) {
        await attempt('stats_summary_all_years', () => services.stats.summary(manager, parseInput('stats.summary', plan.statsPeriod)));
        const exported =
          plan.exports &&
          (await attempt('stats_export_all_years', () =>
            services.stats.exportData(manager, parseInput('stats.export', { ...plan.statsPeriod, format: 'csv' })),
          ));
        if (exported) acks.exports.push({ username: plan.users.manager.username, detailStart: `csv, ${plan.statsPeriod.from} to ${plan.statsPeriod.to}` });
      }
    }
    return { index: plan.index, times, acks, conflicts, errors };
  } finally {
    store.close();
  }
}

/** Run as a child of the bench: everything through the IPC channel. */
if (process.send) {
  let plan: WorkstationPlan | undefined;
  let start!: () => void;
  const started = new Promise<void>((resolve) => (start = resolve));
  const goes = new Map<number, () => void>();
  const gone = new Set<number>();
  const go = (round: number) => (gone.has(round) ? Promise.resolve() : new Promise<void>((resolve) => goes.set(round, resolve)));
  process.on('message', (message: ToWorkstation) => {
    if (message.type === 'plan') {
      plan = message.plan;
      workstation(plan, go, started).then(
        (result) => send({ type: 'done', result }),
        (error: unknown) => send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
    } else if (message.type === 'start') start();
    else if (message.type === 'go') {
      gone.add(message.round);
      goes.get(message.round)?.();
    }
  });
}

/**
 * The services as the invoker calls them: each call's input parsed with the API table's
 * schema first (a refusal is the invoker's validation error), then handed typed to the
 * service. Tests pass literal, partly defaulted or deliberately wrong input, as a surface does.
 */
import type { ApiName, ApiParsed } from '@shared/api';
import type { Settings } from '@shared/schemas';
import type { Actor } from '@shared/types';
import { parseInput } from '../../src/main/api/handlers';
import type { SqliteStore, Store } from '../../src/main/db/records';
import type { Services } from '../../src/main/services';

const parsing =
  <N extends ApiName, R>(name: N, call: (actor: Actor, input: ApiParsed<N>) => R) =>
  async (actor: Actor, input: unknown = {}): Promise<Awaited<R>> =>
    await call(actor, parseInput(name, input));

export function parsingServices<S extends Store>(s: Services & { store: S }) {
  return {
    ...s,
    clinicians: { list: parsing('clinicians.list', s.clinicians.list), save: s.clinicians.save },
    patients: {
      search: parsing('patients.search', s.patients.search),
      get: parsing('patients.get', s.patients.get),
      create: parsing('patients.create', s.patients.create),
      update: parsing('patients.update', s.patients.update),
      archive: parsing('patients.archive', s.patients.archive),
    },
    chart: { get: parsing('chart.get', s.chart.get) },
    visits: {
      get: parsing('visits.get', s.visits.get),
      save: parsing('visits.save', s.visits.save),
      suggestFollowUp: parsing('visits.suggestFollowUp', s.visits.suggestFollowUp),
    },
    signing: {
      sign: parsing('visits.sign', s.signing.sign),
      addAddendum: parsing('visits.addAddendum', s.signing.addAddendum),
      toSign: parsing('visits.toSign', s.signing.toSign),
      toReview: parsing('visits.toReview', s.signing.toReview),
      reviewCount: parsing('visits.reviewCount', s.signing.reviewCount),
    },
    followUps: {
      worklist: parsing('followUps.worklist', s.followUps.worklist),
      overdueCount: parsing('followUps.overdueCount', s.followUps.overdueCount),
      complete: parsing('followUps.complete', s.followUps.complete),
      miss: parsing('followUps.miss', s.followUps.miss),
      cancel: parsing('followUps.cancel', s.followUps.cancel),
      transitionMany: parsing('followUps.transitionMany', s.followUps.transitionMany),
      closeStale: parsing('followUps.closeStale', s.followUps.closeStale),
    },
    settings: { read: s.settings.read, get: parsing('settings.get', s.settings.get), update: parsing('settings.update', s.settings.update) },
    handouts: {
      ...s.handouts,
      create: (actor: Actor, input: unknown, options?: Parameters<Services['handouts']['create']>[2]) =>
        Promise.resolve().then(() => s.handouts.create(actor, parseInput('handouts.create', input), options)),
      list: parsing('handouts.list', s.handouts.list),
    },
    stats: { ...s.stats, summary: parsing('stats.summary', s.stats.summary), exportData: parsing('stats.export', s.stats.exportData) },
    backups: {
      ...s.backups,
      list: parsing('backups.list', s.backups.list),
      run: parsing('backups.run', s.backups.run),
      inspect: parsing('backups.inspect', s.backups.inspect),
      restore: parsing('backups.restore', s.backups.restore),
    },
  };
}

export type ParsingServices<S extends Store = Store> = ReturnType<typeof parsingServices<S>>;

/** A practice's name and phone number: no handout is printed without them. */
export const practiceContact = { practiceName: 'Harbourside Dermatology', phone: '0117 496 0123' } as const;

/** Names the practice and its phone, keeping the other settings, so that handouts can be printed. */
export async function setPracticeContact(
  services: { settings: { read(): Promise<Settings>; update(actor: Actor, settings: Settings): Promise<unknown> } },
  actor: Actor,
): Promise<void> {
  await services.settings.update(actor, { ...(await services.settings.read()), ...practiceContact });
}

/** The services the tests build over a store of their own (`openStore`'s, with its connection). */
export type TestServices = ParsingServices<SqliteStore>;

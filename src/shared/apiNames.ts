/**
 * The names of the API calls, apart from their schemas, so that the preload (which only
 * forwards calls) stays small. `api.ts` must define exactly these: the compiler checks it.
 */
export const apiNames = [
  'app.status',
  'app.loadDemo',
  'session.status',
  'session.signIn',
  'session.signOut',
  'session.lock',
  'session.unlock',
  'session.activity',
  'practice.setup',
  'users.list',
  'users.create',
  'users.update',
  'users.resetPassword',
  'users.setActive',
  'clinicians.list',
  'clinicians.save',
  'patients.search',
  'patients.get',
  'patients.create',
  'patients.update',
  'patients.archive',
  'chart.get',
  'visits.get',
  'visits.save',
  'visits.suggestFollowUp',
  'visits.sign',
  'visits.addAddendum',
  'visits.toSign',
  'visits.toReview',
  'visits.reviewCount',
  'followUps.worklist',
  'followUps.overdueCount',
  'followUps.complete',
  'followUps.miss',
  'followUps.cancel',
  'followUps.transitionMany',
  'followUps.closeStale',
  'settings.get',
  'settings.update',
  'record.get',
  'record.test',
  'record.save',
  'record.restart',
  'handouts.create',
  'handouts.list',
  'handouts.show',
  'stats.summary',
  'stats.export',
  'stats.exportStatus',
  'backups.list',
  'backups.run',
  'backups.inspect',
  'backups.restore',
  'audit.search',
  'audit.export',
  'favourites.list',
  'favourites.save',
  'favourites.delete',
] as const;

export type ApiName = (typeof apiNames)[number];

/** The name the preload exposes the client under: `window.milia`. */
export const bridgeKey = 'milia';

/** The name the preload exposes the record's changes under (`window.miliaChanges`), and the IPC channel they arrive on. */
export const changesBridgeKey = 'miliaChanges';
export const changesChannel = 'record-changed';
/** The IPC channel saying whether the practice server answers (a boolean). */
export const reachabilityChannel = 'record-reachable';

/** What the preload gives of the record's changes: subscriptions, each undone by the function it returns. */
export interface ChangesBridge {
  subscribe(listener: (topics: readonly string[]) => void): () => void;
  /** Whether the practice server answers: false when it stops, true when it is back. */
  reachability(listener: (reachable: boolean) => void): () => void;
}

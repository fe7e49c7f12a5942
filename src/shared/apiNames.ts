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
  'followUps.worklist',
  'followUps.complete',
  'followUps.miss',
  'followUps.cancel',
  'settings.get',
  'settings.update',
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
] as const;

export type ApiName = (typeof apiNames)[number];

/** The name the preload exposes the client under: `window.milia`. */
export const bridgeKey = 'milia';

/**
 * All services over one open store. The desktop app, the browser mode, the command line and
 * the tests build this once and call the same functions; every function takes the acting
 * user first and parses its input with the shared schemas.
 */
import { backupService, type BackupServiceOptions } from './backups';
import type { Store } from '../db/open';
import { handoutService } from './handouts';
import { chartService } from './chart';
import { clinicianService } from './clinicians';
import { followUpService } from './followUps';
import { patientService } from './patients';
import { settingsService } from './settings';
import { statisticsService } from './stats';
import { visitRecords } from './visitRecords';
import { visitService } from './visits';

export interface ServiceOptions {
  /** The surface's part of backups: how it restores (closes the store, then reopens or relaunches). */
  backups?: BackupServiceOptions;
}

export function createServices(store: Store, options: ServiceOptions = {}) {
  const records = visitRecords(store);
  const settings = settingsService(store);
  return {
    store,
    records,
    settings,
    clinicians: clinicianService(store),
    patients: patientService(store),
    chart: chartService(store, records),
    visits: visitService(store, records, settings.read),
    followUps: followUpService(store),
    handouts: handoutService(store, records, settings.read),
    statistics: statisticsService(store),
    backups: backupService(store, settings.read, options.backups),
  };
}

export type Services = ReturnType<typeof createServices>;

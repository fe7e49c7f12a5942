/**
 * All services over one open store. The desktop app, the browser mode, the command line and
 * the tests build this once and call the same functions; every function takes the acting
 * user first and its input already parsed (the invoker parses every call with the API table).
 * Services reach the record only through the store's record layer.
 */
import { auditService, type AuditFiles } from './audit';
import { backupService, type BackupServiceOptions } from './backups';
import type { Store } from './context';
import { handoutService, type HandoutRenderer } from './handouts';
import { chartService } from './chart';
import { clinicianService } from './clinicians';
import { demoService } from './demo';
import { favouriteService } from './favourites';
import { followUpService } from './followUps';
import { interchangeService } from './interchange';
import { passwords, type Passwords, type PasswordCost } from './passwords';
import { patientService } from './patients';
import { sessionService, type SessionServiceOptions } from './session';
import { settingsService } from './settings';
import { signingService } from './signing';
import { statsService } from './stats';
import { userService } from './users';
import { visitService } from './visits';

export interface ServiceOptions {
  /** The surface's part of backups: how it restores (closes the store, then reopens or relaunches). */
  backups?: BackupServiceOptions;
  /** The Argon2id cost new passwords are hashed at: the production cost unless a test asks for a cheaper one. */
  passwordCost?: PasswordCost;
  /** The password hashing itself, when the surface keeps it (the browser mode verifies ahead of the start-up checks); made at `passwordCost` otherwise. */
  passwords?: Passwords;
  /** The clock sign-in lockouts are judged by. */
  clock?: SessionServiceOptions['now'];
  /** Where handouts are laid out: the surface's worker thread, or here when left out. */
  renderHandouts?: HandoutRenderer;
  /** Where the audit trail's export is made: the surface's worker thread, or here when left out. */
  auditFiles?: AuditFiles;
}

/** The store comes back as given, so that a surface keeps what it opened. */
export function createServices<S extends Store>(store: S, options: ServiceOptions = {}) {
  const settings = settingsService(store);
  const hashing = options.passwords ?? passwords(options.passwordCost);
  return {
    store,
    settings,
    clinicians: clinicianService(store),
    patients: patientService(store),
    chart: chartService(store),
    visits: visitService(store),
    signing: signingService(store),
    followUps: followUpService(store),
    handouts: handoutService(store, options.renderHandouts),
    stats: statsService(store),
    backups: backupService(store, settings.read, options.backups),
    audit: auditService(store, settings.read, options.auditFiles),
    interchange: interchangeService(store),
    demo: demoService(store, hashing),
    favourites: favouriteService(store),
    users: userService(store, hashing),
    session: sessionService(store, hashing, { now: options.clock }),
  };
}

export type Services<S extends Store = Store> = ReturnType<typeof createServices<S>>;

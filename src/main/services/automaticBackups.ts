/**
 * Automatic backups for the desktop app and the browser mode: one at start when the newest
 * backup is older than a day (checked again every hour, for an app left open for days), and
 * one at exit. Failures are recorded in the state file by the backup itself and shown in the
 * list; here they are only logged.
 */
import { systemActor } from '@shared/permissions';
import type { Actor } from '@shared/types';
import type { BackupService } from './backups';

const automaticActor: Actor = systemActor('Milia Notes (automatic backup)', 'desktop');

const hourMs = 60 * 60 * 1000;
const backupEveryMs = 24 * hourMs;

export interface AutomaticOptions {
  now?: () => Date;
  /** How often to look whether a day has passed; 0 for never (the tests). */
  checkEveryMs?: number;
  onError?(error: unknown): void;
}

export interface AutomaticBackups {
  /** Settles when the start-up backup (if one was due) has finished or failed. */
  started: Promise<void>;
  /** Stops the hourly look, waits for a running backup, and takes the exit backup. */
  atExit(): Promise<void>;
  /** Stops the hourly look only (before a restore or when the store is closed). */
  stop(): void;
}

export function startAutomaticBackups(services: { backups: BackupService }, options: AutomaticOptions = {}): AutomaticBackups {
  const { backups } = services;
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  let stopped = false;

  async function ifDue(): Promise<void> {
    if (stopped) return;
    await backups.whenIdle();
    const last = await backups.lastBackupAt();
    if (last && now().getTime() - last.getTime() < backupEveryMs) return;
    try {
      await backups.backUp(automaticActor, 'automatic');
    } catch (error) {
      onError(error);
    }
  }

  let started: Promise<void>;
  try {
    backups.markExpected();
    started = ifDue().catch(onError);
  } catch (error) {
    onError(error);
    started = Promise.resolve();
  }

  const every = options.checkEveryMs ?? hourMs;
  const timer = every > 0 ? setInterval(() => void ifDue().catch(onError), every) : null;
  timer?.unref();

  const stop = (): void => {
    stopped = true;
    if (timer) clearInterval(timer);
  };

  return {
    started,
    stop,
    async atExit() {
      stop();
      await started;
      await backups.whenIdle();
      try {
        await backups.backUp(automaticActor, 'exit');
      } catch (error) {
        onError(error);
      }
    },
  };
}

/**
 * Backups in words: their reasons as people say them, their times in local time written out
 * (22 Nov 2026, 07:41), and the one sentence that says a backup failed.
 */
import type { BackupReason, BackupState } from '@shared/backups';
import { formatDateTime } from '../../lib/dates';

export const reasonLabels: Record<BackupReason, string> = {
  automatic: 'Automatic',
  manual: 'Manual',
  exit: 'At exit',
  'before-migration': 'Before update',
  'before-restore': 'Before restore',
};

/** `22 Nov 2026, 07:41`, in this machine's time zone. */
export const backupTime = (iso: string): string => formatDateTime(iso);

export type FailedBackup = Extract<NonNullable<BackupState['last']>, { ok: false }>;

/** The last attempt, when it failed; null when it worked or none was made. */
export const lastFailure = (state: BackupState | undefined): FailedBackup | null => (state?.last && !state.last.ok ? state.last : null);

/**
 * A message as a sentence that can be followed by another: the service's messages end with
 * their own full stop, a bare one gets one.
 */
export const asSentence = (message: string): string => {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** Where the failure banner sends people: the settings, with the backup folder focused. */
export const backupSettingsRoute = '/settings?section=backups';

/**
 * The places in the navigation, each shown only to those whose role may use it, and where
 * each role starts: a manager on the statistics, a nurse on the follow-up list, a
 * dermatologist on the patient search, an administrator on the settings.
 */
import { may, type Permission } from '@shared/permissions';
import type { Actor } from '@shared/types';
import type { Role } from '@shared/vocabulary';

export interface Place {
  to: string;
  label: string;
  permission: Permission;
  /** Shown under the place before it (Settings → Users). */
  nested?: boolean;
}

export const places: readonly Place[] = [
  { to: '/patients', label: 'Patients', permission: 'charts.read' },
  { to: '/to-sign', label: 'To sign', permission: 'visits.sign' },
  { to: '/review', label: 'Review', permission: 'visits.sign' },
  { to: '/worklist', label: 'Follow-ups', permission: 'followUps.read' },
  { to: '/statistics', label: 'Statistics', permission: 'stats.read' },
  { to: '/settings', label: 'Settings', permission: 'practice.manage' },
  { to: '/settings/users', label: 'Users', permission: 'users.manage', nested: true },
  { to: '/settings/audit', label: 'Audit trail', permission: 'audit.read', nested: true },
];

const landings: Record<Role, string> = {
  manager: '/statistics',
  nurse: '/worklist',
  dermatologist: '/patients',
  admin: '/settings',
};

/** Where the user starts: their role's page, else the first place they may use. */
export function landingOf(actor: Actor): string {
  if (actor.role !== null) return landings[actor.role];
  return places.find((p) => may(actor, p.permission))?.to ?? '/patients';
}

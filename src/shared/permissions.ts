/**
 * Who may do what: the one permission table. Every API entry names the permission it needs
 * (`api.ts`), every service checks it for the acting user before it reads or writes, and the
 * screens ask the same table only to hide what the service would refuse. A test walks every
 * role through every API call from this table.
 */
import type { Actor, Surface } from './types';
import { roles, type Role } from './vocabulary';

const clinical = ['dermatologist', 'nurse'] as const satisfies readonly Role[];
const everyone = roles.codes;

export const permissions = {
  /** Being signed in: the app's status, the practice settings, one's own session. */
  signedIn: everyone,
  /** The clinicians to pick from on a visit (names and roles only). */
  'clinicians.read': everyone,
  /** Patients' identities and charts, visits, handouts on file. */
  'charts.read': clinical,
  /** Registering and correcting patients. */
  'patients.write': clinical,
  /** Documenting visits in draft: presentations, treatments, follow-ups. */
  'visits.document': clinical,
  /** Signing a visit, writing an addendum, deciding a red flag. */
  'visits.sign': ['dermatologist'],
  /** The follow-up list (the practice manager's and the administrator's without clinical notes). */
  'followUps.read': ['dermatologist', 'nurse', 'manager', 'admin'],
  /** Recording that a follow-up happened, was missed or was cancelled. */
  'followUps.record': clinical,
  /** Closing follow-ups overdue by more than the cut-off as missed: keeping the list, not recording care. */
  'followUps.closeStale': ['admin'],
  /** Printing and reprinting aftercare handouts. */
  'handouts.print': clinical,
  /** Treatment statistics and their de-identified exports. */
  'stats.read': ['dermatologist', 'manager'],
  /** Practice settings, clinician records, the demo data. */
  'practice.manage': ['admin'],
  /** Where this workstation's record is (this computer or the practice server): testing and changing it. */
  'record.connect': ['admin'],
  /** Users: add, edit, reset a password, deactivate. */
  'users.manage': ['admin'],
  /** Backups and restore. */
  'backups.manage': ['admin'],
  /** The audit trail and its export. */
  'audit.read': ['admin'],
  /** The interchange file: the whole record, identifiable, out and in. */
  'interchange.move': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

/** What a permission lets one do, as the refusal says it: "Only a dermatologist can sign visits; …". */
export const permissionPhrases: Record<Permission, string> = {
  signedIn: 'use Milia Notes',
  'clinicians.read': 'see the clinicians',
  'charts.read': "open patients' charts",
  'patients.write': 'register or change patients',
  'visits.document': 'document visits',
  'visits.sign': 'sign visits, write addenda or decide red flags',
  'followUps.read': 'see the follow-up list',
  'followUps.record': 'record follow-up outcomes',
  'followUps.closeStale': 'close very old follow-ups as missed',
  'handouts.print': 'print aftercare handouts',
  'stats.read': 'see or export treatment statistics',
  'practice.manage': 'change the practice settings',
  'record.connect': 'change where the record is kept',
  'users.manage': 'manage users',
  'backups.manage': 'back up or restore the database',
  'audit.read': 'read or export the audit trail',
  'interchange.move': 'export or import the whole record',
};

/** The roles an actor acts with: its own, and its clinician profile's when that differs (an administrator who is also a clinician). */
export function rolesOf(actor: Actor): Role[] {
  if (actor.role === null) return [...roles.codes];
  return actor.clinicalRole && actor.clinicalRole !== actor.role ? [actor.role, actor.clinicalRole] : [actor.role];
}

/** Whether an actor may; the operating-system user at the command line may do anything (whoever has the file has the data). */
export function may(actor: Actor, permission: Permission): boolean {
  if (actor.userId === null) return true;
  const allowed: readonly Role[] = permissions[permission];
  return rolesOf(actor).some((r) => allowed.includes(r));
}

const article = (label: string) => (/^[AEIOU]/.test(label) ? 'an' : 'a');

/** "Only a dermatologist or a nurse can open patients' charts; you are signed in as a practice manager." */
export function forbiddenMessage(actor: Actor, permission: Permission, what: string = permissionPhrases[permission]): string {
  const needed = permissions[permission].map((r) => {
    const label = roles.label(r).toLowerCase();
    return `${article(roles.label(r))} ${label}`;
  });
  const list = needed.length > 1 ? `${needed.slice(0, -1).join(', ')} or ${needed.at(-1)}` : needed[0];
  const own = actor.role === null ? 'the command line' : `${article(roles.label(actor.role))} ${roles.label(actor.role).toLowerCase()}`;
  return `Only ${list} can ${what}; you are signed in as ${own}.`;
}

/**
 * The operating-system account acting at the command line (or the app acting by itself: an
 * automatic backup): no user, full rights. `name` is the account's, as the audit shows it.
 */
export function systemActor(name: string, surface: Surface): Actor {
  return { userId: null, username: name, name, role: null, clinicianId: null, clinicalRole: null, surface };
}

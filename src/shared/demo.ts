/**
 * The demo's own users. Their passwords are published: the sign-in screen of a demo record
 * shows them, so they guard nothing real. The clinicians are the demo's (`seed.ts`).
 */
import type { Role } from './vocabulary';

export interface DemoUser {
  username: string;
  name: string;
  role: Role;
  /** The key of the demo clinician who is this user's clinician profile. */
  clinician: string | null;
  password: string;
}

export const demoUsers: readonly DemoUser[] = [
  { username: 'admin', name: 'Sam Adeyemi', role: 'admin', clinician: null, password: 'demo-admin-lilac-42' },
  { username: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', clinician: 'okafor', password: 'demo-okafor-cedar-17' },
  { username: 'weiss', name: 'Dr Lena Weiß', role: 'dermatologist', clinician: 'weiss', password: 'demo-weiss-maple-29' },
  { username: 'lindqvist', name: 'Nurse Per Lindqvist', role: 'nurse', clinician: 'lindqvist', password: 'demo-lindqvist-fern-63' },
  { username: 'manager', name: 'Priya Shah', role: 'manager', clinician: null, password: 'demo-manager-birch-85' },
];

/**
 * The setting the seed writes: each demo user's password hash as the seed set it. A demo
 * user is shown on the sign-in screen while they are active and their hash is still that
 * one, so a password an administrator has changed is never shown.
 */
export const demoSettingKey = 'demo';
export type DemoSetting = { hashes: Record<string, string> };

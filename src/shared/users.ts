/**
 * Users, passwords and sessions as the API takes them. A password is at least 12 characters
 * and not one of the commonly used ones; it is never echoed in a message.
 */
import * as z from 'zod';
import { code, multiLineText, name, recordId, text } from './fields';
import { roles } from './vocabulary';

export const minPasswordLength = 12;
export const maxPasswordLength = 200;

/**
 * Passwords of 12 characters or more that attackers try first (breach lists' most common
 * entries of that length, and the app's own name). Compared case-insensitively.
 */
const commonPasswords = new Set([
  '123456789012',
  '1234567890123',
  '12345678910111213',
  '111111111111',
  '000000000000',
  'qwertyuiopasdfghjkl',
  'qwertyuiop123',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'passwordpassword',
  'password1234',
  'password12345',
  'password123456',
  'passw0rd1234',
  'iloveyou1234',
  'welcome12345',
  'letmein12345',
  'administrator',
  'administrator1',
  'changeme1234',
  'abcdefghijkl',
  'abcd12345678',
  'aaaaaaaaaaaa',
  'princess1234',
  'sunshine1234',
  'football1234',
  'baseball1234',
  'dermatology1',
  'dermatologist',
  'milianotes123',
  'milianotes1234',
]);

/** Why a password is refused, or null when it will do. */
export function passwordProblem(password: string): string | null {
  if (password.length < minPasswordLength) return `must be at least ${minPasswordLength} characters`;
  if (password.length > maxPasswordLength) return `must be at most ${maxPasswordLength} characters`;
  const folded = password.toLowerCase();
  if (commonPasswords.has(folded) || /^(.)\1+$/.test(password)) return 'is one of the passwords attackers try first; choose another';
  return null;
}

/** A new password: never trimmed (spaces count), checked for length and against the common ones. */
export const newPassword = () =>
  z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') }).superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: '' });
  });

/** A password given to sign in or unlock: any text, checked against the stored hash only. */
const givenPassword = () =>
  z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') }).max(maxPasswordLength, { error: 'is not the password' });

export const username = () =>
  text(2, 50).refine((v) => /^[a-z0-9][a-z0-9._-]*$/.test(v), { error: 'must be lower-case letters, digits, . _ or -, starting with a letter or digit' });

const userId = recordId();

export const ClinicianProfile = z.strictObject({
  /** Dermatologist or nurse: the clinical role this profile gives (an administrator may be a clinician too). */
  role: code(['dermatologist', 'nurse'] as const),
  title: text(0, 50).default(''),
  registrationNumber: text(0, 50).default(''),
});

export const UserCreate = z.strictObject({
  username: username(),
  name: name(),
  role: code(roles.codes),
  password: newPassword(),
  clinician: ClinicianProfile.nullable().default(null),
});

export const UserUpdate = z.strictObject({
  id: userId,
  name: name(),
  role: code(roles.codes),
  active: z.boolean({ error: 'must be true or false' }),
  clinician: ClinicianProfile.nullable().default(null),
});

export const UserPassword = z.strictObject({ id: userId, password: newPassword() });
export const UserActive = z.strictObject({ id: userId, active: z.boolean({ error: 'must be true or false' }) });

export const SignIn = z.strictObject({ username: text(1, 50), password: givenPassword() });
export const Unlock = z.strictObject({ password: givenPassword() });
/** `idle`: the page locked itself after the idle minutes without input (the audit tells it from a lock by hand). */
export const SessionLock = z.strictObject({ idle: z.boolean({ error: 'must be true or false' }).default(false) });

/** The first run: the practice's details and its first administrator. */
export const PracticeSetup = z.strictObject({
  practice: z.strictObject({
    practiceName: text(1, 200),
    address: multiLineText(0, 500).default(''),
    // Every aftercare handout prints it in each box that says to call: none prints without it.
    phone: text(1, 50),
    afterHoursPhone: text(0, 50).default(''),
  }),
  admin: z.strictObject({ username: username(), name: name(), password: newPassword() }),
});

export type UserCreate = z.input<typeof UserCreate>;
export type UserUpdate = z.input<typeof UserUpdate>;
export type PracticeSetup = z.input<typeof PracticeSetup>;

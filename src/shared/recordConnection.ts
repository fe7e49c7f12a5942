/**
 * Where a workstation's record is: "this computer" (the SQLite file in the app's data folder)
 * or "the practice server" (a PostgreSQL database, reached over TLS as its administrator
 * says). The settings as the Record section and the desktop's settings file hold them, the
 * PostgreSQL URL built from them, and the address shown to people, which never carries the
 * password: the password is kept apart (Electron's safeStorage) and joins only the URL the
 * driver gets.
 */
import * as z from 'zod';
import { wholeNumber } from './fields';

export const sslModes = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof sslModes)[number];

/** What each TLS mode means, as the form offers it. */
export const sslModeLabels: Record<SslMode, string> = {
  'verify-full': 'Encrypted, server certificate and name checked (recommended)',
  'verify-ca': 'Encrypted, server certificate checked',
  require: 'Encrypted, certificate not checked',
  disable: 'Not encrypted (only on a network you trust)',
};

export const defaultServerPort = 5432;
export const maxPasswordLength = 1000;

const hostLabel = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const ipv6 = /^[0-9A-Fa-f:.]+$/;

/** A server name (db.practice.local), an IPv4 address, or an IPv6 address with or without its brackets. */
export function isHostName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (bare.includes(':')) return ipv6.test(bare) && bare.split(':').length >= 3;
  if (bare !== value) return false;
  return value
    .replace(/\.$/, '')
    .split('.')
    .every((label) => hostLabel.test(label));
}

const hostMessage = "must be the server's name or address, such as db.practice.local or 192.168.1.20 (no postgresql://, no port)";
const host = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : hostMessage) })
  .trim()
  .min(1, { error: 'must not be empty', abort: true })
  .refine(isHostName, { error: hostMessage });

/** A database or role name as the administrator created it: letters, digits, _ and - (no quoting needed anywhere). */
const identifier = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : `must be the ${what}'s name`) })
    .trim()
    .min(1, { error: 'must not be empty', abort: true })
    .max(63, { error: 'must be at most 63 characters', abort: true })
    .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: `must start with a letter and hold only letters, digits, _ and - (the ${what}'s name as IT created it)` });

export const pemPattern = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

/**
 * The certificate of the authority that signed the server's: the PEM text itself, or the path
 * of a .pem/.crt file on this computer; empty for the system's authorities (verify-full only).
 */
const caCertificate = z
  .string({ error: 'must be text' })
  .trim()
  .max(100_000, { error: 'must be at most 100,000 characters' })
  .refine((value) => value === '' || value.startsWith('-----BEGIN') || /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value), {
    error:
      'must be the full path of the certificate file (such as /etc/milia/practice-ca.pem) or its text, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----',
  })
  .refine((value) => !value.startsWith('-----BEGIN') || pemPattern.test(value), {
    error: 'must be one whole certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, as IT gave it',
  });

export const ServerConnection = z
  .strictObject({
    mode: z.literal('server'),
    host,
    port: wholeNumber(1, 65535).default(defaultServerPort),
    database: identifier('database'),
    user: identifier('database user'),
    sslmode: z.enum(sslModes, { error: `must be one of: ${sslModes.join(', ')}` }).default('verify-full'),
    caCertificate: caCertificate.default(''),
  })
  .superRefine((value, ctx) => {
    if (value.sslmode === 'verify-ca' && value.caCertificate === '')
      ctx.addIssue({
        code: 'custom',
        path: ['caCertificate'],
        message: "is needed to check the server's certificate (verify-ca): give the practice's CA certificate, or choose verify-full",
      });
  });

export const FileConnection = z.strictObject({ mode: z.literal('file') });

/** Where the record is: this computer's file, or the practice server. */
export const RecordConnection = z.discriminatedUnion('mode', [FileConnection, ServerConnection], {
  error: 'must say where the record is: this computer (file) or the practice server (server)',
});
export type RecordConnection = z.output<typeof RecordConnection>;
export type ServerConnection = z.output<typeof ServerConnection>;

/** The database password as the form sends it, never trimmed (spaces count); left out, the one kept on this computer stays. */
export const connectionPassword = z
  .string({ error: 'must be text' })
  .min(1, { error: 'must not be empty' })
  .max(maxPasswordLength, { error: `must be at most ${maxPasswordLength} characters` });

/** Asking to test, or to keep for the next start, a place for the record (with its password when it is new or changed). */
export const RecordConnectionInput = z.strictObject({
  connection: RecordConnection,
  password: connectionPassword.optional(),
});
export type RecordConnectionInput = z.input<typeof RecordConnectionInput>;

/** Which record this workstation uses now and which it will use after a restart, for the Record section. */
export interface RecordInUse {
  /** Now: the file's path, or the server's address without its password. */
  current: { mode: 'file'; path: string } | { mode: 'server'; address: string };
  /** Kept for the next start (null when nothing was chosen: this computer's file). */
  saved: RecordConnection | null;
  /** Whether a password is kept for the saved server. */
  passwordKept: boolean;
  /** Whether this surface can change where the record is; when not, why (the sentence the form shows). */
  changeable: { ok: true } | { ok: false; why: string };
}

/** What asking to restart answers: where the app is about to start again (the words the screen shows). */
export interface RecordRestart {
  restartingOn: string;
}

/** What testing a connection found: the server's version, or the sentence saying why it failed. */
export type ConnectionTest = { ok: true; serverVersion: string; address: string } | { ok: false; message: string; address: string };

/** user@host:port/database, with TLS mode: how people see the server (never the password). */
export function shownConnection(c: ServerConnection): string {
  const at = c.host.includes(':') && !c.host.startsWith('[') ? `[${c.host}]` : c.host;
  return `${c.user}@${at}:${c.port}/${c.database} (TLS: ${c.sslmode})`;
}

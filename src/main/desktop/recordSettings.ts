/**
 * Where the desktop app finds its record: a JSON file in the app's data folder
 * (record-connection.json) saying "this computer" or which practice server, and the database
 * password sealed by the operating system's secret store through Electron's safeStorage (the
 * keychain on macOS, DPAPI on Windows, the desktop's keyring on Linux). On Linux a session
 * without a keyring leaves safeStorage on its "basic_text" backend, a key written in Chromium's
 * source, which hides nothing: the password is then refused, as Signal Desktop refuses it,
 * with what to install. The password is never written in the clear and never shown.
 *
 * Electron is only a type here: the desktop passes its safeStorage in, and the file's reading
 * and writing are plain functions the tests run without it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { AppError } from '@shared/errors';
import { RecordConnection, type ServerConnection } from '@shared/recordConnection';
import { connectionUrl } from '../db/pg/url';
import { writeFileDurably } from '../files/durable';
import type { RecordShell } from '../api/recordShell';

export const recordFileName = 'record-connection.json';
/** The practice's CA certificate when it was given as text: the driver reads a file. */
export const caFileName = 'record-ca.pem';

/** What safeStorage is asked: whether it can seal, and on Linux with what. */
export type SecretStore = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'>;

/** The file's content: where the record is, and the password as the secret store sealed it (base64). */
export interface RecordFile {
  connection: RecordConnection;
  sealedPassword: Buffer | null;
}

/**
 * Why this computer cannot keep a password safely, or null when it can. `backend` is safeStorage's
 * on Linux (undefined elsewhere).
 */
export function secretStoreRefusal(platform: NodeJS.Platform, available: boolean, backend: string | undefined): string | null {
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown'))
    return 'This computer has no keyring to keep the database password safely (Electron would fall back to a plain-text key). Install and unlock a keyring (GNOME Keyring with libsecret, or KWallet), sign in to the desktop again, then enter the password again.';
  if (!available)
    return "This computer's secret store cannot be used to keep the database password. Sign in to the desktop session (not over a remote shell), or ask IT to enable the system keychain, then enter the password again.";
  return null;
}

/** The kept settings, or null when there are none (this computer's file). Throws, in one sentence, for a file that cannot be read. */
export function readRecordFile(folder: string): RecordFile | null {
  const file = join(folder, recordFileName);
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new AppError(
      'validation',
      `The record settings in ${file} cannot be read. Delete the file to use this computer's record, then choose the practice server again in Settings → Record.`,
    );
  }
  const body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const connection = RecordConnection.safeParse(body.connection);
  const sealed = body.sealedPassword;
  if (!connection.success || (sealed !== null && sealed !== undefined && typeof sealed !== 'string')) {
    throw new AppError(
      'validation',
      `The record settings in ${file} are not valid. Delete the file to use this computer's record, then choose the practice server again in Settings → Record.`,
    );
  }
  return { connection: connection.data, sealedPassword: typeof sealed === 'string' ? Buffer.from(sealed, 'base64') : null };
}

/** Writes the settings whole (a new file renamed over the old), the certificate text beside them when one is given. */
export function writeRecordFile(folder: string, kept: RecordFile): void {
  const ca = join(folder, caFileName);
  if (kept.connection.mode === 'server' && kept.connection.caCertificate.startsWith('-----BEGIN')) writeFileDurably(ca, kept.connection.caCertificate);
  else rmSync(ca, { force: true });
  const body = { connection: kept.connection, sealedPassword: kept.sealedPassword?.toString('base64') ?? null };
  writeFileDurably(join(folder, recordFileName), `${JSON.stringify(body, null, 2)}\n`);
}

/** The certificate file the driver reads: the one named, or the text's copy in the data folder. */
export const caFileOf = (folder: string, c: ServerConnection): string | null =>
  c.caCertificate === '' ? null : c.caCertificate.startsWith('-----BEGIN') ? join(folder, caFileName) : c.caCertificate;

/** The desktop's keeping of where the record is, over safeStorage. */
export function recordSettings(folder: string, secrets: SecretStore, platform: NodeJS.Platform = process.platform) {
  async function refusal(): Promise<string | null> {
    const backend = platform === 'linux' ? secrets.getSelectedStorageBackend() : undefined;
    return secretStoreRefusal(platform, await secrets.isAsyncEncryptionAvailable(), backend);
  }

  async function unseal(sealed: Buffer | null): Promise<string | null> {
    if (!sealed) return null;
    const why = await refusal();
    if (why) throw new AppError('validation', why);
    let opened: Awaited<ReturnType<SecretStore['decryptStringAsync']>>;
    try {
      opened = await secrets.decryptStringAsync(sealed);
    } catch {
      throw new AppError(
        'validation',
        "The database password kept on this computer cannot be unsealed (the system's keyring was changed or reset). An administrator enters it again in Settings → Record.",
      );
    }
    // The system rotated its key: sealed again under the new one, so that the old can go.
    if (opened.shouldReEncrypt) {
      const kept = readRecordFile(folder);
      if (kept) writeRecordFile(folder, { ...kept, sealedPassword: await secrets.encryptStringAsync(opened.result) });
    }
    return opened.result;
  }

  // Restarting is the app's own (index.ts): it quits and starts again.
  const shell: Omit<RecordShell, 'restart'> = {
    async saved() {
      const kept = readRecordFile(folder);
      return { connection: kept?.connection ?? null, passwordKept: kept?.sealedPassword != null };
    },
    async keptPassword() {
      return unseal(readRecordFile(folder)?.sealedPassword ?? null);
    },
    async save(connection, password) {
      let sealedPassword: Buffer | null = null;
      if (connection.mode === 'server' && password !== null) {
        const why = await refusal();
        if (why) throw new AppError('validation', why);
        sealedPassword = await secrets.encryptStringAsync(password);
      }
      writeRecordFile(folder, { connection, sealedPassword });
    },
  };

  return {
    shell,
    /** The practice server's URL to open at start, or null for this computer's file. Throws, in one sentence, when it cannot be made. */
    async startUrl(): Promise<string | null> {
      const kept = readRecordFile(folder);
      if (!kept || kept.connection.mode === 'file') return null;
      return connectionUrl(kept.connection, await unseal(kept.sealedPassword), caFileOf(folder, kept.connection));
    },
  };
}

/**
 * "Test connection": connects once to the practice server with the settings a workstation
 * would use (the same URL, TLS mode and CA certificate), asks its version, and says in one
 * sentence what went wrong when it cannot: nothing is written and no pool is kept. The
 * certificate given as text is written to a private temporary file for the driver, which reads
 * only files, and removed after.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shownConnection, type ConnectionTest, type ServerConnection } from '@shared/recordConnection';
import { connectionUrl } from './url';
import { storageFault } from '../faults';

/** How long a test waits for the server before saying it did not answer. */
const answerWithinMs = 8000;

/** Node's codes for a certificate the server showed that could not be checked. */
const certificateCodes =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT(_LOCALLY)?)|CERT_(HAS_EXPIRED|NOT_YET_VALID|UNTRUSTED|REJECTED|SIGNATURE_FAILURE)|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** Why the certificate the settings name cannot be used, or null when it can (or none is named). */
export function caCertificateProblem(caCertificate: string): string | null {
  if (caCertificate === '') return null;
  let text = caCertificate;
  if (!caCertificate.startsWith('-----BEGIN')) {
    try {
      text = readFileSync(caCertificate, 'utf8');
    } catch {
      return `The CA certificate file ${caCertificate} cannot be read. Check the path, or paste the certificate's text instead.`;
    }
  }
  try {
    new X509Certificate(text);
    return null;
  } catch {
    return `The CA certificate ${caCertificate.startsWith('-----BEGIN') ? 'given' : `in ${caCertificate}`} is not a certificate Milia Notes can read. Ask IT for the practice's CA certificate in PEM form (text starting -----BEGIN CERTIFICATE-----).`;
  }
}

const codeOf = (error: unknown): string => (error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '');

/** The one sentence for a connection that failed. */
export function connectionFailure(error: unknown, c: ServerConnection): string {
  const where = `${c.host}:${c.port}`;
  const code = codeOf(error);
  const words = error instanceof Error ? error.message : '';
  if (code === '3D000') return `The practice server at ${where} has no database named ${c.database}. Check the database's name with IT.`;
  if (certificateCodes.test(code)) {
    return code === 'ERR_TLS_CERT_ALTNAME_INVALID'
      ? `The practice server's certificate is not for the name ${c.host}. Use the server's name as its certificate gives it, or ask IT.`
      : `The practice server's certificate could not be checked (${code}). Give the practice's CA certificate, or ask IT.`;
  }
  // The driver says these in words only: the server answered "no" to encryption.
  if (/does not support SSL/i.test(words))
    return `The practice server at ${where} does not accept encrypted connections. Ask IT to turn on TLS, or choose "Not encrypted" only on a network you trust.`;
  switch (storageFault(error)) {
    case 'signin':
      return `The practice server refused the database user ${c.user}. Check the user and the password IT gave.`;
    case 'serverfull':
      return "The practice server's disk is full. Ask IT to free some space on the server.";
    case 'unreachable':
      return `The practice server at ${where} did not answer. Check the server's name and port, that it is running, and that it lets this computer in (its firewall and pg_hba.conf).`;
    default:
      return `The practice server at ${where} could not be used (${code || words || 'no reason given'}). Check the settings with IT.`;
  }
}

/** Connects once with these settings and says what the server is, or why it cannot be used. */
export async function testServerConnection(c: ServerConnection, password: string | null): Promise<ConnectionTest> {
  const address = shownConnection(c);
  const problem = caCertificateProblem(c.caCertificate);
  if (problem) return { ok: false, message: problem, address };
  const pem = c.caCertificate.startsWith('-----BEGIN');
  const dir = pem ? mkdtempSync(join(tmpdir(), 'milia-ca-')) : null;
  const caFile = dir ? join(dir, 'ca.pem') : c.caCertificate || null;
  if (dir && caFile) writeFileSync(caFile, c.caCertificate, { mode: 0o600 });
  // The driver only when asked: the single-file app never loads it.
  const { Client } = await import('pg');
  let client: InstanceType<typeof Client> | null = null;
  try {
    client = new Client({ connectionString: connectionUrl(c, password, caFile), connectionTimeoutMillis: answerWithinMs });
    // A fault after the answer (the server going away meanwhile) is not this test's.
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return { ok: true, serverVersion: rows[0]?.server_version ?? 'unknown', address };
  } catch (error) {
    return { ok: false, message: connectionFailure(error, c), address };
  } finally {
    await client?.end().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Settings → Record: the connection settings' schema and its sentences, the URL the driver
 * gets (the password encoded whole, libpq's TLS meanings) and the address people see (never
 * the password); the desktop's settings file as written and read back, and the refusal to keep
 * a password where the secret store would not hide it.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'pg-connection-string';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldIssues } from '@shared/errors';
import { isHostName, RecordConnectionInput, shownConnection, type ServerConnection } from '@shared/recordConnection';
import { connectionUrl } from '../../src/main/db/pg/url';
import { caFileName, caFileOf, readRecordFile, recordFileName, secretStoreRefusal, writeRecordFile } from '../../src/main/desktop/recordSettings';
import { restrictNewFiles } from '../../src/main/files/modes';

const server = (change: Partial<ServerConnection> = {}): ServerConnection =>
  RecordConnectionInput.parse({ connection: { mode: 'server', host: 'db.practice.local', database: 'milia', user: 'milia_app', ...change } })
    .connection as ServerConnection;

const issues = (input: unknown) => {
  const result = RecordConnectionInput.safeParse(input);
  return result.success ? [] : fieldIssues(result.error);
};

const pem = `-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2h\n-----END CERTIFICATE-----\n`;

describe('the connection settings', () => {
  it('take a server by name, IPv4 or IPv6, with the port 5432 and verify-full unless said', () => {
    expect(server()).toEqual({
      mode: 'server',
      host: 'db.practice.local',
      port: 5432,
      database: 'milia',
      user: 'milia_app',
      sslmode: 'verify-full',
      caCertificate: '',
    });
    for (const host of ['db', 'db.practice.local', 'DB-01.example.org', '192.168.1.20', '::1', '[fe80::1]', 'fd00::10:20'])
      expect(isHostName(host), host).toBe(true);
    expect(RecordConnectionInput.parse({ connection: { mode: 'file' } })).toEqual({ connection: { mode: 'file' } });
    // A password is never trimmed: its spaces are part of it.
    expect(RecordConnectionInput.parse({ connection: { mode: 'file' }, password: ' two words ' }).password).toBe(' two words ');
  });

  it('refuse a wrong server, port, name or TLS mode, each in a sentence at its field', () => {
    for (const host of ['postgresql://db', 'db:5432', 'http://db.local', '-db', 'db..local', 'db local', '', '[::1']) {
      expect(issues({ connection: { mode: 'server', host, database: 'milia', user: 'milia' } }), host).toEqual([
        {
          path: 'connection.host',
          message:
            host === '' ? 'must not be empty' : "must be the server's name or address, such as db.practice.local or 192.168.1.20 (no postgresql://, no port)",
        },
      ]);
    }
    for (const port of [0, 65536, 1.5, '5432'])
      expect(issues({ connection: { mode: 'server', host: 'db', port, database: 'milia', user: 'milia' } }), String(port)).toEqual([
        { path: 'connection.port', message: 'must be a whole number from 1 to 65535' },
      ]);
    expect(issues({ connection: { mode: 'server', host: 'db', database: 'milia; drop', user: '' } })).toEqual([
      { path: 'connection.database', message: "must start with a letter and hold only letters, digits, _ and - (the database's name as IT created it)" },
      { path: 'connection.user', message: 'must not be empty' },
    ]);
    expect(issues({ connection: { mode: 'server', host: 'db', database: 'milia', user: 'milia', sslmode: 'prefer' } })).toEqual([
      { path: 'connection.sslmode', message: 'must be one of: disable, require, verify-ca, verify-full' },
    ]);
    expect(issues({ connection: { mode: 'cloud' } })).toEqual([
      { path: 'connection.mode', message: 'must say where the record is: this computer (file) or the practice server (server)' },
    ]);
    // This computer's file takes nothing else: a server's fields there are a mistake, not ignored.
    expect(issues({ connection: { mode: 'file', host: 'db' } }).map((i) => i.path)).toEqual(['connection.host']);
  });

  it('take a CA certificate as a full path or as one whole PEM text, and need one for verify-ca', () => {
    expect(server({ caCertificate: '/etc/milia/ca.pem' }).caCertificate).toBe('/etc/milia/ca.pem');
    expect(server({ caCertificate: 'C:\\Milia\\ca.pem' }).caCertificate).toBe('C:\\Milia\\ca.pem');
    expect(server({ caCertificate: pem }).caCertificate).toBe(pem.trim());
    const base = { mode: 'server', host: 'db', database: 'milia', user: 'milia' };
    expect(issues({ connection: { ...base, caCertificate: 'ca.pem' } })).toEqual([
      {
        path: 'connection.caCertificate',
        message:
          'must be the full path of the certificate file (such as /etc/milia/practice-ca.pem) or its text, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----',
      },
    ]);
    expect(issues({ connection: { ...base, caCertificate: '-----BEGIN CERTIFICATE-----\nMIIB' } })).toEqual([
      {
        path: 'connection.caCertificate',
        message: 'must be one whole certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, as IT gave it',
      },
    ]);
    expect(issues({ connection: { ...base, sslmode: 'verify-ca' } })).toEqual([
      {
        path: 'connection.caCertificate',
        message: "is needed to check the server's certificate (verify-ca): give the practice's CA certificate, or choose verify-full",
      },
    ]);
  });

  it('build the URL the driver reads back exactly, the password whatever its characters, and show the server without it', () => {
    const password = 'p@ss:w/ord%41 ?#&=é';
    // The driver reads the certificate's file as it parses the URL.
    const dir = mkdtempSync(join(tmpdir(), 'milia-ca-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, pem);
    const c = server({ host: 'fd00::10', port: 6543, sslmode: 'verify-ca', caCertificate: caFile });
    const url = connectionUrl(c, password, caFile);
    const read = parse(url);
    expect({ host: read.host, port: read.port, database: read.database, user: read.user, password: read.password }).toEqual({
      host: 'fd00::10',
      port: '6543',
      database: 'milia',
      user: 'milia_app',
      password,
    });
    expect(new URL(url).searchParams.get('sslmode')).toBe('verify-ca');
    expect(new URL(url).searchParams.get('sslrootcert')).toBe(caFile);
    expect(read.ssl).toMatchObject({ ca: pem });
    rmSync(dir, { recursive: true });
    expect(new URL(url).searchParams.get('uselibpqcompat')).toBe('true');
    expect(shownConnection(c)).toBe('milia_app@[fd00::10]:6543/milia (TLS: verify-ca)');
    expect(shownConnection(c)).not.toContain('p@ss');
    // Unencrypted: no TLS parameter beyond the mode, and no password when none is kept.
    const plain = new URL(connectionUrl(server({ sslmode: 'disable' }), null, null));
    expect(plain.password).toBe('');
    expect([...plain.searchParams.keys()]).toEqual(['sslmode']);
  });
});

describe("the desktop's settings file", () => {
  const dirs: string[] = [];
  afterEach(() => {
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
  });
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'milia-record-'));
    dirs.push(dir);
    return dir;
  };

  it('is absent for this computer, and reads back what was written, the sealed password as bytes, owner-only', () => {
    restrictNewFiles();
    const dir = folder();
    expect(readRecordFile(dir)).toBeNull();
    const sealed = Buffer.from([0, 1, 2, 250, 251, 252]);
    writeRecordFile(dir, { connection: server(), sealedPassword: sealed });
    expect(readRecordFile(dir)).toEqual({ connection: server(), sealedPassword: sealed });
    if (process.platform !== 'win32') expect(statSync(join(dir, recordFileName)).mode & 0o077).toBe(0);
    writeRecordFile(dir, { connection: { mode: 'file' }, sealedPassword: null });
    expect(readRecordFile(dir)).toEqual({ connection: { mode: 'file' }, sealedPassword: null });
  });

  it('keeps a certificate given as text in a file beside it for the driver, and removes it when no longer given', () => {
    const dir = folder();
    const withPem = server({ caCertificate: pem });
    writeRecordFile(dir, { connection: withPem, sealedPassword: null });
    expect(caFileOf(dir, withPem)).toBe(join(dir, caFileName));
    expect(readFileSync(join(dir, caFileName), 'utf8')).toBe(pem.trim());
    const byPath = server({ caCertificate: '/etc/milia/ca.pem' });
    writeRecordFile(dir, { connection: byPath, sealedPassword: null });
    expect(caFileOf(dir, byPath)).toBe('/etc/milia/ca.pem');
    expect(() => statSync(join(dir, caFileName))).toThrow();
    expect(caFileOf(dir, server())).toBeNull();
  });

  it('refuses a file that is not JSON or not valid settings, in a sentence saying what to do', () => {
    const dir = folder();
    const file = join(dir, recordFileName);
    writeFileSync(file, '{ not json');
    expect(() => readRecordFile(dir)).toThrow(
      `The record settings in ${file} cannot be read. Delete the file to use this computer's record, then choose the practice server again in Settings → Record.`,
    );
    writeFileSync(file, JSON.stringify({ connection: { mode: 'server', host: 'db:5432', database: 'milia', user: 'milia' }, sealedPassword: null }));
    expect(() => readRecordFile(dir)).toThrow(`The record settings in ${file} are not valid.`);
    writeFileSync(file, JSON.stringify({ connection: { mode: 'file' }, sealedPassword: 12 }));
    expect(() => readRecordFile(dir)).toThrow(`The record settings in ${file} are not valid.`);
  });

  it("refuses to keep a password with Linux's plain-text backend or without a secret store, saying what to do", () => {
    expect(secretStoreRefusal('linux', true, 'basic_text')).toMatch(
      /^This computer has no keyring .* Install and unlock a keyring \(GNOME Keyring with libsecret, or KWallet\)/,
    );
    expect(secretStoreRefusal('linux', true, 'unknown')).toMatch(/^This computer has no keyring/);
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) expect(secretStoreRefusal('linux', true, backend), backend).toBeNull();
    expect(secretStoreRefusal('linux', false, 'gnome_libsecret')).toMatch(/^This computer's secret store cannot be used/);
    expect(secretStoreRefusal('win32', true, undefined)).toBeNull();
    expect(secretStoreRefusal('darwin', false, undefined)).toMatch(/^This computer's secret store cannot be used/);
  });
});

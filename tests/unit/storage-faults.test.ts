/**
 * Storage faults through the API, as the app meets them: a full disk, a read-only database
 * file and a database locked by another program each answer with a plain 'storage' message
 * (never a stack trace or an 'internal' fault), leave nothing half-written, and the save
 * works again once the fault is gone.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createHandlers, createInvoker, toEnvelopeError } from '../../src/main/api/handlers';
import { checkDatabase } from '../../src/main/check';
import { openStore, type SqliteStore as Store } from '../../src/main/db/open';
import { createServices } from '../../src/main/services';
import { parsingServices, setPracticeContact } from '../support/surface';
import type { VisitInput } from '@shared/schemas';
import { testActor as actor, testServices } from '../support/store';
import { visitPeople } from '../support/visitClinic';

const plainMessage = (message: string) => {
  expect(message).not.toMatch(/SQLITE_|\n\s+at |Error:|node_modules|\.ts:\d+/);
};

/** The API over a clinic with a patient, two clinicians and one visit. */
async function clinic() {
  const services = testServices();
  const internal: unknown[] = [];
  const invoke = createInvoker(createHandlers(services, { version: '9.9.9' }), (error) => internal.push(error));
  const s = services;
  const { okafor, nurse, zoe } = await visitPeople(s);
  /** A visit of some 60 kB: it needs many new pages, so a full disk stops it at any of its inserts. */
  const visit = (extra: Partial<VisitInput> = {}): VisitInput => ({
    patientId: zoe.id,
    date: '2026-01-15',
    clinicianId: okafor.id,
    pregnancyStatus: 'neither',
    notes: `Milia of both lids for a year. ${'Seen before; no change. '.repeat(400)}`,
    presentations: Array.from({ length: 12 }, (_, i) => ({
      type: 'primary' as const,
      site: 'upper_eyelid' as const,
      side: i % 2 === 0 ? ('left' as const) : ('right' as const),
      count: i + 1,
      notes: `Lesion group ${i + 1}. ${'Firm white papules. '.repeat(100)}`,
    })),
    treatments: [
      {
        kind: 'extraction',
        site: 'upper_eyelid',
        side: 'left',
        lesionsTreated: 6,
        anesthesia: 'none',
        consent: true,
        performedBy: okafor.id,
        notes: 'Needle. '.repeat(500),
      },
      { kind: 'topical_retinoid', site: 'cheek', side: 'right', lesionsTreated: 0, performedBy: nurse.id, details: { product: 'adapalene' } },
    ],
    followUps: [
      { dueDate: '2026-03-12', reason: 'Check clearance', status: 'scheduled' },
      { dueDate: '2026-06-12', reason: 'Review the right lid', status: 'scheduled' },
    ],
    ...extra,
  });
  await s.visits.save(actor, visit({ notes: 'The first visit.' }));
  return { s, invoke, internal, visit, zoe };
}

const tables = ['users', 'clinicians', 'patients', 'visits', 'presentations', 'treatments', 'follow_ups', 'addenda', 'settings', 'handouts', 'audit_log'];

/** Every row of the app's tables, hashed, and their counts. */
function contents(store: Store) {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = store.sqlite.prepare(`select * from ${table} order by rowid`).all();
    counts[table] = rows.length;
    hash.update(`${table}\0${JSON.stringify(rows)}\0`);
  }
  return { counts, hash: hash.digest('hex') };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a full disk', () => {
  it('stops a visit at whichever insert it strikes with a plain storage message, saving none of it; the save works once there is room', async () => {
    const { s, invoke, internal, visit } = await clinic();
    const { sqlite } = s.store;
    const before = contents(s.store);
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    const unlimited = sqlite.pragma('max_page_count', { simple: true }) as number;

    // The disk holds one more page, then two, …: each save fails further into its inserts.
    let failures = 0;
    let savedWithRoom = false;
    for (let room = 0; room < 200; room++) {
      sqlite.pragma(`max_page_count = ${pages + room}`);
      const result = await invoke(actor, 'visits.save', visit());
      if (result.ok) {
        savedWithRoom = true;
        break;
      }
      failures++;
      expect(result, `with room for ${room} pages`).toEqual({
        ok: false,
        error: { kind: 'storage', message: 'The disk is full, so nothing was saved. Free some space and try again.' },
      });
      plainMessage(result.error.message);
      expect(contents(s.store), `with room for ${room} pages`).toEqual(before);
      expect(sqlite.inTransaction).toBe(false);
    }
    // Several pages short, then just enough: the fault struck at many points of the save.
    expect(failures).toBeGreaterThan(5);
    expect(checkDatabase(s.store)).toEqual([]);
    expect(internal).toEqual([]);

    // The disk with room again: the same save goes through, whole.
    sqlite.pragma(`max_page_count = ${unlimited}`);
    const again = await invoke(actor, 'visits.save', visit());
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect([again.value.presentations.length, again.value.treatments.length, again.value.followUps.length]).toEqual([12, 2, 2]);
    const after = contents(s.store).counts;
    expect(after.visits).toBe(before.counts.visits! + (savedWithRoom ? 2 : 1));
    expect(checkDatabase(s.store)).toEqual([]);
  });

  it('answers a full disk the same way on other writes: patients and users added until the disk is full', async () => {
    const { s, invoke, internal } = await clinic();
    const { sqlite } = s.store;
    const long = (n: number) => `Ñ${String(n).padStart(6, '0')}${'ñ'.repeat(90)}`;
    const calls = [
      (n: number) =>
        invoke(actor, 'patients.create', { givenName: long(n), familyName: long(n), dateOfBirth: '1990-01-01', sex: 'male', phone: '0'.repeat(50) }),
      (n: number) =>
        invoke(actor, 'users.create', {
          username: `nurse-${n}`,
          name: long(n),
          role: 'nurse',
          password: 'a long passphrase for tests',
          clinician: { role: 'nurse' },
        }),
    ];
    for (const call of calls) {
      // No page may be added: each write fills the pages' free space until one does not fit.
      sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
      let refused = false;
      for (let n = 0; n < 1000 && !refused; n++) {
        const before = contents(s.store);
        const result = await call(n);
        if (result.ok) continue;
        refused = true;
        expect(result.error).toEqual({ kind: 'storage', message: 'The disk is full, so nothing was saved. Free some space and try again.' });
        expect(contents(s.store)).toEqual(before);
      }
      expect(refused).toBe(true);
      sqlite.pragma('max_page_count = 1073741823');
    }
    expect(checkDatabase(s.store)).toEqual([]);
    expect(internal).toEqual([]);
  });

  it('refuses to store a handout (its PDF needs new pages) plainly, keeping no part of it', async () => {
    const { s, invoke, internal } = await clinic();
    await setPracticeContact(s, actor);
    const { sqlite } = s.store;
    const visitId = sqlite.prepare('select max(id) from visits').pluck().get() as number;
    const before = contents(s.store);
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`);
    expect(await invoke(actor, 'handouts.create', { visitId })).toEqual({
      ok: false,
      error: { kind: 'storage', message: 'The disk is full, so nothing was saved. Free some space and try again.' },
    });
    expect(contents(s.store)).toEqual(before);
    sqlite.pragma('max_page_count = 1073741823');
    expect(await invoke(actor, 'handouts.create', { visitId })).toMatchObject({ ok: true, value: { visitId } });
    expect(checkDatabase(s.store)).toEqual([]);
    expect(internal).toEqual([]);
  });
});

describe('a read-only database', () => {
  it('refuses the save with a plain storage message and writes nothing: a read-only file', async () => {
    const { s, visit } = await clinic();
    const { dir, dbPath } = s;
    const visitInput = visit();
    const before = contents(s.store);
    s.store.close();
    // Closed: the WAL is folded into the file, which alone now holds the record.
    const fileBefore = sha256(dbPath);

    chmodSync(dbPath, 0o444);
    chmodSync(dir, 0o555);
    let store: Store | undefined;
    try {
      let writable = true;
      try {
        closeSync(openSync(dbPath, 'r+'));
      } catch {
        writable = false;
      }
      if (writable) {
        // Running as root (or with CAP_DAC_OVERRIDE): chmod does not stop this process from
        // writing, so a read-only connection stands in for the read-only file here. As
        // another user the branch below runs: the app's own open is refused (SQLite's
        // SQLITE_READONLY), and that error too is a plain 'storage' message.
        store = openStore(dbPath, { readonly: true });
      } else {
        try {
          store = openStore(dbPath);
        } catch (error) {
          expect(toEnvelopeError(error)).toEqual({ ok: false, error: { kind: 'storage', message: expect.stringMatching(/read-only/) } });
        }
      }
      if (store) {
        const internal: unknown[] = [];
        const invoke = createInvoker(createHandlers(parsingServices(createServices(store)), { version: '9.9.9' }), (error) => internal.push(error));
        for (const [name, input] of [
          ['visits.save', visitInput],
          ['patients.create', { givenName: 'Per', familyName: 'Lindqvist', dateOfBirth: '1990-01-01', sex: 'male' }],
          ['settings.update', { practiceName: 'Milia Clinic' }],
        ] as const) {
          const result = await invoke(actor, name, input);
          expect(result, name).toEqual({
            ok: false,
            error: { kind: 'storage', message: 'The database file is read-only, so nothing was saved. Ask IT to check its permissions.' },
          });
        }
        // Reading goes on as usual.
        expect(await invoke(actor, 'clinicians.list', {})).toMatchObject({ ok: true, value: [{}, {}] });
        expect(internal).toEqual([]);
        expect(contents(store)).toEqual(before);
      }
    } finally {
      store?.close();
      chmodSync(dir, 0o755);
      chmodSync(dbPath, 0o644);
    }
    expect(sha256(dbPath)).toBe(fileBefore);
    const reopened = openStore(dbPath);
    try {
      expect(contents(reopened)).toEqual(before);
      expect(checkDatabase(reopened)).toEqual([]);
    } finally {
      reopened.close();
    }
  });
});

describe('a locked database', () => {
  it('answers "busy" plainly while another connection holds the write lock, saving nothing, and saves once it is released', async () => {
    const { s, invoke, internal, visit, zoe } = await clinic();
    const before = contents(s.store);
    s.store.sqlite.pragma('busy_timeout = 100');
    // Another program (a backup tool, a second copy of the app) in the middle of its own write.
    const other = new Database(s.dbPath);
    try {
      other.exec('begin exclusive');
      other.prepare("insert into settings (key, value) values ('other program', '1')").run();

      const result = await invoke(actor, 'visits.save', visit());
      expect(result).toEqual({ ok: false, error: { kind: 'storage', message: 'The database is busy with another task. Try again in a moment.' } });
      // The connection's own wait for the lock is kept (how long it takes is the bench's business).
      expect(s.store.sqlite.pragma('busy_timeout', { simple: true })).toBe(100);
      for (const [name, input] of [
        ['patients.create', { givenName: 'Per', familyName: 'Lindqvist', dateOfBirth: '1990-01-01', sex: 'male' }],
        ['followUps.cancel', { id: 1 }],
      ] as const) {
        expect(await invoke(actor, name, input), name).toMatchObject({ ok: false, error: { kind: 'storage', message: expect.stringMatching(/busy/) } });
      }
      // Reading goes on meanwhile (WAL): the statistics still show. A chart is not shown without
      // its audit line, which must wait for the lock like any write.
      expect(await invoke(actor, 'stats.summary', { from: '2026-01-01', to: '2026-12-31' })).toMatchObject({ ok: true, value: { visits: 1 } });
      expect(await invoke(actor, 'chart.get', { id: zoe.id })).toEqual({
        ok: false,
        error: { kind: 'storage', message: 'The database is busy with another task. Try again in a moment.' },
      });
      expect(contents(s.store)).toEqual(before);
    } finally {
      other.exec('rollback');
      other.close();
    }
    expect(contents(s.store)).toEqual(before);

    const saved = await invoke(actor, 'visits.save', visit());
    expect(saved.ok).toBe(true);
    expect(contents(s.store).counts.visits).toBe(before.counts.visits! + 1);
    expect(checkDatabase(s.store)).toEqual([]);
    expect(internal).toEqual([]);
  });

  it('answers "busy" when the lock is held by another process', async () => {
    const { s, invoke, internal, visit } = await clinic();
    const before = contents(s.store);
    s.store.sqlite.pragma('busy_timeout = 100');
    // A plain Node process holding BEGIN IMMEDIATE until its standard input closes.
    const script = `
      const Database = require(${JSON.stringify(join(__dirname, '..', '..', 'node_modules', 'better-sqlite3'))});
      const db = new Database(${JSON.stringify(s.dbPath)});
      db.exec('begin immediate');
      process.stdout.write('locked\\n');
      process.stdin.resume();
      process.stdin.on('end', () => { db.exec('rollback'); db.close(); process.exit(0); });`;
    const holder = spawn(process.execPath, ['-e', script]);
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', () => resolve());
        holder.on('exit', (code) => reject(new Error(`the lock holder ended (${code})`)));
      });
      const result = await invoke(actor, 'visits.save', visit());
      expect(result).toEqual({ ok: false, error: { kind: 'storage', message: 'The database is busy with another task. Try again in a moment.' } });
      expect(contents(s.store)).toEqual(before);
    } finally {
      holder.stdin.end();
      await new Promise((resolve) => (holder.exitCode !== null ? resolve(null) : holder.on('exit', resolve)));
    }
    expect(await invoke(actor, 'visits.save', visit())).toMatchObject({ ok: true });
    expect(checkDatabase(s.store)).toEqual([]);
    expect(internal).toEqual([]);
  });
});

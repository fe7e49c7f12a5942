/**
 * The audit trail's export (auditExport/) on a real record, SQLite file or practice server: the
 * events of one snapshot, read without the record's write lock, so another workstation's save
 * goes on meanwhile and is not in the file; the same CSV whether it is written into its place
 * as it is made or handed over as bytes; audited once made and before it is saved; and a file
 * that cannot be written is no export. The worker thread's way is in workers.test.ts and
 * save-dialog.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@shared/audit';
import { auditCsvPieces } from '../../src/main/auditExport/csv';
import { ExportStash } from '../../src/main/browser/exports';
import { composeApp } from '../../src/main/compose';
import type { AuditFilter, ReadTx, Store } from '../../src/main/db/records';
import { placeFilled } from '../../src/main/files/durable';
import { csvOptions } from '../../src/main/files/spreadsheetCsv';
import type { SaveTarget } from '../../src/main/files/saveTarget';
import { admin, csvHeader, csvRows, history, manyReads } from '../support/auditHistory';
import { anotherWorkstation, engineServices, rawSql } from '../support/engine';
import { tempDir, testActor as actor } from '../support/store';

/** More events than the CSV makes in one slice (5,000), so that the rows are read across turns. */
const added = 5200;
const everything = { from: '2000-01-01', to: '2099-12-31' };
const everythingFilter: AuditFilter = { from: everything.from, before: `${everything.to}T24` };

/** The four known rows of `history`, then `added` reads by Per, appended in one unit. */
async function trail() {
  const s = engineServices();
  await history(s.store);
  await manyReads(s.store, added);
  return s;
}

/** The trail as CSV, written here from its rows in SQL: newest first, Per's reads, then `history`'s four. */
async function expectedCsv(store: Store): Promise<string> {
  const reads = await rawSql(store).all<{ id: number; at: string; patient_id: number }>(
    'select id, at, patient_id from audit_log where id > 4 order by at desc, id desc',
  );
  const lines = reads.map((r) => `${r.id},${r.at},Per Lindqvist (nurse),per,nurse,browser,read,${r.patient_id},patient,${r.patient_id},ok,row ${r.patient_id}`);
  return [`\ufeff${csvHeader}`, ...lines, ...csvRows, ''].join('\r\n');
}

/**
 * The store, its audit reads pausing for `during` once an export has counted its events (its
 * snapshot taken) and before it reads them, in whatever unit the export reads them.
 */
function pausingAfterCount(store: Store, during: () => Promise<void>): Store {
  const pausing = <Tx extends { audit: Pick<ReadTx['audit'], 'each'> }>(tx: Tx): Tx =>
    new Proxy(tx, {
      get: (target, key) =>
        key !== 'audit'
          ? Reflect.get(target, key)
          : {
              ...target.audit,
              async each(filter: AuditFilter) {
                const events = await target.audit.each(filter);
                await during();
                return events;
              },
            },
    });
  const { records } = store;
  return {
    ...store,
    records: {
      ...records,
      read: (work) => records.read((tx) => work(pausing(tx))),
      audited: (work) => records.audited((tx) => work(pausing(tx))),
      write: (work) => records.write((tx) => work(pausing(tx))),
    },
  };
}

/** A target as the desktop app's: the file written beside `path` as it is made, then put there. */
const fileTarget = (path: string): SaveTarget => ({
  save: () => Promise.reject(new Error('The desktop target is filled, never handed bytes.')),
  saveFilled: async (fill) => placeFilled(path, fill).then(() => ({ savedTo: path, url: null })),
});

describe("the audit trail's export", () => {
  it('reads one snapshot without holding a save back, writes it whole either way, and is audited before it is saved', async () => {
    const s = await trail();
    const sql = rawSql(s.store);
    const exportLines = () => sql.column<string>("select detail from audit_log where action = 'export' and entity = 'audit' order by id");
    const expected = await expectedCsv(s.store);
    const other = anotherWorkstation(s);
    const meanwhile: string[][] = [];
    let mrn = 0;
    const store = pausingAfterCount(s.store, async () => {
      // Read under the record's write lock, the trail would keep this save waiting until it failed.
      await other.patients.create(actor, { mrn: `AX-${++mrn}`, givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1965-12-10', sex: 'female' });
      meanwhile.push(await exportLines());
    });

    // The browser mode's way: bytes handed over once the line is written.
    const stash = new ExportStash();
    const browser = composeApp(store, { version: 'test', shells: { files: stash } });
    const handed = await browser.invoke(admin, 'audit.export', everything);
    expect(handed).toEqual({
      ok: true,
      value: {
        saved: { rows: added + 4, fileName: 'milia-audit-2000-01-01-to-2099-12-31.csv', savedTo: null, url: expect.stringMatching(/^\/exports\/.+\.csv$/) },
      },
    });
    const found = stash.lookup(handed.ok ? handed.value.saved!.url! : '');
    if (found.kind !== 'found') throw new Error(found.kind);
    expect(found.bytes.toString('utf8')).toBe(expected);

    // The desktop app's way: written into its place as it is made; the same file, and the first export's line and the second save not in it.
    const path = join(tempDir(), 'trail.csv');
    const desktop = composeApp(store, { version: 'test', shells: { files: { chooseTarget: async () => fileTarget(path) } } });
    const filled = await desktop.invoke(admin, 'audit.export', everything);
    expect(filled).toEqual({ ok: true, value: { saved: { rows: added + 6, fileName: 'milia-audit-2000-01-01-to-2099-12-31.csv', savedTo: path, url: null } } });
    const lines = readFileSync(path, 'utf8').split('\r\n');
    expect(lines).toHaveLength(added + 8);
    expect(lines.slice(3).join('\r\n')).toBe(expected.split('\r\n').slice(1).join('\r\n'));
    expect(lines[1]).toMatch(/^5206,[^,]+,Ines Admin \(admin\),ines,admin,desktop,export,,audit,,ok,"csv, 2000-01-01 to 2099-12-31: 5204 events"$/);
    expect(lines[2]).toMatch(/^5205,[^,]+,Test Runner \(command line\),Test Runner,system,cli,create,1,patient,1,ok,$/);

    // Both saves went on while the trail was read, and no line came before its export was made.
    expect(await sql.value("select count(*) from patients where mrn like 'AX-%'")).toBe(2);
    expect(meanwhile).toEqual([[], ['csv, 2000-01-01 to 2099-12-31: 5204 events']]);
    expect(await exportLines()).toEqual(['csv, 2000-01-01 to 2099-12-31: 5204 events', 'csv, 2000-01-01 to 2099-12-31: 5206 events']);
  });

  it('leaves no file and no line when the file cannot be written, and a trail left part read holds nothing back', async () => {
    const s = await trail();
    const sql = rawSql(s.store);
    const newest = () => sql.value<number>('select max(id) from audit_log');
    const before = await newest();
    // A full disk: every write to /dev/full fails with ENOSPC.
    const full: SaveTarget = {
      save: () => Promise.reject(new Error('unused')),
      saveFilled: async (fill) => (await fill('/dev/full'), { savedTo: '/dev/full', url: null }),
    };
    const app = composeApp(s.store, { version: 'test', shells: { files: { chooseTarget: async () => full } } });
    expect(await app.invoke(admin, 'audit.export', everything)).toEqual({
      ok: false,
      error: { kind: 'storage', message: 'The disk is full, so the file was not written. Free some space and try again.' },
    });
    expect(await newest()).toBe(before);

    // Stopped after its first slice of rows, the read ends, and the record takes writes again at once.
    const stopped = s.store.records.read(async (tx) => {
      let pieces = 0;
      for await (const piece of auditCsvPieces(await tx.audit.each(everythingFilter), { bom: true })) {
        if (++pieces === 2 && piece.length > 0) throw new Error('ENOSPC: no space left on device, write');
      }
    });
    await expect(stopped).rejects.toThrow('ENOSPC: no space left on device, write');
    await s.patients.create(actor, { givenName: 'Grace', familyName: 'Hopper', dateOfBirth: '1906-12-09', sex: 'female' });
    expect(await newest()).toBe(before! + 1);
  });
});

describe('the audit CSV', () => {
  // Characters that a CSV must quote, escape or guard, a terminal would run, or a reader would trim, and plain ones.
  const unit = fc.constantFrom(
    'a',
    'Z',
    '0',
    ' ',
    '\t',
    ',',
    '"',
    "'",
    '\r',
    '\n',
    '=',
    '+',
    '-',
    '@',
    '\0',
    '\u001b',
    'é',
    '😀',
    '\u00a0',
    '\u2028',
    '\ufeff',
  );
  const text = fc.string({ unit, maxLength: 6 });
  // Few values, as names, roles and actions are, so that cells written once are met again.
  const few = fc.constantFrom('', 'Ines Admin (admin)', '=cmd', ' ines', 'read', 'a,b', 'say "hi"');
  const event = fc.record({
    id: fc.integer({ min: 1, max: 2 ** 40 }),
    at: fc.oneof(text, fc.constant('2026-04-01T00:00:00.000Z')),
    userId: fc.constant(null),
    username: few,
    actor: fc.oneof(few, text),
    role: few,
    surface: fc.constantFrom('', 'desktop', 'browser', 'cli') as fc.Arbitrary<AuditEvent['surface']>,
    action: few,
    patientId: fc.option(fc.integer({ min: 1, max: 2 ** 40 })),
    entity: few,
    entityId: fc.option(fc.integer({ min: 1, max: 2 ** 40 })),
    outcome: fc.constantFrom('ok', 'forbidden') as fc.Arbitrary<AuditEvent['outcome']>,
    detail: text,
  });
  const record = (e: AuditEvent) => [
    e.id,
    e.at,
    e.actor,
    e.username,
    e.role,
    e.surface,
    e.action,
    e.patientId ?? '',
    e.entity,
    e.entityId ?? '',
    e.outcome,
    e.detail,
  ];
  const header = ['row', 'time (UTC)', 'user', 'username', 'role', 'surface', 'action', 'patient id', 'record', 'record id', 'outcome', 'detail'];

  it('is, byte for byte, what csv-stringify writes for the whole records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 12 }), async (events) => {
        const pieces: Buffer[] = [];
        for await (const piece of auditCsvPieces(events, { bom: true })) pieces.push(piece);
        expect(Buffer.concat(pieces).toString('utf8')).toBe(stringify([header, ...events.map(record)], { ...csvOptions, bom: true }));
      }),
      { numRuns: 400 },
    );
  });
});

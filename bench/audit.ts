/**
 * Audit trail cases, over a scratch database of their own: verifying a chain of a million rows
 * (ten years of a busy practice: some 400 events a working day) as `check` walks it, beside a
 * hand-written walk of the same rows (raw rows, one SHA-256 each) in the same run, and as the
 * app walks it at start-up, in slices between other work; the whole trail exported as CSV into
 * a file, as the desktop app's worker thread writes it. Then one sign-in's password work at
 * the production Argon2id cost: hashing a new password, and checking one.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditCsvInto } from '../src/main/auditExport/exportFile';
import { openStore } from '../src/main/db/open';
import { createTemporary } from '../src/main/files/durable';
import { ChainWalk, genesis, sealValues, sealedColumns } from '../src/main/db/records/auditChain';
import { walkChain } from '../src/main/db/records/sqlite/auditTrail';
import { createServices } from '../src/main/services';
import { passwords, productionCost } from '../src/main/services/passwords';
import { measureAsync, type Case } from './measure';

const actions = ['read', 'read', 'read', 'search', 'update', 'create', 'print', 'sign', 'sign_in', 'sign_out'];
const roles = ['dermatologist', 'nurse', 'nurse', 'manager', 'admin'];
const surfaces = ['desktop', 'desktop', 'browser', 'cli'];

/** `rows` sealed rows in one transaction, ten years of them, as the app seals them (the triggers allow inserts of sealed rows). */
function buildTrail(sqlite: import('better-sqlite3').Database, rows: number): void {
  const insert = sqlite.prepare(`insert into audit_log (${sealedColumns.join(', ')}, hash) values (${sealedColumns.map(() => '?').join(', ')}, ?)`);
  const start = Date.parse('2016-01-04T08:00:00Z');
  const step = (10 * 365 * 86_400_000) / rows;
  sqlite
    .transaction(() => {
      let previous = genesis;
      for (let id = 1; id <= rows; id++) {
        const user = id % 12;
        const role = roles[user % roles.length]!;
        const patient = (id * 7919) % 20_000;
        const values = [
          id,
          new Date(start + Math.floor(id * step)).toISOString(),
          `User ${user} (${role})`,
          actions[id % actions.length]!,
          'visit',
          id % 150_000,
          id % 10 === 3 ? `query ${patient}` : '',
          user + 1,
          `user${user}`,
          role,
          surfaces[id % surfaces.length]!,
          patient,
          'ok',
        ];
        previous = sealValues(previous, values);
        insert.run(...values, previous);
      }
    })
    .immediate();
}

/** The same walk written by hand: every row's seal recomputed from the one before. */
function rawWalk(sqlite: import('better-sqlite3').Database): number {
  let previous = genesis;
  let rows = 0;
  for (const row of sqlite
    .prepare(`select ${sealedColumns.join(', ')}, hash from audit_log order by id`)
    .raw()
    .iterate() as IterableIterator<unknown[]>) {
    const hash = row.pop() as string;
    if (
      createHash('sha256')
        .update(`${previous}\n${JSON.stringify(row)}`)
        .digest('hex') !== hash
    )
      throw new Error(`row ${String(row[0])} is broken`);
    previous = hash;
    rows++;
  }
  return rows;
}

export async function benchAudit(rows: number, samples: number) {
  const dir = mkdtempSync(join(tmpdir(), 'milia-bench-audit-'));
  const store = openStore(join(dir, 'audit.db'), { create: true });
  try {
    const { sqlite } = store;
    const t0 = performance.now();
    buildTrail(sqlite, rows);
    console.error(`built an audit trail of ${rows} sealed rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const cases: Record<string, Case> = {};
    const key = 'audit_verify_1m_rows';
    cases[key] = await measureAsync(async () => {
      const walk = new ChainWalk();
      walkChain(sqlite, walk);
      if (walk.problem !== null || walk.rows !== rows) throw new Error(walk.problem ?? `${walk.rows} rows walked`);
    }, samples);
    cases[`${key}_raw_sql`] = await measureAsync(async () => rawWalk(sqlite), samples);
    // As start-up does it: a fresh service each time, since it verifies once per open database.
    cases[`${key}_in_slices`] = await measureAsync(async () => {
      const verified = await createServices(store).audit.verification();
      if (verified.problem !== null) throw new Error(verified.problem);
    }, samples);

    // The whole trail exported as the desktop app's worker thread writes it: read as it is written into a file, its size with it.
    let size = 0;
    const exported = await measureAsync(
      async () => {
        ({ size } = await auditCsvInto(store.records, { from: '2000-01-01', before: '2099-12-31T24' }, createTemporary(join(dir, 'trail.csv'))));
      },
      Math.min(samples, 3),
    );
    cases.audit_export_csv_1m_rows_into_file = { ...exported, file_mb: Number((size / 1e6).toFixed(1)) } as Case;

    const hashing = passwords(productionCost);
    const stored = await hashing.hash('correct horse battery staple');
    cases.password_hash_production_cost = await measureAsync(() => hashing.hash('correct horse battery staple'), samples);
    cases.sign_in_password_check_production_cost = await measureAsync(async () => {
      if (!(await hashing.verify('correct horse battery staple', stored))) throw new Error('the password did not verify');
    }, samples);

    const ratios = { [key]: { case: key, baseline: `${key}_raw_sql`, value: Number((cases[key]!.median_ms / cases[`${key}_raw_sql`]!.median_ms).toFixed(2)) } };
    return { cases, ratios };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

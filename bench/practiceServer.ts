/**
 * `npm run bench -- --practice-server [--patients N] [--workstations 1,5,20] [--iterations N] [--think MS] [--out FILE]`:
 * the practice server's load test (issue 16, item 6). A throw-away cluster on the loopback
 * (tests/support/pgCluster.ts), or the server MILIA_TEST_PG_URL names, gets a new database; the
 * practice is seeded into a SQLite file by the bench's own seeding (bench/growth.ts) and copied
 * into the server (tests/support/pgCopy.ts) in one transaction, its statistics roll-ups deferred
 * and caught up once. Then for each N, N workstations (bench/workstation.ts, separate Node
 * processes, each its own pool and signed-in users) run a clinic day's mix at once: each
 * workstation's manager reads the summary once, at a point of the day of its own, and the
 * office's (the first workstation's) makes the day's statistics export; p50/p95 of each call
 * per N, and the conflicts detected on the shared drafts. Each workstation pauses about
 * `--think` ms before each call (default 200: a person at a workstation makes a call every few
 * seconds at most, so this is still a busier day than any practice's); `--think 0` runs the
 * calls back to back, a stress test of what two cores can serve, not a practice's day. The
 * same mix runs once in a single process over the SQLite file for its figures. At the end
 * every acknowledged write is checked against the server: present exactly once, nothing
 * unacknowledged, and the audit chain walked whole.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Client, type Pool } from 'pg';
import { systemActor } from '@shared/permissions';
import { today as currentDay } from '@shared/calendar';
import { foldText } from '@shared/text';
import { parseInput } from '../src/main/api/handlers';
import { openStore } from '../src/main/db/open';
import * as pgSchema from '../src/main/db/pg/schema';
import { openServerStore, type ServerStore } from '../src/main/db/records/pg';
import { statsRepository } from '../src/main/db/records/pg/statsReads';
import { ChainWalk } from '../src/main/db/records/auditChain';
import { createServices, type Services } from '../src/main/services';
import { copyToServer } from '../tests/support/pgCopy';
import { startPgCluster } from '../tests/support/pgCluster';
import { testPasswordCost } from '../tests/support/passwords';
import { grow } from './growth';
import type { Case } from './measure';
import { benchVisit, type FromWorkstation, type ToWorkstation, type WorkstationAcks, type WorkstationPlan, type WorkstationResult } from './workstation';

export interface PracticeServerOptions {
  patients: number;
  workstations: number[];
  iterations: number;
  /** The mean pause before each call of a workstation, in ms. */
  thinkMs: number;
  /** A superuser URL; a throw-away cluster is started when left out (and MILIA_TEST_PG_URL names none). */
  serverUrl?: string;
  /** No statistics export (`--skip-export`): to tell what the export, seconds of reading, costs the other calls. */
  skipExport?: boolean;
  /** Skips the single-process run over the SQLite file. */
  skipSqlite?: boolean;
  /** For the test of the verifier: one acknowledged write lost, or one unacknowledged write added, before verification. */
  tamper?: 'lose' | 'extra';
  log?: (line: string) => void;
}

/** The targets of issue 16's Performance section, by case, at the largest N (20 workstations). */
export const targets: Record<string, number> = { search: 10, chart: 15, save: 20, stats_summary_all_years: 300 };

const actor = systemActor('bench', 'cli');
const password = 'workstation bench password';

function summarise(times: number[]): Case {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (x: number) => Number(x.toFixed(3));
  return { median_ms: round(at(0.5)), p95_ms: round(at(0.95)), samples: sorted.length };
}

const withDatabase = (url: string, name: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

async function admin(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The SQLite file's record into the server in one transaction: the signed-visit refusals off for the copy, the roll-ups deferred and caught up. */
async function copyPractice(file: string, pool: Pool): Promise<void> {
  const source = openStore(file);
  const client = await pool.connect();
  try {
    await client.query('begin');
    const refusals = ['presentations', 'treatments'].map((table) => `alter table ${table} disable trigger ${table}_signed`);
    for (const text of refusals) await client.query(text);
    const db = drizzle(client, { schema: pgSchema });
    await statsRepository(db).withRollupsDeferred(() => copyToServer(source.sqlite, db));
    for (const text of refusals) await client.query(text.replace('disable', 'enable'));
    await client.query('commit');
    await client.query('analyze');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
    source.close();
  }
}

interface Setup {
  users: WorkstationPlan['users'][];
  shared: (WorkstationPlan['shared'] & object)[];
  queries: string[];
  patients: number[];
  followUps: number[];
  statsPeriod: { from: string; to: string };
}

/** Users for `count` workstations, the practice's contact for handouts, one shared draft per pair, and what the workstations act on. */
async function setUp(services: Services, count: number, rows: <T>(text: string) => Promise<T[]>, tag: string): Promise<Setup> {
  const settings = await services.settings.read();
  await services.settings.update(actor, parseInput('settings.update', { ...settings, practiceName: 'Bench Dermatology', phone: '+44 20 7946 0000' }));
  const users: Setup['users'] = [];
  const clinicians: number[] = [];
  for (let w = 0; w < count; w++) {
    const made = {} as WorkstationPlan['users'];
    for (const role of ['dermatologist', 'nurse', 'manager'] as const) {
      const username = `ws${w}-${role}-${tag}`;
      const user = await services.users.create(
        actor,
        parseInput('users.create', { username, name: `Workstation ${w} ${role}`, role, password, clinician: role === 'manager' ? null : { role } }),
      );
      if (role === 'dermatologist') clinicians.push(user.clinician!.id);
      made[role] = { username, password };
    }
    users.push(made);
  }
  const people = await rows<{ id: number; given_name: string; family_name: string; mrn: string }>(
    `select id, given_name, family_name, mrn from patients where id % 40 = 7 and archived_at is null and date_of_birth < '1995-01-01' order by id limit 400`,
  );
  const queries = people.flatMap((p, i) => (i % 2 === 0 ? [foldText(p.family_name).slice(0, 3)] : [p.mrn.toLowerCase()])).filter((q) => q.length >= 2);
  const patients = people.map((p) => p.id);
  const today = currentDay();
  const followUps = (
    await rows<{ id: number }>(
      `select f.id from follow_ups f join visits v on v.id = f.visit_id where f.status = 'scheduled' and v.date <= '${today}' order by f.id desc limit 5000`,
    )
  ).map((r) => r.id);
  const shared: Setup['shared'] = [];
  for (let pair = 0; pair * 2 + 1 < count; pair++) {
    const patientId = patients[pair % patients.length]!;
    const clinicianId = clinicians[pair * 2]!;
    const visit = await services.visits.save(
      actor,
      parseInput('visits.save', benchVisit(patientId, today, clinicianId, `shared draft ${pair} ${tag}`, `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`)),
    );
    shared.push({ visitId: visit.id, patientId, clinicianId, date: today });
  }
  const [span] = await rows<{ from: string; to: string }>(`select min(date) as "from", max(date) as "to" from visits`);
  return { users, shared, queries, patients, followUps, statsPeriod: span! };
}

interface RunResult {
  workstations: number;
  wallSeconds: number;
  cases: Record<string, Case>;
  conflicts: number;
  errors: string[];
  acks: WorkstationAcks[];
}

/** N workstation processes at once, each with its plan; resolves when all are done. */
async function runWorkstations(plans: WorkstationPlan[], log: (line: string) => void): Promise<RunResult> {
  const children: ChildProcess[] = [];
  const results: WorkstationResult[] = [];
  const opened = new Map<string, Set<number>>();
  const pairOf = (index: number) => Math.floor(index / 2);
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      let ready = 0;
      let done = 0;
      for (const plan of plans) {
        const child = fork(join(__dirname, 'workstation.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        const tell = (message: ToWorkstation) => child.send(message);
        child.on('message', (message: FromWorkstation) => {
          if (message.type === 'ready' && ++ready === plans.length) {
            for (const c of children) c.send({ type: 'start' } satisfies ToWorkstation);
          } else if (message.type === 'opened') {
            // Both of a pair have opened the draft: both save over the same version.
            const key = `${pairOf(plan.index)}:${message.round}`;
            const seen = opened.get(key) ?? new Set<number>();
            seen.add(plan.index);
            opened.set(key, seen);
            if (seen.size === 2)
              for (const i of seen) children[plans.findIndex((p) => p.index === i)]!.send({ type: 'go', round: message.round } satisfies ToWorkstation);
          } else if (message.type === 'done') {
            results.push(message.result);
            if (++done === plans.length) resolve();
          } else if (message.type === 'failed') reject(new Error(`workstation ${plan.index}: ${message.error}`));
        });
        child.on('exit', (code) => {
          if (code !== 0 && code !== null) reject(new Error(`workstation ${plan.index} ended with ${code}`));
        });
        tell({ type: 'plan', plan });
      }
    });
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const merged: Record<string, number[]> = {};
  for (const r of results) for (const [name, list] of Object.entries(r.times)) (merged[name] ??= []).push(...list);
  const cases = Object.fromEntries(Object.entries(merged).map(([name, list]) => [name, summarise(list)]));
  const conflicts = results.reduce((n, r) => n + r.conflicts, 0);
  const errors = results.flatMap((r) => r.errors.map((e) => `ws${r.index}: ${e}`));
  log(`  ${plans.length} workstation(s): ${wallSeconds.toFixed(1)} s, ${conflicts} conflicts detected, ${errors.length} errors`);
  return { workstations: plans.length, wallSeconds, cases, conflicts, errors, acks: results.map((r) => r.acks) };
}

export interface Verification {
  ok: boolean;
  problems: string[];
  checked: Record<string, number>;
}

/**
 * Every acknowledged write on the server exactly once, nothing unacknowledged, and the audit
 * chain whole. `since` is the newest audit row before the workstations started; `allotted`
 * the follow-ups any workstation was given.
 */
export async function verify(store: ServerStore, acks: WorkstationAcks[], since: number, allotted: number[], completedBefore: number): Promise<Verification> {
  const problems: string[] = [];
  const pool = store.pool;
  const q = async <T>(text: string, values: unknown[] = []): Promise<T[]> => (await pool.query(text, values)).rows as T[];
  const all = <K extends keyof WorkstationAcks>(k: K): WorkstationAcks[K] => acks.flatMap((a) => a[k] as unknown[]) as WorkstationAcks[K];
  const visits = all('visits');
  const signed = all('signed');
  const handouts = all('handouts');
  const followUps = all('followUps');
  const shared = all('shared');
  const exports = all('exports');

  const differ = (what: string, expected: Map<string, number>, found: Map<string, number>) => {
    for (const [k, n] of expected)
      if ((found.get(k) ?? 0) !== n) problems.push(`${what} ${k}: acknowledged ${n} time(s), present ${found.get(k) ?? 0} time(s)`);
    for (const [k, n] of found) if (!expected.has(k)) problems.push(`${what} ${k}: present ${n} time(s), never acknowledged`);
  };
  const tally = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };

  // Visits: each acknowledged key once, with its id and notes; no bench visit that was not acknowledged.
  const storedVisits = await q<{ id: number; key: string; notes: string; signed: boolean }>(
    `select id, key, notes, signed_at is not null as signed from visits where notes like 'bench ws%'`,
  );
  differ('visit', tally(visits.map((v) => `${v.key} #${v.id} "${v.notes}"`)), tally(storedVisits.map((v) => `${v.key} #${v.id} "${v.notes}"`)));
  differ('signed visit', tally(signed.map(String)), tally(storedVisits.filter((v) => v.signed).map((v) => String(v.id))));

  // Handouts of the bench's visits: each acknowledged one, with its hash.
  const storedHandouts = await q<{ id: number; sha256: string; visit_id: number }>(
    `select h.id, h.sha256, h.visit_id from handouts h join visits v on v.id = h.visit_id where v.notes like 'bench ws%'`,
  );
  differ(
    'handout',
    tally(handouts.map((h) => `#${h.id} visit ${h.visitId} ${h.sha256}`)),
    tally(storedHandouts.map((h) => `#${h.id} visit ${h.visit_id} ${h.sha256}`)),
  );

  // Follow-ups: among those allotted, completed exactly the acknowledged; none other completed since.
  const completed = await q<{ id: number }>(`select id from follow_ups where status = 'completed' and id = any($1::int[])`, [allotted]);
  differ('completed follow-up', tally(followUps.map(String)), tally(completed.map((r) => String(r.id))));
  const [total] = await q<{ n: number }>(`select count(*)::int as n from follow_ups where status = 'completed'`);
  if (total!.n !== completedBefore + followUps.length)
    problems.push(`follow-ups completed: ${completedBefore} before and ${followUps.length} acknowledged, ${total!.n} now`);

  // Shared drafts: each ends as its newest acknowledged save.
  const byDraft = new Map<number, (typeof shared)[number]>();
  for (const s of shared) if (!byDraft.has(s.visitId) || byDraft.get(s.visitId)!.updatedAt < s.updatedAt) byDraft.set(s.visitId, s);
  for (const [id, newest] of byDraft) {
    const [row] = await q<{ notes: string; updated_at: string }>(`select notes, updated_at from visits where id = $1`, [id]);
    if (row?.notes !== newest.notes) problems.push(`shared draft ${id}: holds "${row?.notes}", its newest acknowledged save was "${newest.notes}"`);
  }

  // The audit lines of the writes since the workstations started: one per acknowledged write, none other.
  const lines = await q<{ action: string; entity: string; entity_id: number | null; username: string; detail: string }>(
    `select action, entity, entity_id, username, detail from audit_log where id > $1 and outcome = 'ok'
       and ((action in ('create', 'update', 'sign') and entity in ('visit', 'handout')) or (action = 'completed' and entity = 'follow_up')
            or (action = 'export' and entity = 'statistics'))`,
    [since],
  );
  const expectedLines = [
    ...visits.map((v) => `create visit ${v.id}`),
    ...shared.map((s) => `update visit ${s.visitId}`),
    ...signed.map((id) => `sign visit ${id}`),
    ...handouts.map((h) => `create handout ${h.id}`),
    ...followUps.map((id) => `completed follow_up ${id}`),
    ...exports.map((e) => `export statistics by ${e.username}`),
  ];
  const foundLines = lines.map((l) => (l.entity === 'statistics' ? `export statistics by ${l.username}` : `${l.action} ${l.entity} ${l.entity_id}`));
  differ('audit line', tally(expectedLines), tally(foundLines));

  // The chain, walked whole as the audit service verifies it.
  const walk = new ChainWalk();
  while (await store.records.read((tx) => tx.audit.walk(walk, 20_000)));
  if (walk.problem !== null) problems.push(`audit chain: ${walk.problem}`);

  return {
    ok: problems.length === 0,
    problems,
    checked: {
      visits: visits.length,
      signed: signed.length,
      handouts: handouts.length,
      followUps: followUps.length,
      sharedSaves: shared.length,
      exports: exports.length,
      auditLines: expectedLines.length,
      auditRows: walk.rows,
    },
  };
}

export interface PracticeServerReport {
  dataset: Record<string, number | string>;
  cases: Record<string, Case>;
  ratios: Record<string, { case: string; baseline: string; value: number }>;
  practiceServer: {
    /** The mean pause of a workstation before each call, in ms. */
    thinkMs: number;
    runs: Record<string, { wallSeconds: number; conflicts: number; errors: string[]; cases: Record<string, Case> }>;
    sqlite?: Record<string, Case>;
    targets: Record<string, { p95_below_ms: number; at_workstations: number; p95_ms: number | null; met: boolean | null }>;
    verification: Verification;
  };
}

export async function benchPracticeServer(options: PracticeServerOptions): Promise<PracticeServerReport> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = mkdtempSync(join(tmpdir(), 'milia-bench-ps-'));
  const given = options.serverUrl ?? process.env.MILIA_TEST_PG_URL;
  const cluster = given ? undefined : await startPgCluster();
  const superUrl = given ?? cluster!.url;
  const name = `bench_${randomBytes(6).toString('hex')}`;
  let store: ServerStore | undefined;
  try {
    await admin(superUrl, `create database "${name}"`);
    const url = withDatabase(superUrl, name);
    store = await openServerStore(url);
    const pool = store.pool;

    // The practice: seeded into SQLite by the bench's seeding, then copied into the server.
    const file = join(dir, 'practice.db');
    const t0 = performance.now();
    const sqlite = openStore(file, { create: true });
    await grow(sqlite.records, actor, options.patients);
    sqlite.close();
    const seedSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await copyPractice(file, pool);
    const copySeconds = (performance.now() - t1) / 1000;
    const count = async (table: string) => Number((await pool.query(`select count(*) as n from ${table}`)).rows[0].n);
    const dataset = {
      patients: await count('patients'),
      visits: await count('visits'),
      treatments: await count('treatments'),
      followUps: await count('follow_ups'),
      seedSeconds: Number(seedSeconds.toFixed(1)),
      copySeconds: Number(copySeconds.toFixed(1)),
      builtThrough: 'seeded into SQLite by the importer (bench/growth.ts), copied with copyToServer, roll-ups deferred and caught up',
    };
    log(
      `practice on the server: ${dataset.patients} patients, ${dataset.visits} visits; seeded in ${dataset.seedSeconds} s, copied in ${dataset.copySeconds} s`,
    );

    const largest = Math.max(...options.workstations);
    const services = createServices(store, { passwordCost: testPasswordCost });
    const rows = async <T>(text: string) => (await pool.query(text)).rows as T[];
    const setup = await setUp(services, largest, rows, 'server');
    const conflictEvery = Math.max(1, Math.floor(options.iterations / 5));
    const today = currentDay();
    let followUpAt = 0;
    const plansFor = (n: number, run: string, target: { url?: string; file?: string }, s: Setup): WorkstationPlan[] =>
      Array.from({ length: n }, (_, index) => {
        const followUps = s.followUps.slice(followUpAt, followUpAt + options.iterations);
        followUpAt += options.iterations;
        return {
          index,
          ...target,
          run,
          users: s.users[index]!,
          queries: s.queries,
          patients: s.patients,
          followUps,
          shared: index % 2 === 0 && index + 1 < n ? s.shared[index / 2]! : index % 2 === 1 ? s.shared[(index - 1) / 2]! : null,
          iterations: options.iterations,
          workstations: n,
          conflictEvery,
          // The day's statistics export: one, from the office (the first workstation).
          exports: !options.skipExport && index === 0,
          today,
          statsPeriod: s.statsPeriod,
          thinkMs: options.thinkMs,
        };
      });

    // The SQLite figures: the same mix, one workstation, over the seeded file.
    let sqliteCases: Record<string, Case> | undefined;
    if (!options.skipSqlite) {
      const fileStore = openStore(file);
      const fileSetup = await setUp(
        createServices(fileStore, { passwordCost: testPasswordCost }),
        1,
        async <T>(text: string) => fileStore.sqlite.prepare(text).all() as T[],
        'file',
      );
      fileStore.close();
      const saved = followUpAt;
      followUpAt = 0;
      log('SQLite file, 1 workstation:');
      sqliteCases = (await runWorkstations(plansFor(1, 'file', { file }, fileSetup), log)).cases;
      followUpAt = saved;
    }

    const [before] = await rows<{ since: number; completed: number }>(
      `select (select coalesce(max(id), 0)::int from audit_log) as since, (select count(*)::int from follow_ups where status = 'completed') as completed`,
    );
    const runs: PracticeServerReport['practiceServer']['runs'] = {};
    const acks: WorkstationAcks[] = [];
    const allotted: number[] = [];
    for (const n of options.workstations) {
      log(`practice server, ${n} workstation(s):`);
      const plans = plansFor(n, `n${n}`, { url }, setup);
      allotted.push(...plans.flatMap((p) => p.followUps));
      const run = await runWorkstations(plans, log);
      for (const e of run.errors.slice(0, 5)) log(`    error: ${e}`);
      runs[String(n)] = { wallSeconds: Number(run.wallSeconds.toFixed(1)), conflicts: run.conflicts, errors: run.errors, cases: run.cases };
      acks.push(...run.acks);
    }

    if (options.tamper === 'lose') {
      const lost = acks.flatMap((a) => a.handouts)[0];
      if (lost) await pool.query('delete from handouts where id = $1', [lost.id]);
    } else if (options.tamper === 'extra') {
      const [v] = acks.flatMap((a) => a.visits);
      if (v)
        await pool.query(
          `insert into visits (key, patient_id, date, clinician_id, notes, created_by, updated_by)
             select 'unacknowledged-' || id, patient_id, date, clinician_id, notes || ' (never acknowledged)', created_by, updated_by from visits where id = $1`,
          [v.id],
        );
    }
    const verification = await verify(store, acks, before!.since, allotted, before!.completed);

    const cases: Record<string, Case> = {};
    const ratios: PracticeServerReport['ratios'] = {};
    for (const [n, run] of Object.entries(runs))
      for (const [call, c] of Object.entries(run.cases)) {
        cases[`practice_server_${n}ws_${call}`] = c;
        if (sqliteCases?.[call])
          ratios[`practice_server_${n}ws_${call}`] = {
            case: `practice_server_${n}ws_${call}`,
            baseline: `sqlite_1ws_${call}`,
            value: Number((c.p95_ms / sqliteCases[call]!.p95_ms).toFixed(2)),
          };
      }
    for (const [call, c] of Object.entries(sqliteCases ?? {})) cases[`sqlite_1ws_${call}`] = c;
    const at = runs[String(largest)]!.cases;
    const targetReport = Object.fromEntries(
      Object.entries(targets).map(([call, limit]) => {
        const p95 = at[call]?.p95_ms ?? null;
        return [call, { p95_below_ms: limit, at_workstations: largest, p95_ms: p95, met: p95 === null ? null : p95 < limit }];
      }),
    );
    return {
      dataset,
      cases,
      ratios,
      practiceServer: { thinkMs: options.thinkMs, runs, ...(sqliteCases && { sqlite: sqliteCases }), targets: targetReport, verification },
    };
  } finally {
    store?.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await admin(superUrl, `drop database if exists "${name}" with (force)`).catch(() => undefined);
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The table printed at the end: each call's p50/p95 per N, SQLite's beside, and the targets. */
export function printPracticeServer(report: PracticeServerReport): void {
  const { runs, sqlite, targets: t, verification, thinkMs } = report.practiceServer;
  console.log(
    thinkMs > 0 ? `each workstation pausing about ${thinkMs} ms before each call` : 'calls back to back (--think 0): a stress test, not a practice day',
  );
  const ns = Object.keys(runs);
  const calls = [...new Set(Object.values(runs).flatMap((r) => Object.keys(r.cases)))];
  const cell = (c: Case | undefined) => (c ? `${c.median_ms.toFixed(2)} / ${c.p95_ms.toFixed(2)}` : '-');
  const header = ['call (p50 / p95 ms)', ...ns.map((n) => `server ${n} ws`), 'SQLite 1 ws', 'target (p95 at largest N)'];
  const lines = calls.map((call) => {
    const target = t[call];
    const verdict = target ? `< ${target.p95_below_ms} ms ${target.met ? '✔' : '✘'}` : '';
    return [call, ...ns.map((n) => cell(runs[n]!.cases[call])), cell(sqlite?.[call]), verdict];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log([row(header), ...lines.map(row)].join('\n'));
  console.log(
    `conflicts detected: ${ns.map((n) => `${n} ws ${runs[n]!.conflicts}`).join(', ')}; errors: ${ns.map((n) => `${n} ws ${runs[n]!.errors.length}`).join(', ')}`,
  );
  console.log(
    `verification: ${verification.ok ? 'ok' : 'FAILED'} (${Object.entries(verification.checked)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );
  for (const p of verification.problems.slice(0, 20)) console.log(`  ${p}`);
}

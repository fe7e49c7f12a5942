/**
 * Every acknowledged write survives a crash: a real process saves visits through the visit
 * service and says which ones it has saved (tests/support/crash-writer.ts); the test kills
 * it with SIGKILL at a random moment, again and again on one database, and after each kill
 * every acknowledged visit is there whole, no visit is there in part, and `check` is clean.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabase } from '../../src/main/check';
import { openStore } from '../../src/main/db/open';
import { createServices } from '../../src/main/services';
import { parsingServices } from '../support/surface';
import { crashMarker, crashShape, maxRunMs, type CrashClinic } from '../support/crash-writer';
import { testActor as actor, tempDir } from '../support/store';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const writerScript = join(root, 'tests', 'support', 'crash-writer.ts');

const rounds = 20;
/** Writers started ahead of their round, loading their modules while another one writes. */
const lookahead = 2;

interface Ack {
  id: number;
  key: string;
  round: number;
  n: number;
}

interface Writer {
  round: number;
  child: ChildProcessWithoutNullStreams;
  /** SIGKILL to the writer: tsx runs the script in a child process of its own, so its whole process group. */
  kill(): void;
  acks: Ack[];
  stderr: () => string;
  firstAck: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<Writer>();
afterEach(async () => {
  // A failed round must not leave writers behind.
  for (const writer of running) writer.kill();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startWriter(db: string, clinic: CrashClinic, round: number): Writer {
  const child = spawn(tsx, [writerScript, db, String(round), String(clinic.patientId), String(clinic.clinicianIds[0]), String(clinic.clinicianIds[1])], {
    cwd: root,
    env: { ...process.env, MILIA_USER_DATA: tempDir() },
    // Its own process group, which the kill reaches whole.
    detached: true,
  });
  const acks: Ack[] = [];
  let stderr = '';
  let pending = '';
  let acknowledged: () => void = () => {};
  const firstAck = new Promise<void>((resolve) => (acknowledged = resolve));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    pending += d;
    const lines = pending.split('\n');
    // Only whole lines: a line is written after its save has committed.
    pending = lines.pop()!;
    for (const line of lines) {
      const m = /^(\d+) (\S+) (\d+) (\d+)$/.exec(line);
      if (!m) throw new Error(`The writer said something unexpected: ${JSON.stringify(line)}`);
      acks.push({ id: Number(m[1]), key: m[2]!, round: Number(m[3]), n: Number(m[4]) });
      acknowledged();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // Once its pipes are closed, no process of the group is left.
    child.on('close', (code, signal) => {
      running.delete(writer);
      resolve({ code, signal });
    }),
  );
  const writer: Writer = {
    round,
    child,
    kill: () => {
      if (running.has(writer)) process.kill(-child.pid!, 'SIGKILL');
    },
    acks,
    stderr: () => stderr,
    firstAck,
    exited,
  };
  running.add(writer);
  return writer;
}

/** The clinic the writers document in: a patient and two clinicians. */
async function setUp(db: string): Promise<CrashClinic> {
  const store = openStore(db, { create: true });
  try {
    const s = parsingServices(createServices(store));
    const okafor = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
    const nurse = await s.clinicians.save(actor, { name: 'Nurse Per Lindqvist', role: 'nurse' });
    const zoe = await s.patients.create(actor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
    return { patientId: zoe.id, clinicianIds: [okafor.id, nurse.id] };
  } finally {
    store.close();
  }
}

interface StoredVisit {
  id: number;
  key: string;
  notes: string;
  presentations: number;
  treatments: number;
  followUps: number;
}

/** Opens the database as the app would after the crash, and reads what each visit holds. */
function inspect(db: string): { visits: Map<number, StoredVisit>; faults: string[] } {
  const store = openStore(db);
  try {
    const rows = store.sqlite
      .prepare(
        `select v.id, v.key, v.notes,
           (select count(*) from presentations p where p.visit_id = v.id) as presentations,
           (select count(*) from treatments t where t.visit_id = v.id) as treatments,
           (select count(*) from follow_ups f where f.visit_id = v.id) as followUps
         from visits v order by v.id`,
      )
      .all() as StoredVisit[];
    return { visits: new Map(rows.map((r) => [r.id, r])), faults: checkDatabase(store) };
  } finally {
    store.close();
  }
}

describe('a crash while saving visits', () => {
  it(`keeps every acknowledged visit whole, and no visit in part, through ${rounds} kills at random moments`, async () => {
    const db = join(tempDir(), 'milia.db');
    const clinic = await setUp(db);
    const acknowledged: Ack[] = [];
    const delays: number[] = [];
    const queue: Writer[] = [];
    for (let round = 0; round < Math.min(lookahead, rounds); round++) queue.push(startWriter(db, clinic, round));

    for (let round = 0; round < rounds; round++) {
      const writer = queue.shift()!;
      expect(writer.round).toBe(round);
      if (round + lookahead < rounds) queue.push(startWriter(db, clinic, round + lookahead));

      writer.child.stdin.write('go\n');
      const first = await Promise.race([writer.firstAck.then(() => true), writer.exited.then(() => false), sleep(maxRunMs).then(() => false)]);
      expect(first, `round ${round}: the writer acknowledged no visit; it said: ${writer.stderr()}`).toBe(true);
      const delay = 50 + Math.floor(Math.random() * 351);
      delays.push(delay);
      await sleep(delay);
      writer.kill();
      const end = await writer.exited;
      // Killed part-way, never finished or failed on its own.
      expect(end, `round ${round}; the writer said: ${writer.stderr()}`).toEqual({ code: null, signal: 'SIGKILL' });
      expect(writer.stderr()).toBe('');
      acknowledged.push(...writer.acks);

      const { visits, faults } = inspect(db);
      const context = `round ${round}, killed ${delay} ms after its first acknowledgement (delays so far: ${delays.join(', ')})`;
      expect(faults, context).toEqual([]);
      for (const ack of acknowledged) {
        const stored = visits.get(ack.id);
        expect(stored, `${context}: acknowledged visit ${ack.id} (round ${ack.round}, visit ${ack.n}) is missing`).toBeDefined();
        expect(stored!.key, context).toBe(ack.key);
        expect(stored!.notes.startsWith(`${crashMarker(ack.round, ack.n)}.`), context).toBe(true);
      }
      // Every visit, acknowledged or not (a save may commit just before the kill), is whole.
      for (const v of visits.values()) {
        const m = /^crash round (\d+) visit (\d+)\./.exec(v.notes);
        expect(m, `${context}: visit ${v.id} is not one the writer makes`).not.toBeNull();
        const shape = crashShape(Number(m![1]), Number(m![2]));
        expect({ presentations: v.presentations, treatments: v.treatments, followUps: v.followUps }, `${context}: visit ${v.id}`).toEqual(shape);
      }
      // No visit saved twice: each (round, n) at most once.
      const markers = [...visits.values()].map((v) => /^crash round \d+ visit \d+/.exec(v.notes)![0]);
      expect(new Set(markers).size).toBe(markers.length);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(rounds);
    for (const writer of queue) writer.kill();
  }, 120_000);
});

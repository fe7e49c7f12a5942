/**
 * The practice server's load test (bench/practiceServer.ts) at a tiny size: workstation processes
 * act on a real server, the shared draft's stale saves are detected, and the verifier passes;
 * then it must fail when an acknowledged write is lost or an unacknowledged one appears, so that
 * it cannot pass vacuously.
 */
import { describe, expect, it } from 'vitest';
import { benchPracticeServer, type PracticeServerOptions } from '../../bench/practiceServer';
import { testServerUrl } from '../support/pgDatabase';

const tiny = (tamper?: PracticeServerOptions['tamper']) =>
  benchPracticeServer({
    patients: 200,
    workstations: [1, 2],
    iterations: 3,
    thinkMs: 0,
    serverUrl: testServerUrl(),
    skipSqlite: true,
    tamper,
    log: () => undefined,
  });

describe('bench --practice-server', () => {
  it('runs workstations at once, detects the stale saves of the shared draft and verifies every acknowledged write', async () => {
    const report = await tiny();
    const { runs, verification } = report.practiceServer;
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);
    expect(Object.keys(runs)).toEqual(['1', '2']);
    for (const run of Object.values(runs)) expect(run.errors).toEqual([]);
    expect(runs['2']!.conflicts).toBeGreaterThan(0);
    expect(verification.checked.visits).toBe(9);
    expect(verification.checked.handouts).toBe(9);
    expect(verification.checked.followUps).toBe(9);
    // One export a day, from the office: one in each run.
    expect(verification.checked.exports).toBe(2);
    expect(verification.checked.sharedSaves).toBeGreaterThan(0);
    for (const call of ['search', 'chart', 'save', 'sign', 'handout', 'follow_up']) expect(runs['2']!.cases[call]!.samples).toBeGreaterThan(0);
  }, 180_000);

  it('fails when an acknowledged write is lost', async () => {
    const { verification } = (await tiny('lose')).practiceServer;
    expect(verification.ok).toBe(false);
    expect(verification.problems.join('\n')).toMatch(/^handout #\d+ .*acknowledged 1 time\(s\), present 0 time\(s\)$/m);
  }, 180_000);

  it('fails when a write nobody acknowledged is present', async () => {
    const { verification } = (await tiny('extra')).practiceServer;
    expect(verification.ok).toBe(false);
    expect(verification.problems.join('\n')).toMatch(/never acknowledged/);
  }, 180_000);
});

/**
 * A workstation's clock against the practice server's. Every workstation dates what it writes
 * (visits started, updates, the audit trail's times, sign-in lock-outs, follow-ups due) by its
 * own clock, and all of them share one record: a clock minutes off would put one computer's
 * entries out of order with the others' and end lock-outs early or late. Refused at connection,
 * in words that say how to fix it.
 */
import type { Pool } from 'pg';
import { AppError } from '@shared/errors';

/** More than this apart, the clocks are not the same time: NTP keeps computers well within it. */
export const clockToleranceMs = 60_000;

function apart(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes >= 120) return `${Math.round(minutes / 60)} hours`;
  return minutes <= 1 ? 'over a minute' : `${minutes} minutes`;
}

/** Refuses when this computer's clock is more than the tolerance from the server's (the round trip allowed for). */
export async function assertClockAgrees(pool: Pool): Promise<void> {
  const sent = Date.now();
  const { rows } = await pool.query<{ ms: number }>('select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms');
  const received = Date.now();
  const server = rows[0]!.ms;
  // The server's reading was taken somewhere between sending and receiving.
  const skew = server < sent ? sent - server : server > received ? server - received : 0;
  if (skew <= clockToleranceMs) return;
  const behind = server > received;
  throw new AppError(
    'conflict',
    `This computer's clock is ${apart(skew)} ${behind ? 'behind' : 'ahead of'} the practice server's, so what it records would be dated wrongly. Set this computer to take its date and time automatically (from the network), then start again.`,
  );
}

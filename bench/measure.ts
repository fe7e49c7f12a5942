/** Timings over n samples: median and 95th percentile. */
export interface Case {
  median_ms: number;
  p95_ms: number;
  samples: number;
}

function summarise(times: number[]): Case {
  const n = times.length;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const round = (x: number) => Number(x.toFixed(4));
  return { median_ms: round(at(0.5)), p95_ms: round(at(0.95)), samples: n };
}

/** Times asynchronous work (every service call, rendering, exports) after a short warm-up; `before` runs untimed before each sample. */
export async function measureAsync(fn: (i: number) => Promise<unknown>, n: number, before?: () => void): Promise<Case> {
  for (let i = 0; i < Math.min(5, n); i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    before?.();
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return summarise(times);
}

/**
 * Times two kinds of work in turn, one sample of each after the other, so that a machine that
 * slows down or speeds up during the run (a write's sync, the log growing) weighs on both alike.
 * Which goes first alternates: work that the first of a pair does for both (the first save of a
 * patient's day adds the statistics' rows for it; the second finds them) falls on each half the time.
 */
export async function measureInTurn(a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>, n: number): Promise<[Case, Case]> {
  for (let i = 0; i < Math.min(5, n); i++) {
    await a(i);
    await b(i);
  }
  const work = [a, b] as const;
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < n; i++) {
    for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const start = performance.now();
      await work[k]!(i);
      times[k]!.push(performance.now() - start);
    }
  }
  return [summarise(times[0]), summarise(times[1])];
}

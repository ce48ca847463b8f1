/** One measured case: what was timed, and its throughput in the case's unit. */
export interface Result { case: string; impl: string; threads: number | string; value: number | null; unit: string; note?: string }

/**
 * Times `fn` (one call = one unit of work): warms up, then runs rounds of at least `minMs` and
 * keeps the best round, so noise from other processes on a shared machine biases results less.
 * Returns seconds per call.
 */
export function timeIt(fn: () => void, opts: { warmup?: number; rounds?: number; minMs?: number } = {}): number {
  const warmup = opts.warmup ?? 3, minMs = opts.minMs ?? 400;
  const rounds = opts.rounds ?? 3;
  const start = performance.now();
  fn();
  const first = performance.now() - start;
  // A call slower than a second (reference kernels on big cases) is timed once more, not dozens of times.
  if (first > 1000) {
    const t1 = performance.now();
    fn();
    return Math.min(first, performance.now() - t1) / 1000;
  }
  for (let i = 1; i < warmup; i++) fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < minMs || n < 2) { fn(); n++; t = performance.now(); }
    best = Math.min(best, (t - t0) / n / 1000);
  }
  return best;
}

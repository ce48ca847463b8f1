import { Generator } from '../../../src/core/random.js';
import type { Config, ExperimentContext } from '../../../src/experiments/types.js';

/** A silent experiment context with a chosen run folder and abort signal, for running training loops in tests. */
export function testContext<C extends Config>(config: C, opts: { seed?: number; outDir?: string | null; signal?: AbortSignal } = {}): ExperimentContext<C> & { logs: string[] } {
  const logs: string[] = [];
  const seed = opts.seed ?? 0;
  return {
    config, seed, generator: new Generator(seed), smoke: true, outDir: opts.outDir ?? null, signal: opts.signal ?? new AbortController().signal,
    progress: () => ({ tick: () => {}, done: () => {} }), log: (m) => { logs.push(m); }, metric: () => {}, logs,
  };
}

/**
 * A test context that presses Ctrl-C (aborts its signal) once a progress bar whose label starts with
 * `stop.bar` has ticked `stop.at` units; without `stop` it never does. For interrupt-and-resume tests.
 */
export function stoppingContext<C extends Config>(config: C, opts: { seed?: number; outDir?: string | null }, stop?: { bar: string; at: number }): ExperimentContext<C> & { logs: string[] } {
  const ac = new AbortController();
  const ctx = testContext(config, { ...opts, signal: ac.signal });
  ctx.progress = (label) => {
    let n = 0;
    return { tick: (k = 1) => { n += k; if (stop && label.startsWith(stop.bar) && n >= stop.at) ac.abort(); }, done: () => {} };
  };
  return ctx;
}

/** Metrics without the wall-clock ones, which an interrupted and an unbroken run cannot share. */
export function timeless(m: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(m).filter(([k]) => !/seconds|perBatch/i.test(k)));
}

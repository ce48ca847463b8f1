import type { ExperimentContext } from '../types.js';

export const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The same context without a run folder, for a second model trained in the same run (no shared checkpoint). */
export function withoutCheckpoints<C extends ExperimentContext>(ctx: C): C {
  return Object.create(ctx, { outDir: { value: null } }) as C;
}

import { RandomWalk } from '../../rl/envs/random-walk.js';
import { TdLambda } from '../../rl/agents/td-prediction.js';
import type { Experiment, Figure } from '../types.js';

/**
 * RMS error of TD(λ) value estimates on the 5-state random walk (Sutton & Barto 2018, Example 6.2),
 * averaged over runs, after each episode. λ = 0 is TD(0). Values start at 0.5.
 *
 * @example
 * tdRandomWalkCurve(0.1, 0, 100, 10, 0);
 */
export function tdRandomWalkCurve(alpha: number, lambda: number, episodes: number, runs: number, seed: number): Float64Array {
  const rms = new Float64Array(episodes + 1);
  const env = new RandomWalk(), truth = env.trueValues();
  const err = (V: Float64Array) => Math.sqrt([1, 2, 3, 4, 5].reduce((s, i) => s + (V[i] - truth[i]) ** 2, 0) / 5);
  for (let run = 0; run < runs; run++) {
    const td = new TdLambda(7, { alpha, gamma: 1, lambda });
    td.V.fill(0.5); td.V[0] = 0; td.V[6] = 0;
    env.reset({ seed: seed * 10_007 + run });
    rms[0] += err(td.V) / runs;
    for (let ep = 1; ep <= episodes; ep++) {
      let { obs: s } = env.reset();
      td.beginEpisode();
      for (;;) { const r = env.step(0); td.update(s, r.reward, r.obs, r.terminated); if (r.terminated) break; s = r.obs; }
      rms[ep] += err(td.V) / runs;
    }
  }
  return rms;
}

export const tdRandomWalk: Experiment<{ episodes: number; runs: number; seed: number }> = {
  name: 'td-random-walk',
  title: 'TD(0) and TD(λ) on the random walk',
  chapter: 'rl',
  description: 'Value prediction on the 5-state random walk: RMS error against the true values 1/6 … 5/6, averaged over runs, for TD(0) at three step sizes and TD(λ) with eligibility traces (Sutton & Barto Example 6.2, §12.2).',
  defaults: { episodes: 100, runs: 100, seed: 0 },
  // The guided tour runs the full default size: it takes seconds.
  tour: {},
  smoke: { episodes: 30, runs: 10 },
  async run(ctx) {
    const { episodes, runs, seed } = ctx.config;
    const settings: [string, number, number][] = [['TD(0) α=0.05', 0.05, 0], ['TD(0) α=0.1', 0.1, 0], ['TD(0) α=0.15', 0.15, 0], ['TD(λ=0.8) α=0.05', 0.05, 0.8], ['TD(λ=0.4) α=0.1', 0.1, 0.4]];
    const x = Array.from({ length: episodes + 1 }, (_, i) => i);
    const curves = settings.map(([, a, l]) => tdRandomWalkCurve(a, l, episodes, runs, seed));
    const metrics: Record<string, number> = {};
    settings.forEach(([name], k) => { metrics[`finalRms ${name}`] = curves[k][episodes]; });
    // One long run for the value-estimate panel.
    const env = new RandomWalk(), td = new TdLambda(7, { alpha: 0.1, gamma: 1, lambda: 0 });
    td.V.fill(0.5); td.V[0] = 0; td.V[6] = 0;
    env.reset({ seed });
    const snapshots: Record<number, number[]> = { 0: Array.from(td.V.slice(1, 6)) };
    for (let ep = 1; ep <= 100; ep++) {
      let { obs: s } = env.reset();
      for (;;) { const r = env.step(0); td.update(s, r.reward, r.obs, r.terminated); if (r.terminated) break; s = r.obs; }
      if (ep === 1 || ep === 10 || ep === 100) snapshots[ep] = Array.from(td.V.slice(1, 6));
    }
    const states = [1, 2, 3, 4, 5];
    const figures: Figure[] = [
      { kind: 'line', title: 'Empirical RMS error, averaged over states and runs', xLabel: 'episodes', yLabel: 'RMS error', series: settings.map(([name], k) => ({ name, x, y: Array.from(curves[k]) })) },
      { kind: 'line', title: 'Values estimated by TD(0), α = 0.1 (states A-E)', xLabel: 'state', yLabel: 'estimated value',
        series: [...Object.entries(snapshots).map(([ep, v]) => ({ name: `after ${ep} episodes`, x: states, y: v })), { name: 'true values', x: states, y: states.map((i) => i / 6), dashed: true }] },
      { kind: 'svg', title: 'The random walk', svg: env.renderSvg() },
    ];
    return { metrics, figures, references: [{ metric: 'RMS error after 100 episodes, TD(0) α=0.05', measured: metrics['finalRms TD(0) α=0.05'], published: 'about 0.05-0.06 (falls below constant-α MC)', source: 'Sutton & Barto 2018, Example 6.2 (right panel)' }] };
  },
};

import { Generator } from '../../core/random.js';
import { CliffWalking } from '../../rl/envs/cliff-walking.js';
import { TdControlAgent, runTdControlEpisode, TdControlMethod } from '../../rl/agents/td-control.js';
import { gridSvg } from '../../rl/render/svg.js';
import type { Experiment, Figure } from '../types.js';

/** SVG of the cliff grid with a path of states marked. */
function pathSvg(states: number[], title: string): string {
  const on = new Set(states);
  return gridSvg(4, 12, (r, c) => {
    const s = r * 12 + c;
    const cliff = s > CliffWalking.START && s < CliffWalking.GOAL;
    return { fill: cliff ? '#7f7f7f' : on.has(s) ? '#ffbb78' : s === CliffWalking.GOAL ? '#98df8a' : '#fff', label: s === CliffWalking.START ? 'S' : s === CliffWalking.GOAL ? 'G' : on.has(s) ? '•' : '' };
  }, null, title);
}

export const cliffWalking: Experiment<{ episodes: number; runs: number; alpha: number; epsilon: number; seed: number }> = {
  name: 'cliff-walking',
  title: 'SARSA vs Q-learning on the cliff',
  chapter: 'rl',
  description: 'On-policy SARSA learns the safe path away from the cliff and earns more online; off-policy Q-learning learns the optimal edge path but falls more often while exploring with ε = 0.1 (Sutton & Barto Example 6.6, Figure 6.4).',
  defaults: { episodes: 500, runs: 50, alpha: 0.5, epsilon: 0.1, seed: 0 },
  // The guided tour runs the full default size: it takes seconds.
  tour: {},
  smoke: { episodes: 200, runs: 5 },
  async run(ctx) {
    const c = ctx.config;
    const methods: TdControlMethod[] = ['sarsa', 'q-learning', 'expected-sarsa'];
    const curves = methods.map(() => new Float64Array(c.episodes));
    const greedyPaths: number[][] = [], greedyReturns: number[] = [];
    const bar = ctx.progress('runs', c.runs * methods.length);
    methods.forEach((method, k) => {
      for (let run = 0; run < c.runs; run++) {
        const env = new CliffWalking();
        const agent = new TdControlAgent(48, 4, { method, alpha: c.alpha, gamma: 1, epsilon: c.epsilon }, new Generator(c.seed * 1009 + run));
        env.reset({ seed: c.seed * 1009 + run });
        for (let ep = 0; ep < c.episodes; ep++) curves[k][ep] += runTdControlEpisode(env, agent).episodeReturn / c.runs;
        if (run === 0) {
          const g = runTdControlEpisode(env, agent, { learn: false, maxSteps: 100 });
          greedyPaths.push(g.states); greedyReturns.push(g.episodeReturn);
        }
        bar.tick();
      }
    });
    bar.done();
    // Smooth with a 10-episode moving average, as the book's figure does.
    const smooth = (a: Float64Array) => Array.from(a, (_, i) => { const lo = Math.max(0, i - 9); let s = 0; for (let j = lo; j <= i; j++) s += a[j]; return s / (i - lo + 1); });
    const x = Array.from({ length: c.episodes }, (_, i) => i + 1);
    const lastMean = (a: Float64Array) => a.slice(-100).reduce((s, v) => s + v, 0) / Math.min(100, a.length);
    const metrics: Record<string, number> = {};
    methods.forEach((m, k) => { metrics[`onlineReturnLast100 ${m}`] = lastMean(curves[k]); metrics[`greedyReturn ${m}`] = greedyReturns[k]; });
    const figures: Figure[] = [
      { kind: 'line', title: 'Sum of rewards during episode (ε = 0.1, 10-episode average)', xLabel: 'episode', yLabel: 'sum of rewards', series: methods.map((m, k) => ({ name: m, x, y: smooth(curves[k]) })) },
      ...methods.map((m, k): Figure => ({ kind: 'svg', title: `Greedy path learned by ${m} (return ${greedyReturns[k]})`, svg: pathSvg(greedyPaths[k], m) })),
    ];
    return {
      metrics, figures,
      references: [{ metric: 'online return per episode (last 100): SARSA vs Q-learning', measured: `${metrics['onlineReturnLast100 sarsa'].toFixed(1)} vs ${metrics['onlineReturnLast100 q-learning'].toFixed(1)}`,
        published: 'about -25 vs about -50 (SARSA higher); Q-learning greedy path -13', source: 'Sutton & Barto 2018, Figure 6.4', reached: metrics['onlineReturnLast100 sarsa'] > metrics['onlineReturnLast100 q-learning'] && greedyReturns[1] === -13 }],
    };
  },
};

import { Generator } from '../../core/random.js';
import { KArmedBandit } from '../../rl/envs/bandit.js';
import { EpsilonGreedyBandit } from '../../rl/agents/bandit-agents.js';
import type { Experiment, Figure } from '../types.js';

/**
 * Average reward and % optimal action of ε-greedy sample-average learners on the 10-armed testbed,
 * averaged over independent problems (Sutton & Barto 2018, Figure 2.2).
 *
 * @example
 * const r = runTestbed([0, 0.1], 100, 200, 0);
 */
export function runTestbed(epsilons: number[], runs: number, steps: number, seed: number, onRun?: () => void): { avgReward: Float64Array[]; optimal: Float64Array[] } {
  const avgReward = epsilons.map(() => new Float64Array(steps)), optimal = epsilons.map(() => new Float64Array(steps));
  for (let run = 0; run < runs; run++) {
    epsilons.forEach((eps, k) => {
      const env = new KArmedBandit();
      env.reset({ seed: seed * 100_003 + run }); // the same problems for every ε
      const agent = new EpsilonGreedyBandit(10, eps, new Generator(seed * 7919 + run * 31 + k));
      for (let t = 0; t < steps; t++) {
        const a = agent.act();
        const r = env.step(a);
        agent.update(a, r.reward);
        avgReward[k][t] += r.reward / runs;
        if (r.info.optimal) optimal[k][t] += 1 / runs;
      }
    });
    onRun?.();
  }
  return { avgReward, optimal };
}

export const banditTestbed: Experiment<{ runs: number; steps: number; seed: number }> = {
  name: 'bandit-testbed',
  title: 'Exploration vs exploitation on the 10-armed testbed',
  chapter: 'rl',
  description: 'ε-greedy action-value learners with ε ∈ {0, 0.01, 0.1} on 2000 random 10-armed bandits for 1000 steps each: average reward and % optimal action, as Sutton & Barto Figure 2.2.',
  defaults: { runs: 2000, steps: 1000, seed: 0 },
  // The guided tour runs the full default size: it takes seconds.
  tour: {},
  smoke: { runs: 50, steps: 200 },
  help: { runs: 'independent bandit problems', steps: 'pulls per problem' },
  async run(ctx) {
    const { runs, steps, seed } = ctx.config;
    const eps = [0, 0.01, 0.1];
    const bar = ctx.progress('bandit problems', runs, 'runs');
    const t0 = Date.now();
    const { avgReward, optimal } = runTestbed(eps, runs, steps, seed, () => bar.tick());
    bar.done();
    const x = Array.from({ length: steps }, (_, t) => t + 1);
    const tail = (a: Float64Array) => a.slice(Math.floor(steps * 0.9)).reduce((s, v) => s + v, 0) / (steps - Math.floor(steps * 0.9));
    const metrics: Record<string, number> = { seconds: (Date.now() - t0) / 1000 };
    eps.forEach((e, k) => { metrics[`avgRewardLast10pct_eps${e}`] = tail(avgReward[k]); metrics[`optimalLast10pct_eps${e}`] = tail(optimal[k]); });
    const figures: Figure[] = [
      { kind: 'line', title: 'Average reward', xLabel: 'steps', yLabel: 'average reward', series: eps.map((e, k) => ({ name: `ε = ${e}`, x, y: Array.from(avgReward[k]) })) },
      { kind: 'line', title: '% optimal action', xLabel: 'steps', yLabel: '% optimal action', series: eps.map((e, k) => ({ name: `ε = ${e}`, x, y: Array.from(optimal[k], (v) => 100 * v) })) },
    ];
    return {
      metrics, figures,
      references: [
        { metric: 'average reward at step 1000, ε = 0.1', measured: metrics['avgRewardLast10pct_eps0.1'], published: 'about 1.35-1.4', source: 'Sutton & Barto 2018, Fig. 2.2', reached: metrics['avgRewardLast10pct_eps0.1'] > 1.25 },
        { metric: '% optimal at step 1000, ε = 0.1 vs greedy', measured: `${(100 * metrics['optimalLast10pct_eps0.1']).toFixed(1)}% vs ${(100 * metrics.optimalLast10pct_eps0).toFixed(1)}%`, published: 'about 80% vs about 35%', source: 'Sutton & Barto 2018, Fig. 2.2' },
      ],
    };
  },
};

import { manualSeed } from '../../core/random.js';
import { makeEnv } from '../../rl/registry.js';
import { trainPpo, PPO_CARTPOLE } from '../../rl/deep/ppo.js';
import type { Experiment } from '../types.js';

export const cartpolePpo: Experiment<{ totalSteps: number; evalEvery: number; lr: number; epochs: number; seed: number }> = {
  name: 'cartpole-ppo',
  title: 'PPO balances the pole (CartPole-v1)',
  chapter: 'rl',
  description: 'Proximal policy optimisation (clipped objective, GAE) with 8 vectorised CartPole-v1 copies and rl-zoo hyperparameters; solved means an average return ≥ 475 over 100 greedy evaluation episodes within 100k environment steps (Schulman et al. 2017).',
  defaults: { totalSteps: 100_000, evalEvery: 5120, lr: PPO_CARTPOLE.lr, epochs: PPO_CARTPOLE.epochs, seed: 0 },
  // The guided tour runs the full default size: it takes seconds.
  tour: {},
  smoke: { totalSteps: 1024, evalEvery: 512, epochs: 2 },
  async run(ctx) {
    const c = ctx.config;
    manualSeed(c.seed);
    const bar = ctx.progress('env steps', c.totalSteps, 'steps');
    const t0 = Date.now();
    let last = 0;
    const res = await trainPpo(() => makeEnv('CartPole-v1'), { lr: c.lr, epochs: c.epochs }, {
      totalSteps: c.totalSteps, seed: c.seed, evalEvery: c.evalEvery, evalEpisodes: 10, solveReturn: 475, solveEpisodes: ctx.smoke ? 5 : 100, signal: ctx.signal,
      onEval: (t, m) => { bar.tick(t - last, { evalReturn: m.toFixed(1) }); last = t; ctx.metric('evalReturn', m, t); },
    });
    bar.done();
    const seconds = (Date.now() - t0) / 1000;
    const train = res.steps.map((s, i) => [s, res.trainReturns[i]]).filter(([, r]) => Number.isFinite(r));
    return {
      metrics: { solved: res.solvedAt !== null, solvedAtSteps: res.solvedAt ?? -1, finalEvalReturn100: res.finalEvalReturn, envSteps: res.envSteps, seconds },
      figures: [
        { kind: 'line', title: 'Greedy evaluation return (10 episodes)', xLabel: 'env steps', yLabel: 'return', series: [{ name: 'PPO', x: res.evalSteps, y: res.evalReturns }, { name: 'solved (475)', x: [0, res.envSteps], y: [475, 475], dashed: true }] },
        { kind: 'line', title: 'Training episode returns (mean per rollout)', xLabel: 'env steps', yLabel: 'return', series: [{ name: 'PPO (sampling policy)', x: train.map((p) => p[0]), y: train.map((p) => p[1]) }] },
      ],
      references: [{ metric: 'mean return over 100 evaluation episodes', measured: res.finalEvalReturn, published: '≥ 475 (solved); rl-zoo PPO 500 at 100k steps, CleanRL 490.0 ± 6.1', source: 'REFERENCES.md', reached: res.finalEvalReturn >= 475 }],
      model: res.agent,
    };
  },
};

import { classicalConditioning, dopamineRate, StimulusRepresentation } from '../../rl/dopamine/td-conditioning.js';
import type { Experiment, Figure } from '../types.js';

export const dopamineRpe: Experiment<{ trials: number; gamma: number; alpha: number; lambda: number; representation: string }> = {
  name: 'dopamine-rpe',
  title: 'Dopamine as a temporal-difference reward prediction error',
  chapter: 'rl',
  description: 'A TD model over time within a trial (cue, then reward 10 steps later): the prediction error fires at the reward before learning, at the cue after learning, and dips below zero when the predicted reward is omitted (Schultz, Dayan & Montague 1997, Fig. 1).',
  defaults: { trials: 300, gamma: 0.98, alpha: 0.1, lambda: 0, representation: 'csc' },
  // The guided tour runs the full default size: it takes seconds.
  tour: {},
  smoke: { trials: 300 },
  help: { representation: "'csc' (complete serial compound) or 'microstimulus' (Ludvig et al. 2008)", trials: 'rewarded training trials' },
  async run(ctx) {
    const c = ctx.config;
    const run = classicalConditioning({ gamma: c.gamma, alpha: c.alpha, lambda: c.lambda, representation: c.representation as StimulusRepresentation }, c.trials);
    const T = run.before.delta.length, x = Array.from({ length: T }, (_, t) => t);
    const panel = (title: string, tr: typeof run.before, caption: string): Figure => ({
      kind: 'line', title, xLabel: 'time step (cue at 5, reward at 15)', yLabel: 'δ(t)', caption,
      series: [{ name: 'TD error δ', x, y: Array.from(tr.delta) }, { name: 'reward', x, y: Array.from(tr.reward), dashed: true }],
    });
    const trials = Array.from({ length: c.trials }, (_, i) => i + 1);
    const figures: Figure[] = [
      panel('No prediction: reward occurs', run.before, 'Before learning the reward is unpredicted: δ = +1 at the reward.'),
      panel('Reward predicted: cue, then reward', run.after, 'After learning δ moves to the cue; the predicted reward no longer excites.'),
      panel('Reward predicted, but omitted', run.omitted, 'Omitting the predicted reward gives a dip at the time it was expected.'),
      { kind: 'line', title: 'Transfer of the response during learning', xLabel: 'trial', yLabel: 'δ', series: [
        { name: 'δ at the cue', x: trials, y: Array.from(run.cueDelta) }, { name: 'δ at the reward', x: trials, y: Array.from(run.rewardDelta) }] },
      { kind: 'line', title: 'Model dopamine firing rate (5 Hz tonic + 20 Hz per unit δ, floored at 0)', xLabel: 'time step', yLabel: 'Hz', series: [
        { name: 'before', x, y: Array.from(dopamineRate(run.before.delta)) }, { name: 'after', x, y: Array.from(dopamineRate(run.after.delta)) },
        { name: 'omitted', x, y: Array.from(dopamineRate(run.omitted.delta)) }] },
    ];
    const metrics = { deltaAtRewardBefore: run.before.delta[15], deltaAtCueAfter: run.after.delta[5], deltaAtRewardAfter: run.after.delta[15], deltaAtRewardOmitted: run.omitted.delta[15] };
    return {
      metrics, figures,
      references: [{ metric: 'δ moves from reward to cue and dips on omission', measured: `before ${metrics.deltaAtRewardBefore.toFixed(2)} at reward; after ${metrics.deltaAtCueAfter.toFixed(2)} at cue, ${metrics.deltaAtRewardAfter.toFixed(2)} at reward; omitted ${metrics.deltaAtRewardOmitted.toFixed(2)}`,
        published: 'burst at reward → burst at cue; depression at the omitted reward time', source: 'Schultz, Dayan & Montague 1997, Fig. 1',
        reached: metrics.deltaAtRewardBefore > 0.9 && metrics.deltaAtCueAfter > 0.5 && Math.abs(metrics.deltaAtRewardAfter) < 0.5 && metrics.deltaAtRewardOmitted < -0.3 }],
    };
  },
};

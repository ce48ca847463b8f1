import { Generator } from '../../core/random.js';
import { FourRooms } from '../../rl/envs/four-rooms.js';
import { hallwayOptions, IntraOptionQLearning, primitiveOption } from '../../rl/agents/options.js';
import type { Experiment, Figure } from '../types.js';

export const fourRoomsOptions: Experiment<{ episodes: number; runs: number; alpha: number; epsilon: number; gamma: number; seed: number }> = {
  name: 'four-rooms-options',
  title: 'Options speed up learning in the four-rooms domain',
  chapter: 'rl',
  description: 'Q-learning over primitive actions against intra-option Q-learning with the eight hallway options added (Sutton, Precup & Singh 1999): steps to reach the goal hallway per episode, from the top-left corner.',
  defaults: { episodes: 200, runs: 30, alpha: 0.1, epsilon: 0.1, gamma: 0.9, seed: 0 },
  // The guided tour runs the full default size: it takes seconds.
  tour: {},
  smoke: { episodes: 40, runs: 3 },
  async run(ctx) {
    const c = ctx.config;
    const variants = ['primitive actions', 'primitives + hallway options'];
    const curves = variants.map(() => new Float64Array(c.episodes));
    const bar = ctx.progress('runs', c.runs * 2);
    let envFrame = '';
    variants.forEach((_, k) => {
      for (let run = 0; run < c.runs; run++) {
        const env = new FourRooms({ start: [1, 1] });
        envFrame = env.renderSvg();
        const opts = [0, 1, 2, 3].map((a) => primitiveOption(a)).concat(k === 1 ? hallwayOptions(env) : []);
        const agent = new IntraOptionQLearning(env.numStates, opts, { alpha: c.alpha, gamma: c.gamma, epsilon: c.epsilon }, new Generator(c.seed * 7001 + run));
        env.reset({ seed: c.seed * 7001 + run });
        for (let ep = 0; ep < c.episodes; ep++) curves[k][ep] += agent.runEpisode(env).steps / c.runs;
        bar.tick();
      }
    });
    bar.done();
    const x = Array.from({ length: c.episodes }, (_, i) => i + 1);
    const sum = (a: Float64Array, n: number) => a.slice(0, n).reduce((s, v) => s + v, 0);
    const firstN = Math.min(20, c.episodes);
    const metrics = {
      stepsFirst20Primitive: sum(curves[0], firstN), stepsFirst20Options: sum(curves[1], firstN),
      stepsLast20Primitive: curves[0].slice(-20).reduce((s, v) => s + v, 0) / 20, stepsLast20Options: curves[1].slice(-20).reduce((s, v) => s + v, 0) / 20,
    };
    const figures: Figure[] = [
      { kind: 'line', title: 'Steps per episode (mean over runs)', xLabel: 'episode', yLabel: 'steps to goal', logY: true, series: variants.map((name, k) => ({ name, x, y: Array.from(curves[k]) })) },
      { kind: 'svg', title: 'The four-rooms domain (goal G in the east hallway)', svg: envFrame },
    ];
    return {
      metrics, figures,
      references: [{ metric: `total steps over the first ${firstN} episodes: primitives vs options`, measured: `${metrics.stepsFirst20Primitive.toFixed(0)} vs ${metrics.stepsFirst20Options.toFixed(0)}`, published: 'options reach the goal in far fewer steps early in learning', source: 'Sutton, Precup & Singh 1999, §3 and §6', reached: metrics.stepsFirst20Options < metrics.stepsFirst20Primitive }],
    };
  },
};

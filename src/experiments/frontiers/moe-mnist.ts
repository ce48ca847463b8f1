import { noGrad } from '../../core/autograd.js';
import { manualSeed } from '../../core/random.js';
import { loadMnist } from '../../data/mnist.js';
import * as nn from '../../nn/index.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import * as optim from '../../optim/index.js';
import { MixtureOfExperts, routerHealth } from '../../systems/index.js';
import type { Experiment, Figure } from '../types.js';
import { modelCard } from './model-card.js';
import { takeLabels, takeRows } from '../common/rows.js';
import { runCheckpoint, trainLoop } from '../common/train-loop.js';

type Config = { trainLimit: number; epochs: number; experts: number; k: number; expertHidden: number; balance: number; capacityFactor: number; batchSize: number; lr: number };

/** A sparsely gated MoE on MNIST, trained with and without the load-balancing loss. */
export const moeMnist: Experiment<Config> = {
  name: 'moe-mnist',
  title: 'A mixture of experts that shares the work',
  chapter: 'systems',
  description: 'Noisy top-k mixture of small MLP experts on MNIST with a capacity limit; expert utilisation with the Switch load-balancing loss against plain top-k gating, with router-collapse detection.',
  defaults: { trainLimit: 20000, epochs: 2, experts: 8, k: 2, expertHidden: 32, balance: 0.01, capacityFactor: 1.5, batchSize: 64, lr: 1e-3 },
  smoke: { trainLimit: 1000, epochs: 1, experts: 4, expertHidden: 16 },
  help: { trainLimit: 'training images used', epochs: 'passes over them', experts: 'number of experts', k: 'experts per input', expertHidden: 'hidden units per expert',
    balance: 'weight α of the load-balancing loss', capacityFactor: 'expert capacity factor', batchSize: 'minibatch size', lr: 'Adam learning rate' },
  async run(ctx) {
    const c = ctx.config;
    const train = loadMnist({ split: 'train', flatten: true, limit: c.trainLimit });
    const test = loadMnist({ split: 'test', flatten: true, limit: ctx.smoke ? 1000 : undefined });
    const n = train.labels.shape[0];
    const variants = [
      { name: 'balanced', noisy: true, alpha: c.balance },
      { name: 'unbalanced', noisy: false, alpha: 0 },
    ];
    const metrics: Record<string, number | boolean> = {};
    const figures: Figure[] = [];
    const notes: string[] = [];
    let kept: MixtureOfExperts | null = null;
    for (const v of variants) {
      manualSeed(ctx.seed);
      const gating = ctx.generator.fork();
      const moe = new MixtureOfExperts(784, Array.from({ length: c.experts }, () => new nn.Sequential(new nn.Linear(784, c.expertHidden), new nn.ReLU(), new nn.Linear(c.expertHidden, 10))),
        { k: c.k, noisy: v.noisy, capacityFactor: c.capacityFactor, generator: gating });
      const opt = new optim.Adam(moe.parameters(), { lr: c.lr });
      const seen = new Array<number>(c.experts).fill(0);
      let dropped = 0, assigned = 0;
      const seconds = (await trainLoop(ctx, { label: v.name, size: n, epochs: c.epochs, batchSize: c.batchSize, model: moe, optimizer: opt,
        checkpoint: runCheckpoint(ctx, v.name), generators: { gating }, metricName: `${v.name}/loss`,
        state: { save: () => ({ seen: [...seen], dropped, assigned }),
          load: (st) => { (st.seen as number[]).forEach((d, e) => { seen[e] = d; }); dropped = st.dropped as number; assigned = st.assigned as number; } },
        loss: (rows) => {
          const loss = crossEntropy(moe.train().forward(takeRows(train.images, rows)), takeLabels(train.labels, rows));
          const r = moe.last!;
          r.demand.forEach((d, e) => { seen[e] += d; assigned += d; });
          dropped += r.dropped;
          return v.alpha > 0 ? loss.add(moe.auxLoss().mul(v.alpha)) : loss;
        } })).totalSeconds;
      // Test-time routing (no noise, no capacity drops counted against accuracy beyond what the limit does).
      let correct = 0;
      const testLoad = new Array<number>(c.experts).fill(0);
      noGrad(() => {
        moe.eval();
        for (let s = 0; s < test.labels.shape[0]; s += 1000) {
          const rows = Int32Array.from({ length: Math.min(1000, test.labels.shape[0] - s) }, (_, i) => s + i);
          const pred = moe.forward(takeRows(test.images, rows)).argmax(1);
          moe.last!.demand.forEach((d, e) => { testLoad[e] += d; });
          for (let i = 0; i < rows.length; i++) if (pred.data[i] === test.labels.data[rows[i]]) correct++;
        }
      });
      const health = routerHealth(testLoad);
      const trainHealth = routerHealth(seen);
      metrics[`${v.name}TestAccuracy`] = correct / test.labels.shape[0];
      metrics[`${v.name}RoutingEntropy`] = health.normalisedEntropy;
      metrics[`${v.name}MaxExpertShare`] = health.maxFraction;
      metrics[`${v.name}Collapsed`] = health.collapsed;
      metrics[`${v.name}DroppedFraction`] = assigned ? dropped / assigned : 0;
      metrics[`${v.name}Seconds`] = seconds;
      figures.push({ kind: 'bar', title: `Expert utilisation on test images (${v.name}${v.alpha ? `, α = ${v.alpha}` : ', no balancing loss, no noise'})`,
        labels: health.fractions.map((_, e) => `expert ${e}`), values: health.fractions, yLabel: 'share of assignments' });
      notes.push(`${v.name}: test accuracy ${(100 * correct / test.labels.shape[0]).toFixed(2)}%, routing entropy ${health.normalisedEntropy.toFixed(3)} (training ${trainHealth.normalisedEntropy.toFixed(3)}), largest expert share ${(100 * health.maxFraction).toFixed(1)}%, dead experts [${health.deadExperts.join(', ')}], ${health.collapsed ? 'COLLAPSED' : 'no collapse'}; ${(100 * (assigned ? dropped / assigned : 0)).toFixed(2)}% of training assignments dropped at capacity factor ${c.capacityFactor}.`);
      if (v.name === 'balanced') kept = moe;
    }
    return {
      metrics,
      figures,
      notes: [...notes,
        'Collapse rule: normalised routing entropy below 0.5 or one expert taking over 80% of assignments. A dropped assignment contributes nothing for that expert, so the capacity limit costs accuracy when routing is uneven — one reason balancing matters.',
        ...modelCard({
          model: `mixture of ${c.experts} experts (784-${c.expertHidden}-10 MLPs), top-${c.k} gating on the raw pixels, capacity factor ${c.capacityFactor}`,
          data: `MNIST: first ${n} training images, ${test.labels.shape[0]} test images`,
          intendedUse: 'showing sparse gating, load balancing and collapse detection at a size that runs on a laptop CPU',
          metrics: 'test accuracy, expert utilisation histogram, normalised routing entropy, largest expert share, fraction of assignments dropped',
          limitations: 'tiny experts and a single MoE layer; real MoE benefits appear at scale with many more experts and tokens; one seed',
        })],
      model: kept ?? undefined,
    };
  },
};

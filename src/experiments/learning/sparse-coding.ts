import { manualSeed } from '../../core/random.js';
import { loadMnist } from '../../data/mnist.js';
import { DictionaryLearner, extractPatches } from '../../learning/sparse/index.js';
import { breathe } from '../common/breathe.js';
import type { Experiment, Figure } from '../types.js';

type Config = { patchSize: number; atoms: number; lambda: number; lr: number; steps: number; batchSize: number; inference: string; images: number; seed: number };

export const sparseCoding: Experiment<Config> = {
  name: 'sparse-coding',
  title: 'Sparse coding of MNIST patches',
  chapter: 'hebbian',
  description: 'Olshausen–Field dictionary learning with FISTA (or LCA) inference on MNIST patches: localized stroke-like atoms, reconstruction error, and fewer than 10% of units active per patch.',
  defaults: { patchSize: 12, atoms: 100, lambda: 0.5, lr: 0.2, steps: 400, batchSize: 100, inference: 'fista', images: 10000, seed: 0 },
  smoke: { atoms: 36, steps: 20, images: 500 },
  help: { patchSize: 'patch side in pixels', atoms: 'dictionary size', lambda: 'L1 penalty λ', lr: 'dictionary learning rate', steps: 'learning steps (one batch each)',
    batchSize: 'patches per step', inference: "'fista' or 'lca'", images: 'training images patches are drawn from' },
  async run(ctx) {
    const c = ctx.config;
    manualSeed(c.seed);
    if (c.inference !== 'fista' && c.inference !== 'lca') throw new Error(`sparse-coding: --inference must be 'fista' or 'lca', got '${c.inference}'`);
    const train = loadMnist({ split: 'train', limit: c.images });
    const imgs = train.images.reshape([train.images.shape[0], 28, 28]);
    const d = c.patchSize * c.patchSize;
    const dl = new DictionaryLearner({ numAtoms: c.atoms, numFeatures: d, lambda: c.lambda, lr: c.lr, inference: c.inference as 'fista' | 'lca', inferenceIterations: c.inference === 'lca' ? 100 : 50, nonNegative: true, generator: ctx.generator,
      initialDictionary: extractPatches(imgs, { patchSize: c.patchSize, count: c.atoms, minVariance: 0.01, generator: ctx.generator }) });
    const steps: number[] = [], errs: number[] = [], active: number[] = [];
    const bar = ctx.progress('dictionary learning', c.steps, 'steps');
    for (let s = 0; s < c.steps && !ctx.signal.aborted; s++) {
      const x = extractPatches(imgs, { patchSize: c.patchSize, count: c.batchSize, minVariance: 0.01, generator: ctx.generator });
      const r = dl.step(x);
      if (s % 10 === 0 || s === c.steps - 1) {
        steps.push(s); errs.push(r.reconstructionError); active.push(r.activeFraction);
        ctx.metric('reconstructionError', r.reconstructionError, s);
      }
      bar.tick(1, { err: r.reconstructionError.toFixed(3), active: r.activeFraction.toFixed(3) });
      await breathe();
    }
    bar.done();
    // Held-out evaluation on patches from test images.
    const test = loadMnist({ split: 'test', limit: 2000 });
    const xt = extractPatches(test.images.reshape([test.images.shape[0], 28, 28]), { patchSize: c.patchSize, count: 1000, minVariance: 0.01, generator: ctx.generator });
    const codes = dl.encode(xt);
    const rec = dl.decode(codes);
    let se = 0, energy = 0, on = 0;
    for (let i = 0; i < xt.data.length; i++) { se += (xt.data[i] - rec.data[i]) ** 2; energy += xt.data[i] ** 2; }
    for (const v of codes.data) if (Math.abs(v) > 1e-6) on++;
    const relErr = se / energy, activeFrac = on / codes.data.length;
    const show = Math.min(c.atoms, 100);
    const figures: Figure[] = [
      { kind: 'images', title: `Learned dictionary (${show} of ${c.atoms} atoms, ${c.patchSize}×${c.patchSize})`, colormap: 'diverging', cols: 10,
        images: Array.from({ length: show }, (_, k) => ({ data: dl.dictionary.data.subarray(k * d, (k + 1) * d), h: c.patchSize, w: c.patchSize })),
        caption: 'Atoms are pen-stroke fragments: short oriented segments and curves, localized within the patch.' },
      { kind: 'line', title: 'Training', xLabel: 'step', yLabel: 'value', series: [{ name: 'squared error per patch', x: steps, y: errs }, { name: 'fraction active', x: steps, y: active, dashed: true }] },
      { kind: 'images', title: 'Test patches and reconstructions', cols: 8, colormap: 'gray',
        images: Array.from({ length: 8 }, (_, i) => [{ data: xt.data.subarray(i * d, (i + 1) * d), h: c.patchSize, w: c.patchSize, label: 'patch' },
          { data: rec.data.subarray(i * d, (i + 1) * d), h: c.patchSize, w: c.patchSize, label: 'recon' }]).flat() },
    ];
    return {
      metrics: { relativeReconstructionError: relErr, fractionActive: activeFrac, trainSquaredErrorPerPatch: errs[errs.length - 1] ?? NaN, steps: steps.length ? steps[steps.length - 1] + 1 : 0 },
      figures,
      references: [
        { metric: 'fraction of active units (test patches)', measured: activeFrac, published: '< 0.10', source: 'issue target; Olshausen & Field 1996 (sparse, localized codes)', reached: activeFrac < 0.1 },
        { metric: 'relative reconstruction error ‖x − Da‖²/‖x‖²', measured: relErr, published: 'small (no fixed published value for MNIST patches)', source: 'Olshausen & Field 1996' },
      ],
    };
  },
};

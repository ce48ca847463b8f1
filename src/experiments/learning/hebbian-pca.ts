import { Tensor } from '../../core/tensor.js';
import { randn } from '../../core/creation.js';
import { manualSeed } from '../../core/random.js';
import { OjaRule, SangerRule, applyRule } from '../../learning/hebbian/index.js';
import { symmetricEigen, absCosine } from '../../learning/linalg.js';
import { breathe } from '../common/breathe.js';
import type { Experiment, Figure } from '../types.js';

type Config = { dims: number; components: number; samples: number; epochs: number; lr: number; batchSize: number; seed: number };

/** Zero-mean data with a decaying, well-separated spectrum, mixed by a random rotation. */
function correlated(n: number, d: number, gen: import('../../core/random.js').Generator): Tensor {
  const scales = new Float32Array(d).map((_, i) => Math.pow(0.7, i) * 2);
  const z = randn([n, d], { generator: gen }).mul(new Tensor(scales, [1, d]));
  // A random orthogonal mixing via QR of a Gaussian matrix (Gram-Schmidt on its rows).
  const q = randn([d, d], { generator: gen }).data as Float32Array;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += q[i * d + k] * q[j * d + k];
      for (let k = 0; k < d; k++) q[i * d + k] -= dot * q[j * d + k];
    }
    let nrm = 0;
    for (let k = 0; k < d; k++) nrm += q[i * d + k] ** 2;
    nrm = Math.sqrt(nrm);
    for (let k = 0; k < d; k++) q[i * d + k] /= nrm;
  }
  return z.matmul(new Tensor(q, [d, d]));
}

export const hebbianPca: Experiment<Config> = {
  name: 'hebbian-pca',
  title: 'Hebbian learning finds principal components',
  chapter: 'hebbian',
  description: "Oja's rule (one unit) and Sanger's generalized Hebbian algorithm (k units) on correlated data: cosine with the SVD components ≥ 0.99 and weight norms ≈ 1 (Oja 1982; Sanger 1989).",
  defaults: { dims: 10, components: 4, samples: 5000, epochs: 20, lr: 0.003, batchSize: 10, seed: 0 },
  // The guided tour runs the full default size: it takes seconds.
  tour: {},
  smoke: { samples: 1000, epochs: 6, lr: 0.01 },
  help: { dims: 'input dimension', components: "units trained with Sanger's rule", samples: 'data points', epochs: 'passes over the data', lr: 'learning rate η', batchSize: 'samples averaged per update' },
  async run(ctx) {
    const c = ctx.config;
    manualSeed(c.seed);
    const x = correlated(c.samples, c.dims, ctx.generator);
    const cov = x.T.matmul(x).div(c.samples);
    const { values, vectors } = symmetricEigen(cov.data, c.dims);
    const pc = (k: number) => vectors.subarray(k * c.dims, (k + 1) * c.dims);
    const oja = randn([1, c.dims], { generator: ctx.generator }).mul(0.1);
    const sanger = randn([c.components, c.dims], { generator: ctx.generator }).mul(0.1);
    const ojaRule = new OjaRule({ lr: c.lr }), sangerRule = new SangerRule({ lr: c.lr });
    const steps: number[] = [], ojaCos: number[] = [], sangerCos: number[][] = Array.from({ length: c.components }, () => []);
    const bar = ctx.progress('hebbian updates', c.epochs * c.samples, 'samples');
    let seen = 0;
    for (let e = 0; e < c.epochs && !ctx.signal.aborted; e++) {
      const perm = ctx.generator.permutation(c.samples);
      for (let s = 0; s < c.samples; s += c.batchSize) {
        const xb = x.indexSelect(0, Array.from(perm.subarray(s, Math.min(c.samples, s + c.batchSize))));
        applyRule(ojaRule, oja, xb);
        applyRule(sangerRule, sanger, xb);
        seen += xb.shape[0];
        if ((s / c.batchSize) % 50 === 0) {
          steps.push(seen);
          ojaCos.push(absCosine(oja.data, pc(0)));
          for (let k = 0; k < c.components; k++) sangerCos[k].push(absCosine(sanger.data.subarray(k * c.dims, (k + 1) * c.dims), pc(k)));
        }
        bar.tick(xb.shape[0]);
      }
      await breathe();
    }
    bar.done();
    const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, b) => a + b * b, 0));
    const finalSanger = Array.from({ length: c.components }, (_, k) => absCosine(sanger.data.subarray(k * c.dims, (k + 1) * c.dims), pc(k)));
    const sangerNorms = Array.from({ length: c.components }, (_, k) => norm(sanger.data.subarray(k * c.dims, (k + 1) * c.dims)));
    const ojaCosine = absCosine(oja.data, pc(0)), ojaNorm = norm(oja.data);
    const minSanger = Math.min(...finalSanger);
    const maxNormErr = Math.max(Math.abs(ojaNorm - 1), ...sangerNorms.map((n) => Math.abs(n - 1)));
    ctx.metric('ojaCosine', ojaCosine); ctx.metric('sangerMinCosine', minSanger);
    const figures: Figure[] = [
      { kind: 'line', title: 'Alignment with the principal components', xLabel: 'samples seen', yLabel: '|cos| with SVD component',
        series: [{ name: 'Oja (PC 1)', x: steps, y: ojaCos }, ...sangerCos.map((y, k) => ({ name: `Sanger unit ${k + 1} (PC ${k + 1})`, x: steps, y, dashed: true }))] },
      { kind: 'bar', title: 'Final weight norms (target 1)', labels: ['Oja', ...sangerNorms.map((_, k) => `Sanger ${k + 1}`)], values: [ojaNorm, ...sangerNorms] },
      { kind: 'bar', title: 'Data covariance spectrum', labels: Array.from(values, (_, i) => `λ${i + 1}`), values: Array.from(values) },
    ];
    return {
      metrics: { ojaCosine, ojaNorm, sangerMinCosine: minSanger, sangerCosines: finalSanger.map((v) => v.toFixed(4)).join(' '), maxNormError: maxNormErr, samplesSeen: seen },
      figures,
      references: [
        { metric: "Oja |cos| with PC 1", measured: ojaCosine, published: '≥ 0.99, norm → 1', source: 'Oja 1982; REFERENCES.md', reached: ojaCosine >= 0.99 && Math.abs(ojaNorm - 1) < 0.05 },
        { metric: `Sanger min |cos| over top ${c.components}`, measured: minSanger, published: '≥ 0.99, in order', source: 'Sanger 1989; REFERENCES.md', reached: minSanger >= 0.99 },
      ],
    };
  },
};

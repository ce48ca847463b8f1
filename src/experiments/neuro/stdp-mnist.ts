import type { Experiment } from '../types.js';
import { loadMnist } from '../../data/mnist.js';
import { DiehlCook, assignLabels, classifyByAssignment } from '../../neuro/benchmarks/diehl-cook.js';
import { energyEstimate } from '../../neuro/network/energy.js';
import { receptiveFieldFigure } from './figures.js';
import { breathe } from '../common/breathe.js';

type Config = { nExc: number; trainImages: number; labelImages: number; testImages: number; seed: number };

function pixels(data: ArrayLike<number>, i: number, out: Float64Array): Float64Array {
  for (let k = 0; k < 784; k++) out[k] = Math.round(data[i * 784 + k] * 255);
  return out;
}

export const stdpMnist: Experiment<Config> = {
  name: 'stdp-mnist',
  title: 'Unsupervised STDP on MNIST (Diehl & Cook 2015)',
  chapter: 'hebbian',
  description: 'Poisson-coded MNIST into excitatory neurons with STDP, adaptive thresholds and lateral inhibition; neurons are labelled by their responses and vote. Targets: 82.9% (100 neurons) and 87.0% (400) after one pass over 60k images (paper).',
  defaults: { nExc: 100, trainImages: 60000, labelImages: 60000, testImages: 10000, seed: 0 },
  smoke: { nExc: 20, trainImages: 100, labelImages: 100, testImages: 100 },
  help: { nExc: 'excitatory neurons (100, 400, ...)', trainImages: 'training images with learning on (one pass = 60000)', labelImages: 'training images shown again with learning off to label the neurons (the paper: all 60000)', testImages: 'test images', seed: 'seed of the weights and the Poisson inputs' },
  async run(ctx) {
    const c = ctx.config;
    const train = loadMnist({ split: 'train', flatten: true, limit: Math.max(c.trainImages, c.labelImages) });
    const test = loadMnist({ split: 'test', flatten: true, limit: c.testImages });
    const nTrain = Math.min(c.trainImages, train.labels.shape[0]), nLabel = Math.min(c.labelImages, train.labels.shape[0]);
    const dc = new DiehlCook({ nExc: c.nExc }, ctx.generator);
    const buf = new Float64Array(784);
    const t0 = performance.now();
    let bar = ctx.progress('training (STDP)', nTrain, 'images');
    let spikes = 0, trained = 0;
    for (let i = 0; i < nTrain; i++) {
      // Let the event loop run now and then, so Ctrl-C reaches ctx.signal inside this long loop.
      await breathe();
      if (ctx.signal.aborted) break;
      for (const x of dc.present(pixels(train.images.data, i, buf), true)) spikes += x;
      trained++;
      if (trained % 1000 === 0) {
        ctx.metric('spikesPerImage', spikes / 1000, trained);
        ctx.log(`${trained} images: ${(spikes / 1000).toFixed(1)} spikes/image, ${(dc.presentations / trained).toFixed(2)} presentations/image, ${((performance.now() - t0) / trained).toFixed(2)} ms/image`);
        spikes = 0;
      }
      bar.tick(1);
    }
    bar.done();
    const trainSeconds = (performance.now() - t0) / 1000;
    const presentationsPerTrainImage = dc.presentations / Math.max(1, trained);
    // Diehl & Cook 2015: learning off and θ fixed, each neuron takes the class it responds to most
    // over a presentation of the training set.
    const counts = new Int32Array(nLabel * c.nExc), labels = new Int32Array(nLabel);
    bar = ctx.progress('labelling neurons', nLabel, 'images');
    let labelled = 0;
    for (; labelled < nLabel; labelled++) {
      await breathe();
      if (ctx.signal.aborted) break;
      counts.set(dc.present(pixels(train.images.data, labelled, buf), false), labelled * c.nExc);
      labels[labelled] = train.labels.data[labelled];
      bar.tick(1);
    }
    bar.done();
    const assignments = assignLabels(counts.subarray(0, labelled * c.nExc), labels.subarray(0, labelled), c.nExc);
    const ev0 = dc.synapticEvents;
    let correct = 0, tested = 0;
    bar = ctx.progress('testing', test.labels.shape[0], 'images');
    for (; tested < test.labels.shape[0]; tested++) {
      await breathe();
      if (ctx.signal.aborted) break;
      if (classifyByAssignment(dc.present(pixels(test.images.data, tested, buf), false), assignments) === test.labels.data[tested]) correct++;
      bar.tick(1);
    }
    bar.done();
    // Over the images actually shown (fewer when stopped with Ctrl-C).
    const accuracy = correct / Math.max(1, tested);
    const eventsPerImage = (dc.synapticEvents - ev0) / Math.max(1, tested);
    // Dense equivalent: every synapse visited every step (784·n input, n inh, n² lateral) for 700 steps.
    const steps = Math.round(dc.config.tPresent / dc.config.dt);
    const energy = energyEstimate(eventsPerImage, steps * (784 * c.nExc + c.nExc + c.nExc * (c.nExc - 1)));
    const target = c.nExc >= 400 ? 0.87 : 0.829;
    return {
      metrics: { nExc: c.nExc, trainImages: trained, labelImages: labelled, testImages: tested, testAccuracy: accuracy, trainSeconds, secondsPerTrainImage: trainSeconds / Math.max(1, trained), presentationsPerTrainImage, meanThetaMv: dc.exc.theta.reduce((a, b) => a + b, 0) / c.nExc, synapticEventsPerTestImage: eventsPerImage, energyPerImageLoihiUj: energy.snnLoihiPj / 1e6 },
      figures: [receptiveFieldFigure(dc.weights, c.nExc, `Learned receptive fields (${c.nExc} excitatory neurons)`)],
      references: [{ metric: `test accuracy, ${c.nExc} neurons, ${trained} training images`, measured: accuracy, published: `${(target * 100).toFixed(1)}% after 60000 images`, source: 'Diehl & Cook 2015; REFERENCES.md', reached: accuracy >= (c.nExc >= 400 ? 0.85 : 0.8) }],
      notes: [
        'Each image is shown for 350 ms and followed by a 150 ms silent rest on the same clock (θ and the STDP traces decay through it; it is stepped while the conductances fade, then finished in closed form). θ starts at 20 mV behind a 20 mV offset, as in the published code.',
        `Neurons are labelled from their responses to the first ${labelled} training images with learning off and θ fixed (the paper: the whole training set), then vote on the test images.`,
        'Not modelled: the published code\'s random 0-10 ms input delays.',
      ],
    };
  },
};

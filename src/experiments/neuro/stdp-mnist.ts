import type { Experiment } from '../types.js';
import { loadMnist } from '../../data/mnist.js';
import { DiehlCook, ResponseTally, assignLabels, classifyByAssignment, type DiehlCookState } from '../../neuro/benchmarks/diehl-cook.js';
import { energyEstimate } from '../../neuro/network/energy.js';
import { receptiveFieldFigure } from './figures.js';
import { breathe } from '../common/breathe.js';
import { runCheckpoint } from '../common/train-loop.js';
import { existsSync } from 'node:fs';
import { saveCheckpoint, loadCheckpoint } from '../../io/checkpoint-file.js';
import { SaveClock } from '../../io/save-clock.js';
import type { Checkpoint } from '../../io/checkpoint.js';
import { ValueError } from '../../core/errors.js';


/** Progress of a run through its three phases (train, label, test), saved with the network. */
type RunState = { trained: number; trainPresentations: number; spikes: number; trainSeconds: number; labelled: number; tested: number; correct: number; testEvents: number };

/** Puts a saved run back: the network (bit for bit), the label tally and the phase counters. */
function restore(ck: Checkpoint, path: string, dc: DiehlCook, tally: ResponseTally, testCounts: Int32Array, run: RunState): void {
  const extra = ck.extra as { run?: Partial<RunState>; tally?: { sums?: unknown; perClass?: unknown }; testCounts?: unknown; network?: unknown } | undefined;
  const saved = extra?.run;
  if (!saved || !extra?.network || !(extra.tally?.sums instanceof Int32Array) || !(extra.tally.perClass instanceof Int32Array) || !(extra.testCounts instanceof Int32Array)) {
    throw new ValueError(`stdp-mnist: ${path} holds no stdp-mnist state (another experiment or an older version); delete it to start afresh`);
  }
  for (const k of Object.keys(run) as (keyof RunState)[]) {
    if (!(Number.isFinite(saved[k]) && (saved[k] as number) >= 0)) throw new ValueError(`stdp-mnist: ${path}: '${k}' is ${String(saved[k])}; the checkpoint is damaged, delete it to start afresh`);
  }
  // Only the responses of the images tested so far are saved.
  const n = tally.nExc, savedTests = extra.testCounts.length / n;
  if (extra.tally.sums.length !== tally.sums.length || extra.tally.perClass.length !== tally.perClass.length || savedTests !== saved.tested || savedTests * n > testCounts.length) {
    throw new ValueError(`stdp-mnist: ${path} was written for another network size or test set; resume with the saved settings or delete it`);
  }
  dc.loadStateDict(extra.network as DiehlCookState);
  tally.sums.set(extra.tally.sums); tally.perClass.set(extra.tally.perClass);
  testCounts.set(extra.testCounts);
  Object.assign(run, saved);
}

type Config = { nExc: number; trainImages: number; labelImages: number; testImages: number; inputDelay: number; synapseDecay: string; seed: number };

function pixels(data: ArrayLike<number>, i: number, out: Float64Array): Float64Array {
  for (let k = 0; k < 784; k++) out[k] = Math.round(data[i * 784 + k] * 255);
  return out;
}

export const stdpMnist: Experiment<Config> = {
  name: 'stdp-mnist',
  title: 'Unsupervised STDP on MNIST (Diehl & Cook 2015)',
  chapter: 'hebbian',
  description: 'Poisson-coded MNIST into excitatory neurons with STDP, adaptive thresholds and lateral inhibition, through the published code\'s 0-10 ms input delays; neurons are labelled by their responses and vote. Paper: 82.9% (100 neurons) and 87.0% (400) after one pass over 60k images; measured here 81.2% (mean of 3 seeds) and 89.2%. Checkpoints every minute; --resume continues.',
  defaults: { nExc: 100, trainImages: 60000, labelImages: 60000, testImages: 10000, inputDelay: 10, synapseDecay: 'exact', seed: 0 },
  smoke: { nExc: 20, trainImages: 100, labelImages: 100, testImages: 100 },
  help: { nExc: 'excitatory neurons (100, 400, ...)', trainImages: 'training images with learning on (one pass = 60000)', labelImages: 'training images shown again with learning off to label the neurons (the paper: all 60000)', testImages: 'test images', synapseDecay: "conductance decay per 0.5 ms step: 'euler' (g·(1 − dt/τ), as the published code's Brian 1 integrates it) or 'exact' (g·exp(−dt/τ))", inputDelay: 'longest input → excitatory delay (ms); each synapse draws one uniformly below it (published code: 10; 0: no delays)', seed: 'seed of the weights and the Poisson inputs' },
  async run(ctx) {
    const c = ctx.config;
    const train = loadMnist({ split: 'train', flatten: true, limit: Math.max(c.trainImages, c.labelImages) });
    const test = loadMnist({ split: 'test', flatten: true, limit: c.testImages });
    const nTrain = Math.min(c.trainImages, train.labels.shape[0]), nLabel = Math.min(c.labelImages, train.labels.shape[0]);
    const nTest = test.labels.shape[0];
    if (c.synapseDecay !== 'euler' && c.synapseDecay !== 'exact') throw new ValueError(`stdp-mnist: --synapse-decay must be 'euler' or 'exact', got '${c.synapseDecay}'`);
    const dc = new DiehlCook({ nExc: c.nExc, inputDelayMax: c.inputDelay, synapseDecay: c.synapseDecay }, ctx.generator);
    const tally = new ResponseTally(c.nExc);
    // Every test response, for the published evaluation script's protocol (labels from these responses).
    const testCounts = new Int32Array(nTest * c.nExc);
    const run: RunState = { trained: 0, trainPresentations: 0, spikes: 0, trainSeconds: 0, labelled: 0, tested: 0, correct: 0, testEvents: 0 };
    const ckPath = runCheckpoint(ctx, 'network');
    if (ckPath && existsSync(ckPath)) {
      restore(loadCheckpoint(ckPath), ckPath, dc, tally, testCounts, run);
      ctx.log(`resuming from ${ckPath}: ${run.trained} images trained, ${run.labelled} labelled, ${run.tested} tested`);
    }
    // Atomic checkpoints between images: every minute, and when Ctrl-C stops the run.
    const clock = new SaveClock(60, 'stdp-mnist');
    const save = (force: boolean) => {
      if (!ckPath || (!force && !clock.due())) return;
      saveCheckpoint(ckPath, { model: {}, epoch: 0, step: run.trained + run.labelled + run.tested,
        extra: { run: { ...run }, tally: { sums: tally.sums, perClass: tally.perClass }, testCounts: testCounts.subarray(0, run.tested * c.nExc), network: dc.stateDict() as unknown as Record<string, unknown> } });
      clock.saved();
    };
    const buf = new Float64Array(784);
    let t0 = performance.now() - run.trainSeconds * 1000, logged = run.trained;
    let bar = ctx.progress('training (STDP)', nTrain, 'images');
    bar.tick(run.trained);
    for (; run.trained < nTrain; run.trained++) {
      // Let the event loop run now and then, so Ctrl-C reaches ctx.signal inside this long loop.
      await breathe();
      if (ctx.signal.aborted) break;
      for (const x of dc.present(pixels(train.images.data, run.trained, buf), true)) run.spikes += x;
      run.trainPresentations = dc.presentations;
      if ((run.trained + 1) % 1000 === 0) {
        const done = run.trained + 1, per = done - logged;
        run.trainSeconds = (performance.now() - t0) / 1000;
        ctx.metric('spikesPerImage', run.spikes / per, done);
        ctx.log(`${done} images: ${(run.spikes / per).toFixed(1)} spikes/image, ${(run.trainPresentations / done).toFixed(2)} presentations/image, ${((run.trainSeconds * 1000) / done).toFixed(2)} ms/image`);
        run.spikes = 0; logged = done;
      }
      bar.tick(1);
      run.trainSeconds = (performance.now() - t0) / 1000;
      save(false);
    }
    bar.done();
    const trained = run.trained;
    const presentationsPerTrainImage = run.trainPresentations / Math.max(1, trained);
    // Diehl & Cook 2015: learning off and θ fixed, each neuron takes the class it responds to most
    // over a presentation of the training set.
    bar = ctx.progress('labelling neurons', nLabel, 'images');
    bar.tick(run.labelled);
    for (; run.labelled < nLabel && !ctx.signal.aborted; run.labelled++) {
      await breathe();
      if (ctx.signal.aborted) break;
      tally.add(dc.present(pixels(train.images.data, run.labelled, buf), false), train.labels.data[run.labelled]);
      bar.tick(1);
      save(false);
    }
    bar.done();
    const labelled = run.labelled;
    const assignments = tally.assign();
    bar = ctx.progress('testing', nTest, 'images');
    bar.tick(run.tested);
    for (; run.tested < nTest && !ctx.signal.aborted; run.tested++) {
      await breathe();
      if (ctx.signal.aborted) break;
      const ev = dc.synapticEvents;
      const counts = dc.present(pixels(test.images.data, run.tested, buf), false);
      testCounts.set(counts, run.tested * c.nExc);
      if (classifyByAssignment(counts, assignments) === test.labels.data[run.tested]) run.correct++;
      run.testEvents += dc.synapticEvents - ev;
      bar.tick(1);
      save(false);
    }
    bar.done();
    if (ctx.signal.aborted) save(true);
    const { tested, correct, trainSeconds } = run;
    // Over the images actually shown (fewer when stopped with Ctrl-C).
    const accuracy = correct / Math.max(1, tested);
    // The published evaluation script loads the same 10k test responses as its "training" and
    // "testing" results: neurons are labelled from the very responses they then vote on.
    const testLabels = Int32Array.from(test.labels.data.subarray(0, tested) as ArrayLike<number>);
    const selfAssigned = assignLabels(testCounts.subarray(0, tested * c.nExc), testLabels, c.nExc);
    let selfCorrect = 0;
    for (let k = 0; k < tested; k++) if (classifyByAssignment(testCounts.subarray(k * c.nExc, (k + 1) * c.nExc), selfAssigned) === testLabels[k]) selfCorrect++;
    const accuracyPublishedProtocol = selfCorrect / Math.max(1, tested);
    const eventsPerImage = run.testEvents / Math.max(1, tested);
    // Dense equivalent: every synapse visited every step (784·n input, n inh, n² lateral) for 700 steps.
    const steps = Math.round(dc.config.tPresent / dc.config.dt);
    const energy = energyEstimate(eventsPerImage, steps * (784 * c.nExc + c.nExc + c.nExc * (c.nExc - 1)));
    const target = c.nExc >= 400 ? 0.87 : 0.829;
    return {
      metrics: { nExc: c.nExc, trainImages: trained, labelImages: labelled, testImages: tested, testAccuracy: accuracy, testAccuracyLabelledOnTest: accuracyPublishedProtocol, trainSeconds, secondsPerTrainImage: trainSeconds / Math.max(1, trained), presentationsPerTrainImage, meanThetaMv: dc.exc.theta.reduce((a, b) => a + b, 0) / c.nExc, synapticEventsPerTestImage: eventsPerImage, energyPerImageLoihiUj: energy.snnLoihiPj / 1e6 },
      figures: [receptiveFieldFigure(dc.weights, c.nExc, `Learned receptive fields (${c.nExc} excitatory neurons)`)],
      references: [{ metric: `test accuracy, ${c.nExc} neurons, ${trained} training images`, measured: accuracy, published: `${(target * 100).toFixed(1)}% after 60000 images`, source: 'Diehl & Cook 2015; REFERENCES.md', reached: accuracy >= (c.nExc >= 400 ? 0.85 : 0.8) },
        { metric: `test accuracy as the published evaluation script computes it (neurons labelled from the same ${tested} test responses)`, measured: accuracyPublishedProtocol, published: `${(target * 100).toFixed(1)}% after 60000 images`, source: 'Diehl & Cook 2015, published code (Diehl&Cook_MNIST_evaluation.py)', reached: accuracyPublishedProtocol >= target }],
      notes: [
        'Each image is shown for 350 ms and followed by a 150 ms silent rest on the same clock (θ and the STDP traces decay through it; it is stepped while the conductances fade, then finished in closed form). θ starts at 20 mV behind a 20 mV offset, as in the published code.',
        `Neurons are labelled from their responses to the first ${labelled} training images with learning off and θ fixed (the paper: the whole training set), then vote on the test images.`,
        `testAccuracyLabelledOnTest (${(accuracyPublishedProtocol * 100).toFixed(2)}%) follows the published evaluation script instead: it labels the neurons from the test responses themselves, then classifies those same responses, so test labels leak into the labelling; it is reported for comparison with the paper's figures, not as the result.`,
        c.inputDelay > 0
          ? `Input → excitatory delays uniform in [0, ${c.inputDelay}) ms per synapse, whole steps, as in the published code; STDP sees each spike where it arrives.`
          : 'Input delays off (the published code draws 0-10 ms per synapse).',
      ],
    };
  },
};

// Produces the weights bundled with the browser playground's digit lab, in web/public/models/:
//
//   lenet5-mnist.safetensors     LeNet-5 trained on the 60k MNIST training images with the CLI
//                                (`alchemy run mnist-cnn --epochs 2 --seed 0 --threads 1`: Adam 2e-3
//                                with cosine decay, batch 64). Refused under 98% test accuracy.
//                                One epoch reaches 97.9%, two pass 98%. 61,706 float32s, about 247 KB.
//   diehl-cook-mnist.safetensors The Diehl & Cook 2015 spiking network (100 excitatory neurons) after
//                                unsupervised STDP on the first --snn-train MNIST training images,
//                                neurons labelled from the next --snn-label images (learning off),
//                                accuracy measured on the first --snn-test test images. Input weights
//                                (in [0, wMax = 1]) are stored as uint8 with scale wMax/255 (78 KB).
//
// Usage (after `npm run build`):
//   node scripts/make-web-models.mjs [lenet] [snn] [--epochs 2] [--seed 0] [--snn-train 4000] [--snn-label 1000] [--snn-test 1000]
// With no target both are made. Seeds are fixed and training runs on one thread: a rerun of `snn`
// gives a byte-identical file (checked); `lenet` should too but was not rerun (12 minutes here).
// Each file's __metadata__ records the command, the seed and the measured test accuracy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
const targets = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const want = (t) => targets.length === 0 || targets.includes(t);
const MODELS = 'web/public/models';

const load = (p) => import(p).catch(() => {
  console.error('make-web-models: dist/ is missing; run `npm run build` first');
  process.exit(1);
});
const { parseSafetensors, serializeSafetensors } = await load('../dist/src/io/safetensors.js');
const { Tensor } = await load('../dist/src/core/tensor.js');

function write(name, tensors, metadata) {
  mkdirSync(MODELS, { recursive: true });
  const out = join(MODELS, name);
  writeFileSync(out, serializeSafetensors(tensors, { metadata }));
  console.log(`make-web-models: wrote ${out} (${statSync(out).size} bytes, test accuracy ${(100 * Number(metadata.testAccuracy)).toFixed(2)}%)`);
}

if (want('lenet')) {
  const epochs = flag('epochs', 2), seed = flag('seed', 0), MIN_ACCURACY = 0.98;
  const runs = mkdtempSync(join(tmpdir(), 'alchemy-web-models-'));
  const cliArgs = ['run', 'mnist-cnn', '--epochs', String(epochs), '--seed', String(seed), '--threads', '1', '--out', runs, '--no-report'];
  console.log(`make-web-models: alchemy ${cliArgs.join(' ')}`);
  const r = spawnSync(process.execPath, ['bin/alchemy.js', ...cliArgs], { stdio: 'inherit' });
  if (r.status !== 0) { console.error(`make-web-models: training failed (exit ${r.status})`); process.exit(1); }
  const dir = join(runs, readdirSync(runs).find((d) => d.startsWith('mnist-cnn-')));
  const acc = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).metrics.testAccuracy;
  const { tensors } = parseSafetensors(readFileSync(join(dir, 'model.safetensors')), { source: dir });
  rmSync(runs, { recursive: true, force: true });
  if (!(acc >= MIN_ACCURACY)) {
    console.error(`make-web-models: LeNet-5 test accuracy ${acc} is below ${MIN_ACCURACY}; not writing it. Try more --epochs.`);
    process.exit(1);
  }
  write('lenet5-mnist.safetensors', tensors, {
    model: 'LeNet5', dataset: 'MNIST (60k train, 10k test), pixels in [0, 1]',
    command: `node scripts/make-web-models.mjs lenet --epochs ${epochs} --seed ${seed}`,
    epochs: String(epochs), seed: String(seed), testAccuracy: String(acc),
  });
}

if (want('snn')) {
  const nTrain = flag('snn-train', 4000), nLabel = flag('snn-label', 1000), nTest = flag('snn-test', 1000), seed = flag('seed', 0), nExc = 100;
  const { DiehlCook, assignLabels, classifyByAssignment } = await load('../dist/src/neuro/benchmarks/diehl-cook.js');
  const { loadMnist } = await load('../dist/src/data/mnist.js');
  const { Generator } = await load('../dist/src/core/random.js');
  const train = loadMnist({ split: 'train', flatten: true, limit: nTrain + nLabel });
  const test = loadMnist({ split: 'test', flatten: true, limit: nTest });
  const px = (x, i) => Float64Array.from(x.data.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255));
  const dc = new DiehlCook({ nExc }, new Generator(seed));
  const t0 = performance.now();
  for (let i = 0; i < nTrain; i++) {
    dc.present(px(train.images, i), true);
    if ((i + 1) % 500 === 0) console.log(`make-web-models: STDP ${i + 1}/${nTrain} images (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // Quantise first, then label and test with the quantised weights the page will use.
  const wMax = dc.config.wMax, q = new Uint8Array(dc.weights.length);
  for (let k = 0; k < q.length; k++) q[k] = Math.round((Math.min(wMax, Math.max(0, dc.weights[k])) / wMax) * 255);
  for (let k = 0; k < q.length; k++) dc.weights[k] = (q[k] / 255) * wMax;
  const counts = new Int32Array(nLabel * nExc), labels = new Int32Array(nLabel);
  for (let i = 0; i < nLabel; i++) { counts.set(dc.present(px(train.images, nTrain + i), false), i * nExc); labels[i] = train.labels.data[nTrain + i]; }
  const assignments = assignLabels(counts, labels, nExc);
  let correct = 0;
  for (let i = 0; i < nTest; i++) if (classifyByAssignment(dc.present(px(test.images, i), false), assignments) === test.labels.data[i]) correct++;
  const acc = correct / nTest;
  write('diehl-cook-mnist.safetensors', {
    weights: new Tensor(q, [784, nExc]),
    theta: new Tensor(Float32Array.from(dc.exc.theta), [nExc]),
    assignments: new Tensor(Int32Array.from(assignments), [nExc]),
    // Per-synapse input delays in steps (0-19): the weights were learnt with these.
    delays: new Tensor(Uint8Array.from(dc.delays.steps), [784, nExc]),
  }, {
    model: 'DiehlCook', nExc: String(nExc), weightScale: String(wMax / 255), inputDelayMax: String(dc.config.inputDelayMax),
    dataset: `MNIST: STDP on training images 0-${nTrain - 1}, labels from ${nTrain}-${nTrain + nLabel - 1}, test on the first ${nTest} test images`,
    command: `node scripts/make-web-models.mjs snn --seed ${seed} --snn-train ${nTrain} --snn-label ${nLabel} --snn-test ${nTest}`,
    seed: String(seed), trainImages: String(nTrain), testImages: String(nTest), testAccuracy: String(acc),
  });
}

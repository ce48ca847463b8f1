// Produces the weights bundled with the browser playground's digit lab:
//   web/public/models/lenet5-mnist.safetensors
//
// Usage (after `npm run build`):  node scripts/make-web-models.mjs [--epochs 2] [--seed 0]
//
// It trains LeNet-5 on the real 60k MNIST training images with the CLI
// (`alchemy run mnist-cnn --epochs 2 --seed 0 --threads 1`, Adam 2e-3 with cosine decay, batch 64),
// reads the run folder's metrics and weights, refuses to write a model under 98% test accuracy,
// and re-saves the state dict with provenance metadata (command, seed, epochs, test accuracy).
// One epoch reaches 97.9%, two pass 98%. One thread and a fixed seed make the run reproducible: the same command gives the same weights.
// float32 LeNet-5 weights are 61,706 numbers, about 247 KB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
const epochs = flag('epochs', 2), seed = flag('seed', 0);
const MIN_ACCURACY = 0.98;
const OUT = 'web/public/models/lenet5-mnist.safetensors';

const { parseSafetensors, serializeSafetensors } = await import('../dist/src/io/safetensors.js').catch(() => {
  console.error('make-web-models: dist/ is missing; run `npm run build` first');
  process.exit(1);
});

const runs = mkdtempSync(join(tmpdir(), 'alchemy-web-models-'));
const cliArgs = ['run', 'mnist-cnn', '--epochs', String(epochs), '--seed', String(seed), '--threads', '1', '--out', runs, '--no-report'];
console.log(`make-web-models: alchemy ${cliArgs.join(' ')}`);
const r = spawnSync(process.execPath, ['bin/alchemy.js', ...cliArgs], { stdio: 'inherit' });
if (r.status !== 0) { console.error(`make-web-models: training failed (exit ${r.status})`); process.exit(1); }

const dir = join(runs, readdirSync(runs).find((d) => d.startsWith('mnist-cnn-')));
const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).metrics;
const acc = metrics.testAccuracy;
if (!(acc >= MIN_ACCURACY)) {
  console.error(`make-web-models: test accuracy ${acc} is below ${MIN_ACCURACY}; not writing ${OUT}. Try more --epochs.`);
  rmSync(runs, { recursive: true, force: true });
  process.exit(1);
}
const { tensors } = parseSafetensors(readFileSync(join(dir, 'model.safetensors')), { source: dir });
const bytes = serializeSafetensors(tensors, {
  metadata: {
    model: 'LeNet5', dataset: 'MNIST (60k train, 10k test), pixels in [0, 1]',
    command: `node scripts/make-web-models.mjs --epochs ${epochs} --seed ${seed}`,
    epochs: String(epochs), seed: String(seed), testAccuracy: String(acc),
  },
});
mkdirSync('web/public/models', { recursive: true });
writeFileSync(OUT, bytes);
rmSync(runs, { recursive: true, force: true });
console.log(`make-web-models: wrote ${OUT} (${statSync(OUT).size} bytes, test accuracy ${(100 * acc).toFixed(2)}%)`);

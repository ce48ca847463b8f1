import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, randn, tensor, Generator, FormatError, ValueError, Tensor } from '../../src/core/index.js';
import { Sequential, Linear, ReLU, MSELoss, StateDictError } from '../../src/nn/index.js';
import { Adam, SGD, StepLR, ReduceLROnPlateau } from '../../src/optim/index.js';
import {
  saveCheckpoint, loadCheckpoint, restoreCheckpoint, serializeCheckpoint, parseCheckpoint,
  parseSafetensors, serializeSafetensors, type Checkpoint,
} from '../../src/io/index.js';

function trained(seed: number) {
  manualSeed(seed);
  const model = new Sequential(new Linear(3, 5), new ReLU(), new Linear(5, 2));
  const opt = new Adam(model.parameters(), { lr: 0.01 });
  const sched = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
  const x = randn([8, 3]), y = randn([8, 2]);
  for (let i = 0; i < 3; i++) {
    opt.zeroGrad();
    new MSELoss().forward(model.forward(x), y).backward();
    opt.step();
    sched.step();
  }
  return { model, opt, sched };
}

function withDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'alchemy-ckpt-'));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

test('save → load returns model, optimizer buffers, scheduler, rng, counters and extra exactly', () => withDir((dir) => {
  const { model, opt, sched } = trained(1);
  const g = new Generator(5); g.normal();
  const extra = { loader: { epoch: 2, batch: 1, order: [3, 1, 2, 0] }, best: Infinity, worst: -Infinity, nan: NaN, negZero: -0, $weird: 'kept', note: null, ok: true, ids: new Int32Array([4, -5]) };
  const path = join(dir, 'ckpt.safetensors');
  saveCheckpoint(path, { model: model.stateDict(), optimizer: opt.stateDict(), scheduler: sched.stateDict(), rng: g.getState(), epoch: 2, step: 3, extra });
  const back = loadCheckpoint(path);

  assert.deepEqual(Object.keys(back.model).sort(), Object.keys(model.stateDict()).sort());
  for (const [k, t] of Object.entries(model.stateDict())) assert.deepEqual(Array.from(back.model[k].data), Array.from(t.data), k);
  const os = opt.stateDict();
  assert.deepEqual(back.optimizer!.paramGroups, os.paramGroups);
  for (const [i, st] of Object.entries(os.state)) {
    for (const [name, v] of Object.entries(st)) {
      if (typeof v === 'number') assert.equal(back.optimizer!.state[i][name], v);
      else assert.deepEqual(Array.from(back.optimizer!.state[i][name] as Float32Array), Array.from(v as Float32Array), `${i}.${name}`);
    }
  }
  assert.deepEqual(back.scheduler, sched.stateDict());
  assert.deepEqual(back.rng, g.getState());
  assert.equal(back.epoch, 2);
  assert.equal(back.step, 3);
  const e = back.extra as typeof extra;
  assert.deepEqual(e.loader, extra.loader);
  assert.equal(e.best, Infinity); assert.equal(e.worst, -Infinity); assert.ok(Number.isNaN(e.nan)); assert.ok(Object.is(e.negZero, -0));
  assert.equal(e.$weird, 'kept'); assert.equal(e.note, null); assert.equal(e.ok, true);
  assert.deepEqual(Array.from(e.ids), [4, -5]);
}));

test('restoring a checkpoint makes a fresh model, optimizer and scheduler continue identically', () => withDir((dir) => {
  const a = trained(2);
  const path = join(dir, 'c.safetensors');
  saveCheckpoint(path, { model: a.model.stateDict(), optimizer: a.opt.stateDict(), scheduler: a.sched.stateDict(), epoch: 3, step: 3 });
  const b = trained(99); // different weights and moments
  restoreCheckpoint(loadCheckpoint(path), { model: b.model, optimizer: b.opt, scheduler: b.sched });
  const x = randn([4, 3]), y = randn([4, 2]);
  for (const r of [a, b]) {
    r.opt.zeroGrad();
    new MSELoss().forward(r.model.forward(x), y).backward();
    r.opt.step();
  }
  for (const [k, t] of Object.entries(a.model.stateDict())) assert.deepEqual(Array.from(b.model.stateDict()[k].data), Array.from(t.data), k);
  assert.deepEqual(b.sched.getLastLr(), a.sched.getLastLr());
}));

test('a checkpoint from another architecture is refused by the strict state-dict check and changes nothing', () => withDir((dir) => {
  const { model } = trained(3);
  const path = join(dir, 'c.safetensors');
  saveCheckpoint(path, { model: model.stateDict(), epoch: 0, step: 0 });
  manualSeed(4);
  const other = new Sequential(new Linear(3, 7), new ReLU(), new Linear(7, 2));
  const before = other.stateDict()['0.weight'].toFlatArray();
  assert.throws(() => restoreCheckpoint(loadCheckpoint(path), { model: other }),
    (e: Error) => e instanceof StateDictError && /0\.weight: checkpoint has shape \[5, 3\], model has \[7, 3\]/.test(e.message));
  assert.deepEqual(other.stateDict()['0.weight'].toFlatArray(), before);
}));

test('a failure after the model was restored rolls the model back (no half-restored state)', () => {
  const a = trained(5), b = trained(6);
  const ckpt: Checkpoint = { model: a.model.stateDict(), optimizer: new SGD(a.model.parameters(), { lr: 0.1 }).stateDict(), epoch: 0, step: 0 };
  ckpt.optimizer!.paramGroups.push({ ...ckpt.optimizer!.paramGroups[0] }); // two groups saved, one here
  const before = b.model.stateDict()['2.bias'].toFlatArray();
  assert.throws(() => restoreCheckpoint(ckpt, { model: b.model, optimizer: b.opt }), /parameter groups/);
  assert.deepEqual(b.model.stateDict()['2.bias'].toFlatArray(), before);
});

test('ReduceLROnPlateau state (best = Infinity) survives the round trip', () => {
  const { opt } = trained(7);
  const plateau = new ReduceLROnPlateau(opt);
  const back = parseCheckpoint(serializeCheckpoint({ model: {}, scheduler: plateau.stateDict(), epoch: 0, step: 0 }));
  assert.equal((back.scheduler as { best: number }).best, Infinity);
});

test('save validates its input and names the bad entry', () => {
  const base = { model: { w: tensor([1]) }, epoch: 0, step: 0 };
  const bad = (c: unknown, re: RegExp) => assert.throws(() => serializeCheckpoint(c as Checkpoint), (e: Error) => e instanceof ValueError && re.test(e.message), String(re));
  bad({ ...base, epoch: -1 }, /'epoch' must be a non-negative integer, got -1/);
  bad({ ...base, step: 1.5 }, /'step' must be a non-negative integer/);
  bad({ ...base, model: { w: [1] } }, /model entry 'w' is not a Tensor/);
  bad({ ...base, rng: { s: [1, 2, 3] } }, /'rng' must be a generator state/);
  bad({ ...base, extra: { f: () => 1 } }, /'extra\.f' is a function/);
  bad({ ...base, extra: { m: new Map() } }, /'extra\.m' is a Map; store its stateDict\(\)/);
  bad({ ...base, extra: { big: 10n } }, /'extra\.big' is a bigint/);
  bad({ ...base, modle: {} }, /unknown field 'modle'/);
  const cyc: Record<string, unknown> = {}; cyc.self = cyc;
  bad({ ...base, extra: cyc }, /'extra\.self' refers back/);
  bad({ ...base, extra: { 'a.b': tensor([1]), a: { b: tensor([2]) } } }, /two tensors would both be stored as 'extra\.a\.b'/);
});

/** Re-encodes a checkpoint with its state JSON edited, to forge corrupt files. */
function forge(edit: (state: string, tensors: Record<string, Tensor>) => [string, Record<string, Tensor>]): Uint8Array {
  const { tensors, metadata } = parseSafetensors(serializeCheckpoint({ model: { w: tensor([1, 2]) }, optimizer: { state: { 0: { buf: new Float32Array([3, 4]) } }, paramGroups: [{ lr: 0.1, params: [0] }] }, epoch: 1, step: 2 }));
  const [state, ts] = edit(metadata.state, tensors);
  return serializeSafetensors(ts, { metadata: { ...metadata, state } });
}

test('corrupt checkpoints: every inconsistency is a FormatError naming the file and the entry', () => {
  const bad = (bytes: Uint8Array, re: RegExp) => assert.throws(() => parseCheckpoint(bytes, { source: 'c.st' }), (e: Error) => e instanceof FormatError && e.message.startsWith('c.st: ') && re.test(e.message), String(re));
  bad(serializeSafetensors({ w: tensor([1]) }), /not a checkpoint .* use io\.loadSafetensors/);
  bad(forge((s, t) => [s.replace('"model.w"', '"model.x"'), t]), /entry 'model\.w' refers to tensor "model\.x", which is not in the file/);
  bad(forge((s, t) => [s.replace('"optimizer.state.0.buf"', '"model.w"'), t]), /refers to tensor 'model\.w' a second time/);
  bad(forge((s, t) => [s, { ...t, smuggled: tensor([9]) }]), /has tensors no entry refers to: smuggled/);
  bad(forge((s, t) => [s.replace('"epoch":1', '"epoch":-3'), t]), /'epoch' must be a non-negative integer, got -3/);
  bad(forge((s, t) => [s.replace('"epoch":1', '"epoch":{"$number":"Infinity"}'), t]), /'epoch' must be a non-negative integer, got Infinity/);
  bad(forge((s, t) => [s.replace('"epoch":1', '"epoch":{"$eval":"process.exit()"}'), t]), /unknown tag '\$eval'/);
  bad(forge((s, t) => [s.replace('"step":2', '"step":2,"step":3'), t]), /not valid JSON \(duplicate key "step"/);
  bad(forge((s, t) => [s.slice(0, -3), t]), /not valid JSON/);
  bad(forge((s, t) => [s.replace('"params":[0]', '"params":["0"]'), t]), /optimizer paramGroups\[0\] must hold 'params'/);
  bad(forge((s, t) => [s.replace('"model":{', '"evil":1,"model":{'), t]), /unknown field 'evil'/);
  bad(forge(() => ['[]', {}]), /checkpoint state is not an object/);
});

test('an aborted save leaves the previous checkpoint intact and loadable', () => withDir((dir) => {
  const path = join(dir, 'c.safetensors');
  saveCheckpoint(path, { model: { w: tensor([1, 2]) }, epoch: 1, step: 10 });
  const before = readFileSync(path);
  assert.throws(() => saveCheckpoint(path, { model: { w: tensor([3]) }, epoch: -1, step: 0 }), ValueError);
  // A crash between write and rename leaves only an orphaned temp file.
  writeFileSync(join(dir, '.c.safetensors.123.abc.tmp'), before.subarray(0, 20));
  assert.ok(readFileSync(path).equals(before));
  assert.equal(loadCheckpoint(path).step, 10);
  assert.deepEqual(readdirSync(dir).sort(), ['.c.safetensors.123.abc.tmp', 'c.safetensors']);
}));

test('Float64Arrays in a checkpoint come back bit for bit (NaN, -0, subnormals, views), and a forged one is refused', () => withDir((dir) => {
  const whole = Float64Array.of(Math.PI, -0, NaN, Infinity, 5e-324, 1 / 3, -1e300);
  const view = new Float64Array(Float64Array.of(9, 1.25, 2.5, 9).buffer, 8, 2);
  const path = join(dir, 'f64.safetensors');
  saveCheckpoint(path, { model: {}, epoch: 0, step: 0, extra: { whole, nested: { view } } });
  const back = loadCheckpoint(path).extra as { whole: Float64Array; nested: { view: Float64Array } };
  assert.ok(back.whole instanceof Float64Array && back.nested.view instanceof Float64Array);
  assert.deepEqual(new Uint8Array(back.whole.buffer), new Uint8Array(whole.buffer));
  assert.deepEqual(Array.from(back.nested.view), [1.25, 2.5]);
  const bytes = serializeCheckpoint({ model: {}, epoch: 0, step: 0, extra: { x: Float64Array.of(1, 2) } });
  const { tensors, metadata } = parseSafetensors(bytes);
  const short = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, new Tensor((t.data as Uint8Array).slice(0, 12), [12])]));
  assert.throws(() => parseCheckpoint(serializeSafetensors(short, { metadata }), { source: 'c.st' }), /\$float64 whose tensor is not a whole number of float64 bytes/);
}));

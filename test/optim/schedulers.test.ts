import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as optim from '../../src/optim/index.js';
import { Parameter } from '../../src/nn/parameter.js';
import { zeros, ValueError } from '../../src/core/index.js';
import { assertClose, expectError, loadFixture } from '../helpers.js';

interface SchedCase { scheduler: string; opts: Record<string, unknown>; lrs: number[]; metrics?: number[] }
const fx = loadFixture<{ torch: string; baseLr: number; cases: SchedCase[] }>('torch/core/schedulers.json');

const freshOpt = (lr: number) => new optim.SGD([new Parameter(zeros([1]))], { lr });

function makeScheduler(c: SchedCase, opt: optim.SGD): { step(metric?: number): void } {
  const o = c.opts as never;
  switch (c.scheduler) {
    case 'StepLR': return new optim.StepLR(opt, o);
    case 'ExponentialLR': return new optim.ExponentialLR(opt, o);
    case 'CosineAnnealingLR': return new optim.CosineAnnealingLR(opt, o);
    case 'LinearLR': return new optim.LinearLR(opt, o);
    case 'ReduceLROnPlateau': return new optim.ReduceLROnPlateau(opt, o);
    default: throw new Error(`unknown scheduler ${c.scheduler} in fixture`);
  }
}

test(`schedulers match PyTorch ${fx.torch}: lr after construction and after every step`, () => {
  assert.deepEqual([...new Set(fx.cases.map((c) => c.scheduler))].sort(), ['CosineAnnealingLR', 'ExponentialLR', 'LinearLR', 'ReduceLROnPlateau', 'StepLR']);
  for (const c of fx.cases) {
    const opt = freshOpt(fx.baseLr);
    const s = makeScheduler(c, opt);
    const got = [opt.paramGroups[0].lr];
    const n = c.lrs.length - 1;
    for (let i = 0; i < n; i++) { s.step(c.metrics?.[i]); got.push(opt.paramGroups[0].lr); }
    assertClose(got, c.lrs, { rtol: 1e-6, atol: 1e-12 }, `${c.scheduler} ${JSON.stringify(c.opts)}`);
  }
});

test('schedulers scale each parameter group from its own base lr', () => {
  const opt = new optim.SGD([{ params: [new Parameter(zeros([1]))] }, { params: [new Parameter(zeros([1]))], lr: 1 }], { lr: 0.1 });
  const s = new optim.StepLR(opt, { stepSize: 1, gamma: 0.5 });
  s.step(); s.step();
  assertClose(s.getLastLr(), [0.025, 0.25]);
});

test('scheduler stateDict / loadStateDict resumes the schedule', () => {
  const o1 = freshOpt(0.1), s1 = new optim.CosineAnnealingLR(o1, { tMax: 10 });
  for (let i = 0; i < 4; i++) s1.step();
  const o2 = freshOpt(0.1), s2 = new optim.CosineAnnealingLR(o2, { tMax: 10 });
  s2.loadStateDict(s1.stateDict());
  s1.step(); s2.step();
  assert.equal(o2.paramGroups[0].lr, o1.paramGroups[0].lr);
  expectError(() => s2.loadStateDict({ lastEpoch: -1 }), ValueError, 'lastEpoch must be a non-negative integer');
  const p1 = new optim.ReduceLROnPlateau(freshOpt(0.1), { patience: 0 });
  p1.step(1); p1.step(2);
  const p2 = new optim.ReduceLROnPlateau(freshOpt(0.1), { patience: 0 });
  p2.loadStateDict(p1.stateDict());
  assert.deepEqual(p2.stateDict(), p1.stateDict());
});

test('ReduceLROnPlateau rejects a factor of 1 or more', () => {
  expectError(() => new optim.ReduceLROnPlateau(freshOpt(0.1), { factor: 1 }), ValueError, 'ReduceLROnPlateau: factor must be < 1, got 1');
});

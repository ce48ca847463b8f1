import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classicalConditioning, TdConditioningModel, tdError, dopamineRate } from '../../src/rl/dopamine/td-conditioning.js';
import { ValueError } from '../../src/core/errors.js';
import { assertClose } from '../helpers.js';

test('before learning the only TD error is +1 at the reward', () => {
  const { before } = classicalConditioning({}, 0);
  const expected = new Float64Array(25); expected[15] = 1;
  assertClose(before.delta, expected, { atol: 0, rtol: 0 });
});

test('after learning the TD error sits at the cue (γ^10 of the reward) and vanishes at the reward', () => {
  const run = classicalConditioning({ gamma: 0.98 }, 400);
  assertClose(run.after.delta[5], 0.98 ** 10, { atol: 1e-3, rtol: 0 });
  assert.ok(Math.abs(run.after.delta[15]) < 1e-3, `δ at reward ${run.after.delta[15]}`);
  for (let t = 0; t < 25; t++) if (t !== 5) assert.ok(Math.abs(run.after.delta[t]) < 1e-3, `t=${t}: ${run.after.delta[t]}`);
  // Transfer: the cue response grows and the reward response shrinks over training.
  assert.ok(run.cueDelta[0] < 0.01 && run.cueDelta[399] > 0.8);
  assert.ok(run.rewardDelta[0] === 1 && run.rewardDelta[399] < 0.01);
});

test('omitting the predicted reward makes the TD error dip to about −1 at the reward time', () => {
  const { omitted } = classicalConditioning({}, 400);
  assert.ok(omitted.delta[15] < -0.99, `dip ${omitted.delta[15]}`);
  assert.ok(omitted.delta[5] > 0.8);
});

test('microstimulus representation: cue response after learning, dip on omission', () => {
  const run = classicalConditioning({ representation: 'microstimulus', lambda: 0.9, traceDecay: 0.93, numMicrostimuli: 40, sigma: 0.05 }, 2000);
  assert.ok(run.after.delta[5] > 0.75);
  assert.ok(run.after.delta[15] < 0.6, 'the reward response has shrunk');
  assert.ok(run.omitted.delta[15] < -0.4);
});

test('tdError drops V(s\') only at termination; dopamineRate floors dips at zero', () => {
  assert.equal(tdError(1, 0.5, 0.2, 0.9, false), 1 + 0.45 - 0.2);
  assert.equal(tdError(1, 0.5, 0.2, 0.9, true), 0.8);
  assert.deepEqual(Array.from(dopamineRate([0, 1, -1])), [5, 25, 0]);
});

test('conditioning parameters out of range are refused with the values', () => {
  assert.throws(() => new TdConditioningModel({ cueTime: 10, rewardTime: 5 }), (e: Error) => e instanceof ValueError && /cue 10, reward 5/.test(e.message));
  assert.throws(() => new TdConditioningModel({ gamma: 1.5 }), ValueError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CartPole, cartPoleStep, CARTPOLE } from '../../src/rl/envs/cartpole.js';
import { MountainCar, mountainCarStep } from '../../src/rl/envs/mountain-car.js';
import { Acrobot, acrobotStep, ACROBOT } from '../../src/rl/envs/acrobot.js';
import { makeEnv } from '../../src/rl/registry.js';
import { TimeLimit } from '../../src/rl/time-limit.js';
import { ResetNeededError } from '../../src/rl/errors.js';
import { IndexError } from '../../src/core/errors.js';
import { assertClose } from '../helpers.js';

// Expected values computed by hand from Florian 2007, eqs. 23-24 (frictionless), Euler with tau 0.02.
test('CartPole: one push right from rest matches the published equations', () => {
  // temp = 10/1.1; thetaAcc = -temp / (0.5 (4/3 - 0.1/1.1)) = -14.634146; xAcc = temp + 0.05·14.634146/1.1
  assertClose(cartPoleStep([0, 0, 0, 0], 1), [0, 0.1951219512195122, 0, -0.2926829268292683], { atol: 1e-12, rtol: 0 });
});

test('CartPole: three steps from a tilted moving state match the hand computation', () => {
  let s = cartPoleStep([0.1, -0.2, 0.05, 0.3], 0);
  assertClose(s, [0.096, -0.39579765464396255, 0.056, 0.6080233136061515], { atol: 1e-12, rtol: 0 });
  s = cartPoleStep(cartPoleStep(s, 0), 1);
  assertClose(s, [0.0762509275635366, -0.3975184326228784, 0.08651657907604368, 0.6472991909772912], { atol: 1e-12, rtol: 0 });
});

test('CartPole: reset draws each state variable in [-0.05, 0.05], reproducibly per seed', () => {
  const a = new CartPole().reset({ seed: 7 }).obs, b = new CartPole().reset({ seed: 7 }).obs, c = new CartPole().reset({ seed: 8 }).obs;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const v of a) assert.ok(Math.abs(v) <= 0.05);
  assert.ok(a instanceof Float32Array && a.length === 4);
});

test('CartPole: pole past 12 degrees terminates with reward +1 on that last step', () => {
  const env = new CartPole();
  env.reset({ seed: 0 });
  env.setState([0, 0, CARTPOLE.thetaThresholdRadians - 0.001, 1]);
  const r = env.step(1);
  assert.equal(r.terminated, true);
  assert.equal(r.truncated, false);
  assert.equal(r.reward, 1);
});

test('CartPole: cart past x = 2.4 terminates', () => {
  const env = new CartPole();
  env.reset({ seed: 0 });
  env.setState([2.399, 1, 0, 0]);
  assert.equal(env.step(1).terminated, true);
});

test('CartPole-v1: a balancing controller is truncated (not terminated) at exactly 500 steps', () => {
  const env = makeEnv('CartPole-v1');
  let { obs } = env.reset({ seed: 0 });
  let n = 0, ret = 0, r;
  do {
    r = env.step(obs[2] * 10 + obs[3] + 0.1 * obs[0] + 0.5 * obs[1] > 0 ? 1 : 0);
    obs = r.obs; n++; ret += r.reward;
  } while (!r.terminated && !r.truncated);
  assert.equal(n, 500);
  assert.equal(ret, 500);
  assert.equal(r.truncated, true);
  assert.equal(r.terminated, false);
});

test('step after the episode ended without reset throws ResetNeededError, reset clears it', () => {
  const env = new TimeLimit(new CartPole(), 3);
  env.reset({ seed: 1 });
  env.step(0); env.step(0);
  assert.equal(env.step(0).truncated, true);
  assert.throws(() => env.step(0), (e: Error) => e instanceof ResetNeededError && /call reset\(\) before step\(\)/.test(e.message));
  env.reset();
  assert.equal(env.step(0).truncated, false);
});

test('step before the first reset throws ResetNeededError', () => {
  assert.throws(() => new CartPole().step(0), (e: Error) => e instanceof ResetNeededError && /has not started/.test(e.message));
});

test('an action outside the action space names the action and the space', () => {
  const env = new CartPole();
  env.reset({ seed: 0 });
  assert.throws(() => env.step(2), (e: Error) => e instanceof IndexError && e.message.includes('action 2 is outside the action space Discrete(2)'));
  assert.throws(() => env.step(0.5), IndexError);
});

test('MountainCar: one step by hand and the inelastic left wall', () => {
  // v = 0 + (2-1)·0.001 + cos(-1.5)·(-0.0025) = 0.001 - 0.000176842; x = -0.5 + v
  const v = 0.001 - Math.cos(-1.5) * 0.0025;
  assertClose(mountainCarStep([-0.5, 0], 2), [-0.5 + v, v], { atol: 1e-15, rtol: 0 });
  assert.deepEqual(mountainCarStep([-1.19, -0.05], 0), [-1.2, 0]);
});

test('MountainCar: reaching x >= 0.5 terminates with reward -1; the time limit truncates at 200', () => {
  const env = new MountainCar();
  env.reset({ seed: 0 });
  env.setState([0.49, 0.02]);
  const r = env.step(2);
  assert.deepEqual([r.terminated, r.truncated, r.reward], [true, false, -1]);
  const lim = makeEnv('MountainCar-v0');
  lim.reset({ seed: 0 });
  let n = 0, out;
  do { out = lim.step(1); n++; } while (!out.truncated && !out.terminated);
  assert.deepEqual([n, out.truncated, out.terminated], [200, true, false]);
});

/** Total mechanical energy of the acrobot under the "book" model (kinetic from the mass matrix). */
function acrobotEnergy([t1, t2, d1, d2]: number[]): number {
  const { linkMass1: m1, linkMass2: m2, linkLength1: l1, linkComPos1: lc1, linkComPos2: lc2, linkMoi: I, gravity: g } = ACROBOT;
  const m11 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(t2)) + 2 * I;
  const m12 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(t2)) + I, m22 = m2 * lc2 ** 2 + I;
  const kinetic = 0.5 * m11 * d1 * d1 + m12 * d1 * d2 + 0.5 * m22 * d2 * d2;
  const potential = -g * (m1 * lc1 * Math.cos(t1) + m2 * (l1 * Math.cos(t1) + lc2 * Math.cos(t1 + t2)));
  return kinetic + potential;
}

test('Acrobot: without torque the RK4 steps conserve mechanical energy (the equations are a Lagrangian system)', () => {
  let s: [number, number, number, number] = [1.0, -0.5, 0.3, -0.2];
  const e0 = acrobotEnergy(s);
  for (let i = 0; i < 5; i++) s = acrobotStep(s, 1);
  assert.ok(Math.abs(acrobotEnergy(s) - e0) < 0.02 * Math.abs(e0), `energy ${acrobotEnergy(s)} vs ${e0}`);
  assertClose(acrobotStep([0, 0, 0, 0], 1), [0, 0, 0, 0], { atol: 1e-15, rtol: 0 }); // hanging at rest stays at rest
});

test('Acrobot: tip above one link length terminates with reward 0; below it reward is -1', () => {
  const env = new Acrobot();
  const { obs } = env.reset({ seed: 0 });
  assert.equal(obs.length, 6);
  assert.equal(env.step(1).reward, -1);
  env.setState([Math.PI, 0, 0, 0]);
  const r = env.step(1);
  assert.deepEqual([r.terminated, r.reward], [true, 0]);
  const lim = makeEnv('Acrobot-v1');
  lim.reset({ seed: 0 });
  let n = 0, out;
  do { out = lim.step(1); n++; } while (!out.truncated && !out.terminated);
  assert.deepEqual([n, out.truncated, out.terminated], [500, true, false]);
});

test('every classic-control env renders a text frame and an SVG frame', () => {
  for (const id of ['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1']) {
    const env = makeEnv(id);
    env.reset({ seed: 0 });
    assert.ok(env.render().length > 10, id);
    assert.match(env.renderSvg(), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg".*<\/svg>$/s, id);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliffWalking } from '../../src/rl/envs/cliff-walking.js';
import { FrozenLake } from '../../src/rl/envs/frozen-lake.js';
import { FourRooms } from '../../src/rl/envs/four-rooms.js';
import { KArmedBandit } from '../../src/rl/envs/bandit.js';
import { TicTacToe, winner, play, legalMoves, canonical, type Board } from '../../src/rl/envs/tictactoe.js';
import { makeEnv, listEnvs } from '../../src/rl/registry.js';
import { SyncVectorEnv } from '../../src/rl/vector.js';
import { TimeLimit } from '../../src/rl/time-limit.js';
import { Box, Discrete } from '../../src/rl/spaces.js';
import { Generator } from '../../src/core/random.js';
import { ValueError } from '../../src/core/errors.js';

test('Discrete and Box spaces accept members and reject the rest', () => {
  const d = new Discrete(3, 1);
  assert.deepEqual([d.contains(1), d.contains(3), d.contains(0), d.contains(4), d.contains(1.5), d.contains('1')], [true, true, false, false, false, false]);
  const b = new Box([-1, 0], [1, Infinity]);
  assert.equal(b.contains(new Float32Array([0, 5])), true);
  assert.equal(b.contains(new Float32Array([0, -1])), false);
  assert.equal(b.contains(new Float32Array([0])), false);
  assert.equal(b.contains([0, 1]), false);
  const g = new Generator(0);
  for (let i = 0; i < 50; i++) { assert.ok(b.contains(b.sample(g))); assert.ok(d.contains(d.sample(g))); }
});

test('CliffWalking: the cliff costs -100 and sends the agent to the start without ending the episode', () => {
  const env = new CliffWalking();
  env.reset({ seed: 0 });
  const r = env.step(1); // right from the start is the cliff
  assert.deepEqual([r.obs, r.reward, r.terminated, r.truncated], [CliffWalking.START, -100, false, false]);
});

test('CliffWalking: the 13-step optimal path along the edge returns -13 and terminates at the goal', () => {
  const env = new CliffWalking();
  env.reset({ seed: 0 });
  const path = [0, ...new Array(11).fill(1), 2];
  let ret = 0, r;
  for (const a of path) { r = env.step(a); ret += r.reward; }
  assert.equal(ret, -13);
  assert.deepEqual([r!.obs, r!.terminated], [CliffWalking.GOAL, true]);
});

test('FrozenLake: slippery moves go intended or perpendicular with probability 1/3 each', () => {
  const env = new FrozenLake();
  const ts = env.transitions(0, 2); // right from the corner: down, right, up (stays)
  assert.deepEqual(ts.map((t) => t.next), [4, 1, 0]);
  for (const t of ts) assert.equal(t.prob, 1 / 3);
  for (let s = 0; s < 16; s++) for (let a = 0; a < 4; a++) {
    assert.ok(Math.abs(env.transitions(s, a).reduce((p, t) => p + t.prob, 0) - 1) < 1e-12);
  }
  // Empirical check of the sampler against the model.
  const counts = new Map<number, number>();
  for (let i = 0; i < 3000; i++) { env.reset(i === 0 ? { seed: 5 } : {}); const o = env.step(2).obs; counts.set(o, (counts.get(o) ?? 0) + 1); }
  for (const next of [4, 1, 0]) assert.ok(Math.abs(counts.get(next)! / 3000 - 1 / 3) < 0.03, `next ${next}: ${counts.get(next)}`);
});

test('FrozenLake: the goal pays 1 and terminates, a hole pays 0 and terminates, the time limit truncates', () => {
  const env = new FrozenLake({ isSlippery: false });
  env.reset({ seed: 0 });
  let r;
  for (const a of [1, 1, 2, 2, 1, 2]) r = env.step(a);
  assert.deepEqual([r!.obs, r!.reward, r!.terminated], [15, 1, true]);
  env.reset();
  env.step(2);
  r = env.step(1); // state 5 is a hole
  assert.deepEqual([r.obs, r.reward, r.terminated], [5, 0, true]);
  const lim = new TimeLimit(new FrozenLake({ isSlippery: false }), 100);
  lim.reset({ seed: 0 });
  let n = 0;
  do { r = lim.step(3); n++; } while (!r.terminated && !r.truncated);
  assert.deepEqual([n, r.truncated, r.terminated], [100, true, false]);
  assert.equal(makeEnv('FrozenLake8x8-v1').observationSpace.toString(), 'Discrete(64)');
});

test('FourRooms: 104 free cells, moves succeed with 2/3 and slip 1/9 each way, the goal terminates', () => {
  const env = new FourRooms({ start: [1, 1] });
  assert.equal(env.numStates, 104);
  const ts = env.transitions(env.stateOf(1, 1), 3);
  assert.deepEqual(ts.map((t) => t.prob.toFixed(4)), ['0.1111', '0.1111', '0.1111', '0.6667']);
  assert.deepEqual(ts.map((t) => env.cellOf(t.next)), [[1, 1], [2, 1], [1, 1], [1, 2]]);
  const nearGoal = env.stateOf(7, 9);
  assert.equal(env.goal, nearGoal);
  const t = env.transitions(env.stateOf(8, 9), 0).find((x) => x.next === env.goal)!;
  assert.deepEqual([t.prob, t.reward, t.terminated], [2 / 3, 1, true]);
  assert.throws(() => env.stateOf(0, 0), (e: Error) => e instanceof ValueError && /is a wall/.test(e.message));
});

test('KArmedBandit: never terminates; the registered id truncates at 1000 steps', () => {
  const env = makeEnv('KArmedBandit-v0');
  env.reset({ seed: 2 });
  let n = 0, r;
  do { r = env.step(0); n++; } while (!r.terminated && !r.truncated);
  assert.deepEqual([n, r.truncated, r.terminated], [1000, true, false]);
});

test('KArmedBandit: rewards average to q*(a) and info.optimal marks the best arm', () => {
  const env = new KArmedBandit();
  env.reset({ seed: 4 });
  const q = env.trueValues, best = env.optimalAction;
  let sum = 0;
  for (let i = 0; i < 4000; i++) sum += env.step(3).reward;
  assert.ok(Math.abs(sum / 4000 - q[3]) < 0.06, `mean ${sum / 4000} vs q* ${q[3]}`);
  assert.equal(env.step(best).info.optimal, true);
});

test('TicTacToe: a row wins for the mover and ends the game; occupied cells are refused', () => {
  const env = new TicTacToe();
  env.reset({ seed: 0 });
  for (const a of [0, 3, 1, 4]) assert.equal(env.step(a).terminated, false);
  assert.throws(() => env.step(4), (e: Error) => e instanceof ValueError && /cell 4 is not a legal move; legal cells are \[2, 5, 6, 7, 8\]/.test(e.message));
  const r = env.step(2);
  assert.deepEqual([r.reward, r.terminated, r.info.winner], [1, true, 1]);
  assert.equal(env.render(), 'XXX\nOO.\n...');
});

test('TicTacToe: a full board without a line is a draw with reward 0; observations are from the mover', () => {
  let b: Board = new Int8Array(9);
  for (const c of [0, 1, 2, 4, 3, 5, 7, 6]) b = play(b, c);
  assert.deepEqual(Array.from(canonical(b)), Array.from(b)); // X to move: own stones +1
  const env = new TicTacToe();
  env.reset({ seed: 0 });
  let r;
  for (const c of [0, 1, 2, 4, 3, 5, 7, 6, 8]) r = env.step(c);
  assert.deepEqual([r!.reward, r!.terminated, winner(env.board), legalMoves(env.board).length], [0, true, 0, 0]);
});

test('SyncVectorEnv resets finished copies in the same step and keeps the final observation', () => {
  const venv = new SyncVectorEnv(() => new TimeLimit(new FrozenLake({ isSlippery: false }), 2), 3);
  const { obs } = venv.reset({ seed: 0 });
  assert.deepEqual(obs, [0, 0, 0]);
  venv.step([2, 2, 1]);
  const out = venv.step([2, 1, 1]);
  // Copy 1 hit the hole on the last allowed step: Gymnasium sets both flags then.
  assert.deepEqual(out.truncated, [true, true, true]);
  assert.deepEqual(out.terminated, [false, true, false]); // copy 1 fell into the hole at 5
  assert.deepEqual(out.obs, [0, 0, 0]);
  assert.deepEqual(out.infos.map((i) => i.finalObs), [2, 5, 8]);
  assert.throws(() => venv.step([0]), ValueError);
});

test('every registered env resets, steps, and renders text and SVG', () => {
  for (const id of listEnvs()) {
    const env = makeEnv(id);
    env.reset({ seed: 0 });
    env.step(env.actionSpace.sample(new Generator(1)));
    assert.ok(env.render().length > 0, id);
    assert.ok(env.renderSvg().startsWith('<svg'), id);
  }
});

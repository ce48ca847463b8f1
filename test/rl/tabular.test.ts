import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/core/random.js';
import { IndexError, ValueError } from '../../src/core/errors.js';
import { td0Update, TdLambda } from '../../src/rl/agents/td-prediction.js';
import { TdControlAgent, runTdControlEpisode } from '../../src/rl/agents/td-control.js';
import { EpsilonGreedyBandit, UcbBandit, GradientBandit } from '../../src/rl/agents/bandit-agents.js';
import { epsilonGreedyProbs } from '../../src/rl/agents/policy.js';
import { hallwayOptions, primitiveOption, IntraOptionQLearning } from '../../src/rl/agents/options.js';
import { CliffWalking } from '../../src/rl/envs/cliff-walking.js';
import { FourRooms } from '../../src/rl/envs/four-rooms.js';
import { RandomWalk } from '../../src/rl/envs/random-walk.js';
import { assertClose } from '../helpers.js';

test('TD(0): δ = r + γV(s\') − V(s), and V(s\') is dropped only on termination', () => {
  const V = Float64Array.from([0, 0.5, 10]);
  assert.equal(td0Update(V, 1, 1, 2, false, 0.5, 0.9), 1 + 9 - 0.5); // bootstraps (also after a truncation)
  assert.equal(V[1], 0.5 + 0.5 * 9.5);
  const W = Float64Array.from([0, 0.5, 10]);
  assert.equal(td0Update(W, 1, 1, 2, true, 0.5, 0.9), 0.5);
  assert.equal(W[1], 0.75);
});

test('TD(λ): on the chain 0 → 1 → end, the final δ = 1 reaches state 0 through its trace γλ', () => {
  const td = new TdLambda(3, { alpha: 0.1, gamma: 1, lambda: 0.5 });
  td.beginEpisode();
  assert.equal(td.update(0, 0, 1, false), 0);
  assert.equal(td.update(1, 1, 2, true), 1);
  assertClose(td.V, [0.05, 0.1, 0], { atol: 1e-15, rtol: 0 });
  // Replacing traces cap a revisited state's trace at 1; accumulating ones add up to 1 + γλ.
  for (const [traces, e0] of [['replacing', 1], ['accumulating', 1.5]] as const) {
    const t = new TdLambda(2, { alpha: 0.1, gamma: 1, lambda: 0.5, traces });
    t.update(0, 0, 0, false); t.update(0, 0, 1, false);
    assert.equal(t.e[0], e0, traces);
  }
});

test('TD(λ=0) equals TD(0) and TD(λ=1) gives the Monte Carlo update on one episode', () => {
  const a = new TdLambda(4, { alpha: 0.2, gamma: 1, lambda: 0 }), V = new Float64Array(4);
  const episode: [number, number, number, boolean][] = [[1, 0, 2, false], [2, 0, 1, false], [1, 0, 2, false], [2, 1, 3, true]];
  for (const [s, r, n, d] of episode) { a.update(s, r, n, d); td0Update(V, s, r, n, d, 0.2, 1); }
  assertClose(a.V, V, { atol: 1e-15, rtol: 0 });
  // λ = 1, α small: every visited state moves by α·(G − V) summed over its visits (offline MC, V = 0 at start).
  const mc = new TdLambda(4, { alpha: 0.01, gamma: 1, lambda: 1 });
  for (const [s, r, n, d] of episode) mc.update(s, r, n, d);
  assertClose(mc.V, [0, 0.02, 0.02, 0], { atol: 1e-3, rtol: 0 });
});

test('Q-learning, SARSA and Expected SARSA targets on a two-state MDP solved by hand', () => {
  const make = (method: 'sarsa' | 'q-learning' | 'expected-sarsa') => {
    const ag = new TdControlAgent(2, 2, { method, alpha: 0.5, gamma: 0.5, epsilon: 0.2 }, new Generator(0));
    ag.q.set([0, 0, 1, 3]); // Q(1, ·) = [1, 3]
    return ag;
  };
  // r = 2: Q-learning 2 + 0.5·3; SARSA with a' = 0: 2 + 0.5·1; Expected: π(·|1) = [0.1, 0.9] → 2 + 0.5·2.8.
  const q = make('q-learning'); q.update(0, 0, 2, 1, false); assert.equal(q.value(0, 0), 1.75);
  const s = make('sarsa'); s.update(0, 0, 2, 1, false, 0); assert.equal(s.value(0, 0), 1.25);
  const e = make('expected-sarsa'); e.update(0, 0, 2, 1, false); assertClose(e.value(0, 0), 1.7, { atol: 1e-12, rtol: 0 });
  for (const m of ['q-learning', 'sarsa', 'expected-sarsa'] as const) {
    const t = make(m); t.update(0, 0, 2, 1, true, 0); assert.equal(t.value(0, 0), 1, `${m}: terminal target is r`);
  }
  assert.throws(() => make('sarsa').update(0, 0, 2, 1, false), (err: Error) => err instanceof ValueError && /needs the next action/.test(err.message));
  assertClose(epsilonGreedyProbs([1, 3, 3], 0.3, 0, 3), [0.1, 0.45, 0.45], { atol: 1e-15, rtol: 0 });
});

test('a tabular agent fed a continuous observation says what it expected', () => {
  const ag = new TdControlAgent(48, 4, { method: 'q-learning', alpha: 0.5, gamma: 1, epsilon: 0.1 }, new Generator(0));
  assert.throws(() => ag.act(new Float32Array(4) as unknown as number), (e: Error) => e instanceof IndexError && /observation Float32Array\(4\).*is not a state index in \[0, 48\)/.test(e.message));
  assert.throws(() => ag.act(48), IndexError);
});

test('cliff walking: Q-learning learns the edge path (-13), SARSA the safer longer one', () => {
  const run = (method: 'sarsa' | 'q-learning') => {
    const env = new CliffWalking(), ag = new TdControlAgent(48, 4, { method, alpha: 0.5, gamma: 1, epsilon: 0.1 }, new Generator(3));
    env.reset({ seed: 3 });
    for (let i = 0; i < 500; i++) runTdControlEpisode(env, ag);
    return runTdControlEpisode(env, ag, { learn: false, maxSteps: 100 }).episodeReturn;
  };
  assert.equal(run('q-learning'), -13);
  const sarsa = run('sarsa');
  assert.ok(sarsa < -13 && sarsa >= -17, `SARSA greedy return ${sarsa}`);
});

test('TD(0) on the 5-state random walk approaches the true values 1/6 … 5/6', () => {
  const env = new RandomWalk(), V = new Float64Array(7).fill(0.5);
  V[0] = 0; V[6] = 0;
  env.reset({ seed: 11 });
  for (let ep = 0; ep < 2000; ep++) {
    let { obs: s } = env.reset();
    for (;;) { const r = env.step(0); td0Update(V, s, r.reward, r.obs, r.terminated, 0.02, 1); if (r.terminated) break; s = r.obs; }
  }
  assertClose(V.subarray(1, 6), [1, 2, 3, 4, 5].map((i) => i / 6), { atol: 0.06, rtol: 0 });
});

test('ε-greedy bandit keeps sample averages; ε = 0 never explores', () => {
  const ag = new EpsilonGreedyBandit(3, 0, new Generator(0));
  ag.update(1, 2); ag.update(1, 4); ag.update(2, 1);
  assert.deepEqual(Array.from(ag.q), [0, 3, 1]);
  for (let i = 0; i < 20; i++) assert.equal(ag.act(), 1);
  const c = new EpsilonGreedyBandit(2, 0, new Generator(0), { stepSize: 0.5, initialValue: 5 });
  c.update(0, 1);
  assert.equal(c.q[0], 3);
});

test('UCB tries every arm once, then adds c·√(ln t / N)', () => {
  const ag = new UcbBandit(3, 2, new Generator(0));
  const first = new Set<number>();
  for (let i = 0; i < 3; i++) { const a = ag.act(); first.add(a); ag.update(a, a === 0 ? 1 : 0); }
  assert.equal(first.size, 3);
  // t = 3, N = 1 each: scores = Q + 2√(ln 4), so the arm with Q = 1 wins.
  assert.equal(ag.act(), 0);
});

test('gradient bandit: preferences move by α(R − R̄)(1[a=A] − π(a)) with R̄ including the reward', () => {
  const ag = new GradientBandit(2, 0.5, new Generator(0));
  ag.update(0, 1); // R̄ = 1, R − R̄ = 0: no change
  assert.deepEqual(Array.from(ag.h), [0, 0]);
  ag.update(1, 3); // R̄ = 2, R − R̄ = 1
  assertClose(ag.h, [-0.25, 0.25], { atol: 1e-15, rtol: 0 });
  assertClose(ag.pi[1], 1 / (1 + Math.exp(-0.5)), { atol: 1e-12, rtol: 0 });
});

test('four rooms: eight hallway options, each walks to its hallway and stops there', () => {
  const env = new FourRooms({ start: [1, 1], successProb: 1 });
  const opts = hallwayOptions(env);
  assert.equal(opts.length, 8);
  const starts = opts.filter((o) => o.canStart(env.stateOf(1, 1)));
  assert.equal(starts.length, 2);
  const ends = starts.map((o) => {
    let s = env.stateOf(1, 1), n = 0;
    while (o.termination(s) === 0 && n < 50) { s = env.moveTarget(s, o.action(s)); n++; }
    return [env.cellOf(s), n];
  });
  // Upper-left room: hallway east at (3, 6) is 2 + 5 = 7 moves away, hallway south at (6, 2) is 5 + 1 = 6.
  assert.deepEqual(ends.sort(), [[[3, 6], 7], [[6, 2], 6]].sort());
});

test('intra-option Q-learning updates every option consistent with the action, by the SPS99 rule', () => {
  const env = new FourRooms({ start: [1, 1], successProb: 1 });
  const all = [0, 1, 2, 3].map((a) => primitiveOption(a)).concat(hallwayOptions(env));
  const ag = new IntraOptionQLearning(env.numStates, all, { alpha: 0.5, gamma: 0.9, epsilon: 0 }, new Generator(0));
  const s = env.stateOf(1, 1), n = all.length;
  const right = 3, next = env.moveTarget(s, right);
  const consistent = all.map((o, i) => (o.canStart(s) && o.action(s) === right ? i : -1)).filter((i) => i >= 0);
  ag.q.fill(0);
  for (let i = 0; i < n; i++) ag.q[next * n + i] = i === 3 ? 2 : 1; // max at s' is 2 (primitive "right")
  ag.update(s, right, 0, next, false);
  for (let i = 0; i < n; i++) {
    const expected = !consistent.includes(i) ? 0
      : i < 4 ? 0.5 * (0.9 * 2) // primitive: β = 1, so U = max Q(s', ·)
        : 0.5 * (0.9 * 1); // hallway option continuing: U = Q(s', o)
    assertClose(ag.q[s * n + i], expected, { atol: 1e-12, rtol: 0 }, all[i].name);
  }
  assert.ok(consistent.includes(3) && consistent.length >= 2);
});

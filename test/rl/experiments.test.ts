import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rlExperiments } from '../../src/experiments/rl/index.js';
import { runTestbed } from '../../src/experiments/rl/bandit-testbed.js';
import { findExperiment } from '../../src/experiments/registry.js';
import { smokeContext } from './ctx.js';

test('every rl experiment is registered and runs at smoke size with metrics and figures', async () => {
  for (const exp of rlExperiments) {
    assert.equal(findExperiment(exp.name), exp, exp.name);
    const res = await exp.run(smokeContext({ ...exp.defaults, ...exp.smoke }));
    assert.ok(Object.keys(res.metrics).length > 0, exp.name);
    assert.ok((res.figures ?? []).length > 0, exp.name);
    for (const [k, v] of Object.entries(res.metrics)) if (typeof v === 'number') assert.ok(!Number.isNaN(v), `${exp.name}.${k} is NaN`);
  }
});

test('dopamine-rpe at smoke size already shows the three panels', async () => {
  const exp = rlExperiments.find((e) => e.name === 'dopamine-rpe')!;
  const { metrics } = await exp.run(smokeContext({ ...exp.defaults, ...exp.smoke }));
  assert.equal(metrics.deltaAtRewardBefore, 1);
  assert.ok((metrics.deltaAtCueAfter as number) > 0.5 && (metrics.deltaAtRewardOmitted as number) < -0.5);
});

test('testbed: exploring (ε = 0.1) beats greedy on % optimal action after 500 steps', () => {
  const { optimal } = runTestbed([0, 0.1], 200, 500, 1);
  const tail = (a: Float64Array) => a.slice(400).reduce((s, v) => s + v, 0) / 100;
  assert.ok(tail(optimal[1]) > tail(optimal[0]) + 0.15, `${tail(optimal[1])} vs ${tail(optimal[0])}`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('examples/simple-net.ts runs and prints loss and accuracy every 10 epochs, identically twice', () => {
  const run = () => spawnSync(process.execPath, [join(process.cwd(), 'dist', 'examples', 'simple-net.js')], { encoding: 'utf8', timeout: 60_000 });
  const a = run(), b = run();
  assert.equal(a.status, 0, a.stderr);
  const lines = a.stdout.trim().split('\n');
  assert.equal(lines.length, 10);
  assert.match(lines[0], /^Epoch \[10\/100\], Loss: \d\.\d{4}, Accuracy: \d\.\d{4}$/);
  const losses = lines.map((l) => Number(/Loss: ([\d.]+)/.exec(l)![1]));
  assert.ok(losses[9] < losses[0], `the loss falls: ${losses.join(', ')}`);
  assert.equal(a.stdout, b.stdout, 'manualSeed(42) makes the run reproducible');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPERIMENTS } from '../../src/experiments/registry.js';

const BIN = join(process.cwd(), 'bin', 'alchemy.js');
function alchemy(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1' } });
}

test('every experiment runs at smoke size through the CLI and leaves metrics and a report', { timeout: 1_200_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'alchemy-cli-'));
  for (const e of EXPERIMENTS) {
    const r = alchemy(['run', e.name, '--smoke', '--quiet', '--out', out]);
    assert.equal(r.status, 0, `${e.name} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const dir = readdirSync(out).find((d) => d.startsWith(`${e.name}-`));
    assert.ok(dir, `${e.name}: no run folder`);
    const metrics = JSON.parse(readFileSync(join(out, dir, 'metrics.json'), 'utf8'));
    assert.equal(metrics.experiment, e.name);
    assert.ok(Object.keys(metrics.metrics).length > 0, `${e.name}: no metrics`);
    const html = readFileSync(join(out, dir, 'report.html'), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.ok(html.trimEnd().endsWith('</html>'), `${e.name}: report is not a complete HTML document`);
    assert.equal((html.match(/<svg/g) ?? []).length, (html.match(/<\/svg>/g) ?? []).length, `${e.name}: unbalanced svg tags`);
    assert.ok(!/<script/i.test(html), `${e.name}: the report must not contain scripts`);
  }
});

test('unknown experiment: one line, did-you-mean, exit 2', () => {
  const r = alchemy(['run', 'mnist-mpl']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown experiment 'mnist-mpl' \(did you mean 'mnist-mlp'\?\)/);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
});

test('bad flags name the flag and the expected type', () => {
  let r = alchemy(['run', 'simple-net', '--epochz', '3']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown flag --epochz \(did you mean --epochs\?\)/);
  r = alchemy(['run', 'simple-net', '--epochs', 'many']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--epochs must be a number, got 'many'/);
  r = alchemy(['run', 'simple-net', '--epochs', '2.5']);
  assert.match(r.stderr, /--epochs must be an integer/);
  r = alchemy(['run', 'simple-net', '--backend', 'cuda']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown backend 'cuda'/);
});

test('an unwritable output folder is a one-line error', () => {
  const ro = mkdtempSync(join(tmpdir(), 'alchemy-ro-'));
  chmodSync(ro, 0o500);
  const r = alchemy(['run', 'simple-net', '--smoke', '--out', join(ro, 'sub')]);
  // root can write anywhere; the check only means something for ordinary users
  if (process.getuid && process.getuid() === 0) { assert.ok(r.status === 0 || r.status === 2); return; }
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot write there/);
});

test('resume refuses a folder from another experiment', () => {
  const out = mkdtempSync(join(tmpdir(), 'alchemy-resume-'));
  const first = alchemy(['run', 'simple-net', '--smoke', '--quiet', '--out', out]);
  assert.equal(first.status, 0);
  const dir = join(out, readdirSync(out)[0]);
  assert.ok(existsSync(join(dir, 'config.json')));
  const r = alchemy(['run', 'perceptron-xor', '--resume', dir]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /belongs to experiment 'simple-net', not 'perceptron-xor'/);
});

test('list groups experiments by chapter and info names the backend', () => {
  const r = alchemy(['list']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /backprop\n\s+simple-net/);
  const i = alchemy(['info']);
  assert.equal(i.status, 0);
  assert.match(i.stdout, /backend\s+\w+/);
});

test('--seed works for every experiment, also those without a seed flag of their own, and is kept for --resume', () => {
  const out = mkdtempSync(join(tmpdir(), 'alchemy-seed-'));
  const r = alchemy(['run', 'dopamine-rpe', '--smoke', '--seed', '7', '--out', out, '--json', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  const [dir] = readdirSync(out);
  assert.equal(JSON.parse(readFileSync(join(out, dir, 'config.json'), 'utf8')).config.seed, 7);
  const bad = alchemy(['run', 'dopamine-rpe', '--seed', '1.5']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--seed must be an integer, got 1.5/);
});

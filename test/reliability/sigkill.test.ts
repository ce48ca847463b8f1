import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Generator } from '../../src/core/random.js';
import { loadCheckpoint, loadSafetensors, restoreCheckpoint } from '../../src/io/index.js';
import { makeModel, train, weightsOf } from './training-run.js';

const CHILD = fileURLToPath(new URL('./train-child.js', import.meta.url));
const HIDDEN = 64, SEED = 11, KILLS = 6;
/** Killed children aim at a step count they cannot reach in the kill window, so every run is cut short. */
const UNREACHABLE = 1_000_000;

/** Runs the child until it exits by itself or until `killAfterMs` after it reports it started training (then SIGKILL). */
function runChild(args: string[], killAfterMs: number | null): Promise<{ killed: boolean; code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d) => {
      out += d;
      if (killAfterMs !== null && !timer && out.includes('start')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, out });
    });
  });
}

test(`SIGKILL at random moments (${KILLS} times, saves included): the last checkpoint always loads, and the resumed run ends bit-identical to an unbroken one`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'alchemy-kill-'));
  try {
    const ckpt = join(dir, 'ckpt.safetensors'), final = join(dir, 'final.safetensors');
    const args = (total: number) => [ckpt, String(total), String(HIDDEN), String(SEED), final];
    const delays = new Generator(2024);
    let lastStep = 0, kills = 0, killedMidSave = 0;
    for (let i = 0; i < KILLS; i++) {
      // The first step and save take ~0.2 s (JIT warm-up); later a save (write, fsync, rename, fsync) takes 10-70 ms against ~1 ms per step, so most kills land inside a save.
      const r = await runChild(args(UNREACHABLE), 100 + delays.int(0, 500));
      assert.ok(r.killed, `child exited by itself: ${r.out}`);
      kills++;
      const orphans = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      killedMidSave += orphans.length;
      for (const f of orphans) rmSync(join(dir, f)); // count each orphan once
      if (!existsSync(ckpt)) continue; // killed before the first save
      const c = loadCheckpoint(ckpt); // must never throw
      assert.ok(c.step >= lastStep, `checkpoint went back from step ${lastStep} to ${c.step}`);
      lastStep = c.step;
      restoreCheckpoint(c, { model: makeModel(HIDDEN) });
    }
    const total = lastStep + 5; // the last child resumes and finishes 5 more steps
    const r = await runChild(args(total), null);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`start ${lastStep}\n[^]*done ${total}`));
    t.diagnostic(`${kills} kills, ${killedMidSave} landed inside a save (an orphaned temp file), resumed from step ${lastStep} to ${total}`);

    const resumed = loadSafetensors(final);
    const unbroken = weightsOf(train({ seed: SEED, totalSteps: total, hidden: HIDDEN, backend: 'js' }).model);
    for (const [k, w] of Object.entries(unbroken)) assert.deepEqual(Array.from(resumed[k].data), w, `weight ${k} differs after kill/resume`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

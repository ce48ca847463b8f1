import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic } from '../../src/cli/serve.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'web');
// Built into its own folder so this file never races another build of web/dist.
const DIST = join(process.cwd(), 'test-artifacts', 'web-labs-dist');
let server: Server, url: string, browser: Browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`);
  const copy = spawnSync(process.execPath, ['scripts/copy-web-assets.mjs'], { encoding: 'utf8' });
  assert.equal(copy.status, 0, copy.stderr);
  const b = spawnSync('npx', ['vite', 'build', 'web', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'warn'], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(b.status, 0, `web build failed: ${b.stdout.slice(-1500)}${b.stderr.slice(-1500)}`);
  ({ server, url } = await serveStatic(DIST, 0));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => { await browser?.close(); server?.close(); });

async function open(hash: string, setup?: (p: Page) => Promise<unknown>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await setup?.(page);
  await page.goto(`${url}#${hash}`);
  return { page, errors };
}

/** Drags the mouse through `points` (in the 280×280 drawing's own pixels) as one stroke. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.getByTestId('draw').boundingBox())!;
  const at = ([x, y]: [number, number]): [number, number] => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 12 });
  await page.mouse.up();
}

async function prediction(page: Page): Promise<number> {
  return Number(await page.getByTestId('digit-status').getAttribute('data-prediction'));
}

test('the digit lab reads a drawn 1 and a drawn 7, with saliency, IG and a spike raster', { timeout: 60_000 }, async () => {
  assert.ok(existsSync('web/public/models/lenet5-mnist.safetensors'), 'the digit lab weights are missing: run node scripts/make-web-models.mjs');
  const { page, errors } = await open('digits');
  await page.locator('[data-testid=digit-status][data-model=ready]').waitFor({ timeout: 30_000 });
  await stroke(page, [[145, 40], [140, 240]]);
  assert.equal(await prediction(page), 1, await page.getByTestId('digit-status').innerText());
  await page.locator('[data-testid=ig][data-ready="1"]').waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId('saliency').getAttribute('data-ready'), '1');
  console.log(`saliency + Integrated Gradients (32 steps): ${await page.getByTestId('ig').getAttribute('data-ms')} ms`);
  const raster = page.getByTestId('raster');
  assert.ok(Number(await raster.getAttribute('data-spikes')) > 100, 'the rate-coded digit produces input spikes');
  assert.equal(await raster.getAttribute('data-snn'), 'ready', 'the bundled spiking network loaded');
  assert.ok(Number(await raster.getAttribute('data-snn-spikes')) >= 5, 'its excitatory layer responds');
  assert.match(String(await raster.getAttribute('data-snn-prediction')), /^[0-9]$/);
  await page.screenshot({ path: join(ARTIFACTS, 'digit-lab-1.png') });

  await page.getByTestId('clear').click();
  assert.equal(await page.getByTestId('digit-status').getAttribute('data-prediction'), null, 'clearing removes the prediction');
  await stroke(page, [[70, 60], [210, 60], [120, 240]]);
  assert.equal(await prediction(page), 7, await page.getByTestId('digit-status').innerText());
  await page.locator('[data-testid=ig][data-ready="1"]').waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'digit-lab-7.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a failed model load shows a message, not a blank page', { timeout: 30_000 }, async () => {
  const { page, errors } = await open('digits', (p) => p.route('**/models/lenet5-mnist.safetensors', (r) => r.fulfill({ status: 404, body: 'not found' })));
  const box = page.getByTestId('model-error');
  await box.waitFor({ state: 'visible' });
  assert.match(await box.innerText(), /could not be loaded \(HTTP 404/);
  assert.equal(await page.getByTestId('digit-status').getAttribute('data-model'), 'failed');
  // Drawing still works without the model: the preview and the spike raster respond.
  await stroke(page, [[140, 40], [140, 240]]);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=raster]')?.getAttribute('data-spikes')) > 100, null, { timeout: 10_000 });
  await page.screenshot({ path: join(ARTIFACTS, 'digit-lab-model-missing.png') });
  // The only console error is the browser's own report of the 404.
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  await page.close();
});

test('the RL lab: a DQN plays CartPole episodes in the page and the learning curve fills', { timeout: 60_000 }, async () => {
  const { page, errors } = await open('rl');
  await page.getByTestId('rl-train').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=curve]')?.getAttribute('data-points')) >= 10, null, { timeout: 40_000 });
  // The page stays responsive while learning: frames keep coming, each slice being short.
  const gaps = await page.evaluate(() => new Promise<number[]>((ok) => {
    const ts: number[] = [];
    const f = (t: number) => { ts.push(t); if (ts.length < 11) requestAnimationFrame(f); else ok(ts.slice(1).map((v, i) => v - ts[i])); };
    requestAnimationFrame(f);
  }));
  const median = [...gaps].sort((a, b) => a - b)[5];
  assert.ok(median < 200, `median frame interval while learning ${median} ms (${gaps.map((g) => g.toFixed(0)).join(', ')})`);
  await page.getByTestId('rl-train').click();
  const status = page.getByTestId('rl-status');
  assert.ok(Number(await status.getAttribute('data-episodes')) >= 10);
  assert.ok(Number(await status.getAttribute('data-steps')) > 100);
  await page.screenshot({ path: join(ARTIFACTS, 'rl-lab-cartpole.png') });
  // Leaving the page while it learns stops the loop cleanly.
  await page.getByTestId('rl-train').click();
  await page.evaluate(() => { location.hash = '#digits'; });
  await page.getByTestId('draw').waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('rl-status').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the dopamine demo: the TD error moves from the reward to the cue and dips on omission', { timeout: 30_000 }, async () => {
  const { page, errors } = await open('rl');
  await page.getByTestId('dopamine-play').click();
  const status = page.locator('[data-testid=dopamine-status]');
  await page.locator('[data-testid=dopamine-status][data-phase=done]').waitFor({ timeout: 20_000 });
  const num = async (k: string) => Number(await status.getAttribute(`data-${k}`));
  assert.ok(Math.abs(await num('cue-before')) < 1e-9, 'no response to the cue before learning');
  assert.ok(await num('reward-before') > 0.9, 'a burst at the unexpected reward');
  assert.ok(await num('cue-after') > 0.5, `a positive TD error at the cue after learning, got ${await num('cue-after')}`);
  assert.ok(Math.abs(await num('reward-after')) < 0.1, 'the predicted reward is no surprise');
  assert.ok(await num('omit-at-reward') < -0.5, 'a dip when the reward is withheld');
  await page.screenshot({ path: join(ARTIFACTS, 'rl-lab-dopamine.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('in the isolated page the wasm kernels split across Web Workers and agree with the js reference', { timeout: 60_000 }, async () => {
  const { page, errors } = await open('playground');
  await page.locator('#backend-status[data-threads]').waitFor({ state: 'attached', timeout: 30_000 });
  const r = await page.evaluate(() => {
    type Kernels = { matmul(...a: unknown[]): void; conv2d(...a: unknown[]): void };
    const a = (globalThis as unknown as { alchemy: { backend(): Kernels; jsBackend: Kernels; getBackend(): string; wasmThreads(): number; workerTasks(): number } }).alchemy;
    const fill = (n: number, s: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * s));
    const maxDiff = (p: Float32Array, q: Float32Array) => p.reduce((m, v, i) => Math.max(m, Math.abs(v - q[i])), 0);
    const n = 192, x = fill(n * n, 0.37), y = fill(n * n, 0.11);
    const got = new Float32Array(n * n), want = new Float32Array(n * n);
    const before = a.workerTasks();
    // Chunks go to whichever thread claims them first; over repeated calls a running worker claims some.
    for (let r = 0; r < 200 && (r < 20 || a.workerTasks() === before); r++) a.backend().matmul(x, y, got, n, n, n, false, true, false);
    a.jsBackend.matmul(x, y, want, n, n, n, false, true, false);
    // LeNet's first convolution over a batch of 16, split over images.
    const g = { n: 16, c: 1, h: 28, w: 28, kh: 5, kw: 5, sh: 1, sw: 1, ph: 2, pw: 2, dh: 1, dw: 1, oh: 28, ow: 28 };
    const img = fill(16 * 784, 0.05), wt = fill(6 * 25, 0.7), bias = fill(6, 1.3);
    const cg = new Float32Array(16 * 6 * 784), cw = new Float32Array(16 * 6 * 784);
    a.backend().conv2d(img, wt, bias, g, 6, 1, cg);
    a.jsBackend.conv2d(img, wt, bias, g, 6, 1, cw);
    return { backend: a.getBackend(), threads: a.wasmThreads(), cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated,
      workerTasks: a.workerTasks() - before, matmulDiff: maxDiff(got, want), convDiff: maxDiff(cg, cw) };
  });
  console.log(`page kernels: ${r.threads} threads on ${r.cores} cores, ${r.workerTasks} chunks run by workers`);
  assert.equal(r.backend, 'wasm');
  assert.ok(r.isolated, 'the served app is cross-origin isolated (COOP/COEP headers)');
  assert.equal(r.threads, Math.max(1, r.cores), `one thread per core: ${JSON.stringify(r)}`);
  if (r.cores > 1) assert.ok(r.workerTasks >= 1, `workers claimed chunks of the kernels: ${JSON.stringify(r)}`);
  assert.ok(r.matmulDiff < 1e-3 && r.convDiff < 1e-4, `wasm agrees with js: ${JSON.stringify(r)}`);
  assert.deepEqual(errors, []);
  await page.close();
});

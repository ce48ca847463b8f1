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
let server: Server, url: string, browser: Browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`);
  const b = spawnSync('npm', ['run', 'web:build'], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(b.status, 0, `web build failed: ${b.stdout.slice(-1500)}${b.stderr.slice(-1500)}`);
  ({ server, url } = await serveStatic('web/dist', 0));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => { await browser?.close(); server?.close(); });

async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${url}#${hash}`);
  return { page, errors };
}

test('the network playground learns XOR: the loss falls and the boundary becomes correct', { timeout: 120_000 }, async () => {
  const { page, errors } = await open('playground');
  const status = page.getByTestId('status');
  await status.waitFor();
  const loss0 = Number(await status.getAttribute('data-loss'));
  await page.getByTestId('train').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=status]')?.getAttribute('data-accuracy')) >= 0.97, null, { timeout: 90_000 });
  await page.getByTestId('train').click();
  const loss1 = Number(await status.getAttribute('data-loss'));
  assert.ok(loss1 < loss0 / 3, `loss fell from ${loss0} to ${loss1}`);
  await page.screenshot({ path: join(ARTIFACTS, 'playground-xor.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the perceptron mode visibly fails on XOR', { timeout: 60_000 }, async () => {
  const { page, errors } = await open('playground');
  await page.getByTestId('mode').selectOption('perceptron');
  await page.getByTestId('train').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=status]')?.getAttribute('data-step')) >= 200, null, { timeout: 30_000 });
  await page.getByTestId('train').click();
  const acc = Number(await page.getByTestId('status').getAttribute('data-accuracy'));
  assert.ok(acc <= 0.8, `perceptron accuracy on XOR should stay low, got ${acc}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('impossible settings are clamped with a visible note', { timeout: 30_000 }, async () => {
  const { page } = await open('playground');
  await page.getByTestId('layer-0').fill('500');
  await page.getByTestId('layer-0').dispatchEvent('change');
  await page.locator('.note').waitFor({ state: 'visible' });
  assert.match(await page.locator('.note').innerText(), /1 to 32 neurons/);
  await page.close();
});

test('the neuron lab fires for a suprathreshold current and stays silent below threshold', { timeout: 60_000 }, async () => {
  const { page, errors } = await open('neurons');
  const status = page.getByTestId('neuron-status');
  await status.waitFor();
  assert.ok(Number(await status.getAttribute('data-spikes')) > 3, 'Izhikevich RS at I = 10 fires repeatedly');
  await page.getByTestId('current').fill('0');
  await page.getByTestId('current').dispatchEvent('input');
  assert.equal(Number(await status.getAttribute('data-spikes')), 0, 'no input, no spikes');
  await page.getByTestId('model').selectOption('Hodgkin-Huxley');
  await page.getByTestId('current').fill('10');
  await page.getByTestId('current').dispatchEvent('input');
  assert.ok(Number(await status.getAttribute('data-spikes')) > 3, 'HH fires repetitively at 10 µA/cm²');
  await page.getByTestId('run-network').click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ARTIFACTS, 'neuron-lab.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the static server serves only the app and refuses traversal', async () => {
  for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
    const r = await fetch(url.replace(/\/$/, '') + p);
    assert.ok(r.status === 403 || r.status === 404, `${p} gave ${r.status}`);
  }
  const ok = await fetch(url);
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('cross-origin-opener-policy'), 'same-origin');
});

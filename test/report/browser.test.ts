import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { reportHtml } from '../../src/report/html.js';
import type { Figure } from '../../src/experiments/types.js';

const CHROMIUM = '/usr/bin/chromium';

/** One figure of every kind, as experiments produce them. */
function allFigures(): Figure[] {
  const img = Float32Array.from({ length: 28 * 28 }, (_, i) => ((i % 28) - 14) / 14);
  return [
    { kind: 'line', title: 'loss', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'train', x: [1, 2, 3], y: [1, 0.5, 0.3] }, { name: 'test', x: [1, 2, 3], y: [1.1, 0.7, 0.5], dashed: true }] },
    { kind: 'line', title: 'log axis', logY: true, series: [{ name: 'err', x: [1, 2, 3, 4], y: [1, 0.1, 0.01, 0.001] }] },
    { kind: 'heatmap', title: 'confusion', data: [[5, 1], [0, 7]], xLabels: ['0', '1'], yLabels: ['0', '1'], annotate: true },
    { kind: 'images', title: 'filters', images: [{ data: img, h: 28, w: 28, label: 'a' }, { data: img.map((v) => -v), h: 28, w: 28, label: 'b' }], colormap: 'diverging' },
    { kind: 'raster', title: 'spikes', times: [1, 5, 9, 12], neurons: [0, 3, 1, 2], numNeurons: 4, duration: 20 },
    { kind: 'bar', title: 'rates', labels: ['a', 'b', 'c'], values: [3, -1, 2] },
    { kind: 'scatter', title: 'latent', points: [{ x: 0, y: 1, group: 0 }, { x: 1, y: 0, group: 1 }] },
  ];
}

test('a generated report renders every figure in headless Chromium with no console errors', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`);
  const figures = allFigures();
  const html = reportHtml('browser test', [{ name: 'all-figures', title: 'All figure kinds', description: 'one of each', config: { seed: 0 },
    result: { metrics: { accuracy: 0.5 }, figures, references: [{ metric: 'accuracy', measured: 0.5, published: '1.0', source: 'none', reached: false }] }, seconds: 1 }]);
  const dir = mkdtempSync(join(tmpdir(), 'alchemy-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto(pathToFileURL(file).href);
    const boxes = await page.$$eval('figure > svg', (svgs) => svgs.map((s) => {
      const r = s.getBoundingClientRect();
      return { w: r.width, h: r.height, marks: s.querySelectorAll('path, rect, circle').length };
    }));
    assert.equal(boxes.length, figures.length, 'one rendered SVG per figure');
    for (const [i, b] of boxes.entries()) {
      assert.ok(b.w > 100 && b.h > 100, `figure ${i} (${figures[i].kind}) has size ${b.w}x${b.h}`);
      assert.ok(b.marks > 2, `figure ${i} (${figures[i].kind}) drew nothing`);
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [], 'the report must not load anything from the network');
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});

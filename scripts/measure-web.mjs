// Measures the browser playground: bundle sizes of the production build and time to interactive
// of each page in Chromium (playwright-core, /usr/bin/chromium, headless).
//
// Usage (after `npm run build`):  node scripts/measure-web.mjs [--runs 5] [--write]
//
// It builds the app exactly as `npm run web:build` does, but into a temporary folder, serves it
// with `alchemy serve`'s static server (127.0.0.1, no compression), and opens every page in a fresh
// browser context (empty cache) `runs` times. Time to interactive is the time from navigation start
// (performance.timeOrigin) to the moment the page's first control is usable: the element below is in
// the document and, for the digit lab, the model has loaded. Sizes are bytes on disk and gzip -9.
// `--write` replaces the "Playground" section of BENCHMARKS.md (between the markers) or appends it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const READY = {
  playground: '[data-testid=train]',
  neurons: '[data-testid=neuron-status]',
  digits: '[data-testid=digit-status][data-model=ready]',
  rl: '[data-testid=rl-train]',
};

const { serveStatic } = await import('../dist/src/cli/serve.js').catch(() => {
  console.error('measure-web: dist/ is missing; run `npm run build` first');
  process.exit(1);
});

const out = mkdtempSync(join(tmpdir(), 'alchemy-web-measure-'));
for (const [cmd, a] of [[process.execPath, ['scripts/copy-web-assets.mjs']], ['npx', ['vite', 'build', 'web', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn']]]) {
  const r = spawnSync(cmd, a, { encoding: 'utf8' });
  if (r.status !== 0) { console.error(`measure-web: ${cmd} ${a.join(' ')} failed\n${r.stdout}${r.stderr}`); process.exit(1); }
}

function walk(dir) {
  return readdirSync(dir).flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? walk(p) : [p]; });
}
const files = walk(out).map((p) => { const b = readFileSync(p); return { path: p.slice(out.length + 1), bytes: b.length, gzip: gzipSync(b, { level: 9 }).length }; });
const sum = (fs, k) => fs.reduce((s, f) => s + f[k], 0);
const kb = (n) => (n / 1024).toFixed(1);
const group = (re) => files.filter((f) => re.test(f.path));
const js = group(/\.js$/), css = group(/\.css$/), wasm = group(/\.wasm$/), models = group(/\.safetensors$/);

const { server, url } = await serveStatic(out, 0);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const rows = [];
for (const [page, selector] of Object.entries(READY)) {
  const tti = [], dcl = [], bytes = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await ctx.newPage();
    await p.goto(`${url}#${page}`);
    const h = await p.waitForFunction((sel) => (document.querySelector(sel) ? performance.now() : 0), selector, { polling: 'raf', timeout: 60_000 });
    tti.push(await h.jsonValue());
    dcl.push(await p.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
    // Resource Timing: bytes of the document and of every fetched script, stylesheet, wasm and weights file.
    bytes.push(await p.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
      .reduce((s, e) => s + e.encodedBodySize, 0)));
    await ctx.close();
  }
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  rows.push({ page, selector, tti: med(tti), min: Math.min(...tti), max: Math.max(...tti), dcl: med(dcl), bytes: med(bytes) });
}
await browser.close();
server.close();
rmSync(out, { recursive: true, force: true });

const chromeVersion = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim();
const lines = [
  '<!-- playground:begin -->',
  '## Playground',
  '',
  `Produced by \`node scripts/measure-web.mjs --runs ${runs} --write\` (${new Date().toISOString().slice(0, 10)}; ${chromeVersion}, headless, served from 127.0.0.1 without compression; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} during the run).`,
  '',
  '### Bundle (`npm run web:build` output)',
  '',
  '| part | files | size (KB) | gzip -9 (KB) |',
  '|---|---:|---:|---:|',
  `| JavaScript (entry + lazily loaded pages and shared chunks) | ${js.length} | ${kb(sum(js, 'bytes'))} | ${kb(sum(js, 'gzip'))} |`,
  `| CSS + HTML | ${css.length + group(/\.html$/).length} | ${kb(sum(css, 'bytes') + sum(group(/\.html$/), 'bytes'))} | ${kb(sum(css, 'gzip') + sum(group(/\.html$/), 'gzip'))} |`,
  `| wasm kernels (${wasm.map((f) => f.path.split('/').pop()).join(', ')}; a browser loads one) | ${wasm.length} | ${kb(sum(wasm, 'bytes'))} | ${kb(sum(wasm, 'gzip'))} |`,
  `| model weights (${models.map((f) => f.path.split('/').pop()).join(', ')}) | ${models.length} | ${kb(sum(models, 'bytes'))} | ${kb(sum(models, 'gzip'))} |`,
  `| total | ${files.length} | ${kb(sum(files, 'bytes'))} | ${kb(sum(files, 'gzip'))} |`,
  '',
  'Largest JavaScript chunks: ' + [...js].sort((a, b) => b.bytes - a.bytes).slice(0, 5).map((f) => `\`${f.path.split('/').pop().replace(/-[\w-]{8}\.js$/, '.js')}\` ${kb(f.bytes)} KB`).join(', ') + '.',
  '',
  `### Time to interactive (median of ${runs} cold loads, fresh browser context each)`,
  '',
  'From navigation start to the page\'s first control being usable (the element in the document; for the digit lab, both weight files fetched and parsed, and LeNet-5 and the spiking network loaded). Bytes fetched are counted by the Resource Timing API at that moment.',
  '',
  '| page | ready when | time to interactive (ms) | min – max (ms) | DOMContentLoaded (ms) | bytes fetched (KB) |',
  '|---|---|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.page} | \`${r.selector}\` | ${r.tti.toFixed(0)} | ${r.min.toFixed(0)} – ${r.max.toFixed(0)} | ${r.dcl.toFixed(0)} | ${kb(r.bytes)} |`),
  '',
  'Served locally, so the times measure parsing, compiling the wasm kernels and the pages\' own start-up, not the network; over a network add the bytes fetched divided by the bandwidth.',
  '<!-- playground:end -->',
];
const section = lines.join('\n');
console.log(section);
if (args.includes('--write')) {
  const path = 'BENCHMARKS.md';
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const re = /<!-- playground:begin -->[\s\S]*?<!-- playground:end -->/;
  writeFileSync(path, re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`);
  console.log(`measure-web: wrote the Playground section of ${path}`);
}

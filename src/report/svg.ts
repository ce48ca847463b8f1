import type { Figure } from '../experiments/types.js';

/** Escapes text for SVG/HTML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
const W = 560, H = 340, M = { l: 60, r: 20, t: 34, b: 46 };

function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) { const d = Math.abs(lo) || 1; lo -= d / 2; hi += d / 2; }
  const raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}
function fmtNum(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : +v.toPrecision(4) + '';
}

function frame(title: string, body: string, w = W, h = H): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="${esc(title)}">`
    + `<rect width="${w}" height="${h}" fill="#fff"/><text x="${w / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${esc(title)}</text>${body}</svg>`;
}

function axes(xt: number[], yt: number[], sx: (v: number) => number, sy: (v: number) => number, xl = '', yl = '', ylab?: (v: number) => string): string {
  let s = `<g stroke="#ccc" stroke-width="0.5">`;
  for (const v of yt) s += `<line x1="${M.l}" x2="${W - M.r}" y1="${sy(v)}" y2="${sy(v)}"/>`;
  s += `</g><g fill="#333">`;
  for (const v of xt) s += `<text x="${sx(v)}" y="${H - M.b + 16}" text-anchor="middle">${fmtNum(v)}</text>`;
  for (const v of yt) s += `<text x="${M.l - 6}" y="${sy(v) + 4}" text-anchor="end">${ylab ? ylab(v) : fmtNum(v)}</text>`;
  s += `</g><rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="#888"/>`;
  if (xl) s += `<text x="${(M.l + W - M.r) / 2}" y="${H - 8}" text-anchor="middle">${esc(xl)}</text>`;
  if (yl) s += `<text transform="translate(14 ${(M.t + H - M.b) / 2}) rotate(-90)" text-anchor="middle">${esc(yl)}</text>`;
  return s;
}

function linePlot(f: Extract<Figure, { kind: 'line' }>): string {
  const all = f.series.flatMap((s) => s.x.map((x, i) => [x, s.y[i]] as const)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!f.logY || y > 0));
  if (!all.length) return frame(f.title, `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no data</text>`);
  const tY = (v: number) => (f.logY ? Math.log10(v) : v);
  let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [y0, y1] = [Math.min(...all.map((p) => tY(p[1]))), Math.max(...all.map((p) => tY(p[1])))];
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
  const sx = (v: number) => M.l + ((v - x0) / (x1 - x0)) * (W - M.l - M.r);
  const sy = (v: number) => H - M.b - ((v - y0) / (y1 - y0)) * (H - M.t - M.b);
  let body = axes(niceTicks(x0, x1), niceTicks(y0, y1), sx, sy, f.xLabel, f.yLabel, f.logY ? (v) => fmtNum(Math.pow(10, v)) : undefined);
  f.series.forEach((s, k) => {
    const pts = s.x.map((x, i) => [x, s.y[i]] as const).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!f.logY || y > 0));
    const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(tY(y)).toFixed(1)}`).join('');
    const c = PALETTE[k % PALETTE.length];
    body += `<path d="${d}" fill="none" stroke="${c}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ''} class="series"/>`;
    if (pts.length === 1) body += `<circle cx="${sx(pts[0][0])}" cy="${sy(tY(pts[0][1]))}" r="3" fill="${c}"/>`;
  });
  if (f.series.length > 1 || f.series[0]?.name) {
    const rows = Math.ceil(f.series.length / 3), cols = Math.min(3, f.series.length);
    body += `<rect x="${M.l + 4}" y="${M.t + 3}" width="${cols * 160}" height="${rows * 15 + 4}" fill="#fff" fill-opacity="0.85"/>`;
    body += f.series.map((s, k) => `<g transform="translate(${M.l + 8 + (k % 3) * 160} ${M.t + 15 + Math.floor(k / 3) * 15})"><rect width="12" height="3" y="-4" fill="${PALETTE[k % PALETTE.length]}"/><text x="16">${esc(s.name)}</text></g>`).join('');
  }
  return frame(f.title, body);
}

/** Maps v in [0,1] to a colour. */
function colour(v: number, map: 'gray' | 'diverging' | 'viridis'): string {
  const t = Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0));
  if (map === 'gray') { const g = Math.round(255 * (1 - t)); return `rgb(${g},${g},${g})`; }
  if (map === 'diverging') {
    // blue (0) – white (0.5) – red (1)
    const a = Math.abs(t - 0.5) * 2;
    return t < 0.5 ? `rgb(${Math.round(255 * (1 - a))},${Math.round(255 * (1 - a * 0.6))},255)` : `rgb(255,${Math.round(255 * (1 - a * 0.8))},${Math.round(255 * (1 - a))})`;
  }
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = t * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(x)), u = x - i;
  const c = stops[i].map((s, k) => Math.round(s + (stops[i + 1][k] - s) * u));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function heatmap(f: Extract<Figure, { kind: 'heatmap' }>): string {
  const rows = f.data.length, cols = f.data[0]?.length ?? 0;
  const vals = f.data.flat().filter(Number.isFinite);
  const map = f.colormap ?? 'viridis';
  let lo = Math.min(...vals), hi = Math.max(...vals);
  if (map === 'diverging') { const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1; lo = -m; hi = m; }
  if (!(hi > lo)) hi = lo + 1;
  const size = Math.max(4, Math.min(40, Math.floor(420 / Math.max(rows, cols, 1))));
  const ox = 70, oy = 40, w = ox + cols * size + 30, h = oy + rows * size + 50;
  let body = '';
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    const v = f.data[i][j], t = (v - lo) / (hi - lo);
    body += `<rect x="${ox + j * size}" y="${oy + i * size}" width="${size}" height="${size}" fill="${colour(t, map)}"/>`;
    if (f.annotate && size >= 18) body += `<text x="${ox + j * size + size / 2}" y="${oy + i * size + size / 2 + 4}" text-anchor="middle" font-size="9" fill="${t > 0.6 && map === 'viridis' ? '#000' : map === 'viridis' ? '#fff' : '#000'}">${fmtNum(v)}</text>`;
  }
  if (f.xLabels) f.xLabels.forEach((l, j) => { body += `<text x="${ox + j * size + size / 2}" y="${oy + rows * size + 14}" text-anchor="middle" font-size="10">${esc(l)}</text>`; });
  if (f.yLabels) f.yLabels.forEach((l, i) => { body += `<text x="${ox - 4}" y="${oy + i * size + size / 2 + 4}" text-anchor="end" font-size="10">${esc(l)}</text>`; });
  if (f.xLabel) body += `<text x="${ox + (cols * size) / 2}" y="${h - 10}" text-anchor="middle">${esc(f.xLabel)}</text>`;
  if (f.yLabel) body += `<text transform="translate(14 ${oy + (rows * size) / 2}) rotate(-90)" text-anchor="middle">${esc(f.yLabel)}</text>`;
  return frame(f.title, body, Math.max(w, 300), h);
}

function images(f: Extract<Figure, { kind: 'images' }>): string {
  const n = f.images.length, cols = Math.min(f.cols ?? 8, Math.max(1, n)), rowsN = Math.ceil(n / cols);
  const map = f.colormap ?? 'gray';
  const cell = Math.max(...f.images.map((im) => Math.max(im.h, im.w)), 1);
  const scale = Math.max(1, Math.floor(84 / cell));
  const gap = 6, lab = f.images.some((im) => im.label) ? 14 : 0;
  const cw = cell * scale + gap, ch = cell * scale + gap + lab;
  const w = Math.max(300, cols * cw + 20), h = 40 + rowsN * ch + 10;
  let body = '';
  f.images.forEach((im, k) => {
    const x0 = 10 + (k % cols) * cw, y0 = 34 + Math.floor(k / cols) * ch;
    const d = im.data;
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < im.h * im.w; i++) { const v = d[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
    if (map === 'diverging') { const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1; lo = -m; hi = m; }
    if (map === 'gray' && lo >= 0 && hi <= 1) { lo = 0; hi = 1; }
    if (!(hi > lo)) hi = lo + 1;
    let px = '';
    for (let i = 0; i < im.h; i++) for (let j = 0; j < im.w; j++) {
      const t = (d[i * im.w + j] - lo) / (hi - lo);
      if (map === 'gray' && t < 0.02) continue;
      px += `<rect x="${j * scale}" y="${i * scale}" width="${scale}" height="${scale}" fill="${colour(t, map)}"/>`;
    }
    body += `<g transform="translate(${x0} ${y0})" class="image"><rect width="${im.w * scale}" height="${im.h * scale}" fill="${map === 'gray' ? '#fff' : colour(0.5, map)}" stroke="#ddd"/>${px}`
      + (im.label ? `<text x="${(im.w * scale) / 2}" y="${im.h * scale + 12}" text-anchor="middle" font-size="10">${esc(im.label)}</text>` : '') + `</g>`;
  });
  return frame(f.title, body, w, h);
}

function raster(f: Extract<Figure, { kind: 'raster' }>): string {
  const sx = (t: number) => M.l + (t / (f.duration || 1)) * (W - M.l - M.r);
  const sy = (i: number) => M.t + ((i + 0.5) / Math.max(1, f.numNeurons)) * (H - M.t - M.b);
  let body = axes(niceTicks(0, f.duration), [], sx, (v) => v, `time (${f.timeUnit ?? 'ms'})`, 'neuron');
  const r = Math.max(0.8, Math.min(10, ((H - M.t - M.b) / Math.max(1, f.numNeurons)) * 0.8));
  let dots = '';
  const n = Math.min(f.times.length, 20000);
  for (let k = 0; k < n; k++) dots += `<rect x="${sx(f.times[k]).toFixed(1)}" y="${(sy(f.neurons[k]) - r / 2).toFixed(1)}" width="2" height="${r.toFixed(1)}"/>`;
  body += `<g fill="#222" class="spikes">${dots}</g>`;
  if (f.times.length > n) body += `<text x="${W - M.r}" y="${M.t - 4}" text-anchor="end" font-size="10">first ${n} of ${f.times.length} spikes</text>`;
  body += `<text x="${M.l - 6}" y="${M.t + 10}" text-anchor="end">0</text><text x="${M.l - 6}" y="${H - M.b}" text-anchor="end">${f.numNeurons - 1}</text>`;
  return frame(f.title, body);
}

function bar(f: Extract<Figure, { kind: 'bar' }>): string {
  const vals = f.values.map((v) => (Number.isFinite(v) ? v : 0));
  const lo = Math.min(0, ...vals), hi = Math.max(0, ...vals) || 1;
  const sy = (v: number) => H - M.b - ((v - lo) / (hi - lo)) * (H - M.t - M.b);
  const bw = (W - M.l - M.r) / Math.max(1, vals.length);
  let body = axes([], niceTicks(lo, hi), () => 0, sy, '', f.yLabel);
  vals.forEach((v, i) => {
    const x = M.l + i * bw + bw * 0.1;
    body += `<rect class="bar" x="${x}" y="${Math.min(sy(v), sy(0))}" width="${bw * 0.8}" height="${Math.abs(sy(v) - sy(0))}" fill="${PALETTE[0]}"/>`;
    body += `<text x="${x + bw * 0.4}" y="${H - M.b + 14}" text-anchor="middle" font-size="10">${esc(f.labels[i] ?? '')}</text>`;
  });
  return frame(f.title, body);
}

function scatter(f: Extract<Figure, { kind: 'scatter' }>): string {
  const xs = f.points.map((p) => p.x), ys = f.points.map((p) => p.y);
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
  if (!(y1 > y0)) { y0 -= 1; y1 += 1; }
  const px = (x1 - x0) * 0.05, py = (y1 - y0) * 0.05;
  x0 -= px; x1 += px; y0 -= py; y1 += py;
  const sx = (v: number) => M.l + ((v - x0) / (x1 - x0)) * (W - M.l - M.r);
  const sy = (v: number) => H - M.b - ((v - y0) / (y1 - y0)) * (H - M.t - M.b);
  let body = axes(niceTicks(x0, x1), niceTicks(y0, y1), sx, sy, f.xLabel, f.yLabel);
  body += f.points.slice(0, 5000).map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2" fill="${PALETTE[(p.group ?? 0) % PALETTE.length]}" fill-opacity="0.7"/>`).join('');
  return frame(f.title, body);
}

/**
 * Draws a figure spec as a standalone SVG string (no scripts, no external references).
 * @example renderFigure({ kind: 'bar', title: 'rates', labels: ['a'], values: [1] })
 */
export function renderFigure(f: Figure): string {
  switch (f.kind) {
    case 'line': return linePlot(f);
    case 'heatmap': return heatmap(f);
    case 'images': return images(f);
    case 'raster': return raster(f);
    case 'bar': return bar(f);
    case 'scatter': return scatter(f);
    case 'svg': return f.svg;
  }
}

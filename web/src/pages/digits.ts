import { Tensor } from '../../../src/core/tensor.js';
import { noGrad } from '../../../src/core/autograd.js';
import { Generator } from '../../../src/core/random.js';
import { LeNet5 } from '../../../src/nn/models/lenet.js';
import { parseSafetensors } from '../../../src/io/safetensors.js';
import { saliency } from '../../../src/explain/gradients.js';
import { integratedGradients } from '../../../src/explain/integrated-gradients.js';
import { rateEncode } from '../../../src/neuro/coding/encoders.js';
import type { Raster } from '../../../src/neuro/coding/spikes.js';
import { DiehlCook, classifyByAssignment, type DiehlCookRecord } from '../../../src/neuro/benchmarks/diehl-cook.js';
import { el, button } from '../ui.js';
import { toMnist } from './digit-preprocess.js';

/** Produced by scripts/make-web-models.mjs (LeNet-5 trained on MNIST with the CLI). */
const MODEL_URL = 'models/lenet5-mnist.safetensors';
/** Also produced by that script: the Diehl & Cook 2015 STDP network, 100 excitatory neurons. */
const SNN_URL = 'models/diehl-cook-mnist.safetensors';
const SIZE = 280, STROKE = 18;
/** Rate code of Diehl & Cook 2015: pixel intensity (0-255) / 4 Hz, so at most 63.75 Hz; 350 ms per image. */
const MAX_RATE_HZ = 255 / 4, PRESENT_MS = 350, DT_MS = 1;

/** Paints a 28×28 map into a small canvas: `signed` maps use blue (−) / red (+), others white → red. */
function paintMap(c: HTMLCanvasElement, v: ArrayLike<number>, signed: boolean): void {
  const g = c.getContext('2d')!, img = g.createImageData(28, 28);
  let m = 1e-12;
  for (let i = 0; i < 784; i++) m = Math.max(m, Math.abs(v[i]));
  for (let i = 0; i < 784; i++) {
    const a = v[i] / m, p = i * 4;
    if (!signed) { const k = Math.round(255 * (1 - Math.abs(a))); img.data.set([255, k, k, 255], p); }
    else if (a >= 0) { const k = Math.round(255 * (1 - a)); img.data.set([255, k, k, 255], p); }
    else { const k = Math.round(255 * (1 + a)); img.data.set([k, k, 255, 255], p); }
  }
  g.putImageData(img, 0, 0);
}

function paintGray(c: HTMLCanvasElement, v: ArrayLike<number>): void {
  const g = c.getContext('2d')!, img = g.createImageData(28, 28);
  for (let i = 0; i < 784; i++) { const k = Math.round(255 * Math.min(1, Math.max(0, v[i]))); img.data.set([k, k, k, 255], i * 4); }
  g.putImageData(img, 0, 0);
}

function paintRaster(c: HTMLCanvasElement, r: Raster): void {
  const g = c.getContext('2d')!;
  g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = '#1d1d1f';
  const sx = c.width / r.steps, sy = c.height / r.n;
  for (let s = 0; s < r.steps; s++) {
    for (let i = 0; i < r.n; i++) if (r.data[s * r.n + i]) g.fillRect(s * sx, i * sy, Math.max(1, sx), Math.max(1, sy));
  }
}

interface Snn { dc: DiehlCook; assignments: Int32Array; info: string }

/** The network's own input spikes (784 rows) above its excitatory neurons' spikes, grouped by their assigned digit. */
function paintSnnRaster(c: HTMLCanvasElement, rec: DiehlCookRecord, steps: number, assignments: Int32Array): void {
  const g = c.getContext('2d')!, left = 22, W = c.width - left, inH = 196, gap = 14, n = assignments.length, exH = c.height - inH - gap;
  g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
  const sx = W / steps;
  g.fillStyle = '#1d1d1f';
  for (let k = 0; k < rec.inputSteps.length; k++) g.fillRect(left + rec.inputSteps[k] * sx, (rec.inputIndices[k] * inH) / 784, Math.max(1, sx), 1);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => assignments[a] - assignments[b] || a - b);
  const row = new Int32Array(n);
  order.forEach((i, r) => { row[i] = r; });
  const top = inH + gap, rh = exH / n;
  g.font = '10px system-ui';
  for (let d = 0; d < 10; d++) {
    const rows = order.map((i, r) => (assignments[i] === d ? r : -1)).filter((r) => r >= 0);
    if (!rows.length) continue;
    g.fillStyle = d % 2 ? '#f3f6fb' : '#fff'; g.fillRect(left, top + rows[0] * rh, W, rows.length * rh);
    g.fillStyle = '#555'; g.fillText(String(d), 4, top + ((rows[0] + rows[rows.length - 1] + 1) / 2) * rh + 3);
  }
  g.fillStyle = '#c0392b';
  for (let k = 0; k < rec.excSteps.length; k++) g.fillRect(left + rec.excSteps[k] * sx - 1, top + row[rec.excIndices[k]] * rh, Math.max(2, sx), Math.max(1.5, rh));
  g.fillStyle = '#555'; g.fillText('input', 0, 10); g.fillText('output', 0, top - 3);
}

/** The digit lab: draw, classify live with LeNet-5, explain with saliency and Integrated Gradients, rate-code into spikes. */
export function mount(root: HTMLElement): () => void {
  let model: LeNet5 | null = null;
  let snn: Snn | null = null;
  let disposed = false, frame = 0, drawing = false, dirty = false;
  let last: [number, number] | null = null;
  const gen = new Generator(7);

  const pad = el('canvas', { width: String(SIZE), height: String(SIZE), 'data-testid': 'draw', style: 'touch-action: none; cursor: crosshair; background: #000; image-rendering: auto' });
  const g = pad.getContext('2d', { willReadFrequently: true })!;
  const status = el('div', { class: 'status', 'data-testid': 'digit-status' }, 'Draw a digit (0-9) in the black square.');
  const info = el('p', { class: 'muted' }, 'Loading the LeNet-5 weights…');
  const errorBox = el('div', { class: 'error', 'data-testid': 'model-error', hidden: '' });
  const bars = el('div', { 'data-testid': 'probs' });
  const barEls = Array.from({ length: 10 }, (_, k) => {
    const fill = el('span', { style: 'display:inline-block;height:12px;background:#3a7bd5;width:0px;vertical-align:middle' });
    const val = el('span', { class: 'muted' }, '');
    bars.append(el('div', { style: 'font-family: ui-monospace, monospace; margin: 2px 0' }, `${k} `, fill, ' ', val));
    return { fill, val };
  });
  const small = (testId: string) => el('canvas', { width: '28', height: '28', 'data-testid': testId, style: 'width:140px;height:140px' });
  const input28 = small('input28'), sal = small('saliency'), ig = small('ig');
  const igNote = el('p', { class: 'muted' }, '');
  const raster = el('canvas', { width: String(PRESENT_MS + 22), height: '420', 'data-testid': 'raster' });
  const rasterTitle = el('h3', {}, 'Poisson spike raster of the input');
  const rasterNote = el('p', { class: 'muted' }, '');

  function clear(): void {
    g.fillStyle = '#000'; g.fillRect(0, 0, SIZE, SIZE);
    for (const c of [input28, sal, ig]) c.getContext('2d')!.clearRect(0, 0, 28, 28);
    raster.getContext('2d')!.clearRect(0, 0, raster.width, raster.height);
    for (const b of barEls) { b.fill.style.width = '0px'; b.val.textContent = ''; }
    status.textContent = 'Draw a digit (0-9) in the black square.';
    delete status.dataset.prediction; delete status.dataset.confidence;
    igNote.textContent = ''; rasterNote.textContent = '';
    delete sal.dataset.ready; delete ig.dataset.ready;
  }

  /** The current drawing as a 28×28 MNIST input, or null when empty. */
  function currentInput(): Float32Array | null {
    const px = g.getImageData(0, 0, SIZE, SIZE).data, grey = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < grey.length; i++) grey[i] = px[i * 4] / 255;
    return toMnist({ data: grey, width: SIZE, height: SIZE });
  }

  /** Live step: preprocessing preview and, with a model, class probabilities. Returns the predicted class. */
  function predict(x: Float32Array): number | null {
    paintGray(input28, x);
    if (!model) return null;
    const m = model;
    const probs = noGrad(() => m.forward(new Tensor(x, [1, 1, 28, 28])).softmax(1)).data;
    let best = 0;
    for (let k = 1; k < 10; k++) if (probs[k] > probs[best]) best = k;
    barEls.forEach((b, k) => { b.fill.style.width = `${Math.round(200 * probs[k])}px`; b.val.textContent = `${(100 * probs[k]).toFixed(1)}%`; });
    status.textContent = `LeNet-5 reads a ${best} (${(100 * probs[best]).toFixed(1)}%)`;
    status.dataset.prediction = String(best);
    status.dataset.confidence = probs[best].toFixed(4);
    return best;
  }

  /** After a stroke: saliency, Integrated Gradients and the Poisson spike raster (heavier, not per frame). */
  function explain(): void {
    const x = currentInput();
    if (!x) return;
    const best = predict(x);
    rasterFor(x, best);
    if (!model || best === null) return;
    const t0 = performance.now();
    const xt = new Tensor(x, [1, 1, 28, 28]);
    // Simonyan et al. 2014: |∂logit/∂x|; Sundararajan et al. 2017: IG from a black image.
    paintMap(sal, saliency(model, xt, best, { absolute: true }).data, false);
    const res = integratedGradients(model, xt, best, { steps: 32, baseline: 0 });
    paintMap(ig, res.attributions.data, true);
    igNote.textContent = `IG attributions sum to ${(res.scoreDifference[0] + res.delta[0]).toFixed(2)}; the logit rose by ${res.scoreDifference[0].toFixed(2)} from a black image (completeness gap ${(100 * res.relativeDelta[0]).toFixed(1)}%). Both maps took ${(performance.now() - t0).toFixed(0)} ms.`;
    ig.dataset.ms = (performance.now() - t0).toFixed(1);
    sal.dataset.ready = '1'; ig.dataset.ready = '1';
  }

  /** The spiking view: the trained Diehl & Cook network when it loaded, else the rate-coded input alone. */
  function rasterFor(x: Float32Array, best: number | null): void {
    const lit = x.filter((v) => v > 0).length;
    if (snn) {
      const rec: DiehlCookRecord = { inputSteps: [], inputIndices: [], excSteps: [], excIndices: [] };
      // The network takes 0-255 intensities and fires each pixel at intensity/4 Hz (Diehl & Cook 2015).
      const counts = snn.dc.present(Float64Array.from(x, (v) => Math.round(255 * v)), false, rec);
      const vote = classifyByAssignment(counts, snn.assignments);
      paintSnnRaster(raster, rec, Math.round(snn.dc.config.tPresent / snn.dc.config.dt), snn.assignments);
      raster.dataset.spikes = String(rec.inputSteps.length);
      raster.dataset.snnSpikes = String(rec.excSteps.length);
      raster.dataset.snnPrediction = String(vote);
      rasterNote.textContent = `${rec.inputSteps.length} input spikes from ${lit} lit pixels drive ${rec.excSteps.length} spikes of the excitatory layer in ${snn.dc.config.tPresent} ms `
        + `(rows grouped by the digit each neuron learned to prefer). Its neurons vote for ${vote}` + (best === null ? '.' : `; LeNet-5 says ${best}.`) + ` ${snn.info}`;
      return;
    }
    // Rate coding of the 784 pixels (Diehl & Cook 2015): a Poisson train at intensity/4 Hz per pixel.
    const r = rateEncode(Float64Array.from(x, (v) => v * MAX_RATE_HZ), Math.round(PRESENT_MS / DT_MS), DT_MS, gen);
    paintRaster(raster, r);
    let spikes = 0;
    for (let i = 0; i < r.data.length; i++) spikes += r.data[i];
    raster.dataset.spikes = String(spikes);
    rasterNote.textContent = `${spikes} input spikes in ${PRESENT_MS} ms from ${lit} lit pixels (rows: the 784 pixels, top to bottom; time runs left to right). `
      + `The trained spiking network is not loaded, so no spiking read-out is shown` + (best === null ? '.' : `; LeNet-5 (a conventional network) says ${best}.`);
  }

  async function loadSnn(): Promise<void> {
    try {
      const res = await fetch(new URL(SNN_URL, document.baseURI));
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText} for ${SNN_URL}`);
      const { tensors, metadata } = parseSafetensors(new Uint8Array(await res.arrayBuffer()), { source: SNN_URL });
      const nExc = Number(metadata.nExc), scale = Number(metadata.weightScale);
      // Files written before input delays were modelled carry neither the metadata nor the delays.
      const inputDelayMax = Number(metadata.inputDelayMax ?? 0);
      const dc = new DiehlCook({ nExc, inputDelayMax }, new Generator(11));
      if (tensors.weights.data.length !== dc.weights.length || tensors.theta.data.length !== nExc) throw new Error(`${SNN_URL} does not hold a ${nExc}-neuron network`);
      if (inputDelayMax > 0) {
        if (!tensors.delays) throw new Error(`${SNN_URL} has inputDelayMax ${inputDelayMax} ms but no delays`);
        dc.loadDelays(tensors.delays.data);
      }
      dc.weights.set(Array.from(tensors.weights.data, (q) => q * scale));
      dc.exc.theta.set(tensors.theta.data);
      if (disposed) return;
      snn = { dc, assignments: Int32Array.from(tensors.assignments.data), info: `Diehl & Cook 2015, ${nExc} neurons, unsupervised STDP on ${metadata.trainImages} MNIST images: ${(100 * Number(metadata.testAccuracy)).toFixed(1)}% on ${metadata.testImages} test images (LeNet-5 is far more accurate; the paper reaches 82.9% after 60,000).` };
      rasterTitle.textContent = 'Spiking network: input raster and output layer';
      raster.dataset.snn = 'ready';
    } catch (e) {
      if (disposed) return;
      raster.dataset.snn = 'failed';
      rasterTitle.textContent = 'Poisson spike raster of the input (spiking network not loaded)';
      console.warn(`digit lab: ${(e as Error).message}`);
    }
  }

  function tick(): void {
    frame = 0;
    if (disposed || !dirty) return;
    dirty = false;
    const x = currentInput();
    if (x) predict(x);
  }
  function schedule(): void { dirty = true; if (!frame) frame = requestAnimationFrame(tick); }

  function point(e: PointerEvent): [number, number] {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) * SIZE) / r.width, ((e.clientY - r.top) * SIZE) / r.height];
  }
  function strokeTo(p: [number, number]): void {
    g.strokeStyle = '#fff'; g.fillStyle = '#fff'; g.lineWidth = STROKE; g.lineCap = 'round'; g.lineJoin = 'round';
    if (last) { g.beginPath(); g.moveTo(last[0], last[1]); g.lineTo(p[0], p[1]); g.stroke(); }
    else { g.beginPath(); g.arc(p[0], p[1], STROKE / 2, 0, 2 * Math.PI); g.fill(); }
    last = p;
    schedule();
  }
  pad.addEventListener('pointerdown', (e) => { e.preventDefault(); pad.setPointerCapture(e.pointerId); drawing = true; last = null; strokeTo(point(e)); });
  pad.addEventListener('pointermove', (e) => { if (drawing) strokeTo(point(e)); });
  let pending = 0;
  const end = () => {
    if (!drawing) return;
    drawing = false; last = null;
    // The prediction shows at once; the heavier maps and the spiking run follow in the next task,
    // so the end of the stroke is painted first.
    const x = currentInput();
    if (x) predict(x);
    clearTimeout(pending);
    pending = window.setTimeout(() => { if (!disposed) explain(); }, 0);
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);

  const fig = (title: string, c: HTMLCanvasElement) => el('div', { style: 'max-width: 160px' }, el('h3', {}, title), c);
  root.append(el('div', { class: 'row' },
    el('div', { class: 'panel controls' }, el('h2', {}, 'Digit lab'), pad, el('div', {}, button('Clear', clear, '', 'clear')), status, info, errorBox),
    el('div', { class: 'panel' }, el('h3', {}, 'Class probabilities'), bars),
    el('div', { class: 'panel', style: 'max-width: 560px' },
      el('div', { class: 'row' },
        fig('What the network sees (28×28)', input28),
        fig('Saliency |∂ logit / ∂ pixel|', sal),
        fig('Integrated Gradients (red +, blue −)', ig)), igNote),
    el('div', { class: 'panel', style: 'max-width: 560px' }, rasterTitle, raster, rasterNote)));
  root.append(el('p', { class: 'muted' }, 'Your drawing is cropped to its ink, scaled to fit a 20×20 box and centred by its centre of mass in a 28×28 field, as the MNIST digits were. Saliency (Simonyan et al. 2014) and Integrated Gradients (Sundararajan et al. 2017) explain the predicted class.'));
  clear();

  void (async () => {
    const snnLoaded = loadSnn();
    try {
      const url = new URL(MODEL_URL, document.baseURI);
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText} for ${MODEL_URL}`);
      const file = parseSafetensors(new Uint8Array(await res.arrayBuffer()), { source: MODEL_URL });
      const m = new LeNet5();
      m.loadStateDict(file.tensors);
      m.eval();
      if (disposed) return;
      model = m;
      const acc = Number(file.metadata.testAccuracy);
      info.textContent = `LeNet-5 (${m.numParameters().toLocaleString('en')} parameters) trained on MNIST for ${file.metadata.epochs ?? '?'} epoch(s)`
        + (Number.isFinite(acc) ? `: ${(100 * acc).toFixed(2)}% test accuracy.` : '.');
      await snnLoaded;
      status.dataset.model = 'ready';
      explain();
    } catch (e) {
      if (disposed) return;
      info.textContent = '';
      errorBox.textContent = `The digit model could not be loaded (${(e as Error).message}). Drawing and the spike raster still work; to restore predictions run \`node scripts/make-web-models.mjs\` and rebuild with \`npm run web:build\`.`;
      errorBox.hidden = false;
      await snnLoaded;
      status.dataset.model = 'failed';
    }
  })();

  return () => { disposed = true; clearTimeout(pending); if (frame) cancelAnimationFrame(frame); };
}

import { Tensor } from '../../../src/core/tensor.js';
import { manualSeed } from '../../../src/core/random.js';
import { noGrad } from '../../../src/core/autograd.js';
import { Sequential } from '../../../src/nn/containers.js';
import { Linear } from '../../../src/nn/linear.js';
import { ReLU, Tanh, Sigmoid } from '../../../src/nn/activation.js';
import { Adam } from '../../../src/optim/adam.js';
import { crossEntropy } from '../../../src/nn/functional/loss.js';
import { xor, spirals, moons, circles, type ToySet } from '../../../src/data/toy.js';
import { el, slider, select, button, plotLine, clampNote } from '../ui.js';

const MAX_LAYERS = 6, MAX_NEURONS = 32;
type Act = 'tanh' | 'relu' | 'sigmoid';

/** 2-D data centred near the origin, in a common [-1.5, 1.5] box. */
function dataset(name: string, seed: number): ToySet {
  if (name === 'xor') {
    const d = xor(200, 0.12, seed);
    return { x: d.x.sub(0.5).mul(2), y: d.y };
  }
  if (name === 'spirals') { const d = spirals(100, 0.05, seed, 1); return { x: d.x.div(4), y: d.y }; }
  if (name === 'moons') { const d = moons(200, 0.08, seed); return { x: d.x.sub(new Tensor(new Float32Array([0.5, 0.25]), [2])).mul(1.2), y: d.y }; }
  return circles(200, 0.06, 0.5, seed);
}

/** Rosenblatt's perceptron on two inputs: the line it learns can never separate XOR. */
class Perceptron {
  w = [0, 0]; b = 0;
  epoch(x: Float32Array, y: Int32Array): void {
    for (let i = 0; i < y.length; i++) {
      const p = this.w[0] * x[2 * i] + this.w[1] * x[2 * i + 1] + this.b > 0 ? 1 : 0;
      const e = y[i] - p;
      if (e) { this.w[0] += 0.1 * e * x[2 * i]; this.w[1] += 0.1 * e * x[2 * i + 1]; this.b += 0.1 * e; }
    }
  }
  prob(x0: number, x1: number): number { return this.w[0] * x0 + this.w[1] * x1 + this.b > 0 ? 1 : 0; }
}

export function mount(root: HTMLElement): () => void {
  const st = { data: 'xor', mode: 'mlp', layers: [8, 8], act: 'tanh' as Act, lr: 0.03, running: false, step: 0 };
  let ds = dataset(st.data, 0);
  let model: Sequential, opt: Adam, perceptron = new Perceptron();
  const losses: number[] = [];
  const note = el('div', { class: 'note', hidden: '' });
  const status = el('div', { class: 'status', 'data-testid': 'status' });
  const boundary = el('canvas', { width: '300', height: '300', 'data-testid': 'boundary' });
  const lossCanvas = el('canvas', { width: '300', height: '140', 'data-testid': 'loss' });
  const layerBox = el('div', { class: 'layers' });

  const warn = (msg: string | null) => { if (msg) { note.textContent = msg; note.hidden = false; } else note.hidden = true; };

  function build(): void {
    manualSeed(1);
    const mods = [];
    let inF = 2;
    for (const h of st.layers) {
      mods.push(new Linear(inF, h), st.act === 'relu' ? new ReLU() : st.act === 'sigmoid' ? new Sigmoid() : new Tanh());
      inF = h;
    }
    mods.push(new Linear(inF, 2));
    model = new Sequential(...mods);
    opt = new Adam(model.parameters(), { lr: st.lr });
    perceptron = new Perceptron();
    losses.length = 0; st.step = 0;
    renderLayers(); draw();
  }

  function renderLayers(): void {
    layerBox.replaceChildren(el('span', {}, 'hidden layers: '));
    st.layers.forEach((n, i) => {
      const inp = el('input', { type: 'number', min: '1', max: String(MAX_NEURONS), value: String(n), style: 'width:3.5em', 'data-testid': `layer-${i}` });
      inp.addEventListener('change', () => {
        const [v, clamped] = clampNote(Math.round(Number(inp.value)), 1, MAX_NEURONS);
        if (clamped) warn(`A layer holds 1 to ${MAX_NEURONS} neurons here; set to ${v}.`);
        st.layers[i] = v; inp.value = String(v); build();
      });
      layerBox.append(el('span', {}, inp));
    });
    layerBox.append(button('+ layer', () => {
      if (st.layers.length >= MAX_LAYERS) { warn(`At most ${MAX_LAYERS} hidden layers in the playground.`); return; }
      warn(null); st.layers.push(4); build();
    }, '', 'add-layer'), button('− layer', () => { if (st.layers.length) { st.layers.pop(); build(); } }, '', 'remove-layer'));
  }

  function accuracyAndLoss(): [number, number] {
    if (st.mode === 'perceptron') {
      const x = ds.x.data as Float32Array, y = ds.y.data as Int32Array;
      let ok = 0;
      for (let i = 0; i < y.length; i++) if (perceptron.prob(x[2 * i], x[2 * i + 1]) === y[i]) ok++;
      return [ok / y.length, 1 - ok / y.length];
    }
    return noGrad(() => {
      const logits = model.forward(ds.x);
      const acc = logits.argmax(1).eq(ds.y).float().mean().item();
      return [acc, crossEntropy(logits, ds.y).item()];
    });
  }

  function draw(): void {
    const g = boundary.getContext('2d')!;
    const N = 60, px = boundary.width / N;
    const grid = new Float32Array(N * N * 2);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) { grid[(i * N + j) * 2] = -1.5 + (3 * (j + 0.5)) / N; grid[(i * N + j) * 2 + 1] = 1.5 - (3 * (i + 0.5)) / N; }
    let probs: ArrayLike<number>;
    if (st.mode === 'perceptron') probs = Array.from({ length: N * N }, (_, k) => perceptron.prob(grid[2 * k], grid[2 * k + 1]));
    else probs = noGrad(() => model.forward(new Tensor(grid, [N * N, 2])).softmax(1).select(1, 1)).data;
    for (let k = 0; k < N * N; k++) {
      const p = probs[k];
      g.fillStyle = `rgb(${Math.round(255 - 90 * p)},${Math.round(200 + 20 * Math.abs(p - 0.5))},${Math.round(165 + 90 * p)})`;
      g.fillRect((k % N) * px, Math.floor(k / N) * px, px + 1, px + 1);
    }
    const x = ds.x.data, y = ds.y.data;
    for (let i = 0; i < y.length; i++) {
      g.fillStyle = y[i] ? '#1f4fbf' : '#c0392b';
      g.beginPath(); g.arc(((x[2 * i] + 1.5) / 3) * boundary.width, ((1.5 - x[2 * i + 1]) / 3) * boundary.height, 3, 0, 2 * Math.PI); g.fill();
    }
    const [acc, loss] = accuracyAndLoss();
    status.textContent = `step ${st.step} · loss ${loss.toFixed(4)} · accuracy ${(100 * acc).toFixed(1)}%`;
    status.dataset.loss = String(loss); status.dataset.accuracy = String(acc); status.dataset.step = String(st.step);
    plotLine(lossCanvas, [{ ys: losses, color: '#3a7bd5' }], { yMin: 0, label: st.mode === 'perceptron' ? 'error rate' : 'loss' });
  }

  function trainSlice(): void {
    // A few steps per frame keeps the page responsive while it learns.
    for (let k = 0; k < 10; k++) {
      if (st.mode === 'perceptron') perceptron.epoch(ds.x.data as Float32Array, ds.y.data as Int32Array);
      else { opt.zeroGrad(); const l = crossEntropy(model.forward(ds.x), ds.y); l.backward(); opt.step(); }
      st.step++;
    }
    losses.push(accuracyAndLoss()[1]);
    draw();
  }

  let raf = 0;
  const loop = () => { if (!st.running) return; trainSlice(); raf = requestAnimationFrame(loop); };
  const trainBtn = button('Train', () => {
    st.running = !st.running; trainBtn.textContent = st.running ? 'Pause' : 'Train';
    if (st.running) loop();
  }, 'primary', 'train');

  const controls = el('div', { class: 'panel controls' },
    el('h2', {}, 'Network playground'),
    select('data', ['xor', 'spirals', 'moons', 'circles'], st.data, (v) => { st.data = v; ds = dataset(v, 0); build(); }, 'dataset'),
    select('mode', ['mlp', 'perceptron'], st.mode, (v) => { st.mode = v; build(); }, 'mode'),
    select('activation', ['tanh', 'relu', 'sigmoid'], st.act, (v) => { st.act = v as Act; build(); }, 'activation'),
    slider('learning rate', 0.001, 0.3, 0.001, st.lr, (v) => {
      const [c, clamped] = clampNote(v, 0.001, 0.3); st.lr = c;
      warn(clamped ? 'learning rate clamped to [0.001, 0.3]' : null);
      for (const g of opt.paramGroups) g.lr = c;
    }, 'lr'),
    layerBox, note, trainBtn, button('Reset', () => { st.running = false; trainBtn.textContent = 'Train'; build(); }, '', 'reset'), status,
    el('p', { class: 'muted' }, 'Perceptron mode uses Rosenblatt’s rule: it draws one straight line, so it can never separate XOR.'));
  root.append(el('div', { class: 'row' }, controls, el('div', { class: 'panel' }, boundary, el('br'), lossCanvas)));
  build();
  return () => { st.running = false; cancelAnimationFrame(raf); };
}

import { NeuronLayer } from '../../../src/neuro/neurons/layer.js';
import { lif, LIF_DEFAULTS } from '../../../src/neuro/neurons/lif.js';
import { izhikevich, izhikevichParams, IZHIKEVICH_TYPES, izhikevichStep, type IzhikevichType } from '../../../src/neuro/neurons/izhikevich.js';
import { hodgkinHuxley } from '../../../src/neuro/neurons/hodgkin-huxley.js';
import { stdpWindow, STDP_DEFAULTS } from '../../../src/neuro/plasticity/stdp.js';
import { Generator } from '../../../src/core/random.js';
import { el, slider, select, button, plotLine } from '../ui.js';

type ModelName = 'LIF' | 'Izhikevich' | 'Hodgkin-Huxley';

export function mount(root: HTMLElement): () => void {
  const st = { model: 'Izhikevich' as ModelName, type: 'RS' as IzhikevichType, current: 10, tauM: 20, vThresh: -50, vReset: -65, duration: 300 };
  const note = el('div', { class: 'note', hidden: '' });
  const trace = el('canvas', { width: '560', height: '200', 'data-testid': 'trace' });
  const status = el('div', { class: 'status', 'data-testid': 'neuron-status' });
  const typeBox = el('span');
  const lifBox = el('div');

  function simulate(): void {
    // Units: LIF input is R·I in mV; Izhikevich and HH take current (the papers' units, µA/cm² for HH).
    const dt = st.model === 'Izhikevich' ? 0.5 : st.model === 'LIF' ? 0.1 : 0.01;
    const steps = Math.round(st.duration / dt);
    const stim = (t: number) => (t >= 20 ? st.current : 0);
    let layer: NeuronLayer<object, never>;
    if (st.model === 'LIF') {
      let { vThresh, vReset } = st;
      if (vReset >= vThresh) { vReset = vThresh - 1; note.textContent = `reset must lie below threshold: using reset ${vReset} mV`; note.hidden = false; }
      else note.hidden = true;
      layer = new NeuronLayer(lif, 1, { ...LIF_DEFAULTS, tauM: st.tauM, vThresh, vReset }, dt) as never;
    } else if (st.model === 'Izhikevich') { note.hidden = true; layer = new NeuronLayer(izhikevich, 1, izhikevichParams(st.type), dt) as never; }
    else { note.hidden = true; layer = new NeuronLayer(hodgkinHuxley, 1, {}, dt) as never; }
    const every = Math.max(1, Math.floor(steps / 1000));
    const vs: number[] = [];
    let spikes = 0;
    for (let k = 0; k < steps; k++) {
      const s = layer.step(stim(k * dt));
      if (s[0]) spikes++;
      if (k % every === 0) vs.push(layer.v[0]);
    }
    plotLine(trace, [{ ys: vs, color: '#c0392b' }], { label: `v (mV) over ${st.duration} ms` });
    status.textContent = `${spikes} spikes in ${st.duration} ms (${((1000 * spikes) / st.duration).toFixed(1)} Hz)`;
    status.dataset.spikes = String(spikes);
  }

  function renderModelControls(): void {
    typeBox.replaceChildren();
    lifBox.replaceChildren();
    if (st.model === 'Izhikevich') typeBox.append(select('type', Object.keys(IZHIKEVICH_TYPES), st.type, (v) => { st.type = v as IzhikevichType; simulate(); }, 'izh-type'));
    if (st.model === 'LIF') {
      lifBox.append(
        slider('τm (ms)', 2, 100, 1, st.tauM, (v) => { st.tauM = v; simulate(); }),
        slider('threshold (mV)', -60, -40, 1, st.vThresh, (v) => { st.vThresh = v; simulate(); }, 'lif-thresh'),
        slider('reset (mV)', -80, -45, 1, st.vReset, (v) => { st.vReset = v; simulate(); }, 'lif-reset'));
    }
  }

  const controls = el('div', { class: 'panel controls' },
    el('h2', {}, 'Neuron lab'),
    select('model', ['LIF', 'Izhikevich', 'Hodgkin-Huxley'], st.model, (v) => {
      st.model = v as ModelName;
      st.current = v === 'LIF' ? 20 : 10;
      renderModelControls(); simulate();
    }, 'model'),
    typeBox,
    slider('input current', -5, 40, 0.5, st.current, (v) => { st.current = v; simulate(); }, 'current'),
    lifBox, note, status,
    el('p', { class: 'muted' }, 'Input switches on at 20 ms. Izhikevich and LIF inputs are in the papers’ units (mV for LIF’s R·I); Hodgkin–Huxley in µA/cm² (repetitive firing starts near 6.3).'));

  // STDP window (Bi & Poo 1998 as in Song et al. 2000).
  const stdp = el('canvas', { width: '300', height: '160', 'data-testid': 'stdp' });
  const dts = Array.from({ length: 201 }, (_, i) => i - 100);
  plotLine(stdp, [{ ys: dts.map((d) => stdpWindow(STDP_DEFAULTS, d)), color: '#3a7bd5' }], { label: 'Δw vs t_post − t_pre (−100..100 ms)' });

  // A live random network (Izhikevich 2003): 80 regular-spiking excitatory, 20 fast-spiking inhibitory cells.
  const N = 100, NE = 80;
  const gen = new Generator(3);
  const W = new Float64Array(N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) W[i * N + j] = j < NE ? 0.5 * gen.uniform() : -gen.uniform();
  const pE = izhikevichParams('RS'), pI = izhikevichParams('FS');
  const exc = izhikevich.init(NE, pE), inh = izhikevich.init(N - NE, pI);
  const sE = new Uint8Array(NE), sI = new Uint8Array(N - NE);
  const raster = el('canvas', { width: '560', height: '200', 'data-testid': 'raster' });
  const rg = raster.getContext('2d')!;
  let col = 0, running = false, raf = 0;
  const fired = new Uint8Array(N);
  function tick(): void {
    for (let k = 0; k < 4; k++) {
      const I = new Float64Array(N);
      for (let i = 0; i < N; i++) {
        let s = (i < NE ? 5 : 2) * gen.normal();
        for (let j = 0; j < N; j++) if (fired[j]) s += W[i * N + j];
        I[i] = s;
      }
      izhikevichStep(pE, exc, I.subarray(0, NE), 1, sE);
      izhikevichStep(pI, inh, I.subarray(NE), 1, sI);
      fired.set(sE); fired.set(sI, NE);
      rg.fillStyle = '#fff'; rg.fillRect(col, 0, 1, raster.height);
      for (let i = 0; i < N; i++) if (fired[i]) { rg.fillStyle = i < NE ? '#222' : '#c0392b'; rg.fillRect(col, i * 2, 1, 2); }
      col = (col + 1) % raster.width;
      rg.fillStyle = '#3a7bd5'; rg.fillRect(col, 0, 1, raster.height);
    }
    if (running) raf = requestAnimationFrame(tick);
  }
  const netBtn = button('Run network', () => { running = !running; netBtn.textContent = running ? 'Pause network' : 'Run network'; if (running) tick(); }, 'primary', 'run-network');

  root.append(el('div', { class: 'row' }, controls,
    el('div', { class: 'panel' }, el('h3', {}, 'Membrane potential'), trace, el('h3', {}, 'STDP window'), stdp)),
  el('div', { class: 'panel', style: 'margin-top:1em' }, el('h3', {}, 'A spiking network (Izhikevich 2003): excitatory black, inhibitory red'), netBtn, el('br'), raster));
  renderModelControls();
  simulate();
  return () => { running = false; cancelAnimationFrame(raf); };
}

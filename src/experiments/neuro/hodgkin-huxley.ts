import type { Experiment } from '../types.js';
import { NeuronLayer } from '../../neuro/neurons/layer.js';
import { hodgkinHuxley, type HodgkinHuxleyParams } from '../../neuro/neurons/hodgkin-huxley.js';
import { traceFigure } from './figures.js';
import { breathe } from '../common/breathe.js';

type Config = { method: string; dt: number; duration: number; iMax: number; iStep: number };

export interface FiPoint { current: number; rate: number; peak: number }

/**
 * Steady firing rate (Hz, from the second half of the run) and spike peak (mV) of one HH neuron
 * under a constant current density (µA/cm²), starting at rest.
 */
export function hhResponse(current: number, method: HodgkinHuxleyParams['method'], dt: number, duration: number): FiPoint & { trace: Float64Array } {
  const layer = new NeuronLayer(hodgkinHuxley, 1, { method }, dt);
  const steps = Math.round(duration / dt), half = Math.floor(steps / 2);
  let late = 0, peak = -Infinity;
  const trace = new Float64Array(Math.min(steps, Math.round(100 / dt)));
  for (let k = 0; k < steps; k++) {
    const s = layer.step(current)[0];
    if (k < trace.length) trace[k] = layer.v[0];
    if (k >= half) { late += s; peak = Math.max(peak, layer.v[0]); }
  }
  return { current, rate: (late * 1000) / ((steps - half) * dt), peak, trace };
}

/** f–I curve over currents 0..iMax and the onset of repetitive firing (class 2: a jump from 0 to a finite rate). */
export function fiCurve(cfg: Config): { points: FiPoint[]; onset: number; onsetRate: number } {
  const points: FiPoint[] = [];
  for (let i = 0; i <= cfg.iMax + 1e-9; i += cfg.iStep) points.push(hhResponse(+i.toFixed(4), cfg.method as HodgkinHuxleyParams['method'], cfg.dt, cfg.duration));
  const first = points.find((p) => p.rate > 0);
  return { points, onset: first?.current ?? NaN, onsetRate: first?.rate ?? 0 };
}

export const hodgkinHuxleyExperiment: Experiment<Config> = {
  name: 'hodgkin-huxley',
  title: 'Hodgkin–Huxley: f–I curve and spike shape',
  chapter: 'neuron',
  description: 'The squid-axon model (Hodgkin & Huxley 1952) under constant current: resting potential, the onset of repetitive firing near 6.3 µA/cm² with a jump to about 50 Hz (class-2 excitability), and the spike peak.',
  defaults: { method: 'rk4', dt: 0.025, duration: 1000, iMax: 20, iStep: 0.1 },
  // The guided tour runs the full default size: it takes seconds.
  tour: {},
  smoke: { duration: 400, iStep: 0.5 },
  help: { method: "'euler', 'rk4' or 'expEuler'", dt: 'time step, ms', duration: 'ms per current', iMax: 'largest current, µA/cm²', iStep: 'current step, µA/cm²' },
  async run(ctx) {
    const cfg = ctx.config;
    const bar = ctx.progress('f–I curve', Math.round(cfg.iMax / cfg.iStep) + 1, 'currents');
    const points: FiPoint[] = [];
    for (let i = 0; i <= cfg.iMax + 1e-9; i += cfg.iStep) {
      await breathe(0);
      if (ctx.signal.aborted) break;
      const r = hhResponse(+i.toFixed(4), cfg.method as HodgkinHuxleyParams['method'], cfg.dt, cfg.duration);
      points.push(r); bar.tick(1, { I: r.current, Hz: r.rate.toFixed(1) });
    }
    bar.done();
    const first = points.find((p) => p.rate > 0);
    const rest = hhResponse(0, cfg.method as HodgkinHuxleyParams['method'], cfg.dt, 200);
    const at10 = hhResponse(10, cfg.method as HodgkinHuxleyParams['method'], cfg.dt, cfg.duration);
    const onset = first?.current ?? NaN;
    return {
      metrics: { restingPotentialMv: rest.trace[rest.trace.length - 1], onsetCurrent: onset, onsetRateHz: first?.rate ?? 0, rateAt10Hz: at10.rate, spikePeakMv: at10.peak },
      figures: [
        { kind: 'line', title: 'f–I curve (steady rate)', xLabel: 'I (µA/cm²)', yLabel: 'rate (Hz)', series: [{ name: cfg.method, x: points.map((p) => p.current), y: points.map((p) => p.rate) }] },
        traceFigure([{ name: 'I = 10 µA/cm²', v: at10.trace }], cfg.dt, 'Membrane potential, first 100 ms at I = 10 µA/cm²'),
      ],
      references: [
        { metric: 'onset of repetitive firing (µA/cm²)', measured: onset, published: 'about 6.3', source: 'REFERENCES.md (Hodgkin–Huxley)', reached: Math.abs(onset - 6.3) <= 0.3 },
        { metric: 'rate at onset (Hz)', measured: first?.rate ?? 0, published: 'jumps to about 50 Hz (class 2)', source: 'REFERENCES.md', reached: (first?.rate ?? 0) > 35 },
        { metric: 'spike peak (mV)', measured: at10.peak, published: '+30 to +40', source: 'REFERENCES.md', reached: at10.peak >= 28 && at10.peak <= 45 },
      ],
    };
  },
};

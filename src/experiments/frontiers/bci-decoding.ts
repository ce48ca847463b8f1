import * as bci from '../../bci/index.js';
import { Generator, manualSeed } from '../../core/random.js';
import * as optim from '../../optim/index.js';
import type { Experiment, Figure } from '../types.js';
import { runCheckpoint, trainLoop } from '../common/train-loop.js';
import { average, modelCard } from './model-card.js';

const METRIC_KEYS: Record<string, string> = { 'population vector': 'populationVector', 'Wiener filter': 'wiener', 'Kalman filter': 'kalman', GRU: 'gru', LSTM: 'lstm' };

type Config = { neurons: number; reaches: number; kind: string; binSize: number; lags: number; ridge: number; cursorTrials: number; targetRadius: number; holdTime: number; rnnEpochs: number; rnnHidden: number; rnnWindow: number };

/**
 * Decodes hand velocity from a simulated motor-cortex population with the classic decoders and
 * drives a cursor with each in closed loop.
 */
export const bciDecoding: Experiment<Config> = {
  name: 'bci-decoding',
  title: 'Decoding reaches from motor cortex',
  chapter: 'rnn',
  description: 'Population vector, Wiener filter and Kalman filter decoders on a synthetic cosine-tuned Poisson population with known ground truth: held-out velocity R², decoded trajectories and closed-loop cursor success; the ordering is compared with Glaser et al. (Kalman 0.68, Wiener 0.72, LSTM 0.85 R² on real data).',
  defaults: { neurons: 40, reaches: 300, kind: 'random', binSize: 0.05, lags: 5, ridge: 1, cursorTrials: 40, targetRadius: 0.75, holdTime: 0.5, rnnEpochs: 15, rnnHidden: 32, rnnWindow: 8 },
  smoke: { neurons: 20, reaches: 40, cursorTrials: 8, rnnEpochs: 1, rnnHidden: 8 },
  help: { neurons: 'recorded neurons', reaches: 'simulated reaches (60/20/20% train/validation/test by trial)', kind: "'random' or 'center-out' targets",
    binSize: 'bin width, s', lags: 'Wiener filter history, bins', ridge: 'Wiener ridge penalty', cursorTrials: 'closed-loop centre-out trials per decoder',
    targetRadius: 'closed-loop acceptance radius, cm', holdTime: 'closed-loop hold time inside the target, s',
    rnnEpochs: 'GRU/LSTM training epochs', rnnHidden: 'GRU/LSTM hidden units', rnnWindow: 'bins of history the GRU/LSTM reads' },
  async run(ctx) {
    const c = ctx.config;
    if (c.kind !== 'random' && c.kind !== 'center-out') throw new Error(`bci-decoding: --kind must be 'random' or 'center-out', got '${c.kind}'`);
    const rec = bci.simulateRecording(ctx.generator, { reach: { kind: c.kind, numReaches: c.reaches }, population: { numNeurons: c.neurons } });
    const data = bci.binRecording(rec, c.binSize);
    const { train, validation, test } = bci.splitByTrial(data, { train: 0.6, validation: 0.2 });
    ctx.log(`${c.neurons} neurons, ${data.trial.length} bins of ${c.binSize * 1000} ms; train ${train.trial.length}, validation ${validation.trial.length}, test ${test.trial.length}`);

    // The ridge penalty is chosen on the validation set from a small grid around the given value.
    let bestRidge = c.ridge, bestVal = -Infinity;
    for (const lam of [c.ridge / 10, c.ridge, c.ridge * 10, c.ridge * 100]) {
      const v = average(bci.r2Score(new bci.WienerDecoder({ lags: c.lags, ridge: lam }).fit(train).predict(validation.spikes), validation.velocity));
      if (v > bestVal) { bestVal = v; bestRidge = lam; }
    }
    manualSeed(ctx.seed);
    // Recurrent decoders train through the shared loop (Ctrl-C, checkpoints); their data order comes from these generators.
    const orders = new Map<bci.VelocityDecoder, Generator>();
    const recurrent = (cell: 'gru' | 'lstm') => {
      const order = ctx.generator.fork();
      const dec = new bci.RecurrentDecoder({ cell, hidden: c.rnnHidden, window: c.rnnWindow, epochs: c.rnnEpochs, generator: order });
      orders.set(dec, order);
      return dec;
    };
    const decoders: bci.VelocityDecoder[] = [new bci.PopulationVectorDecoder(), new bci.WienerDecoder({ lags: c.lags, ridge: bestRidge }), new bci.KalmanDecoder(), recurrent('gru'), recurrent('lstm')];
    const rows: { name: string; r2x: number; r2y: number; rho: number; success: number; acquire: number; seconds: number }[] = [];
    const window = Math.min(200, test.trial.length);
    const traces: Figure = { kind: 'line', title: 'Decoded x-velocity on held-out reaches', xLabel: 'time (s)', yLabel: 'vx (cm/s)',
      series: [{ name: 'true', x: Array.from({ length: window }, (_, t) => t * c.binSize), y: Array.from(test.velocity.data.filter((_, i) => i % 2 === 0).slice(0, window)) }] };
    const paths: Figure[] = [];
    const bar = ctx.progress('decoders', decoders.length, 'decoders');
    for (const dec of decoders) {
      const t0 = performance.now();
      if (dec instanceof bci.RecurrentDecoder) {
        const plan = dec.prepareFit(train), cell = dec.opts.cell;
        await trainLoop(ctx, { label: dec.name, size: plan.size, epochs: dec.opts.epochs, batchSize: dec.opts.batchSize, model: plan.net,
          optimizer: new optim.Adam(plan.net.parameters(), { lr: plan.lr }), generator: orders.get(dec), checkpoint: runCheckpoint(ctx, dec.name),
          metricName: `${cell}/loss`, loss: plan.loss, afterEpoch: (e, st) => { ctx.metric(`${cell}TrainLoss`, st.trainLoss, e); } });
        plan.finish();
      } else dec.fit(train);
      const pred = dec.predict(test.spikes);
      const seconds = (performance.now() - t0) / 1000;
      const [r2x, r2y] = bci.r2Score(pred, test.velocity);
      const rho = average(bci.pearson(pred, test.velocity));
      // Every decoder meets the same seed so their closed-loop runs differ only by the decoder.
      const loop = bci.runCursorTask(new Generator(ctx.seed + 7), rec.population, dec.stream(), { trials: c.cursorTrials, binSize: c.binSize, targetRadius: c.targetRadius, holdTime: c.holdTime, timeout: 3 });
      rows.push({ name: dec.name, r2x, r2y, rho, success: loop.successRate, acquire: loop.meanAcquireTime, seconds });
      traces.series.push({ name: dec.name, x: traces.series[0].x, y: Array.from(pred.data.filter((_, i) => i % 2 === 0).slice(0, window)) });
      paths.push({ kind: 'scatter', title: `Closed-loop cursor paths: ${dec.name} (${(loop.successRate * 100).toFixed(0)}% success)`, xLabel: 'x (cm)', yLabel: 'y (cm)',
        points: loop.paths.slice(0, 8).flatMap((p, k) => p.map(([x, y]) => ({ x, y, group: k }))) });
      ctx.metric(`r2/${dec.name}`, (r2x + r2y) / 2);
      bar.tick(1, { decoder: dec.name });
    }
    bar.done();
    const r2 = (n: string) => { const r = rows.find((x) => x.name === n)!; return (r.r2x + r.r2y) / 2; };
    const pv = r2('population vector'), wf = r2('Wiener filter'), kf = r2('Kalman filter'), gru = r2('GRU'), lstm = r2('LSTM');
    const rnnBest = Math.max(gru, lstm), linBest = Math.max(wf, kf);
    const metrics: Record<string, number | string | boolean> = { bins: data.trial.length, wienerRidge: bestRidge };
    for (const r of rows) {
      const key = METRIC_KEYS[r.name] ?? r.name;
      metrics[`${key}R2`] = (r.r2x + r.r2y) / 2;
      metrics[`${key}Correlation`] = r.rho;
      metrics[`${key}CursorSuccess`] = r.success;
      metrics[`${key}AcquireSeconds`] = Number.isFinite(r.acquire) ? r.acquire : 'none acquired';
    }
    const ordering = `GRU ${gru.toFixed(3)}, LSTM ${lstm.toFixed(3)}, Wiener ${wf.toFixed(3)}, Kalman ${kf.toFixed(3)}, population vector ${pv.toFixed(3)}`;
    const holds = rnnBest >= linBest && Math.min(wf, kf) >= pv;
    return {
      metrics,
      figures: [
        { kind: 'bar', title: 'Held-out velocity R² (mean of x and y)', labels: rows.map((r) => r.name), values: rows.map((r) => (r.r2x + r.r2y) / 2), yLabel: 'R²' },
        traces,
        { kind: 'bar', title: 'Closed-loop cursor success rate', labels: rows.map((r) => r.name), values: rows.map((r) => r.success), yLabel: 'fraction of targets acquired' },
        ...paths,
      ],
      references: [
        { metric: 'Wiener filter velocity R²', measured: wf, published: '0.72 (real recordings)', source: 'Glaser et al., Neural_Decoding (REFERENCES.md)' },
        { metric: 'Kalman filter velocity R²', measured: kf, published: '0.68 (real recordings)', source: 'Glaser et al., Neural_Decoding (REFERENCES.md)' },
        { metric: 'LSTM velocity R²', measured: lstm, published: '0.85 (real recordings)', source: 'Glaser et al., Neural_Decoding (REFERENCES.md)' },
        { metric: 'decoder ordering', measured: ordering, published: 'recurrent ≥ Kalman/Wiener ≥ population vector', source: 'Glaser et al. 2020', reached: holds },
      ],
      notes: [
        ...rows.map((r) => `${r.name}: R² x ${r.r2x.toFixed(3)}, y ${r.r2y.toFixed(3)}, correlation ${r.rho.toFixed(3)}, cursor success ${(r.success * 100).toFixed(0)}% (mean acquire ${Number.isFinite(r.acquire) ? r.acquire.toFixed(2) + ' s' : 'n/a'}), fit+decode ${r.seconds.toFixed(2)} s`),
        'The population vector reads each neuron\'s fitted preferred direction but ignores baseline asymmetries, rectification and the spread of lags, so its direction is right (correlation) while its magnitude is biased (lower R²). The Wiener filter uses 5 bins of history per neuron and so absorbs the lags; the Kalman filter adds a smooth movement prior and matches it.',
        holds
          ? `The expected ordering holds: best recurrent ${rnnBest.toFixed(3)} ≥ best linear ${linBest.toFixed(3)} ≥ population vector ${pv.toFixed(3)}. The recurrent margin is small because this generator's tuning is rectified-linear in velocity with Poisson noise, where a linear decoder over lagged bins is already close to optimal; the large recurrent advantage on real data (Glaser et al.: LSTM 0.85 vs Wiener 0.72) comes from nonlinear, history-dependent tuning that the simulation does not include.`
          : `The expected ordering does not fully hold here (${ordering}). On this generator the tuning is rectified-linear in velocity with Poisson noise, so a linear decoder over lagged bins is already close to optimal and a recurrent network trained for ${c.rnnEpochs} epochs on ${train.trial.length} bins has nothing nonlinear to gain and more parameters to fit; the recurrent advantage on real data (Glaser et al.: LSTM 0.85 vs Wiener 0.72) comes from nonlinear, history-dependent tuning that the simulation does not include.`,
        ...modelCard({
          model: `velocity decoders: population vector, ridge Wiener filter over ${c.lags} lagged bins, Kalman filter with position/velocity/acceleration state, GRU and LSTM (${c.rnnHidden} units, ${c.rnnWindow}-bin window)`,
          data: `synthetic: ${c.neurons} cosine-tuned Poisson neurons (baseline 5–25 Hz, depth 5–25 Hz at 20 cm/s, lead 0–150 ms), ${c.reaches} ${c.kind} minimum-jerk reaches, ${c.binSize * 1000} ms bins; split by trial 60/20/20`,
          intendedUse: 'teaching and comparing decoding methods against a known ground truth; not for clinical BCI calibration',
          metrics: 'held-out R² per velocity component, Pearson correlation, closed-loop centre-out success rate and time to acquire (10 cm targets, acceptance radius and hold as configured, 3 s timeout)',
          limitations: 'no non-stationarity, no neuron loss, purely velocity-tuned cells, an idealised user intention model (straight to the target) in closed loop; numbers are not comparable in absolute terms with real recordings',
        }),
      ],
    };
  },
};

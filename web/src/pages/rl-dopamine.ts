import { TdConditioningModel } from '../../../src/rl/dopamine/td-conditioning.js';
import { el, button, plotLine } from '../ui.js';

/** Learning trials between the "before" and "after" panels (Schultz, Dayan & Montague 1997, Fig. 1). */
const TRAIN_TRIALS = 300;
/** Animation pace: frames per revealed time step, and learning trials per frame. */
const FRAMES_PER_STEP = 2, TRIALS_PER_FRAME = 6;

/** δ(t) as bars on a fixed −1..1 axis, with the cue and reward times marked; only the first `upto` steps are drawn. */
function drawDelta(c: HTMLCanvasElement, delta: ArrayLike<number>, upto: number, title: string, cue: number, reward: number, rewardGiven: boolean): void {
  const g = c.getContext('2d')!, W = c.width, H = c.height, T = delta.length, pad = 8, mid = H / 2 + 6, amp = H / 2 - 18;
  const xOf = (t: number) => pad + ((t + 0.5) / T) * (W - 2 * pad);
  g.clearRect(0, 0, W, H);
  g.strokeStyle = '#bbb'; g.lineWidth = 1; g.beginPath(); g.moveTo(pad, mid); g.lineTo(W - pad, mid); g.stroke();
  g.setLineDash([3, 3]);
  for (const [t, color] of [[cue, '#3a7bd5'], [reward, rewardGiven ? '#2e7d32' : '#aaa']] as const) {
    g.strokeStyle = color; g.beginPath(); g.moveTo(xOf(t), 18); g.lineTo(xOf(t), H - 2); g.stroke();
  }
  g.setLineDash([]);
  const bw = Math.max(2, (W - 2 * pad) / T - 2);
  for (let t = 0; t < Math.min(upto, T); t++) {
    const d = Math.max(-1, Math.min(1, delta[t]));
    g.fillStyle = d >= 0 ? '#c0392b' : '#1f4e99';
    g.fillRect(xOf(t) - bw / 2, d >= 0 ? mid - d * amp : mid, bw, Math.abs(d) * amp);
  }
  g.fillStyle = '#333'; g.font = '12px system-ui'; g.fillText(title, pad, 13);
  g.fillStyle = '#3a7bd5'; g.fillText('cue', xOf(cue) + 3, H - 4);
  g.fillStyle = rewardGiven ? '#2e7d32' : '#888'; g.fillText(rewardGiven ? 'reward' : 'no reward', xOf(reward) + 3, H - 4);
}

/**
 * The dopamine reward-prediction-error demo: a TD model of classical conditioning (Montague, Dayan &
 * Sejnowski 1996) plays a first trial, learns for 300 trials, then plays a rewarded trial and an
 * omission probe. δ(t) moves from the reward to the cue and dips when the reward is withheld.
 * @example document.body.append(mountDopamine().element);
 */
export function mountDopamine(): { element: HTMLElement; dispose: () => void } {
  let frame = 0, disposed = false;
  const canvas = () => el('canvas', { width: '215', height: '150' });
  const before = canvas(), learning = canvas(), after = canvas(), omitted = canvas();
  before.dataset.testid = 'da-before'; after.dataset.testid = 'da-after'; omitted.dataset.testid = 'da-omitted';
  const transfer = el('canvas', { width: '215', height: '150', 'data-testid': 'da-transfer' });
  const status = el('div', { class: 'status', 'data-testid': 'dopamine-status', 'data-phase': 'idle' }, 'Press Play.');

  function play(): void {
    if (frame) cancelAnimationFrame(frame);
    const m = new TdConditioningModel();
    const { cueTime: cue, rewardTime: reward, trialLength: T } = m.opts;
    const cueD: number[] = [], rewD: number[] = [];
    // Each phase is a generator of animation frames; a frame draws and yields.
    function* reveal(c: HTMLCanvasElement, delta: Float64Array, title: string, given: boolean) {
      for (let t = 1; t <= T; t++) for (let f = 0; f < FRAMES_PER_STEP; f++) { drawDelta(c, delta, t, title, cue, reward, given); yield; }
    }
    function* script() {
      status.dataset.phase = 'before'; status.textContent = 'Trial 1: the reward is a surprise.';
      const b = m.trial({ learn: false });
      status.dataset.cueBefore = b.delta[cue].toFixed(4); status.dataset.rewardBefore = b.delta[reward].toFixed(4);
      yield* reveal(before, b.delta, 'before learning', true);
      status.dataset.phase = 'learning';
      for (let k = 0; k < TRAIN_TRIALS; k += TRIALS_PER_FRAME) {
        let tr = m.trial();
        cueD.push(tr.delta[cue]); rewD.push(tr.delta[reward]);
        for (let j = 1; j < TRIALS_PER_FRAME && k + j < TRAIN_TRIALS; j++) { tr = m.trial(); cueD.push(tr.delta[cue]); rewD.push(tr.delta[reward]); }
        drawDelta(learning, tr.delta, T, `learning: trial ${cueD.length}`, cue, reward, true);
        plotLine(transfer, [{ ys: cueD, color: '#3a7bd5' }, { ys: rewD, color: '#2e7d32' }], { yMin: -0.2, yMax: 1.1, label: 'δ at cue (blue), at reward (green)' });
        status.textContent = `Learning: trial ${cueD.length} of ${TRAIN_TRIALS}.`;
        yield;
      }
      status.dataset.phase = 'after'; status.textContent = 'After learning: the cue predicts the reward.';
      const a = m.trial({ learn: false });
      status.dataset.cueAfter = a.delta[cue].toFixed(4); status.dataset.rewardAfter = a.delta[reward].toFixed(4);
      yield* reveal(after, a.delta, 'after learning', true);
      status.dataset.phase = 'omitted'; status.textContent = 'Reward omitted: a dip where it was expected.';
      const o = m.trial({ reward: false, learn: false });
      status.dataset.omitAtReward = o.delta[reward].toFixed(4);
      yield* reveal(omitted, o.delta, 'reward omitted', false);
      status.textContent = `δ at the cue: ${b.delta[cue].toFixed(2)} before, ${a.delta[cue].toFixed(2)} after learning; `
        + `at the reward: ${b.delta[reward].toFixed(2)} before, ${a.delta[reward].toFixed(2)} after, ${o.delta[reward].toFixed(2)} when omitted.`;
      status.dataset.phase = 'done';
    }
    const it = script();
    const step = () => { frame = 0; if (disposed) return; if (!it.next().done) frame = requestAnimationFrame(step); };
    for (const c of [before, learning, after, omitted, transfer]) c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    step();
  }

  const element = el('div', { class: 'panel', style: 'margin-top: 1.2em' },
    el('h2', {}, 'Dopamine as a reward prediction error'),
    el('p', { class: 'muted' }, `A cue at step 5 predicts a reward at step 15. The temporal-difference error δ(t) = r(t) + γV(t) − V(t−1) of a TD model (Montague, Dayan & Sejnowski 1996; Schultz, Dayan & Montague 1997) behaves like the firing of midbrain dopamine neurons: at first it bursts at the reward; after ${TRAIN_TRIALS} trials it bursts at the cue instead, and it dips below baseline when the expected reward does not come.`),
    button('Play', play, 'primary', 'dopamine-play'), status,
    el('div', { class: 'row' }, before, learning, after, omitted, transfer));
  return { element, dispose: () => { disposed = true; if (frame) cancelAnimationFrame(frame); } };
}

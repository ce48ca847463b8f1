import { Generator } from '../../../src/core/random.js';
import { CartPole, CARTPOLE } from '../../../src/rl/envs/cartpole.js';
import { TimeLimit } from '../../../src/rl/time-limit.js';
import { DqnAgent } from '../../../src/rl/deep/dqn.js';
import { el, button, select, plotLine } from '../ui.js';
import { mountDopamine } from './rl-dopamine.js';

/**
 * DQN settings for learning inside a page: training every 4th env step (as Mnih et al. 2015 do;
 * CleanRL trains every 10th on CartPole) keeps a 60 fps budget, 1000 random steps seed the replay.
 */
const AGENT = { hidden: [64, 64], lr: 1e-3, batchSize: 64, bufferSize: 20_000, learningStarts: 1000, trainFreq: 4, targetUpdateInterval: 500, epsDecaySteps: 10_000, double: true };
/** Milliseconds of learning per animation frame in fast mode; the rest of the frame stays with the browser. */
const SLICE_MS = 10;

function drawCartPole(c: HTMLCanvasElement, s: readonly number[], caption: string): void {
  // Gymnasium's proportions: the 4.8-unit track spans the canvas width.
  const g = c.getContext('2d')!, W = c.width, H = c.height, scale = W / (2 * CARTPOLE.xThreshold), y = H - 50;
  g.fillStyle = '#fff'; g.fillRect(0, 0, W, H);
  g.strokeStyle = '#000'; g.lineWidth = 1; g.beginPath(); g.moveTo(0, y); g.lineTo(W, y); g.stroke();
  const cx = W / 2 + s[0] * scale, poleLen = scale * 2 * CARTPOLE.length;
  g.fillStyle = '#20232a'; g.fillRect(cx - 25, y - 25, 50, 30);
  g.strokeStyle = '#ca9865'; g.lineWidth = 10; g.lineCap = 'round';
  g.beginPath(); g.moveTo(cx, y - 10); g.lineTo(cx + poleLen * Math.sin(s[2]), y - 10 - poleLen * Math.cos(s[2])); g.stroke();
  g.fillStyle = '#8184cb'; g.beginPath(); g.arc(cx, y - 10, 5, 0, 2 * Math.PI); g.fill();
  g.fillStyle = '#555'; g.font = '13px system-ui'; g.fillText(caption, 8, 18);
}

/** The RL lab: CartPole animated while a DQN learns in small slices per frame, and the dopamine RPE demo. */
export function mount(root: HTMLElement): () => void {
  const seed = 0;
  const cart = new CartPole();
  const env = new TimeLimit(cart, 500);
  let agent = new DqnAgent(4, 2, AGENT, new Generator(seed));
  let obs = env.reset({ seed }).obs;
  let ret = 0, episodes = 0, running = false, frame = 0, disposed = false, mode = 'fast';
  const returns: number[] = [], avg: number[] = [];

  const view = el('canvas', { width: '480', height: '200', 'data-testid': 'cartpole' });
  const curve = el('canvas', { width: '480', height: '200', 'data-testid': 'curve' });
  const status = el('div', { class: 'status', 'data-testid': 'rl-status' });
  const trainBtn = button('Train', () => toggle(), 'primary', 'rl-train');

  function updateStatus(): void {
    const last = returns.length ? returns[returns.length - 1] : NaN;
    status.textContent = `episode ${episodes} · step ${agent.steps} · ε ${agent.epsilon().toFixed(2)} · last return ${Number.isNaN(last) ? '–' : last} · mean of last 20 ${avg.length ? avg[avg.length - 1].toFixed(1) : '–'}`;
    status.dataset.episodes = String(episodes);
    status.dataset.steps = String(agent.steps);
    curve.dataset.points = String(returns.length);
  }
  function drawCurve(): void {
    plotLine(curve, [{ ys: returns, color: '#9db4d8' }, { ys: avg, color: '#1f4e99' }], { yMin: 0, yMax: Math.max(50, ...returns), label: 'episode return (light) and mean of last 20 (dark)' });
  }

  /** One environment step with learning; returns true when an episode ended. */
  function envStep(): boolean {
    const a = agent.act(obs);
    const r = env.step(a);
    agent.observe(obs, a, r.reward, r.obs, r.terminated);
    ret += r.reward; obs = r.obs;
    if (!(r.terminated || r.truncated)) return false;
    episodes++;
    returns.push(ret);
    const tail = returns.slice(-20);
    avg.push(tail.reduce((s, v) => s + v, 0) / tail.length);
    ret = 0;
    obs = env.reset().obs;
    return true;
  }

  function loop(): void {
    frame = 0;
    if (disposed || !running) return;
    let ended = false;
    if (mode === 'real time') ended = envStep();
    else {
      // Small slices keep the page responsive: stop as soon as this frame's budget is spent.
      const t0 = performance.now();
      do ended = envStep() || ended; while (performance.now() - t0 < SLICE_MS);
    }
    drawCartPole(view, cart.state, `episode ${episodes + 1}, step ${ret}`);
    if (ended) drawCurve();
    updateStatus();
    frame = requestAnimationFrame(loop);
  }

  function toggle(): void {
    running = !running;
    trainBtn.textContent = running ? 'Pause' : 'Train';
    if (running && !frame) frame = requestAnimationFrame(loop);
  }
  function reset(): void {
    agent = new DqnAgent(4, 2, AGENT, new Generator(seed));
    obs = env.reset({ seed }).obs;
    ret = 0; episodes = 0; returns.length = 0; avg.length = 0;
    drawCartPole(view, cart.state, 'episode 1, step 0'); drawCurve(); updateStatus();
  }

  const dopamine = mountDopamine();
  root.append(
    el('div', { class: 'row' },
      el('div', { class: 'panel controls', style: 'max-width: 510px' },
        el('h2', {}, 'RL lab: CartPole with a DQN'),
        trainBtn, button('Reset', reset, '', 'rl-reset'),
        select('speed', ['fast', 'real time'], mode, (v) => { mode = v; }, 'rl-speed'),
        status, view,
        el('p', { class: 'muted' }, 'Double DQN (Mnih et al. 2015; van Hasselt et al. 2016) learns to balance the pole by pushing the cart left or right, with Gymnasium CartPole-v1 physics and a 500-step limit. It plays randomly for 1000 steps, then ε decays from 1 to 0.05 over 10,000 steps. "fast" learns for 10 ms of every frame; "real time" takes one 20 ms physics step per frame.')),
      el('div', { class: 'panel', style: 'max-width: 510px' }, el('h3', {}, 'Learning curve'), curve,
        el('p', { class: 'muted' }, 'In fast mode the returns usually climb within the first 10-20 seconds. Expect them to dip and recover at times: DQN on CartPole is known to be unstable, forgetting a good policy once its replay buffer holds mostly long, successful episodes.'))),
    dopamine.element);
  reset();

  return () => { disposed = true; running = false; if (frame) cancelAnimationFrame(frame); dopamine.dispose(); };
}

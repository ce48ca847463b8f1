import { ValueError } from '../../core/errors.js';
import { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Box, Discrete } from '../spaces.js';
import { px, svgDocument } from '../render/svg.js';

/** Gymnasium CartPole-v1 constants (gymnasium/envs/classic_control/cartpole.py). */
export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length. */
  length: 0.5,
  forceMag: 10.0,
  tau: 0.02,
  xThreshold: 2.4,
  /** 12 degrees. */
  thetaThresholdRadians: (12 * 2 * Math.PI) / 360,
} as const;

const FLOAT32_MAX = 3.4028234663852886e38;

/** Cart position, cart velocity, pole angle (rad, 0 upright), pole angular velocity. */
export type CartPoleState = [x: number, xDot: number, theta: number, thetaDot: number];

/**
 * One Euler step of the cart-pole equations (Barto, Sutton & Anderson 1983, as corrected by Florian
 * 2007 and used by Gymnasium): action 1 pushes right with `forceMag`, 0 pushes left.
 *
 * @example
 * cartPoleStep([0, 0, 0, 0], 1); // [0, 0.195..., 0, -0.292...]
 */
export function cartPoleStep(state: Readonly<CartPoleState>, action: number): CartPoleState {
  const { gravity, massCart, massPole, length, forceMag, tau } = CARTPOLE;
  const totalMass = massPole + massCart, poleMassLength = massPole * length;
  const [x, xDot, theta, thetaDot] = state;
  const force = action === 1 ? forceMag : -forceMag;
  const cos = Math.cos(theta), sin = Math.sin(theta);
  const temp = (force + poleMassLength * thetaDot * thetaDot * sin) / totalMass;
  const thetaAcc = (gravity * sin - cos * temp) / (length * (4.0 / 3.0 - (massPole * cos * cos) / totalMass));
  const xAcc = temp - (poleMassLength * thetaAcc * cos) / totalMass;
  // Gymnasium's default "euler" integrator updates positions with the old velocities.
  return [x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc];
}

/** True when the cart left the track or the pole fell past 12°. */
export function cartPoleTerminated(s: Readonly<CartPoleState>): boolean {
  return s[0] < -CARTPOLE.xThreshold || s[0] > CARTPOLE.xThreshold || s[2] < -CARTPOLE.thetaThresholdRadians || s[2] > CARTPOLE.thetaThresholdRadians;
}

/**
 * CartPole (Gymnasium `CartPole-v1` physics): balance a pole on a cart by pushing left (0) or right (1).
 * Reward +1 every step including the terminating one. The state is kept in float64 and observed as
 * float32, as Gymnasium does. `makeEnv('CartPole-v1')` adds the 500-step time limit.
 *
 * @example
 * const env = makeEnv('CartPole-v1');
 * let { obs } = env.reset({ seed: 42 });
 */
export class CartPole extends Env<Float32Array, number> {
  readonly id = 'CartPole-v1';
  readonly actionSpace = new Discrete(2);
  readonly observationSpace = new Box(
    [-CARTPOLE.xThreshold * 2, -FLOAT32_MAX, -CARTPOLE.thetaThresholdRadians * 2, -FLOAT32_MAX],
    [CARTPOLE.xThreshold * 2, FLOAT32_MAX, CARTPOLE.thetaThresholdRadians * 2, FLOAT32_MAX],
  );
  private s: CartPoleState = [0, 0, 0, 0];

  /** The float64 state (a copy). */
  get state(): CartPoleState { return [...this.s]; }

  /** Sets the state directly (for tests and demonstrations); the episode continues from it. */
  setState(s: CartPoleState): void { this.s = [...s]; }

  protected resetImpl(opts: ResetOptions): ResetResult<Float32Array> {
    const low = Number(opts.options?.low ?? -0.05), high = Number(opts.options?.high ?? 0.05);
    if (!(low <= high)) throw new ValueError(`CartPole.reset: options.low ${low} must not exceed options.high ${high}`);
    const g = this.random;
    this.s = [0, 0, 0, 0].map(() => low + (high - low) * g.uniform()) as CartPoleState;
    return { obs: Float32Array.from(this.s), info: {} };
  }

  protected stepImpl(action: number): StepResult<Float32Array> {
    this.s = cartPoleStep(this.s, action);
    const terminated = cartPoleTerminated(this.s);
    return { obs: Float32Array.from(this.s), reward: 1, terminated, truncated: false, info: {} };
  }

  render(): string {
    const width = 41, col = Math.round(((this.s[0] + 2.4) / 4.8) * (width - 1));
    const track = Array.from({ length: width }, (_, i) => (i === col ? '#' : '-')).join('');
    const deg = (this.s[2] * 180) / Math.PI;
    return `|${track}|  x=${this.s[0].toFixed(3)} theta=${deg.toFixed(2)}°`;
  }

  renderSvg(): string {
    // Same proportions as Gymnasium's pygame frame: world width 4.8 over 600 px.
    const W = 600, H = 400, scale = W / (CARTPOLE.xThreshold * 2), cartY = 300;
    const cx = this.s[0] * scale + W / 2, poleLen = scale * 2 * CARTPOLE.length;
    const tipX = cx + poleLen * Math.sin(this.s[2]), tipY = cartY - 10 - poleLen * Math.cos(this.s[2]);
    const body = `<rect width="${W}" height="${H}" fill="#fff"/>`
      + `<line x1="0" y1="${cartY}" x2="${W}" y2="${cartY}" stroke="#000"/>`
      + `<rect x="${px(cx - 25)}" y="${cartY - 25}" width="50" height="30" fill="#000"/>`
      + `<line x1="${px(cx)}" y1="${cartY - 10}" x2="${px(tipX)}" y2="${px(tipY)}" stroke="#ca9865" stroke-width="10" stroke-linecap="round"/>`
      + `<circle cx="${px(cx)}" cy="${cartY - 10}" r="5" fill="#8184cb"/>`;
    return svgDocument(W, H, body, this.id);
  }
}

import { Env, ResetResult, StepResult } from '../env.js';
import { Box, Discrete } from '../spaces.js';
import { px, svgDocument } from '../render/svg.js';

/** Gymnasium Acrobot-v1 constants (Sutton & Barto 1998 "book" dynamics, Sutton 1996). */
export const ACROBOT = {
  dt: 0.2, linkLength1: 1.0, linkLength2: 1.0, linkMass1: 1.0, linkMass2: 1.0,
  linkComPos1: 0.5, linkComPos2: 0.5, linkMoi: 1.0, maxVel1: 4 * Math.PI, maxVel2: 9 * Math.PI,
  availTorque: [-1.0, 0.0, 1.0], gravity: 9.8,
} as const;

/** theta1, theta2 (rad), dtheta1, dtheta2. */
export type AcrobotState = [number, number, number, number];

/** Time derivative of [theta1, theta2, dtheta1, dtheta2] under `torque` on the second joint ("book" equations). */
export function acrobotDerivatives(s: readonly number[], torque: number): number[] {
  const { linkMass1: m1, linkMass2: m2, linkLength1: l1, linkComPos1: lc1, linkComPos2: lc2, linkMoi: I1, gravity: g } = ACROBOT;
  const I2 = I1;
  const [theta1, theta2, dtheta1, dtheta2] = s;
  const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(theta2)) + I1 + I2;
  const d2 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(theta2)) + I2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2);
  const phi1 = -m2 * l1 * lc2 * dtheta2 ** 2 * Math.sin(theta2) - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2)
    + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) + phi2;
  const ddtheta2 = (torque + (d2 / d1) * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * Math.sin(theta2) - phi2) / (m2 * lc2 ** 2 + I2 - d2 ** 2 / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  return [dtheta1, dtheta2, ddtheta1, ddtheta2];
}

function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x -= diff;
  while (x < m) x += diff;
  return x;
}

/**
 * One environment step: a single classical RK4 step of length `dt` (as Gymnasium's `rk4` over
 * [0, dt]), then angles wrapped to [−π, π] and velocities clipped.
 *
 * @example
 * acrobotStep([0, 0, 0, 0], 2);
 */
export function acrobotStep(s: Readonly<AcrobotState>, action: number): AcrobotState {
  const torque = ACROBOT.availTorque[action], h = ACROBOT.dt;
  const f = (y: readonly number[]) => acrobotDerivatives(y, torque);
  const add = (y: readonly number[], k: number[], c: number) => y.map((v, i) => v + c * k[i]);
  const k1 = f(s), k2 = f(add(s, k1, h / 2)), k3 = f(add(s, k2, h / 2)), k4 = f(add(s, k3, h));
  const ns = s.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  return [
    wrap(ns[0], -Math.PI, Math.PI), wrap(ns[1], -Math.PI, Math.PI),
    Math.min(ACROBOT.maxVel1, Math.max(-ACROBOT.maxVel1, ns[2])), Math.min(ACROBOT.maxVel2, Math.max(-ACROBOT.maxVel2, ns[3])),
  ];
}

/**
 * Acrobot (Gymnasium `Acrobot-v1`): swing the tip of a two-link pendulum, actuated only at the elbow
 * (torque −1, 0, +1), above the line one link length over the base. Reward −1 per step, 0 on the
 * terminating step; `makeEnv` truncates at 500 steps. Observation: cos/sin of both angles and both
 * angular velocities.
 *
 * @example
 * const env = makeEnv('Acrobot-v1');
 * env.reset({ seed: 0 });
 */
export class Acrobot extends Env<Float32Array, number> {
  readonly id = 'Acrobot-v1';
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box([-1, -1, -1, -1, -ACROBOT.maxVel1, -ACROBOT.maxVel2], [1, 1, 1, 1, ACROBOT.maxVel1, ACROBOT.maxVel2]);
  private s: AcrobotState = [0, 0, 0, 0];

  get state(): AcrobotState { return [...this.s]; }
  setState(s: AcrobotState): void { this.s = [...s]; }

  private observe(): Float32Array {
    const [t1, t2, d1, d2] = this.s;
    return Float32Array.from([Math.cos(t1), Math.sin(t1), Math.cos(t2), Math.sin(t2), d1, d2]);
  }

  protected resetImpl(): ResetResult<Float32Array> {
    // Gymnasium draws the start state in float32.
    this.s = [0, 0, 0, 0].map(() => Math.fround(-0.1 + 0.2 * this.random.uniform())) as AcrobotState;
    return { obs: this.observe(), info: {} };
  }

  protected stepImpl(action: number): StepResult<Float32Array> {
    this.s = acrobotStep(this.s, action);
    const terminated = -Math.cos(this.s[0]) - Math.cos(this.s[1] + this.s[0]) > 1.0;
    return { obs: this.observe(), reward: terminated ? 0 : -1, terminated, truncated: false, info: {} };
  }

  render(): string {
    const height = -Math.cos(this.s[0]) - Math.cos(this.s[1] + this.s[0]);
    return `theta1=${this.s[0].toFixed(3)} theta2=${this.s[1].toFixed(3)} tip height=${height.toFixed(3)} (goal > 1)`;
  }

  renderSvg(): string {
    const W = 500, scale = W / 4.4, ox = W / 2, oy = W / 2;
    const x1 = ox + scale * Math.sin(this.s[0]), y1 = oy + scale * Math.cos(this.s[0]);
    const x2 = x1 + scale * Math.sin(this.s[0] + this.s[1]), y2 = y1 + scale * Math.cos(this.s[0] + this.s[1]);
    const body = `<rect width="${W}" height="${W}" fill="#fff"/>`
      + `<line x1="0" y1="${px(oy - scale)}" x2="${W}" y2="${px(oy - scale)}" stroke="#000" stroke-dasharray="4"/>`
      + `<line x1="${ox}" y1="${oy}" x2="${px(x1)}" y2="${px(y1)}" stroke="#0cc" stroke-width="10" stroke-linecap="round"/>`
      + `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" stroke="#0cc" stroke-width="10" stroke-linecap="round"/>`
      + `<circle cx="${ox}" cy="${oy}" r="6" fill="#cc0"/><circle cx="${px(x1)}" cy="${px(y1)}" r="6" fill="#cc0"/>`;
    return svgDocument(W, W, body, this.id);
  }
}

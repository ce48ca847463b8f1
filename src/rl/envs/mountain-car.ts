import { ValueError } from '../../core/errors.js';
import { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { Box, Discrete } from '../spaces.js';
import { px, svgDocument } from '../render/svg.js';

/** Gymnasium MountainCar-v0 constants (Moore 1990; Sutton & Barto 2018, Example 10.1). */
export const MOUNTAIN_CAR = {
  minPosition: -1.2, maxPosition: 0.6, maxSpeed: 0.07, goalPosition: 0.5, goalVelocity: 0, force: 0.001, gravity: 0.0025,
} as const;

/**
 * One step of the mountain-car dynamics: action 0 pushes left, 1 does nothing, 2 pushes right.
 *
 * @example
 * mountainCarStep([-0.5, 0], 2); // [position, velocity]
 */
export function mountainCarStep(state: readonly [number, number], action: number): [number, number] {
  const { minPosition, maxPosition, maxSpeed, force, gravity } = MOUNTAIN_CAR;
  let [position, velocity] = state;
  velocity += (action - 1) * force + Math.cos(3 * position) * -gravity;
  velocity = Math.min(maxSpeed, Math.max(-maxSpeed, velocity));
  position += velocity;
  position = Math.min(maxPosition, Math.max(minPosition, position));
  // The left wall is inelastic.
  if (position === minPosition && velocity < 0) velocity = 0;
  return [position, velocity];
}

/**
 * Mountain car (Gymnasium `MountainCar-v0`): an underpowered car must rock back and forth to climb to
 * the flag at x = 0.5. Reward −1 per step; terminates at the goal; `makeEnv` truncates at 200 steps.
 *
 * @example
 * const env = makeEnv('MountainCar-v0');
 * env.reset({ seed: 0 });
 */
export class MountainCar extends Env<Float32Array, number> {
  readonly id = 'MountainCar-v0';
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box([MOUNTAIN_CAR.minPosition, -MOUNTAIN_CAR.maxSpeed], [MOUNTAIN_CAR.maxPosition, MOUNTAIN_CAR.maxSpeed]);
  private s: [number, number] = [0, 0];

  get state(): [number, number] { return [...this.s]; }
  setState(s: [number, number]): void { this.s = [...s]; }

  protected resetImpl(opts: ResetOptions): ResetResult<Float32Array> {
    const low = Number(opts.options?.low ?? -0.6), high = Number(opts.options?.high ?? -0.4);
    if (!(low <= high)) throw new ValueError(`MountainCar.reset: options.low ${low} must not exceed options.high ${high}`);
    this.s = [low + (high - low) * this.random.uniform(), 0];
    return { obs: Float32Array.from(this.s), info: {} };
  }

  protected stepImpl(action: number): StepResult<Float32Array> {
    this.s = mountainCarStep(this.s, action);
    const terminated = this.s[0] >= MOUNTAIN_CAR.goalPosition && this.s[1] >= MOUNTAIN_CAR.goalVelocity;
    return { obs: Float32Array.from(this.s), reward: -1, terminated, truncated: false, info: {} };
  }

  render(): string {
    const width = 41, col = Math.round(((this.s[0] - MOUNTAIN_CAR.minPosition) / 1.8) * (width - 1));
    const flag = Math.round(((MOUNTAIN_CAR.goalPosition - MOUNTAIN_CAR.minPosition) / 1.8) * (width - 1));
    const line = Array.from({ length: width }, (_, i) => (i === col ? 'o' : i === flag ? 'F' : '_')).join('');
    return `${line}  x=${this.s[0].toFixed(4)} v=${this.s[1].toFixed(4)}`;
  }

  renderSvg(): string {
    const W = 600, H = 400, scale = W / 1.8;
    const y = (x: number) => H - 50 - Math.sin(3 * x) * 0.45 * scale - 0.55 * scale * 0.5;
    let path = '';
    for (let i = 0; i <= 100; i++) {
      const x = MOUNTAIN_CAR.minPosition + (1.8 * i) / 100;
      path += `${i === 0 ? 'M' : 'L'}${px((x - MOUNTAIN_CAR.minPosition) * scale)},${px(y(x))}`;
    }
    const cx = (this.s[0] - MOUNTAIN_CAR.minPosition) * scale, fx = (MOUNTAIN_CAR.goalPosition - MOUNTAIN_CAR.minPosition) * scale;
    const body = `<rect width="${W}" height="${H}" fill="#fff"/><path d="${path}" fill="none" stroke="#000" stroke-width="2"/>`
      + `<line x1="${px(fx)}" y1="${px(y(MOUNTAIN_CAR.goalPosition))}" x2="${px(fx)}" y2="${px(y(MOUNTAIN_CAR.goalPosition) - 40)}" stroke="#000"/>`
      + `<polygon points="${px(fx)},${px(y(0.5) - 40)} ${px(fx + 25)},${px(y(0.5) - 35)} ${px(fx)},${px(y(0.5) - 30)}" fill="#cccc00"/>`
      + `<circle cx="${px(cx)}" cy="${px(y(this.s[0]) - 10)}" r="10" fill="#000"/>`;
    return svgDocument(W, H, body, this.id);
  }
}

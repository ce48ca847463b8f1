import { ValueError } from '../core/errors.js';
import { Env } from './env.js';
import { TimeLimit } from './time-limit.js';
import { CartPole } from './envs/cartpole.js';
import { MountainCar } from './envs/mountain-car.js';
import { Acrobot } from './envs/acrobot.js';
import { FrozenLake } from './envs/frozen-lake.js';
import { CliffWalking } from './envs/cliff-walking.js';
import { FourRooms } from './envs/four-rooms.js';
import { KArmedBandit } from './envs/bandit.js';
import { TicTacToe } from './envs/tictactoe.js';

/** Registered ids with their constructors and Gymnasium's default episode limits. */
const SPECS: Record<string, { make: () => Env<any, any>; maxEpisodeSteps?: number }> = {
  'CartPole-v1': { make: () => new CartPole(), maxEpisodeSteps: 500 },
  'MountainCar-v0': { make: () => new MountainCar(), maxEpisodeSteps: 200 },
  'Acrobot-v1': { make: () => new Acrobot(), maxEpisodeSteps: 500 },
  'FrozenLake-v1': { make: () => new FrozenLake({ map: '4x4' }), maxEpisodeSteps: 100 },
  'FrozenLake8x8-v1': { make: () => new FrozenLake({ map: '8x8' }), maxEpisodeSteps: 200 },
  'CliffWalking-v0': { make: () => new CliffWalking() },
  'FourRooms-v0': { make: () => new FourRooms() },
  'KArmedBandit-v0': { make: () => new KArmedBandit(), maxEpisodeSteps: 1000 },
  'TicTacToe-v0': { make: () => new TicTacToe() },
};

/** Ids accepted by `makeEnv`. */
export function listEnvs(): string[] { return Object.keys(SPECS); }

/**
 * An environment by Gymnasium id, with its registered time limit (e.g. 500 steps for CartPole-v1).
 *
 * @example
 * const env = makeEnv('CartPole-v1');
 * env.reset({ seed: 0 });
 */
export function makeEnv(id: string, opts: { maxEpisodeSteps?: number } = {}): Env<any, any> {
  const spec = SPECS[id];
  if (!spec) throw new ValueError(`makeEnv: unknown environment ${JSON.stringify(id)}; known ids: ${listEnvs().join(', ')}`);
  const env = spec.make();
  const limit = opts.maxEpisodeSteps ?? spec.maxEpisodeSteps;
  return limit === undefined ? env : new TimeLimit(env, limit);
}

import type { Experiment } from '../types.js';
import { banditTestbed } from './bandit-testbed.js';
import { tdRandomWalk } from './td-random-walk.js';
import { dopamineRpe } from './dopamine-rpe.js';
import { cliffWalking } from './cliff-walking.js';
import { fourRoomsOptions } from './four-rooms-options.js';
import { cartpoleDqn } from './cartpole-dqn.js';
import { cartpolePpo } from './cartpole-ppo.js';
import { cartpoleA2c } from './cartpole-a2c.js';
import { tictactoeAlphazero } from './tictactoe-alphazero.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rlExperiments: Experiment<any>[] = [banditTestbed, tdRandomWalk, dopamineRpe, cliffWalking, fourRoomsOptions, cartpoleDqn, cartpolePpo, cartpoleA2c, tictactoeAlphazero];

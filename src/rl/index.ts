/**
 * Reinforcement learning: Gymnasium-contract environments, tabular and deep agents, and the
 * temporal-difference model of dopamine as a reward prediction error.
 *
 * @example
 * import { rl } from 'neural-alchemy';
 * const env = rl.makeEnv('CartPole-v1');
 * const { obs } = env.reset({ seed: 0 });
 */
export { Env, Wrapper, type Info, type ResetOptions, type ResetResult, type StepResult } from './env.js';
export { ResetNeededError } from './errors.js';
export { Discrete, Box, type Space } from './spaces.js';
export { TimeLimit } from './time-limit.js';
export { SyncVectorEnv, type VectorStepResult } from './vector.js';
export { makeEnv, listEnvs } from './registry.js';
export { CartPole, cartPoleStep, cartPoleTerminated, CARTPOLE, type CartPoleState } from './envs/cartpole.js';
export { MountainCar, mountainCarStep, MOUNTAIN_CAR } from './envs/mountain-car.js';
export { Acrobot, acrobotStep, acrobotDerivatives, ACROBOT, type AcrobotState } from './envs/acrobot.js';
export { FrozenLake, FROZEN_LAKE_MAPS, type FrozenLakeOptions } from './envs/frozen-lake.js';
export { CliffWalking } from './envs/cliff-walking.js';
export { FourRooms, FOUR_ROOMS_LAYOUT, type FourRoomsOptions } from './envs/four-rooms.js';
export { KArmedBandit, type BanditOptions } from './envs/bandit.js';
export { TicTacToe, winner, legalMoves, toMove, isOver, play, canonical, boardText, type Board } from './envs/tictactoe.js';
export { type TabularModel, type Transition } from './envs/grid.js';
export { RandomWalk } from './envs/random-walk.js';
export { argmaxRandomTie, epsilonGreedy, epsilonGreedyProbs } from './agents/policy.js';
export { EpsilonGreedyBandit, UcbBandit, GradientBandit, type BanditAgent, type ValueBanditOptions } from './agents/bandit-agents.js';
export { td0Update, TdLambda, type TdLambdaOptions } from './agents/td-prediction.js';
export { TdControlAgent, runTdControlEpisode, type TdControlMethod, type TdControlOptions } from './agents/td-control.js';
export { hallwayOptions, primitiveOption, IntraOptionQLearning, type MarkovOption, type IntraOptionOptions } from './agents/options.js';
export { TdConditioningModel, classicalConditioning, tdError, dopamineRate, type ConditioningOptions, type ConditioningTrial, type ConditioningRun, type StimulusRepresentation } from './dopamine/td-conditioning.js';
export { obsBatch, mlp, copyParams } from './deep/batch.js';
export { ReplayBuffer, type ReplayBatch } from './deep/replay-buffer.js';
export { gae } from './deep/gae.js';
export { DqnAgent, dqnLearner, evaluatePolicy, DQN_DEFAULTS, type DqnConfig } from './deep/dqn.js';
export { trainOffPolicy, type OffPolicyLearner, type TrainLoopOptions, type TrainLoopResult } from './deep/train-loop.js';
export { ActorCritic } from './deep/actor-critic.js';
export { collectRollout, type Rollout } from './deep/rollout.js';
export { ppoUpdate, trainPpo, PPO_CARTPOLE, type PpoConfig, type PpoRunResult } from './deep/ppo.js';
export { EvalSchedule, type EvalRecord } from './deep/eval-schedule.js';
export { trainOnPolicy, type OnPolicyRunResult, type RolloutShape } from './deep/on-policy.js';
export { policyGradientLoss, policyGradientStep, type PgLossCoefs } from './deep/pg-loss.js';
export { returnsToGo, runEpisode, reinforceTargets, reinforceUpdate, trainReinforce, REINFORCE_DEFAULTS, type ReinforceConfig, type Episode } from './deep/reinforce.js';
export { a2cUpdate, trainA2c, A2C_CARTPOLE, type A2cConfig } from './deep/a2c.js';
export * as alphazero from './alphazero/index.js';

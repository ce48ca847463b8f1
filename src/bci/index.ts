/**
 * Brain-computer-interface decoding: a synthetic motor-cortex session with known ground truth,
 * classic and recurrent velocity decoders, decoding metrics and a closed-loop cursor task.
 */
export { Mat, ridge } from './matrix.js';
export { minimumJerk, planReaches, planDuration, sampleKinematics, type Reach, type ReachOptions } from './reach.js';
export { makePopulation, tuningRate, populationRates, poissonSpikes, type MotorNeuron, type MotorPopulation, type PopulationOptions } from './population.js';
export { simulateRecording, type MotorRecording, type RecordingOptions } from './recording.js';
export { binRecording, sliceBins, splitByTrial, checkAligned, type BinnedData } from './binning.js';
export { r2Score, pearson } from './metrics.js';
export { type VelocityDecoder, type StreamingDecoder, type DecoderData } from './decoders/types.js';
export { PopulationVectorDecoder } from './decoders/population-vector.js';
export { WienerDecoder, lagFeatures } from './decoders/wiener.js';
export { KalmanFilter, KalmanDecoder } from './decoders/kalman.js';
export { runCursorTask, type CursorTaskOptions, type CursorTaskResult } from './cursor.js';
export { RecurrentDecoder, type RecurrentDecoderOptions, type RecurrentFitPlan } from './decoders/recurrent.js';

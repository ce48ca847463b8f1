export { fastSigmoid, arctan, triangle, surrogateByName, type Surrogate } from './surrogates.js';
export { spike } from './spike.js';
export { Leaky, type LeakyOptions, type ResetMechanism } from './leaky.js';
export { bernoulliSpikes } from './rate.js';
export { SpikingSequential, spikeCount, type SpikingRunOptions, type SpikingRecord } from './sequential.js';
export { fanOut, synapticEvents, denseMacs } from './synops.js';

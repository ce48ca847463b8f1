export { type SpikeEvents, type Raster, eventsFromRaster, rasterFromEvents } from './spikes.js';
export { poissonStep, rateEncode, poissonEvents, latencyEncode, deltaEncode, sortEvents, type LatencyOptions } from './encoders.js';
export { spikeCounts, firingRates, meanRate, firstSpikeTimes, populationRate, isiCV, argmaxCount } from './decoders.js';

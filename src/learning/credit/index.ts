export { toBlocks, recordForward, type Block, type ForwardRecord } from './layered.js';
export { CreditAssigner, type CreditStepReport, type CreditOptions, type OutputLoss } from './assigner.js';
export { Backprop } from './backprop.js';
export { FeedbackAlignment, DirectFeedbackAlignment, type FeedbackOptions } from './feedback-alignment.js';
export { PredictiveCoding, type PredictiveCodingOptions } from './predictive-coding.js';
export { ForwardForward, type ForwardForwardOptions } from './forward-forward.js';

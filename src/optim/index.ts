export { Optimizer, type OptimizerState, type ParamGroup } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { RMSprop } from './rmsprop.js';
export { Adagrad } from './adagrad.js';
export { LRScheduler, StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR, WarmupCosineLR, ReduceLROnPlateau } from './scheduler.js';
export { clipGradNorm, clipGradValue } from './clip.js';
export { assertFiniteLoss, NonFiniteLossError } from './guards.js';
export { LossScaler, type LossScalerOptions } from './loss-scaler.js';

export { Module, StateDictError, expectShape, type LoadStateDictResult } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, Identity, Flatten, Unflatten } from './linear.js';
export { ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax } from './activation.js';
export { Dropout } from './dropout.js';
export { Sequential, ModuleList, ModuleDict } from './containers.js';
export { MSELoss, L1Loss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, KLDivLoss } from './loss.js';
export * as init from './init.js';
export * as functional from './functional/index.js';

// Entry point of the wasm kernels. Every kernel takes byte addresses into linear memory, which the
// host manages (no allocator runs inside the module), so one shared memory serves every thread.
export { matmulTile, matmulBatch, PACK_FLOATS } from './matmul';
export { binary, unary, unaryGrad } from './elementwise';
export { reduce, softmaxRows, softmaxGradRows } from './reduce';
export { im2col, col2im, conv2dForward, conv2dGradInput, conv2dGradWeight } from './conv';
export { sgdStep, adamStep } from './optim';
export { lifCurrentStep, lifCondEulerStep } from './neuro';

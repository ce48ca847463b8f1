/** Brain-inspired learning rules: Hebbian family, Hopfield memory, sparse coding, local credit assignment. */
export * from './hebbian/index.js';
export * from './hopfield/index.js';
export * from './sparse/index.js';
export * from './credit/index.js';
export { solve, symmetricEigen, absCosine, angleDegrees } from './linalg.js';

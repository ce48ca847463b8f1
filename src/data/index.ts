export { type Dataset, TensorDataset, Subset, randomSplit } from './dataset.js';
export { DataLoader, type DataLoaderOptions, type DataLoaderState } from './dataloader.js';
export { parseIdx, type IdxArray } from './idx.js';
export { loadMnist, mnistFromIdx, mnistDir, type Mnist, type MnistOptions } from './mnist.js';
export { xor, spirals, moons, circles, linearBoundary, type ToySet } from './toy.js';

import * as nn from '../../nn/index.js';

/** The digit network of the MNIST-addition papers (DeepProbLog, Manhaeve et al. 2018): a LeNet-style CNN. */
export function lenetDigits(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 6, 5), new nn.MaxPool2d(2), new nn.ReLU(),
    new nn.Conv2d(6, 16, 5), new nn.MaxPool2d(2), new nn.ReLU(),
    new nn.Flatten(), new nn.Linear(256, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10));
}

/** A small MLP digit network on [N, 1, 28, 28] images (flattened inside). */
export function mlpDigits(hidden = 128): nn.Sequential {
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(784, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));
}

/** 'cnn' or 'mlp' by name. */
export function digitNet(kind: string, hidden = 128): nn.Sequential {
  if (kind === 'cnn') return lenetDigits();
  if (kind === 'mlp') return mlpDigits(hidden);
  throw new Error(`--model must be 'cnn' or 'mlp', got '${kind}'`);
}

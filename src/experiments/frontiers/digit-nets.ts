import { ValueError } from '../../core/errors.js';
import * as nn from '../../nn/index.js';

/** The digit network of the MNIST-addition papers (DeepProbLog, Manhaeve et al. 2018): a LeNet-style CNN. */
export function lenetDigits(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 6, 5), new nn.MaxPool2d(2), new nn.ReLU(),
    new nn.Conv2d(6, 16, 5), new nn.MaxPool2d(2), new nn.ReLU(),
    new nn.Flatten(), new nn.Linear(256, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10));
}

/**
 * The digit network of the Logic Tensor Networks MNIST examples (Badreddine et al. 2022, the
 * `SingleDigit` model of their code): conv6-ELU-pool, conv16-ELU-pool, dense 100 and 84 (ELU), 10.
 * ELU keeps a gradient for negative inputs; trained only through fuzzy satisfaction, whose
 * gradients are small and noisy early on, the ReLU LeNet loses whole digit classes while this one does not.
 */
export function ltnDigits(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 6, 5), new nn.ELU(), new nn.MaxPool2d(2),
    new nn.Conv2d(6, 16, 5), new nn.ELU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(256, 100), new nn.ELU(), new nn.Linear(100, 84), new nn.ELU(), new nn.Linear(84, 10));
}

/** A small MLP digit network on [N, 1, 28, 28] images (flattened inside). */
export function mlpDigits(hidden = 128): nn.Sequential {
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(784, hidden), new nn.ReLU(), new nn.Linear(hidden, 10));
}

/** 'cnn' (DeepProbLog's LeNet), 'ltn-cnn' (LTN's ELU network) or 'mlp' by name. */
export function digitNet(kind: string, hidden = 128): nn.Sequential {
  if (kind === 'cnn') return lenetDigits();
  if (kind === 'ltn-cnn') return ltnDigits();
  if (kind === 'mlp') return mlpDigits(hidden);
  throw new ValueError(`--model must be 'cnn', 'ltn-cnn' or 'mlp', got '${kind}'`);
}

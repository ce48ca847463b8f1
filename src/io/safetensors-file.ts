import type { Tensor } from '../core/tensor.js';
import { parseSafetensors, serializeSafetensors, type SafetensorsFile } from './safetensors.js';
import { atomicWriteFileSync } from './atomic.js';
import { readWholeFile } from './read-file.js';

/**
 * Saves a state dict as a safetensors file (atomically: a crash never leaves a half-written file).
 * Keys and shapes are kept as given, so `model.stateDict()` round-trips with PyTorch's
 * `safetensors.torch.load_file` / `model.load_state_dict`.
 *
 * @example
 * io.saveSafetensors('mlp.safetensors', model.stateDict());
 */
export function saveSafetensors(path: string, dict: Record<string, Tensor>, metadata?: Record<string, string>): void {
  atomicWriteFileSync(path, serializeSafetensors(dict, { metadata }));
}

/**
 * Loads a safetensors file into a state dict (`Record<string, Tensor>`). Safe on untrusted files:
 * the file is data only, fully validated, and a bad file raises a FormatError naming it.
 *
 * @example
 * model.loadStateDict(io.loadSafetensors('mlp.safetensors'));
 */
export function loadSafetensors(path: string): Record<string, Tensor> {
  return readSafetensorsFile(path).tensors;
}

/** Like loadSafetensors, also returning the `__metadata__` strings. */
export function readSafetensorsFile(path: string): SafetensorsFile {
  return parseSafetensors(readWholeFile(path, 'safetensors'), { source: path });
}

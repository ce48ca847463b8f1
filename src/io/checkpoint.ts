import { Tensor } from '../core/tensor.js';
import { FormatError, ValueError } from '../core/errors.js';
import type { GeneratorState } from '../core/random.js';
import type { OptimizerState } from '../optim/optimizer.js';
import { parseSafetensors, serializeSafetensors } from './safetensors.js';
import { parseStrictJson, JsonSyntaxError, type JsonValue } from './strict-json.js';
import { packTree, unpackTree } from './tree-codec.js';

/**
 * Everything needed to continue training exactly where it stopped. Non-tensor parts must be
 * plain data (numbers, strings, booleans, null, arrays, plain objects); Tensors and
 * Float32/Float64/Int32/Uint8 arrays may appear anywhere and are stored as tensors (float64 ones as their bytes).
 */
export interface Checkpoint {
  /** The model's `stateDict()`. */
  model: Record<string, Tensor>;
  /** The optimizer's `stateDict()` (moment buffers are stored as tensors). */
  optimizer?: OptimizerState;
  /** A scheduler's `stateDict()`. */
  scheduler?: Record<string, unknown>;
  /** `generator.getState()` of the generator that drives training randomness. */
  rng?: GeneratorState;
  /** Completed epochs. */
  epoch: number;
  /** Completed optimizer steps. */
  step: number;
  /** Anything else worth keeping: data-loader generator states, best metric, config. */
  extra?: Record<string, unknown>;
}

export const CHECKPOINT_FORMAT = 'neural-alchemy/checkpoint';
export const CHECKPOINT_VERSION = '1';

const KEYS = new Set(['model', 'optimizer', 'scheduler', 'rng', 'epoch', 'step', 'extra']);

/**
 * Encodes a checkpoint as one safetensors file: tensors (model weights under `model.*`,
 * optimizer buffers under `optimizer.state.*`) in the data section, everything else as JSON in
 * `__metadata__.state`. PyTorch can read the tensors with `safetensors.torch.load_file`.
 *
 * @example
 * const bytes = serializeCheckpoint({ model: model.stateDict(), optimizer: opt.stateDict(), epoch: 1, step: 100 });
 */
export function serializeCheckpoint(ckpt: Checkpoint): Uint8Array {
  if (!ckpt || typeof ckpt !== 'object') throw new ValueError('saveCheckpoint: expected { model, optimizer?, scheduler?, rng?, epoch, step, extra? }');
  for (const k of Object.keys(ckpt)) if (!KEYS.has(k)) throw new ValueError(`saveCheckpoint: unknown field '${k}'; put extra state under 'extra'`);
  validate(ckpt as unknown as Record<string, unknown>, (what) => { throw new ValueError(`saveCheckpoint: ${what}`); });
  const { skeleton, tensors } = packTree(ckpt);
  return serializeSafetensors(tensors, {
    metadata: { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, state: JSON.stringify(skeleton) },
  });
}

/**
 * Decodes and validates checkpoint bytes. Any inconsistency raises a FormatError naming the
 * source and the entry; nothing is applied to a model here, so a bad file changes nothing.
 */
export function parseCheckpoint(bytes: Uint8Array, opts: { source?: string } = {}): Checkpoint {
  const src = opts.source ?? 'checkpoint data';
  const file = parseSafetensors(bytes, { source: src });
  const m = file.metadata;
  if (m.format !== CHECKPOINT_FORMAT) {
    throw new FormatError(`${src}: not a checkpoint (metadata format is ${JSON.stringify(m.format ?? null)}, expected '${CHECKPOINT_FORMAT}'); for a plain state dict use io.loadSafetensors`);
  }
  if (m.version !== CHECKPOINT_VERSION) {
    throw new FormatError(`${src}: checkpoint version ${JSON.stringify(m.version)} is not supported (this library reads version ${CHECKPOINT_VERSION}); upgrade neural-alchemy`);
  }
  let skeleton: JsonValue;
  try { skeleton = parseStrictJson(m.state ?? ''); }
  catch (e) {
    if (e instanceof JsonSyntaxError) throw new FormatError(`${src}: checkpoint state is not valid JSON (${e.message}); the file is corrupt, use an earlier checkpoint`);
    throw e;
  }
  const tree = unpackTree(skeleton, file.tensors, src);
  if (!tree || typeof tree !== 'object' || Array.isArray(tree)) throw new FormatError(`${src}: checkpoint state is not an object; the file is corrupt, use an earlier checkpoint`);
  const obj = tree as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!KEYS.has(k)) throw new FormatError(`${src}: checkpoint has an unknown field '${k}'; it was not written by saveCheckpoint`);
  validate(obj, (what) => { throw new FormatError(`${src}: ${what}; the checkpoint is corrupt, use an earlier one`); });
  return obj as unknown as Checkpoint;
}

/** Structural checks shared by save (ValueError) and load (FormatError). */
function validate(c: Record<string, unknown>, fail: (what: string) => never): void {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);
  if (!isObj(c.model)) fail("'model' must be a state dict (name → Tensor)");
  for (const [k, t] of Object.entries(c.model)) if (!(t instanceof Tensor)) fail(`model entry '${k}' is not a Tensor`);
  for (const k of ['epoch', 'step'] as const) {
    if (!Number.isSafeInteger(c[k]) || (c[k] as number) < 0) fail(`'${k}' must be a non-negative integer, got ${String(c[k])}`);
  }
  if (c.rng !== undefined) {
    const r = c.rng as GeneratorState;
    const ok = isObj(r) && Array.isArray(r.s) && r.s.length === 4 && r.s.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)
      && (r.spare === null || r.spare === undefined || typeof r.spare === 'number');
    if (!ok) fail("'rng' must be a generator state { s: four uint32 words, spare: number | null } from generator.getState()");
  }
  if (c.optimizer !== undefined) {
    const o = c.optimizer as OptimizerState;
    if (!isObj(o) || !isObj(o.state) || !Array.isArray(o.paramGroups)) fail("'optimizer' must be an optimizer stateDict() { state, paramGroups }");
    for (const [i, g] of o.paramGroups.entries()) {
      if (!isObj(g) || !Array.isArray(g.params) || !g.params.every((p) => Number.isSafeInteger(p) && (p as number) >= 0)) fail(`optimizer paramGroups[${i}] must hold 'params', a list of parameter indices`);
      if (typeof g.lr !== 'number') fail(`optimizer paramGroups[${i}] has no numeric 'lr'`);
    }
    for (const [k, st] of Object.entries(o.state)) {
      if (!/^(0|[1-9][0-9]*)$/.test(k) || !isObj(st)) fail(`optimizer state '${k}' must be keyed by a parameter index and hold named buffers`);
      for (const [name, v] of Object.entries(st)) {
        const okBuf = typeof v === 'number' || v instanceof Float32Array || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
        if (!okBuf) fail(`optimizer state '${k}.${name}' must be a number or a Float32Array`);
      }
    }
  }
  if (c.scheduler !== undefined && !isObj(c.scheduler)) fail("'scheduler' must be a scheduler stateDict() object");
  if (c.extra !== undefined && !isObj(c.extra)) fail("'extra' must be a plain object");
}

/**
 * File formats: safetensors state dicts and training checkpoints.
 *
 * `parseSafetensors`/`serializeSafetensors` and `parseCheckpoint`/`serializeCheckpoint` work on
 * bytes and run in browsers; the `save*`/`load*` functions add the Node file system and
 * atomic writes.
 *
 * @example
 * import { io } from 'neural-alchemy';
 * io.saveSafetensors('model.safetensors', model.stateDict());
 * model.loadStateDict(io.loadSafetensors('model.safetensors'));
 */
export { parseSafetensors, serializeSafetensors, MAX_HEADER_BYTES, type SafetensorsFile, type ParseOptions, type SerializeOptions } from './safetensors.js';
export { saveSafetensors, loadSafetensors, readSafetensorsFile } from './safetensors-file.js';
export { parseCheckpoint, serializeCheckpoint, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint } from './checkpoint.js';
export { saveCheckpoint, loadCheckpoint, restoreCheckpoint, type RestoreTargets } from './checkpoint-file.js';
export { SaveClock } from './save-clock.js';
export { atomicWriteFileSync } from './atomic.js';
export { parseStrictJson, JsonSyntaxError, type JsonValue } from './strict-json.js';

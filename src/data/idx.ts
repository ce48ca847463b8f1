import { FormatError } from '../core/errors.js';

/** A parsed IDX file (LeCun's MNIST format): unsigned bytes with their dims. */
export interface IdxArray { dims: number[]; data: Uint8Array }

/**
 * Parses an IDX file of unsigned bytes (type code 0x08), validating the magic number, the
 * rank and that the payload size matches the dims exactly.
 * @example parseIdx(readFileSync('train-images-idx3-ubyte')).dims; // [60000, 28, 28]
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX file'): IdxArray {
  if (bytes.length < 4) throw new FormatError(`${name}: ${bytes.length} bytes is too short for an IDX header; the file is truncated or not an IDX file`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new FormatError(`${name}: bad magic number (first bytes ${bytes[0]}, ${bytes[1]} instead of 0, 0); not an IDX file`);
  if (bytes[2] !== 0x08) throw new FormatError(`${name}: element type 0x${bytes[2].toString(16)} is not supported (only unsigned bytes, 0x08, as in MNIST)`);
  const rank = bytes[3];
  if (rank < 1 || rank > 4) throw new FormatError(`${name}: rank ${rank} is outside 1..4; the header is corrupt`);
  const headerLen = 4 + 4 * rank;
  if (bytes.length < headerLen) throw new FormatError(`${name}: truncated header (${bytes.length} bytes, need ${headerLen})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) { const d = view.getUint32(4 + 4 * i, false); dims.push(d); count *= d; }
  if (count !== bytes.length - headerLen) {
    throw new FormatError(`${name}: dims [${dims.join(', ')}] need ${count} data bytes but the file has ${bytes.length - headerLen}; the file is truncated or corrupt`);
  }
  return { dims, data: bytes.subarray(headerLen) };
}

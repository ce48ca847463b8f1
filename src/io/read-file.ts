import { readFileSync, statSync } from 'node:fs';
import { constants } from 'node:buffer';
import { FormatError } from '../core/errors.js';

/**
 * Reads a whole file for a parser, refusing up front what cannot work: a folder, or a file larger
 * than the biggest buffer this runtime can hold (Node cannot read it in one piece, and a parser
 * must never see a silently shortened file).
 */
export function readWholeFile(path: string, what: string): Uint8Array {
  const st = statSync(path);
  if (!st.isFile()) throw new FormatError(`${path}: is not a regular file; pass the path of a ${what} file`);
  const limit = Math.min(constants.MAX_LENGTH, 2 ** 31 - 1);
  if (st.size > limit) {
    throw new FormatError(`${path}: ${(st.size / 2 ** 30).toFixed(1)} GiB is more than the ${(limit / 2 ** 30).toFixed(1)} GiB a single file read can hold; save the ${what} in shards of under 2 GiB`);
  }
  return readFileSync(path);
}

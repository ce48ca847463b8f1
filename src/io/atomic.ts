import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `bytes` to `path` so that a crash at any moment leaves either the old file or the new
 * one, never a torn mix: write a temporary file in the same folder, fsync it, rename it over the
 * target (atomic within one file system on POSIX), then fsync the folder so the rename itself is
 * durable. A temporary file orphaned by a crash is named `.<name>.<pid>.<random>.tmp` and never
 * read by anything.
 *
 * @example
 * atomicWriteFileSync('runs/model.safetensors', serializeSafetensors(model.stateDict()));
 */
export function atomicWriteFileSync(path: string, bytes: Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd = -1;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (e) {
    if (fd >= 0) try { closeSync(fd); } catch { /* already failing; report the first error */ }
    try { unlinkSync(tmp); } catch { /* never created or already renamed */ }
    throw e;
  }
  syncDir(dir);
}

/** fsync of a directory makes a rename durable on Linux; some platforms (Windows) cannot open folders, where rename is already durable enough. */
function syncDir(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch { /* unsupported on this platform */ }
  finally { if (fd >= 0) closeSync(fd); }
}

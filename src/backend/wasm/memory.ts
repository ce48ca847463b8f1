import { ValueError } from '../../core/errors.js';

const PAGE = 65536;
/** Must equal --maximumMemory in scripts/build-wasm.mjs. */
export const MAX_PAGES = 32768;
/** Bytes below this stay untouched: the kernels' constant data segments live there. */
const BASE = 4 * PAGE;
const ALIGN = 64;

/**
 * A bump allocator over the shared wasm memory. Each kernel call resets it and takes fresh
 * blocks for its operands, so memory is reused call after call and never leaks; it only grows
 * when a larger call arrives.
 */
export class Arena {
  readonly memory: WebAssembly.Memory;
  private top = BASE;
  private f32View: Float32Array;
  /** Floats copied in and out since creation: what keeping operands outside wasm memory costs. */
  readonly copied = { in: 0, out: 0 };

  constructor(memory?: WebAssembly.Memory) {
    this.memory = memory ?? new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
    this.f32View = new Float32Array(this.memory.buffer);
  }

  /** Forgets every block handed out (call at the start of each kernel). */
  reset(): void { this.top = BASE; }

  /** Whether `bytes` more would fit under the maximum memory size. */
  fits(bytes: number): boolean { return this.top + bytes + ALIGN <= MAX_PAGES * PAGE; }

  /** Reserves room for `floats` float32 values; returns the byte address. */
  alloc(floats: number): number {
    const addr = this.top;
    const end = addr + Math.ceil((floats * 4) / ALIGN) * ALIGN;
    if (end > MAX_PAGES * PAGE) {
      throw new ValueError(`wasm backend: a kernel needs ${(end / 2 ** 20).toFixed(0)} MiB of scratch, above the ${MAX_PAGES * PAGE / 2 ** 20} MiB limit; use setBackend('js') for this size`);
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    return addr;
  }

  /** A float32 view of all memory, refreshed after growth. */
  get f32(): Float32Array {
    if (this.f32View.buffer.byteLength !== this.memory.buffer.byteLength) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  /** Copies `src` in and returns its address. */
  put(src: Float32Array): number {
    const addr = this.alloc(src.length);
    this.f32.set(src, addr >> 2);
    this.copied.in += src.length;
    return addr;
  }

  /** Copies `n` floats at `addr` into `dst`. */
  get(addr: number, dst: Float32Array): void {
    dst.set(this.f32.subarray(addr >> 2, (addr >> 2) + dst.length));
    this.copied.out += dst.length;
  }
}

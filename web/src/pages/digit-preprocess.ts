/**
 * MNIST-style preprocessing of a drawn digit (LeCun, Cortes & Burges, "The MNIST database"):
 * the ink's bounding box is scaled, keeping its aspect ratio, to fit a 20×20 box with
 * anti-aliasing (area averaging), then placed in a 28×28 field so that its centre of mass sits
 * at the field's centre. Pure functions on grey levels in [0, 1] (ink = 1), no DOM.
 */

/** Grey levels in [0, 1], row-major, `width × height`. */
export interface Gray { data: Float32Array; width: number; height: number }

/** Inclusive bounding box of pixels above `threshold`, or null when there is no ink. */
export function inkBox(img: Gray, threshold = 0.05): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x] > threshold) {
        if (x < x0) x0 = x; if (x > x1) x1 = x;
        if (y < y0) y0 = y; if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}

/** Overlap of source cell [i, i+1)·s with output cells: pairs (output index, overlap length). */
function spans(i: number, s: number, outLen: number): [number, number][] {
  const a = i * s, b = (i + 1) * s, out: [number, number][] = [];
  for (let o = Math.floor(a); o < Math.min(outLen, Math.ceil(b)); o++) {
    const len = Math.min(b, o + 1) - Math.max(a, o);
    if (len > 0 && o >= 0) out.push([o, len]);
  }
  return out;
}

/**
 * Area-averaging resize of the crop `box` by factor `s` (each output pixel is the mean of the
 * source area it covers, like anti-aliased downsampling). Returns an image of ⌈w·s⌉ × ⌈h·s⌉.
 */
export function resizeArea(img: Gray, box: { x0: number; y0: number; x1: number; y1: number }, s: number): Gray {
  const w = box.x1 - box.x0 + 1, h = box.y1 - box.y0 + 1;
  const ow = Math.max(1, Math.ceil(w * s - 1e-9)), oh = Math.max(1, Math.ceil(h * s - 1e-9));
  const out = new Float32Array(ow * oh);
  const xs = Array.from({ length: w }, (_, i) => spans(i, s, ow));
  for (let j = 0; j < h; j++) {
    const ys = spans(j, s, oh), row = (box.y0 + j) * img.width + box.x0;
    for (let i = 0; i < w; i++) {
      const v = img.data[row + i];
      if (v === 0) continue;
      for (const [oy, ly] of ys) for (const [ox, lx] of xs[i]) out[oy * ow + ox] += v * lx * ly;
    }
  }
  for (let k = 0; k < out.length; k++) out[k] = Math.min(1, out[k]);
  return { data: out, width: ow, height: oh };
}

/** Centre of mass (x, y) of an image's intensity, in pixel units with pixel centres at k + 0.5. */
export function centreOfMass(img: Gray): [number, number] {
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x];
      m += v; mx += v * (x + 0.5); my += v * (y + 0.5);
    }
  }
  return m > 0 ? [mx / m, my / m] : [img.width / 2, img.height / 2];
}

/**
 * A drawn image → the 28×28 MNIST input (values in [0, 1]), or null for an empty canvas.
 * `box` (20) is the size of the box the digit is scaled into; `field` (28) the output size.
 * @example
 * const x = toMnist({ data: pixels, width: 280, height: 280 }); // Float32Array(784) | null
 */
export function toMnist(img: Gray, box = 20, field = 28): Float32Array | null {
  const bb = inkBox(img);
  if (!bb) return null;
  const s = box / Math.max(bb.x1 - bb.x0 + 1, bb.y1 - bb.y0 + 1);
  const small = resizeArea(img, bb, s);
  const [cx, cy] = centreOfMass(small);
  // Integer shift, as the MNIST digits were translated by whole pixels.
  const dx = Math.round(field / 2 - cx), dy = Math.round(field / 2 - cy);
  const out = new Float32Array(field * field);
  for (let y = 0; y < small.height; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= field) continue;
    for (let x = 0; x < small.width; x++) {
      const tx = x + dx;
      if (tx >= 0 && tx < field) out[ty * field + tx] = small.data[y * small.width + x];
    }
  }
  return out;
}

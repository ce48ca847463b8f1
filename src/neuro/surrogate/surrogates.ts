import { requirePositive } from '../validate.js';
import { ValueError } from '../../core/errors.js';

/**
 * A surrogate derivative: the smooth stand-in for dH/dx of the Heaviside spike H(x), x = v − threshold,
 * used only on the backward pass so that gradients flow through spikes (Neftci, Mostafa & Zenke 2019).
 */
export interface Surrogate {
  /** 'fastSigmoid', 'arctan' or 'triangle'. */
  readonly name: string;
  /** The shape parameters, as named in the papers (slope k, alpha, width). */
  readonly params: Readonly<Record<string, number>>;
  /** dS/dx at x = v − threshold. */
  derivative(x: number): number;
}

/**
 * Fast sigmoid (SuperSpike; Zenke & Ganguli 2018, eq. 6): σ'(x) = 1 / (1 + k|x|)², slope k > 0.
 * snnTorch's default slope for convolutional SNNs is 25.
 * @example fastSigmoid(25).derivative(0); // 1
 */
export function fastSigmoid(slope = 25): Surrogate {
  requirePositive('fastSigmoid', 'slope', slope);
  return {
    name: 'fastSigmoid', params: Object.freeze({ slope }),
    derivative(x: number): number { const d = 1 + slope * Math.abs(x); return 1 / (d * d); },
  };
}

/**
 * Arctan (Fang et al. 2021, ICCV, eq. 7): S(x) = arctan(π α x / 2) / π + 1/2, so
 * S'(x) = (α / 2) / (1 + (π α x / 2)²); α > 0 (2 in the paper and in snnTorch's default).
 * @example arctan(2).derivative(0); // 1
 */
export function arctan(alpha = 2): Surrogate {
  requirePositive('arctan', 'alpha', alpha);
  const c = Math.PI * alpha / 2;
  return {
    name: 'arctan', params: Object.freeze({ alpha }),
    derivative(x: number): number { const u = c * x; return (alpha / 2) / (1 + u * u); },
  };
}

/**
 * Triangle (piecewise-linear pseudo-derivative; Esser et al. 2016, Bellec et al. 2018 eq. 3):
 * S'(x) = γ · max(0, 1 − |x| / width), width > 0, dampening γ > 0 (Bellec et al. use 0.3).
 * @example triangle(1).derivative(0.5); // 0.5
 */
export function triangle(width = 1, gamma = 1): Surrogate {
  requirePositive('triangle', 'width', width);
  requirePositive('triangle', 'gamma', gamma);
  return {
    name: 'triangle', params: Object.freeze({ width, gamma }),
    derivative(x: number): number { const d = 1 - Math.abs(x) / width; return d > 0 ? gamma * d : 0; },
  };
}

/** The surrogates by name, with their default parameters; `surrogateByName('fastSigmoid', 25)`. */
export function surrogateByName(name: string, param?: number): Surrogate {
  switch (name) {
    case 'fastSigmoid': return fastSigmoid(param);
    case 'arctan': return arctan(param);
    case 'triangle': return triangle(param);
    default: throw new ValueError(`surrogateByName: unknown surrogate '${name}'; use 'fastSigmoid', 'arctan' or 'triangle'`);
  }
}

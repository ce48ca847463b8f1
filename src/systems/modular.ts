import { Tensor } from '../core/tensor.js';
import { ValueError } from '../core/errors.js';
import { stack } from '../core/ops/indexing.js';
import { Module, expectShape } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { ModuleList } from '../nn/containers.js';
import { Sequential } from '../nn/containers.js';
import { ReLU } from '../nn/activation.js';

export interface ModularNetworkOptions {
  /** Modules per layer. */
  modules?: number;
  /** Width of every module's output. */
  width?: number;
  /** Routed layers. */
  layers?: number;
  /**
   * 'soft': every module runs and outputs mix by the router's softmax; 'hard': each input takes only
   * its argmax module (used at evaluation, or throughout to force specialisation).
   */
  routing?: 'soft' | 'hard';
}

/**
 * A modular network with learned routing (in the spirit of Routing Networks, Rosenbaum et al.
 * 2018, and soft modular networks): each layer holds several small modules, and a router reads the
 * current representation and decides how much each module contributes. Modules specialise because
 * the router sends different inputs to different modules.
 * @example
 * const net = new ModularNetwork(784, 10, { modules: 4, width: 64, layers: 2 });
 * const logits = net.forward(x); net.lastRouting; // [layers][B, modules]
 */
export class ModularNetwork extends Module {
  layers: ModuleList<ModuleList<Sequential>>;
  routers: ModuleList<Linear>;
  readout: Linear;
  routing: 'soft' | 'hard';
  /** Router probabilities of the last forward pass, one [B, modules] tensor per layer. */
  lastRouting: Tensor[] = [];

  constructor(readonly inputSize: number, outputSize: number, opts: ModularNetworkOptions = {}) {
    super();
    const M = opts.modules ?? 4, W = opts.width ?? 64, L = opts.layers ?? 2;
    if (![M, W, L].every((v) => Number.isInteger(v) && v > 0) || M < 2) throw new ValueError(`ModularNetwork: need modules >= 2 and positive width and layers, got ${M}, ${W}, ${L}`);
    this.routing = opts.routing ?? 'soft';
    const layers: ModuleList<Sequential>[] = [], routers: Linear[] = [];
    for (let l = 0; l < L; l++) {
      const inF = l === 0 ? inputSize : W;
      layers.push(new ModuleList(Array.from({ length: M }, () => new Sequential(new Linear(inF, W), new ReLU()))));
      routers.push(new Linear(inF, M));
    }
    this.layers = new ModuleList(layers);
    this.routers = new ModuleList(routers);
    this.readout = new Linear(W, outputSize);
  }

  forward(x: Tensor): Tensor {
    expectShape('ModularNetwork', x, [2], { index: -1, size: this.inputSize, what: 'input features' });
    this.lastRouting = [];
    let h = x;
    this.layers.children().forEach((layer, l) => {
      const probs = this.routers.at(l).forward(h).softmax(1);
      this.lastRouting.push(probs.detach());
      const outs = stack((layer as ModuleList<Sequential>).children().map((m) => (m as Sequential).forward(h)), 1); // [B, M, W]
      let weights = probs;
      if (this.routing === 'hard') {
        // Straight-through: forward uses the one-hot argmax, gradients flow through the softmax.
        const hard = probs.detach().argmax(1);
        const onehot = new Float32Array(probs.data.length);
        for (let b = 0; b < hard.data.length; b++) onehot[b * probs.shape[1] + hard.data[b]] = 1;
        weights = probs.add(new Tensor(onehot, probs.shape).sub(probs.detach()));
      }
      h = outs.mul(weights.unsqueeze(2)).sum(1);
    });
    return this.readout.forward(h);
  }

  /** Share of inputs whose argmax route is each module, per layer. */
  moduleUsage(): number[][] {
    return this.lastRouting.map((p) => {
      const [B, M] = p.shape, counts = new Array<number>(M).fill(0);
      const a = p.argmax(1);
      for (let b = 0; b < B; b++) counts[a.data[b]] += 1 / B;
      return counts;
    });
  }
}

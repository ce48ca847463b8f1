import { Tensor } from '../core/tensor.js';
import { noGrad } from '../core/autograd.js';
import { Generator } from '../core/random.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Module } from '../nn/module.js';
import { bceWithLogits, crossEntropy } from '../nn/functional/loss.js';
import { Adam } from '../optim/adam.js';

type Layer = Module & { forward(x: Tensor): Tensor };

export interface ConceptData { x: Tensor; concepts: Tensor; labels: Tensor }

/**
 * Concept bottleneck model (Koh et al. 2020): x → concept logits (one per human-readable
 * concept) → sigmoid → label logits. The label sees only the concepts, so a person can read the
 * reason for a prediction and correct it (test-time intervention).
 * @example
 * const cbm = new ConceptBottleneckModel(conceptNet, new nn.Linear(7, 6));
 * const { conceptProbs, labelLogits } = cbm.forward(images);
 */
export class ConceptBottleneckModel extends Module {
  constructor(public conceptNet: Layer, public labelNet: Layer) { super(); }

  forward(x: Tensor): { conceptLogits: Tensor; conceptProbs: Tensor; labelLogits: Tensor } {
    const conceptLogits = this.conceptNet.forward(x);
    const conceptProbs = conceptLogits.sigmoid();
    return { conceptLogits, conceptProbs, labelLogits: this.labelNet.forward(conceptProbs) };
  }

  /**
   * Test-time intervention: the listed concepts are replaced by their true values before the label
   * head runs; all others keep the predicted probabilities.
   */
  intervene(x: Tensor, trueConcepts: Tensor, indices: readonly number[]): Tensor {
    const probs = this.conceptNet.forward(x).sigmoid();
    if (trueConcepts.shape[0] !== probs.shape[0] || trueConcepts.shape[1] !== probs.shape[1]) {
      throw new ShapeError(`intervene: true concepts [${trueConcepts.shape.join(', ')}] must match the predicted [${probs.shape.join(', ')}]`);
    }
    const K = probs.shape[1];
    for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= K) throw new ValueError(`intervene: concept index ${i} is out of range 0..${K - 1}`);
    const mask = new Float32Array(probs.data.length);
    for (let b = 0; b < probs.shape[0]; b++) for (const i of indices) mask[b * K + i] = 1;
    const m = new Tensor(mask, probs.shape);
    return this.labelNet.forward(probs.mul(m.rsub(1)).add(trueConcepts.float().mul(m)));
  }
}

export interface CbmTrainOptions {
  /** 'independent': label head on true concepts; 'sequential': label head on the frozen concept net's predictions; 'joint': end to end with λ·concept loss. */
  mode: 'independent' | 'sequential' | 'joint';
  epochs?: number;
  lr?: number;
  batchSize?: number;
  /** Concept-loss weight λ for joint training. */
  lambda?: number;
  generator?: Generator;
}

function batches(n: number, bs: number, g: Generator): Int32Array[] {
  const order = g.permutation(n), out: Int32Array[] = [];
  for (let s = 0; s < n; s += bs) out.push(order.slice(s, Math.min(n, s + bs)));
  return out;
}
function rows(t: Tensor, idx: Int32Array): Tensor { return t.indexSelect(0, new Tensor(idx, [idx.length])); }

/**
 * One stage of a training regime: the parameters it trains and, once the previous stages are done,
 * the loss of a batch of rows (sequential training reads the trained concept net's predictions, so
 * its label stage is prepared only after the concept stage).
 */
export interface CbmStage {
  name: 'concepts' | 'label' | 'joint';
  parameters: ReturnType<Module['parameters']>;
  prepare(): (rows: Int32Array) => Tensor;
}

/**
 * The stages of Koh et al.'s three regimes: independent and sequential train the concept net on the
 * concept labels, then the label head on the true (independent) or predicted (sequential) concepts;
 * joint trains everything on cross-entropy + λ·concept loss. Any minibatch loop can run them.
 * @example for (const st of conceptBottleneckStages(cbm, train, { mode: 'joint' })) { const loss = st.prepare(); ... }
 */
export function conceptBottleneckStages(model: ConceptBottleneckModel, data: ConceptData, opts: CbmTrainOptions): CbmStage[] {
  const n = data.x.shape[0], lambda = opts.lambda ?? 1;
  if (data.concepts.shape[0] !== n || data.labels.shape[0] !== n) throw new ShapeError(`trainConceptBottleneck: x, concepts and labels must have the same number of rows, got ${n}, ${data.concepts.shape[0]}, ${data.labels.shape[0]}`);
  if (opts.mode === 'joint') {
    return [{ name: 'joint', parameters: model.parameters(), prepare: () => (idx) => {
      const out = model.train().forward(rows(data.x, idx));
      return crossEntropy(out.labelLogits, rows(data.labels, idx)).add(bceWithLogits(out.conceptLogits, rows(data.concepts, idx)).mul(lambda));
    } }];
  }
  return [
    { name: 'concepts', parameters: model.conceptNet.parameters(),
      prepare: () => (idx) => bceWithLogits(model.train().conceptNet.forward(rows(data.x, idx)), rows(data.concepts, idx)) },
    { name: 'label', parameters: model.labelNet.parameters(), prepare: () => {
      // Independent: the label head learns from true concepts; sequential: from the predicted ones.
      const inputs = opts.mode === 'independent' ? data.concepts.float() : noGrad(() => model.eval().conceptNet.forward(data.x).sigmoid());
      return (idx) => crossEntropy(model.train().labelNet.forward(rows(inputs, idx)), rows(data.labels, idx));
    } },
  ];
}

/**
 * Trains a concept bottleneck model in one of Koh et al.'s three regimes (a plain synchronous loop
 * over `conceptBottleneckStages`, one Adam optimizer per stage).
 * @example trainConceptBottleneck(cbm, train, { mode: 'joint', lambda: 1, epochs: 5 });
 */
export function trainConceptBottleneck(model: ConceptBottleneckModel, data: ConceptData, opts: CbmTrainOptions): void {
  const epochs = opts.epochs ?? 5, lr = opts.lr ?? 1e-3, bs = opts.batchSize ?? 64, g = opts.generator ?? new Generator(0);
  for (const stage of conceptBottleneckStages(model, data, opts)) {
    const opt = new Adam(stage.parameters, { lr }), loss = stage.prepare();
    for (let e = 0; e < epochs; e++) for (const idx of batches(data.x.shape[0], bs, g)) { opt.zeroGrad(); loss(idx).backward(); opt.step(); }
  }
}

/**
 * Task accuracy, mean concept accuracy (threshold 0.5) and accuracy per concept.
 * @example evaluateConceptBottleneck(cbm, { x, concepts, labels }).taskAccuracy;
 */
export function evaluateConceptBottleneck(model: ConceptBottleneckModel, data: ConceptData): { taskAccuracy: number; conceptAccuracy: number; perConcept: number[] } {
  return noGrad(() => {
    model.eval();
    const out = model.forward(data.x);
    const pred = out.labelLogits.argmax(1);
    let ok = 0;
    for (let i = 0; i < pred.data.length; i++) if (pred.data[i] === data.labels.data[i]) ok++;
    const [B, K] = out.conceptProbs.shape, per = new Array<number>(K).fill(0);
    for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) if ((out.conceptProbs.data[b * K + k] > 0.5 ? 1 : 0) === data.concepts.data[b * K + k]) per[k] += 1 / B;
    return { taskAccuracy: ok / B, conceptAccuracy: per.reduce((a, v) => a + v, 0) / K, perConcept: per };
  });
}

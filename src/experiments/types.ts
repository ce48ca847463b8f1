import type { Generator } from '../core/random.js';
import type { Module } from '../nn/module.js';

/** Flag values an experiment can take; the CLI derives typed, validated `--kebab-case` flags from `defaults`. */
export type ConfigValue = number | string | boolean;
export type Config = Record<string, ConfigValue>;

/** The chapters of the tour, in the survey's order. */
export const CHAPTERS = [
  'neuron', 'perceptron', 'backprop', 'cnn', 'rnn', 'transformer', 'hebbian', 'rl', 'unsupervised',
  'neuromorphic', 'symbolic', 'explain', 'plausible', 'systems',
] as const;
export type Chapter = typeof CHAPTERS[number];

/**
 * Figures are data, not pictures: experiments describe them and the report layer draws them
 * (SVG in HTML reports, PNG on request), so experiments never depend on a renderer.
 */
export type Figure =
  | { kind: 'line'; title: string; xLabel?: string; yLabel?: string; logY?: boolean;
      series: { name: string; x: number[]; y: number[]; dashed?: boolean }[]; caption?: string }
  | { kind: 'images'; title: string; images: { data: ArrayLike<number>; h: number; w: number; label?: string }[];
      cols?: number; colormap?: 'gray' | 'diverging' | 'viridis'; caption?: string }
  | { kind: 'raster'; title: string; times: number[]; neurons: number[]; numNeurons: number; duration: number;
      timeUnit?: string; caption?: string }
  | { kind: 'heatmap'; title: string; data: number[][]; xLabels?: string[]; yLabels?: string[];
      xLabel?: string; yLabel?: string; colormap?: 'gray' | 'diverging' | 'viridis'; annotate?: boolean; caption?: string }
  | { kind: 'bar'; title: string; labels: string[]; values: number[]; yLabel?: string; caption?: string }
  | { kind: 'scatter'; title: string; xLabel?: string; yLabel?: string;
      points: { x: number; y: number; group?: number }[]; caption?: string }
  | { kind: 'svg'; title: string; svg: string; caption?: string };

export interface ProgressHandle {
  /** Advance by `n` units; `info` shows beside the bar (loss, accuracy ...). */
  tick(n?: number, info?: Record<string, number | string>): void;
  done(): void;
}

export interface ExperimentContext<C extends Config = Config> {
  /** The defaults merged with the user's flags, validated. */
  readonly config: C;
  readonly seed: number;
  /** A generator seeded from `seed` for data order, environments and sampling. */
  readonly generator: Generator;
  /** True for the reduced "smoke" size used by tests and the tour. */
  readonly smoke: boolean;
  /** Folder of this run (checkpoints, artifacts), or null when nothing is written. */
  readonly outDir: string | null;
  /** Aborted on Ctrl-C: loops should stop at the next safe point and return partial results. */
  readonly signal: AbortSignal;
  progress(label: string, total: number, unit?: string): ProgressHandle;
  log(message: string): void;
  /** Streams one metric point (written to metrics.jsonl as it learns). */
  metric(name: string, value: number, step?: number): void;
}

/** One row of the comparison with the literature. */
export interface Reference { metric: string; measured: number | string; published: string; source: string; reached?: boolean }

export interface ExperimentResult {
  /** Final figures of merit, e.g. { testAccuracy: 0.978, epochs: 3 }. */
  metrics: Record<string, number | string | boolean>;
  figures?: Figure[];
  references?: Reference[];
  /** The trained model, saved as model.safetensors by the runner. */
  model?: Module;
  /** Free text for the report (what was run, what was not reached and why). */
  notes?: string[];
}

/**
 * A runnable reproduction: `alchemy run NAME` calls `run(ctx)` with the merged config.
 * @example
 * export const simpleNet: Experiment<{ epochs: number }> = {
 *   name: 'simple-net', title: 'A first network', chapter: 'backprop',
 *   description: '...', defaults: { epochs: 100 }, smoke: { epochs: 10 },
 *   async run(ctx) { ...; return { metrics: { accuracy } }; },
 * };
 */
export interface Experiment<C extends Config = Config> {
  readonly name: string;
  readonly title: string;
  readonly chapter: Chapter;
  /** One or two sentences: what it shows and against which reference. */
  readonly description: string;
  readonly defaults: C;
  /** Overrides for the smoke size (tests; the tour when `tour` is absent). */
  readonly smoke?: Partial<C>;
  /** Overrides for the guided tour: short, but big enough to show the result (falls back to `smoke`). */
  readonly tour?: Partial<C>;
  /** Help text per config key, shown by `alchemy run NAME --help`. */
  readonly help?: Partial<Record<keyof C, string>>;
  run(ctx: ExperimentContext<C>): Promise<ExperimentResult>;
}

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config, Experiment, ExperimentContext, ExperimentResult } from '../experiments/types.js';
import { Generator } from '../core/random.js';
import { detectAnomaly } from '../core/autograd.js';
import { setBackend, setNumThreads, getBackend } from '../backend/registry.js';
import { saveSafetensors } from '../io/safetensors-file.js';
import { reportHtml, type ReportSection } from '../report/html.js';
import { writeFigureFiles } from '../report/png.js';
import { makeProgress } from './progress.js';
import { UsageError } from './errors.js';
import type { RunOptions } from './flags.js';

export interface RunOutcome { dir: string | null; result: ExperimentResult; config: Config; seconds: number; interrupted: boolean }

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/** Creates (or, for --resume, checks) the run folder; every failure is a one-line UsageError. */
function prepareDir(exp: Experiment<Config>, opts: RunOptions): { dir: string; resumedConfig?: Config } {
  if (opts.resume) {
    const dir = resolve(opts.resume);
    const cfgPath = join(dir, 'config.json');
    if (!existsSync(cfgPath)) throw new UsageError(`--resume ${opts.resume}: no config.json there; pass the folder of an earlier run (runs/${exp.name}-...)`);
    let saved: { experiment?: string; config?: Config };
    try { saved = JSON.parse(readFileSync(cfgPath, 'utf8')); } catch { throw new UsageError(`--resume ${opts.resume}: config.json is not valid JSON; the folder is damaged`); }
    if (saved.experiment !== exp.name) throw new UsageError(`--resume ${opts.resume}: that folder belongs to experiment '${saved.experiment}', not '${exp.name}'; run alchemy run ${saved.experiment} --resume ${opts.resume}`);
    return { dir, resumedConfig: saved.config };
  }
  const parent = resolve(opts.out);
  try {
    mkdirSync(parent, { recursive: true });
    accessSync(parent, constants.W_OK);
  } catch (e) {
    throw new UsageError(`--out ${opts.out}: cannot write there (${(e as NodeJS.ErrnoException).code ?? 'error'}); choose a writable folder`);
  }
  const dir = join(parent, `${exp.name}-${timestamp()}`);
  let d = dir, k = 1;
  while (existsSync(d)) d = `${dir}-${k++}`;
  mkdirSync(d);
  return { dir: d };
}

/** Runs one experiment with progress, streamed metrics and a run folder; see `alchemy run`. */
export async function runExperiment(exp: Experiment<Config>, overrides: Partial<Config>, opts: RunOptions, write = true): Promise<RunOutcome> {
  if (opts.backend) {
    try { setBackend(opts.backend); } catch (e) { throw new UsageError(`--backend: ${(e as Error).message.replace(/^setBackend: /, '')}`); }
  }
  if (opts.threads) setNumThreads(opts.threads);
  detectAnomaly(opts.detectAnomaly);
  const prepared = write ? prepareDir(exp, opts) : null;
  const config = { ...exp.defaults, ...(opts.smoke ? exp.smoke : {}), ...(prepared?.resumedConfig ?? {}), ...overrides } as Config;
  // Experiments without a seed of their own still take --seed; it joins the config so config.json keeps it.
  if (opts.seed !== undefined) config.seed = opts.seed;
  const dir = prepared?.dir ?? null;
  const seed = typeof config.seed === 'number' ? config.seed : 0;
  const mode = opts.quiet || opts.json ? 'silent' : process.stderr.isTTY ? 'tty' : 'plain';
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nstopping at the next safe point (Ctrl-C again to quit at once)...\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  if (dir) writeFileSync(join(dir, 'config.json'), JSON.stringify({ experiment: exp.name, config, backend: getBackend(), smoke: opts.smoke, started: new Date().toISOString() }, null, 2));
  const metricsPath = dir ? join(dir, 'metrics.jsonl') : null;
  const ctx: ExperimentContext<Config> = {
    config, seed, generator: new Generator(seed), smoke: opts.smoke, outDir: dir, signal: controller.signal,
    progress: (label, total, unit = 'it') => makeProgress(label, total, unit, mode),
    log: (m) => { if (!opts.quiet && !opts.json) process.stderr.write(m + '\n'); },
    metric: (name, value, step) => { if (metricsPath) appendFileSync(metricsPath, JSON.stringify({ name, value, step, t: Date.now() }) + '\n'); },
  };
  const t0 = performance.now();
  let result: ExperimentResult;
  try {
    result = await exp.run(ctx);
  } finally {
    process.off('SIGINT', onSigint);
  }
  const seconds = (performance.now() - t0) / 1000;
  const interrupted = controller.signal.aborted;
  if (dir) {
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ experiment: exp.name, metrics: result.metrics, references: result.references ?? [], seconds, interrupted }, null, 2));
    if (result.model) saveSafetensors(join(dir, 'model.safetensors'), result.model.stateDict());
    if (result.figures?.length) await writeFigureFiles(dir, result.figures, opts.png);
    if (opts.report) {
      const section: ReportSection = { name: exp.name, title: exp.title, description: exp.description, config, result, seconds };
      writeFileSync(join(dir, 'report.html'), reportHtml(`${exp.title} (${exp.name})`, [section]));
    }
  }
  return { dir, result, config, seconds, interrupted };
}

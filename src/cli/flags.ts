import type { Config } from '../experiments/types.js';
import { UsageError, suggest } from './errors.js';

/** Options every `run` takes besides the experiment's own. */
export interface RunOptions {
  backend?: string;
  threads?: number;
  out: string;
  smoke: boolean;
  json: boolean;
  quiet: boolean;
  detectAnomaly: boolean;
  resume?: string;
  report: boolean;
  png: boolean;
  help: boolean;
  /** --seed for experiments whose defaults have no seed of their own (it seeds ctx.generator and ctx.seed). */
  seed?: number;
}

export const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const COMMON: Record<string, 'string' | 'number' | 'boolean'> = {
  backend: 'string', threads: 'number', out: 'string', smoke: 'boolean', json: 'boolean', quiet: 'boolean',
  detectAnomaly: 'boolean', resume: 'string', report: 'boolean', png: 'boolean', help: 'boolean', seed: 'number',
};

/**
 * Parses `--kebab-case value` flags against an experiment's defaults: types come from the
 * defaults, unknown flags get a "did you mean", bad values name the expected type.
 */
export function parseRunFlags(expName: string, defaults: Config, args: string[]): { config: Partial<Config>; opts: RunOptions } {
  const config: Partial<Config> = {};
  const opts: RunOptions = { out: 'runs', smoke: false, json: false, quiet: false, detectAnomaly: false, report: true, png: false, help: false };
  const known = [...Object.keys(defaults).map(kebab), ...Object.keys(COMMON).map(kebab), 'no-report', 'h'];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h') { opts.help = true; continue; }
    if (!a.startsWith('--')) throw new UsageError(`run ${expName}: unexpected argument '${a}'; flags look like --epochs 3`);
    let [flag, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === 'no-report') { opts.report = false; continue; }
    const key = camel(flag);
    const kind: string | undefined = key in defaults ? typeof defaults[key] : COMMON[key];
    if (!kind) {
      const s = suggest(flag, known);
      throw new UsageError(`run ${expName}: unknown flag --${flag}${s ? ` (did you mean --${s}?)` : ''}; see alchemy run ${expName} --help`);
    }
    let raw: string;
    if (kind === 'boolean') {
      raw = inline ?? (args[i + 1] === 'true' || args[i + 1] === 'false' ? args[++i] : 'true');
      if (raw !== 'true' && raw !== 'false') throw new UsageError(`run ${expName}: --${flag} takes true or false, got '${raw}'`);
    } else {
      if (inline === undefined) {
        if (i + 1 >= args.length || (args[i + 1].startsWith('--'))) throw new UsageError(`run ${expName}: --${flag} needs a value (${kind})`);
        raw = args[++i];
      } else raw = inline;
    }
    let value: string | number | boolean = raw;
    if (kind === 'number') {
      value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`run ${expName}: --${flag} must be a number, got '${raw}'`);
      const def = key in defaults ? defaults[key] : undefined;
      if (typeof def === 'number' && Number.isInteger(def) && !Number.isInteger(value) && !/lr|rate|prob|decay|alpha|beta|eps|noise|temp|tau|dt|weight|frac|ratio/i.test(key)) {
        throw new UsageError(`run ${expName}: --${flag} must be an integer, got ${raw}`);
      }
      if (value < 0 && key !== 'seed') throw new UsageError(`run ${expName}: --${flag} must not be negative, got ${raw}`);
    } else if (kind === 'boolean') value = raw === 'true';
    if (key in defaults) config[key] = value;
    else (opts as unknown as Record<string, unknown>)[key] = value;
  }
  if (opts.threads !== undefined && (!Number.isInteger(opts.threads) || opts.threads < 1)) throw new UsageError(`run ${expName}: --threads must be a positive integer, got ${opts.threads}`);
  const seed = config.seed ?? opts.seed;
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`run ${expName}: --seed must be an integer, got ${String(seed)}`);
  return { config, opts };
}

/** `alchemy run NAME --help` text from the experiment's defaults and help strings. */
export function runHelp(name: string, description: string, defaults: Config, help: Partial<Record<string, string>> = {}): string {
  const rows = Object.entries(defaults).map(([k, v]) => `  --${kebab(k).padEnd(18)} ${String(typeof v).padEnd(8)} default ${String(v).padEnd(10)} ${help[k] ?? ''}`);
  return [`alchemy run ${name} [flags]`, '', description, '', 'Experiment flags:', ...rows, '',
    'Common flags:',
    '  --seed N             seed of every random draw (default 0; kept in config.json, so --resume reuses it)',
    '  --backend NAME       kernel backend (wasm or js)',
    '  --threads N          worker threads for the wasm backend',
    '  --smoke              the small, seconds-long version',
    '  --out DIR            parent folder of the run folder (default runs)',
    '  --resume DIR         continue an interrupted run from its folder',
    '  --detect-anomaly     stop at the first op that produces NaN/Inf',
    '  --json               print the final metrics as JSON only',
    '  --quiet              no progress output',
    '  --no-report          skip report.html',
    '  --png                also write each figure as PNG (figures/*.png; SVGs are always written)'].join('\n');
}

import { Command, CommanderError } from 'commander';
import { mkdirSync, writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { serveStatic } from './serve.js';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { EXPERIMENTS, findExperiment } from '../experiments/registry.js';
import { CHAPTERS, type Config } from '../experiments/types.js';
import { AlchemyError } from '../core/errors.js';
import { getBackend, getNumThreads, listBackends } from '../backend/registry.js';
import { reportHtml, type ReportSection } from '../report/html.js';
import { UsageError, suggest } from './errors.js';
import { parseRunFlags, runHelp } from './flags.js';
import { runExperiment } from './runner.js';
import { table, fmtMetric } from './table.js';

function packageVersion(): string {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    return JSON.parse(readFileSync(resolve(here, '../../../package.json'), 'utf8')).version as string;
  } catch { return 'unknown'; }
}

function cmdList(): void {
  for (const ch of CHAPTERS) {
    const exps = EXPERIMENTS.filter((e) => e.chapter === ch);
    if (!exps.length) continue;
    console.log(`\n${ch}`);
    for (const e of exps) console.log(`  ${e.name.padEnd(24)} ${e.title}`);
  }
  console.log(`\n${EXPERIMENTS.length} experiments. Run one with: alchemy run NAME  (alchemy run NAME --help for its flags)`);
}

async function cmdRun(name: string | undefined, args: string[]): Promise<number> {
  if (!name) throw new UsageError('run: name an experiment, e.g. alchemy run mnist-mlp (alchemy list shows them all)');
  const exp = findExperiment(name);
  if (!exp) {
    const s = suggest(name, EXPERIMENTS.map((e) => e.name));
    throw new UsageError(`unknown experiment '${name}'${s ? ` (did you mean '${s}'?)` : ''}; alchemy list shows them all`);
  }
  const { config, opts } = parseRunFlags(name, exp.defaults, args);
  if (opts.help) { console.log(runHelp(exp.name, exp.description, exp.defaults, exp.help as Record<string, string>)); return 0; }
  const out = await runExperiment(exp, config, opts);
  if (opts.json) {
    console.log(JSON.stringify({ experiment: exp.name, metrics: out.result.metrics, references: out.result.references ?? [], seconds: out.seconds, dir: out.dir, interrupted: out.interrupted }));
  } else {
    console.log(`\n${exp.title} (${exp.name}) — ${out.seconds.toFixed(1)} s on the ${getBackend()} backend${out.interrupted ? ' — INTERRUPTED, partial results' : ''}`);
    console.log(table(Object.entries(out.result.metrics).map(([k, v]) => [k, fmtMetric(v)]), ['metric', 'value']));
    if (out.result.references?.length) {
      console.log('\n' + table(out.result.references.map((r) => [r.metric, fmtMetric(r.measured), r.published, r.reached === undefined ? '' : r.reached ? 'reached' : 'NOT reached']), ['against the literature', 'measured', 'published', '']));
    }
    if (out.dir) console.log(`\nrun folder: ${out.dir}${opts.report ? ` (report: ${join(out.dir, 'report.html')})` : ''}`);
    if (out.interrupted && out.dir) {
      // Only experiments that train through the shared loop leave checkpoints to continue from.
      const resumable = readdirSync(out.dir).some((f) => f.startsWith('checkpoint'));
      console.log(resumable ? `resume with: alchemy run ${exp.name} --resume ${out.dir}`
        : `${exp.name} keeps no checkpoint to continue from: rerun it (alchemy run ${exp.name} --resume ${out.dir} starts again with the same settings)`);
    }
  }
  return out.interrupted ? 130 : 0;
}

async function cmdTour(args: string[]): Promise<number> {
  const { opts } = parseRunFlags('tour', {}, args);
  const sections: ReportSection[] = [];
  const rows: string[][] = [];
  const ordered = CHAPTERS.flatMap((ch) => EXPERIMENTS.filter((e) => e.chapter === ch));
  const t0 = performance.now();
  for (const exp of ordered) {
    if (!opts.quiet) process.stderr.write(`\n== ${exp.chapter}: ${exp.title} (${exp.name}) ==\n`);
    const out = await runExperiment(exp, exp.tour ?? {}, { ...opts, smoke: !exp.tour, report: false }, false);
    sections.push({ name: exp.name, title: `${exp.chapter} — ${exp.title}`, description: exp.description, config: out.config, result: out.result, seconds: out.seconds });
    for (const r of out.result.references ?? []) rows.push([exp.name, r.metric, fmtMetric(r.measured), r.published, r.reached === undefined ? '' : r.reached ? 'reached' : 'not reached (short run)']);
    if (out.interrupted) break;
  }
  const dir = resolve(opts.out, `tour-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}`);
  mkdirSync(dir, { recursive: true });
  const summary = `<h2>Summary</h2><p>Every experiment at its tour size (a short run), in the survey's chapter order, in ${((performance.now() - t0) / 1000).toFixed(0)} s. Full-size figures are in RESULTS.md.</p>`;
  writeFileSync(join(dir, 'report.html'), reportHtml('Neural Alchemy: a guided tour of brain-inspired AI', sections, summary));
  console.log('\n' + table(rows, ['experiment', 'metric', 'measured (short run)', 'published', '']));
  console.log(`\ntour report: ${join(dir, 'report.html')}`);
  return 0;
}

async function cmdServe(dir: string, portText: string): Promise<number> {
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`serve: --port must be an integer 0-65535, got '${portText}'`);
  if (!existsSync(join(dir, 'index.html'))) throw new UsageError(`serve: ${dir}/index.html not found; build the playground first with npm run web:build`);
  const { url } = await serveStatic(dir, port).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`serve: cannot listen on 127.0.0.1:${port} (${e.code ?? e.message}); choose another --port`);
  });
  console.log(`playground at ${url} (Ctrl-C to stop)`);
  await new Promise<void>((r) => process.once('SIGINT', () => r()));
  return 0;
}

function cmdBench(args: string[]): number {
  const here = dirname(fileURLToPath(import.meta.url));
  const script = resolve(here, '../../bench/run.js');
  if (!existsSync(script)) throw new UsageError('bench: the benchmark ships with the source tree; in a clone run npm install && npm run bench');
  const r = spawnSync(process.execPath, [...process.execArgv, script, ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

async function cmdInfo(): Promise<void> {
  let build = 'n/a';
  try {
    const mod = await import('../backend/wasm/index.js') as { wasmBuild?: () => string };
    if (mod.wasmBuild) build = mod.wasmBuild();
  } catch { build = 'unavailable'; }
  console.log(table([
    ['version', packageVersion()],
    ['node', process.version],
    ['backend', getBackend()],
    ['backends', listBackends().join(', ')],
    ['wasm build', build],
    ['threads', String(getNumThreads())],
    ['cores', String(os.availableParallelism?.() ?? os.cpus().length)],
    ['experiments', String(EXPERIMENTS.length)],
  ]));
}

/** The `alchemy` command. Returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('alchemy')
    .description('Neural Alchemy: brain-inspired machine learning you can run')
    .version(packageVersion())
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code = 0;
  program.command('list').description('experiments grouped by chapter').action(() => cmdList());
  program.command('run').description('run an experiment: alchemy run NAME [--flag value ...]')
    .argument('[name]').argument('[args...]').helpOption(false).allowUnknownOption().passThroughOptions()
    .action(async (name: string | undefined, args: string[]) => { code = await cmdRun(name, args); });
  program.command('tour').description('a short run of every chapter, one report').argument('[args...]').allowUnknownOption().helpOption(false)
    .action(async (args: string[]) => { code = await cmdTour(args); });
  program.command('serve').description('serve the built browser playground on 127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '8080').option('--dir <path>', 'folder of the built app', 'web/dist')
    .action(async (o: { port: string; dir: string }) => { code = await cmdServe(o.dir, o.port); });
  program.command('bench').description('the speed benchmark against TensorFlow.js and PyTorch (needs the dev dependencies)')
    .argument('[args...]').allowUnknownOption().helpOption(false)
    .action((args: string[]) => { code = cmdBench(args); });
  program.command('info').description('version, backend, threads, SIMD build').action(() => cmdInfo());
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      if (e.code === 'commander.unknownCommand') {
        const word = argv[0] ?? '';
        const s = suggest(word, ['list', 'run', 'tour', 'info']);
        process.stderr.write(s ? `(did you mean '${s}'?)\n` : '');
      }
      return 2;
    }
    if (e instanceof UsageError) { process.stderr.write(`alchemy: ${e.message}\n`); return 2; }
    if (e instanceof AlchemyError) { process.stderr.write(`alchemy: ${e.name}: ${e.message}\n`); return 1; }
    throw e;
  }
  return code;
}

export type { Config };

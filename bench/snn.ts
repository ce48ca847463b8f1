// `npm run bench:snn`: the Brette et al. 2007 benchmark networks (CUBA and COBA, 4000 neurons, 1 s)
// on our simulator and, when /usr/bin/python3 can import brian2, on Brian2's default code generation
// target and its numpy target in the same run. Prints a table with rates, seconds per simulated
// second and ratios; `--write` also writes the snn-bench section of BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildBrette, type BretteKind } from '../src/neuro/benchmarks/brette.js';

const args = new Set(process.argv.slice(2));
const BEGIN = '<!-- snn-bench:begin -->', END = '<!-- snn-bench:end -->';
const KINDS: BretteKind[] = ['cuba', 'coba'];
const REPEATS = 3, DURATION_MS = 1000;
const log = (s: string) => process.stderr.write(s + '\n');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One implementation's figures for one network: medians over the timed runs. */
interface Row { impl: string; rateHz: number; wall: number; cpu: number; loop?: number; note?: string }

/**
 * One timed run of our simulator on a fresh network (construction not timed); the caller warms the
 * JIT up first, as Brian2's warm-up run compiles its code.
 */
function oursOnce(kind: BretteKind, seed: number): { rateHz: number; wall: number; cpu: number } {
  const b = buildBrette(kind, { seed });
  const c0 = process.cpuUsage();
  const stats = b.net.run(DURATION_MS);
  const c = process.cpuUsage(c0);
  const s = stats.duration / 1000;
  return { rateHz: (b.excMonitor.count + b.inhMonitor.count) / (4000 * s), wall: stats.wallSeconds / s, cpu: (c.user + c.system) / 1e6 / s };
}

interface BrianCase { resolved: string; rateHz: number; wallPerSimSecond: number; cpuPerSimSecond: number; loopPerSimSecond: number }
type BrianResult = { available: false; note: string } | { available: true; version: string; cases: Record<string, Record<string, BrianCase>> };

function brian(targets: string, repeats: number): BrianResult {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import brian2'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { available: false, note: `/usr/bin/python3 cannot import brian2 (${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}); apt-get install python3-brian` };
  const script = new URL('../../bench/brian_bench.py', import.meta.url).pathname;
  const r = spawnSync('/usr/bin/python3', [script, '--targets', targets, '--repeats', String(repeats), '--duration', String(DURATION_MS / 1000)],
    { encoding: 'utf8', timeout: 1_800_000, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.error || r.status !== 0) return { available: false, note: `brian_bench.py failed: ${r.error?.message ?? `exit ${r.status}`}` };
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as BrianResult;
}

function brianRow(c: BrianCase, label: string): Row {
  return { impl: label, rateHz: c.rateHz, wall: c.wallPerSimSecond, cpu: c.cpuPerSimSecond, loop: c.loopPerSimSecond };
}

const f2 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));
const f3 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));

function main(): void {
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`;
  const loadBefore = loadavg()[0];
  log(`bench:snn: Brette et al. 2007 networks, ${machine}, load average ${loadBefore.toFixed(1)}`);
  // The load of a shared machine drifts over minutes, so the timed runs are interleaved: each round
  // runs ours and then Brian2's default target once on both networks; medians over the rounds.
  for (const kind of KINDS) buildBrette(kind, { seed: 0 }).net.run(200);
  const oursRuns: Record<string, ReturnType<typeof oursOnce>[]> = { cuba: [], coba: [] };
  const brianRuns: Record<string, BrianCase[]> = { cuba: [], coba: [] };
  let b: BrianResult = { available: false, note: 'not run' };
  for (let round = 1; round <= REPEATS; round++) {
    for (const kind of KINDS) {
      const r = oursOnce(kind, round);
      oursRuns[kind].push(r);
      log(`round ${round}: ours ${kind} ${r.wall.toFixed(3)} s wall, ${r.cpu.toFixed(3)} s CPU (load ${loadavg()[0].toFixed(1)})`);
    }
    log(`round ${round}: Brian2 default target...`);
    b = brian('auto', 1);
    if (!b.available) break;
    for (const kind of KINDS) {
      const c = b.cases[kind].auto;
      brianRuns[kind].push(c);
      log(`round ${round}: Brian2 ${kind} ${c.loopPerSimSecond.toFixed(3)} s main loop, ${c.wallPerSimSecond.toFixed(3)} s run(), ${c.cpuPerSimSecond.toFixed(3)} s CPU`);
    }
  }
  const mine: Record<string, Row> = {};
  for (const kind of KINDS) {
    const rs = oursRuns[kind];
    mine[kind] = { impl: 'neural-alchemy (event-driven, 1 thread)', rateHz: median(rs.map((r) => r.rateHz)), wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)) };
  }
  // numpy is five times slower and only a second reference: one run of each network after the rounds.
  const numpy = b.available ? brian('numpy', 1) : b;
  const loadAfter = loadavg()[0];

  const md: string[] = [];
  const verdicts: string[] = [];
  for (const kind of KINDS) {
    const rows: Row[] = [mine[kind]];
    let def: Row | null = null;
    if (b.available) {
      const runs = brianRuns[kind];
      const med: BrianCase = { resolved: runs[0].resolved, rateHz: median(runs.map((r) => r.rateHz)), wallPerSimSecond: median(runs.map((r) => r.wallPerSimSecond)),
        cpuPerSimSecond: median(runs.map((r) => r.cpuPerSimSecond)), loopPerSimSecond: median(runs.map((r) => r.loopPerSimSecond)) };
      def = brianRow(med, `Brian2 ${b.version} default target (${med.resolved})`);
      rows.push(def);
      if (numpy.available) rows.push(brianRow(numpy.cases[kind].numpy, `Brian2 ${numpy.version} numpy (1 run)`));
    }
    md.push(`### ${kind.toUpperCase()} (4000 neurons, 1 s simulated, dt 0.1 ms; median of ${REPEATS} interleaved rounds)`, '',
      '| implementation | mean rate (Hz) | wall s / sim s | CPU s / sim s | Brian2 main loop s / sim s | ours / this (wall) | ours / this (CPU) |',
      '|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      const self = r === mine[kind];
      md.push(`| ${r.impl} | ${f2(r.rateHz)} | ${f3(r.wall)} | ${f3(r.cpu)} | ${f3(r.loop)} | ${self ? '1' : f2(mine[kind].wall / r.wall)} | ${self ? '1' : f2(mine[kind].cpu / r.cpu)} |`);
    }
    md.push('');
    if (def) {
      // Judged against Brian2's own main-loop time (its run() without the per-run preparation),
      // the stricter of its two figures.
      const ratio = mine[kind].wall / def.loop!;
      verdicts.push(`- ${kind.toUpperCase()}: ${mine[kind].wall.toFixed(3)} s per simulated second against Brian2 default's ${def.loop!.toFixed(3)} s (main loop; ${def.wall.toFixed(3)} s for the whole run() call): ${ratio < 1 ? `reached, ${(1 / ratio).toFixed(2)}x faster` : `not reached, ${ratio.toFixed(2)}x slower`}; CPU time ${mine[kind].cpu.toFixed(3)} s against ${def.cpu.toFixed(3)} s (${(def.cpu / mine[kind].cpu).toFixed(2)}x).`);
    }
  }
  const header = [
    `Machine: ${machine}; load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end of the run. The machine is shared with other engineers' builds and training runs, so wall-clock figures of both simulators are inflated and noisy; CPU time is given beside them.`,
    '',
    `Ours: \`buildBrette\` networks (seeds 1-${REPEATS}), one thread, event-driven propagation, spike monitors on both populations; network construction excluded, one warm-up run before timing for the JIT. Each of the ${REPEATS} rounds runs ours and then Brian2's default target on both networks, so slow drifts of the machine's load reach both. ` +
      (b.available
        ? `Brian2: \`bench/brian_bench.py\` (the same networks and parameters, spike monitor, \`/usr/bin/python3\`); each target's code generation and compilation is paid by a warm-up run, then the network is restored and only \`run()\` is timed ("wall"); "main loop" is Brian2's own timing of its simulation loop inside \`run()\`.`
        : `Brian2 not measured: ${b.note}.`),
    '',
  ];
  const targets = b.available ? ['### Target: faster than Brian2\'s default runtime on this machine', '', ...verdicts, ''] : [];
  const text = [...header, ...md, ...targets].join('\n');
  console.log(text);
  if (args.has('--write')) {
    // Only the section between the snn-bench markers is ours; the rest of BENCHMARKS.md stays as it is.
    const file = new URL('../../BENCHMARKS.md', import.meta.url);
    const section = `${BEGIN}\n## Spiking networks: Brette et al. 2007 benchmarks vs Brian2\n\n` +
      `Produced by \`npm run bench:snn -- --write\` (${new Date().toISOString().slice(0, 10)}).\n\n${text}${END}`;
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const a = old.indexOf(BEGIN), z = old.indexOf(END);
    let doc: string;
    if (a >= 0 && z > a) doc = old.slice(0, a) + section + old.slice(z + END.length);
    else {
      // First write: right after the kernel benchmarks, or at the end.
      const anchor = old.indexOf('<!-- bench:end -->');
      const at = anchor >= 0 ? anchor + '<!-- bench:end -->'.length : old.length;
      doc = `${old.slice(0, at).trimEnd()}\n\n${section}\n${old.slice(at)}`;
    }
    writeFileSync(file, doc);
    log('wrote BENCHMARKS.md');
  }
}

main();

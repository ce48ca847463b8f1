import cliProgress from 'cli-progress';
import type { ProgressHandle } from '../experiments/types.js';

function fmtInfo(info?: Record<string, number | string>): string {
  if (!info) return '';
  return Object.entries(info).map(([k, v]) => `${k} ${typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4)) : v}`).join('  ');
}

/**
 * A progress bar with throughput and ETA on a TTY; on a pipe, a line at 25% steps so logs stay short.
 */
export function makeProgress(label: string, total: number, unit: string, mode: 'tty' | 'plain' | 'silent'): ProgressHandle {
  const t0 = performance.now();
  let done = 0;
  if (mode === 'silent') return { tick: (n = 1) => { done += n; }, done: () => {} };
  if (mode === 'plain') {
    let nextMark = 0.25;
    return {
      tick(n = 1, info) {
        done += n;
        if (total > 0 && done / total >= nextMark) {
          const rate = done / ((performance.now() - t0) / 1000);
          process.stderr.write(`${label}: ${Math.round((100 * done) / total)}% (${rate.toFixed(0)} ${unit}/s) ${fmtInfo(info)}\n`);
          while (done / total >= nextMark) nextMark += 0.25;
        }
      },
      done() {},
    };
  }
  const bar = new cliProgress.SingleBar({
    format: `${label.padEnd(14)} {bar} {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted} | {info}`,
    barCompleteChar: '█', barIncompleteChar: '░', hideCursor: true, clearOnComplete: false, stream: process.stderr, etaBuffer: 50,
  });
  bar.start(total, 0, { rate: '0', info: '' });
  return {
    tick(n = 1, info) {
      done += n;
      const rate = done / Math.max(1e-3, (performance.now() - t0) / 1000);
      bar.update(Math.min(done, total), { rate: rate >= 100 ? rate.toFixed(0) : rate.toFixed(1), info: fmtInfo(info) });
    },
    done() { bar.stop(); },
  };
}

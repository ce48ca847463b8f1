#!/usr/bin/env node
// Entry point of the `alchemy` command. It re-launches itself once with the
// relaxed-SIMD flag so Node 20 can use the fused multiply-add wasm build.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FLAG = '--experimental-wasm-relaxed-simd';
const needsFlag = !process.execArgv.includes(FLAG) && !process.env.NEURAL_ALCHEMY_NO_RELAUNCH
  && Number(process.versions.node.split('.')[0]) < 22;
if (needsFlag) {
  const self = fileURLToPath(import.meta.url);
  // Ctrl-C reaches both processes; the child stops cleanly and this one just waits for it.
  process.on('SIGINT', () => {});
  const r = spawnSync(process.execPath, [...process.execArgv, FLAG, self, ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, NEURAL_ALCHEMY_NO_RELAUNCH: '1' },
  });
  if (r.signal) process.kill(process.pid, r.signal);
  process.exit(r.status ?? 1);
} else {
  const { main } = await import('../dist/src/cli/main.js');
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
